import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Radio, RadioGroup } from '@fluentui/react-components';
import { useResetFlow } from './flow-store';
import { WizardActions } from './WizardActions';

type Action = 'reset' | 'unlock';

/** §5.2, offered only when the main process says this user may unlock: reset, or unlock and keep the password. */
export function ChooseActionStep() {
  const { t } = useTranslation();
  const send = useResetFlow((state) => state.send);
  const busy = useResetFlow((state) => state.busy);
  const [action, setAction] = useState<Action>('reset');
  const hintId = useId();

  function submit(event: FormEvent) {
    event.preventDefault();
    void send('reset.chooseAction', { action });
  }

  return (
    <form className="wizard-form" onSubmit={submit}>
      <RadioGroup
        value={action}
        onChange={(_, data) => setAction(data.value === 'unlock' ? 'unlock' : 'reset')}
        aria-label={t('reset.titles.chooseAction')}
        className="wizard-choices"
      >
        {(['reset', 'unlock'] as const).map((choice) => (
          <div key={choice} className="wizard-choice">
            <Radio value={choice} label={t(`reset.chooseAction.${choice}`)} aria-describedby={`${hintId}-${choice}`} />
            <p id={`${hintId}-${choice}`} className="wizard-choice-hint">
              {t(`reset.chooseAction.${choice}Hint`)}
            </p>
          </div>
        ))}
      </RadioGroup>
      <WizardActions primary={t('reset.next')} busy={busy} />
    </form>
  );
}
