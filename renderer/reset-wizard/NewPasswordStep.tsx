import { useEffect, useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Field, Input } from '@fluentui/react-components';
import type { PasswordFeedback } from '../../shared/reset';
import { call } from '../api/client';
import { useResetFlow } from './flow-store';
import { WizardActions } from './WizardActions';
import { ruleText } from './wording';

/** Live feedback waits until typing pauses for this long. */
const feedbackDelayMs = 300;

/**
 * §5.4 "Choose a new password": checked against §8 by the main process as the user types (debounced),
 * each failed rule in plain words. The passwords live in this component only and are emptied after
 * "Finish", whatever the answer.
 */
export function NewPasswordStep() {
  const { t } = useTranslation();
  const send = useResetFlow((state) => state.send);
  const busy = useResetFlow((state) => state.busy);
  const flowId = useResetFlow((state) => state.flowId);
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [feedback, setFeedback] = useState<PasswordFeedback | null>(null);
  const feedbackId = useId();

  useEffect(() => {
    if (!password || !flowId) return;
    let current = true;
    const timer = setTimeout(() => {
      call('reset.checkPassword', { flowId, password })
        .then((result) => {
          if (current) setFeedback(result.feedback);
        })
        .catch(() => undefined);
    }, feedbackDelayMs);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [password, flowId]);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const [newPassword, confirmPassword] = [password, confirm];
    setPassword('');
    setConfirm('');
    setFeedback(null);
    await send('reset.setPassword', { newPassword, confirmPassword });
  }

  const shown = password ? feedback : null;
  return (
    <form className="wizard-form" onSubmit={(event) => void submit(event)}>
      <p>{t('reset.newPassword.intro')}</p>
      <Field label={t('reset.newPassword.new')} required>
        <Input
          type="password"
          value={password}
          onChange={(_, data) => setPassword(data.value)}
          autoComplete="new-password"
          aria-describedby={feedbackId}
          autoFocus
        />
      </Field>
      <Field label={t('reset.newPassword.confirm')} required>
        <Input
          type="password"
          value={confirm}
          onChange={(_, data) => setConfirm(data.value)}
          autoComplete="new-password"
        />
      </Field>
      <div id={feedbackId} className="password-feedback" aria-live="polite" data-testid="password-feedback">
        {shown &&
          (shown.ok ? (
            <p className="password-ok">
              <span aria-hidden>✓ </span>
              {t('reset.newPassword.ok')}
            </p>
          ) : (
            <>
              <p>{t('reset.newPassword.notYet')}</p>
              <ul>
                {shown.failures.map((failure) => (
                  <li key={failure.code}>
                    <span aria-hidden>✕ </span>
                    {ruleText(t, failure.code, failure.params)}
                  </li>
                ))}
              </ul>
            </>
          ))}
      </div>
      <WizardActions primary={t('reset.newPassword.finish')} busy={busy} />
    </form>
  );
}
