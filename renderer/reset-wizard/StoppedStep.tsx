import { useTranslation } from 'react-i18next';
import { Button, Link } from '@fluentui/react-components';
import type { FlowView } from '../../shared/reset';
import { useResetFlow } from './flow-store';
import { formatDateTime, linkLabel } from './wording';
import { useWizardTenant } from './wizard-tenant';

type StoppedView = Extract<FlowView, { step: 'stopped' }>;

/**
 * §3: the first rule that stops the user, in plain words, with the helpdesk of the user's tenant
 * (the device's tenant when the UPN matched none).
 */
export function StoppedStep({ view }: { view: StoppedView }) {
  const { t, i18n } = useTranslation();
  const { helpdesk } = useWizardTenant(view);
  const closeWizard = useResetFlow((state) => state.closeWizard);
  const until = view.until ? formatDateTime(view.until, i18n.language) : null;
  const known = i18n.exists(`reset.stop.${view.outcome}.message`);
  const key = known ? view.outcome : 'unknown';

  return (
    <div className="wizard-form">
      <p className="wizard-lead" data-testid="stop-message">
        {t(`reset.stop.${key}.message`, { until })}
      </p>
      <p className="wizard-explanation">{t(`reset.stop.${key}.explanation`)}</p>
      {until && key !== 'ssprLockout' && <p>{t('reset.stop.until', { until })}</p>}
      {(helpdesk.text || helpdesk.link) && (
        <div className="wizard-helpdesk" data-testid="helpdesk">
          <h2>{t('reset.stop.helpdesk')}</h2>
          {helpdesk.text && <p>{helpdesk.text}</p>}
          {helpdesk.link && (
            <p>
              <Link href={helpdesk.link} target="_blank" rel="noreferrer">
                {linkLabel(helpdesk.link)}
              </Link>
            </p>
          )}
        </div>
      )}
      <div className="wizard-actions">
        <Button appearance="primary" onClick={() => void closeWizard()}>
          {t('reset.backToSignIn')}
        </Button>
      </div>
    </div>
  );
}
