import { useTranslation } from 'react-i18next';
import { Button } from '@fluentui/react-components';
import type { FlowView } from '../../shared/reset';
import { useResetFlow } from './flow-store';
import type { WizardPurpose } from './ResetWizard';

type DoneView = Extract<FlowView, { step: 'done' }>;

/** §5.5: the password is set (and written back for a synced user) or the account unlocked; back to sign-in. */
export function DoneStep({ view, purpose }: { view: DoneView; purpose: WizardPurpose }) {
  const { t } = useTranslation();
  const closeWizard = useResetFlow((state) => state.closeWizard);
  const body = view.action === 'unlock' ? 'unlock' : view.wroteBack ? 'resetWroteBack' : 'reset';
  const remediated = purpose === 'riskRemediation';
  return (
    <div className="wizard-form">
      <p className="wizard-done" data-testid="done-message">
        <span className="wizard-done-mark" aria-hidden>
          ✓
        </span>
        <span>{remediated ? t('session.remediation.done') : t(`reset.done.${body}`)}</span>
      </p>
      <div className="wizard-actions">
        <Button appearance="primary" onClick={() => void closeWizard()}>
          {remediated ? t('session.remediation.continue') : t('reset.backToSignIn')}
        </Button>
      </div>
    </div>
  );
}
