import { useTranslation } from 'react-i18next';
import { Button } from '@fluentui/react-components';
import { useResetFlow } from './flow-store';

/** §5: a flow idle for 15 minutes is gone in the main process; the only way on is a new one. */
export function ExpiredStep() {
  const { t } = useTranslation();
  const openWizard = useResetFlow((state) => state.openWizard);
  const closeWizard = useResetFlow((state) => state.closeWizard);
  const suggestedUpn = useResetFlow((state) => state.suggestedUpn);
  return (
    <div className="wizard-form">
      <p className="wizard-lead">{t('reset.expired.body')}</p>
      <div className="wizard-actions">
        <Button onClick={() => void closeWizard()}>{t('reset.cancel')}</Button>
        <Button appearance="primary" onClick={() => void openWizard(suggestedUpn)}>
          {t('reset.expired.startAgain')}
        </Button>
      </div>
    </div>
  );
}
