import type { CSSProperties } from 'react';
import type { Branding, HelpdeskContact } from '../../shared/policy';
import type { FlowView } from '../../shared/reset';
import { useAppStore } from '../app/store';

const noBranding: Branding = { accentColor: '#0067b8', backgroundColor: '#004e8c', logoText: '' };
const noHelpdesk: HelpdeskContact = { link: null, text: null };

/**
 * Whose branding and helpdesk the wizard shows (§1, §2 Customization): the tenant of the UPN typed,
 * once the main process named it, so a Fabrikam user on a Contoso device sees Fabrikam's; before
 * that (or when the domain picks no tenant) the device's, as the lock screen shows it.
 */
export function useWizardTenant(view: FlowView | null): { branding: Branding; helpdesk: HelpdeskContact } {
  const lockScreen = useAppStore((state) => state.lockScreen);
  const tenant = view && 'tenant' in view ? view.tenant : null;
  return tenant ?? { branding: lockScreen?.branding ?? noBranding, helpdesk: lockScreen?.helpdesk ?? noHelpdesk };
}

/** The colours as the custom properties the wizard's stylesheet reads. */
export function brandStyle(branding: Branding): CSSProperties {
  return { '--brand-accent': branding.accentColor, '--brand-background': branding.backgroundColor } as CSSProperties;
}
