import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, Spinner } from '@fluentui/react-components';
import { useResetFlow } from './flow-store';

/**
 * The buttons at the foot of a wizard screen, as on a Microsoft sign-in page: Cancel, then the
 * primary action (the form's submit button, so Enter in any field presses it).
 */
export function WizardActions({
  primary,
  busy = false,
  cancel = true,
  children,
}: {
  primary?: string;
  busy?: boolean;
  cancel?: boolean;
  children?: ReactNode;
}) {
  const { t } = useTranslation();
  const closeWizard = useResetFlow((state) => state.closeWizard);
  return (
    <div className="wizard-actions">
      {children}
      {cancel && <Button onClick={() => void closeWizard()}>{t('reset.cancel')}</Button>}
      {primary && (
        <Button
          type="submit"
          appearance="primary"
          disabledFocusable={busy}
          icon={busy ? <Spinner size="extra-tiny" aria-hidden /> : undefined}
          iconPosition="after"
        >
          {primary}
        </Button>
      )}
    </div>
  );
}
