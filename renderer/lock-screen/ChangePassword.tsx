import { useEffect, useId, useRef, useState, type CSSProperties, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ChangePasswordResult, Session, UserTile } from '../../shared/contract';
import type { PasswordFeedback } from '../../shared/reset';
import { call } from '../api/client';
import { useAppStore } from '../app/store';
import { ruleText } from '../reset-wizard/wording';
import { Avatar } from './Avatar';
import { LockInput } from './LockInput';

/** Live feedback waits until typing pauses for this long. */
const feedbackDelayMs = 300;

/** Why the password is being changed: the two §11 steps, or "Change a password" from the desktop. */
export type ChangeReason = 'expired' | 'mustChange' | 'voluntary';

type Refusal = Extract<ChangePasswordResult, { ok: false }>;

/**
 * §11 and §8, the Windows way: "The user's password must be changed before signing in." then Old
 * password / New password / Confirm password, checked against §8 as the user types; the same screen
 * serves "Change a password" from the desktop. The passwords live in this component only and are
 * emptied after each try, whatever the answer. `onDone` gets the session the main process answered
 * with; `onCancel` leaves (a required change signs out, a voluntary one goes back to the desktop).
 */
export function ChangePassword({
  user,
  reason,
  onDone,
  onCancel,
}: {
  user: UserTile;
  reason: ChangeReason;
  onDone: (session: Session) => void;
  onCancel: () => void;
}) {
  const { t, i18n } = useTranslation();
  const lockScreen = useAppStore((state) => state.lockScreen);
  const [phase, setPhase] = useState<'notice' | 'form' | 'changed'>(reason === 'voluntary' ? 'form' : 'notice');
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [confirm, setConfirm] = useState('');
  const [feedback, setFeedback] = useState<PasswordFeedback | null>(null);
  const [busy, setBusy] = useState(false);
  const [refusal, setRefusal] = useState<Refusal | 'failed' | null>(null);
  const [answered, setAnswered] = useState<Session | null>(null);
  const firstField = useRef<HTMLInputElement>(null);
  const headingId = useId();
  const feedbackId = useId();

  useEffect(() => {
    if (phase === 'form' && !refusal) firstField.current?.focus();
  }, [phase, refusal]);

  useEffect(() => {
    if (!next) return;
    let live = true;
    const timer = setTimeout(() => {
      call('session.checkPassword', { password: next })
        .then((result) => {
          if (live) setFeedback(result.feedback);
        })
        .catch(() => undefined);
    }, feedbackDelayMs);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [next]);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (busy || !current || !next || !confirm) return;
    const request = { currentPassword: current, newPassword: next, confirmPassword: confirm };
    setCurrent('');
    setNext('');
    setConfirm('');
    setFeedback(null);
    setBusy(true);
    try {
      const result = await call('session.changePassword', request);
      if (result.ok) {
        setAnswered(result.session);
        setPhase('changed');
      } else {
        setRefusal(result);
      }
    } catch {
      setRefusal('failed');
    } finally {
      setBusy(false);
    }
  }

  const style = lockScreen
    ? ({
        '--brand-accent': lockScreen.branding.accentColor,
        '--brand-background': lockScreen.branding.backgroundColor,
      } as CSSProperties)
    : undefined;
  const shown = next ? feedback : null;

  return (
    <main className="lock-screen change-password-screen" style={style} data-testid="change-password" data-phase={phase}>
      <section className="sign-in-panel" aria-labelledby={headingId}>
        <div className="sign-in">
          <Avatar initials={user.initials} size={96} />
          <h1 id={headingId} className="sign-in-name">
            {reason === 'voluntary' ? t('session.change.voluntaryTitle') : user.displayName}
          </h1>
          {reason === 'voluntary' && <p className="change-password-who">{user.upn}</p>}

          {phase === 'notice' && (
            <div className="sign-in-message" role="alert">
              <p>{t('session.change.mustChange')}</p>
              {reason === 'expired' && <p className="sign-in-detail">{t('session.change.expiredDetail')}</p>}
              <div className="sign-in-buttons">
                <button type="button" className="button button-primary" onClick={() => setPhase('form')} autoFocus>
                  {t('lock.ok')}
                </button>
                <button type="button" className="button button-quiet" onClick={onCancel}>
                  {t('session.change.cancel')}
                </button>
              </div>
            </div>
          )}

          {phase === 'form' && refusal && (
            <div className="sign-in-message" role="alert" data-testid="change-refusal">
              {refusalLines(t, refusal, i18n.language).map((line) => (
                <p key={line}>{line}</p>
              ))}
              {refusal !== 'failed' && refusal.code === 'passwordRefused' && (
                <ul className="rule-list">
                  {refusal.failures.map((failure) => (
                    <li key={failure.code}>{ruleText(t, failure.code, failure.params)}</li>
                  ))}
                </ul>
              )}
              <button type="button" className="button button-primary" onClick={() => setRefusal(null)} autoFocus>
                {t('lock.ok')}
              </button>
            </div>
          )}

          {phase === 'form' && !refusal && (
            <form className="sign-in-form" onSubmit={(event) => void submit(event)}>
              <LockInput
                label={t('session.change.oldPassword')}
                type="password"
                value={current}
                onChange={setCurrent}
                autoComplete="current-password"
                inputRef={firstField}
                disabled={busy}
              />
              <LockInput
                label={t('session.change.newPassword')}
                type="password"
                value={next}
                onChange={setNext}
                autoComplete="new-password"
                describedBy={feedbackId}
                disabled={busy}
              />
              <LockInput
                label={t('session.change.confirmPassword')}
                type="password"
                value={confirm}
                onChange={setConfirm}
                autoComplete="new-password"
                disabled={busy}
                submit={{
                  label: t('session.change.submit'),
                  busyLabel: t('session.change.changing'),
                  busy,
                  disabled: !current || !next || !confirm,
                }}
              />
              <div id={feedbackId} className="lock-feedback" aria-live="polite" data-testid="change-feedback">
                {shown &&
                  (shown.ok ? (
                    <p>
                      <span aria-hidden="true">✓ </span>
                      {t('session.change.rulesMet')}
                    </p>
                  ) : (
                    <>
                      <p>{t('session.change.rulesNotYet')}</p>
                      <ul className="rule-list">
                        {shown.failures.map((failure) => (
                          <li key={failure.code}>{ruleText(t, failure.code, failure.params)}</li>
                        ))}
                      </ul>
                    </>
                  ))}
              </div>
              <button type="button" className="button button-quiet" onClick={onCancel} disabled={busy}>
                {t('session.change.cancel')}
              </button>
            </form>
          )}

          {phase === 'changed' && (
            <div className="sign-in-message" role="status" data-testid="change-done">
              <p>{t('session.change.changed')}</p>
              <button
                type="button"
                className="button button-primary"
                onClick={() => answered && onDone(answered)}
                autoFocus
              >
                {t('lock.ok')}
              </button>
            </div>
          )}
        </div>
      </section>
    </main>
  );
}

function refusalLines(
  t: ReturnType<typeof useTranslation>['t'],
  refusal: Refusal | 'failed',
  language: string,
): string[] {
  if (refusal === 'failed') return [t('errors.internal')];
  switch (refusal.code) {
    case 'wrongCurrentPassword':
      return [t('session.change.wrongCurrentPassword')];
    case 'passwordsDiffer':
      return [t('session.change.passwordsDiffer')];
    case 'passwordRefused':
      return [t('session.change.passwordRefused')];
    case 'writebackFailed':
      return [t('session.change.writebackFailed')];
    case 'lockedOut':
      return [
        t('session.lockedOut.cloud'),
        ...(refusal.until
          ? [
              t('session.lockedOut.cloudUntil', {
                time: new Intl.DateTimeFormat(language, {
                  hour: 'numeric',
                  minute: '2-digit',
                  second: '2-digit',
                }).format(new Date(refusal.until)),
              }),
            ]
          : []),
      ];
  }
}
