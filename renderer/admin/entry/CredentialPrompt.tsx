import { useCallback, useEffect, useId, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, Field, Input, MessageBar, MessageBarBody, MessageBarTitle, Spinner } from '@fluentui/react-components';
import type { AdminStatus } from '../../../shared/admin';
import { credentialMinLength } from '../tabs/lists';
import type { RuleFailure } from '../../../shared/reset';
import { call, CallRefused } from '../../api/client';
import { useAppStore } from '../../app/store';
import { Fluent } from '../../app/Fluent';
import { ruleText } from '../../reset-wizard/wording';
import { useAdminEntry } from './entry-store';
import { formatWait, useCountdown } from './countdown';
import '../admin.css';

/** The guard's state; a console still open from before (the page was reloaded with it open) is locked first. */
async function readStatus(): Promise<AdminStatus> {
  const status = await call('admin.status', {});
  return status.open ? call('admin.close', {}) : status;
}

type Problem =
  | { kind: 'wrongCredential' }
  | { kind: 'throttled' }
  | { kind: 'mismatch' }
  | { kind: 'rules'; failures: RuleFailure[] }
  | { kind: 'refused'; code: string };

/**
 * The local admin credential, asked for before the console opens (issue 6 "Entry"). On first run it
 * is set here (twice, under the console's own rules); afterwards it is checked in the main process,
 * which throttles wrong attempts and says how long to wait. The credential lives in this form only
 * while it is typed, and is cleared after every attempt.
 */
export function CredentialPrompt({ onCancel }: { onCancel: () => void }) {
  const { t } = useTranslation();
  const entered = useAdminEntry((state) => state.entered);
  const closedForIdle = useAdminEntry((state) => state.closedForIdle);
  const vault = useAppStore((state) => state.info?.vault.backend ?? 'file');
  const [status, setStatus] = useState<AdminStatus | null>(null);
  const [loadFailed, setLoadFailed] = useState(false);
  const [credential, setCredential] = useState('');
  const [confirmation, setConfirmation] = useState('');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<Problem | null>(null);
  const { secondsLeft, elapsed, waitFor } = useCountdown();
  const titleId = useId();
  const firstField = useRef<HTMLInputElement>(null);
  const apply = useCallback(
    (next: AdminStatus) => {
      setStatus(next);
      waitFor(next.retryAfterSeconds);
    },
    [waitFor],
  );

  // On opening, and when a wait is over: the main process says where the guard stands (its clock may have moved).
  useEffect(() => {
    let current = true;
    readStatus().then(
      (next) => current && apply(next),
      () => current && setLoadFailed(true),
    );
    return () => {
      current = false;
    };
  }, [apply, elapsed]);

  const settingUp = status !== null && !status.credentialSet;

  // The credential box has the keyboard when the prompt is ready, and again after each refused attempt.
  useEffect(() => {
    if (status && !busy) firstField.current?.focus();
  }, [status, busy, settingUp]);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (busy || !status || !credential) return;
    if (settingUp && credential !== confirmation) {
      setProblem({ kind: 'mismatch' });
      setConfirmation('');
      return;
    }
    setBusy(true);
    setProblem(null);
    try {
      if (settingUp) {
        const result = await call('admin.setup', { credential });
        if (result.ok) {
          entered();
          return;
        }
        setProblem({ kind: 'rules', failures: result.failures });
      } else {
        const result = await call('admin.open', { credential });
        if (result.ok) {
          entered();
          return;
        }
        if (result.code === 'notSetUp') {
          apply(await readStatus());
        } else {
          setProblem({ kind: result.code });
          waitFor(result.retryAfterSeconds);
          setStatus({ ...status, retryAfterSeconds: result.retryAfterSeconds });
        }
      }
    } catch (error) {
      setProblem({ kind: 'refused', code: error instanceof CallRefused ? error.error.code : 'internal' });
    } finally {
      // The credential leaves the screen whatever happened.
      setCredential('');
      setConfirmation('');
      setBusy(false);
    }
  }

  function onKeyDown(event: KeyboardEvent<HTMLElement>) {
    if (event.key === 'Escape') {
      event.preventDefault();
      onCancel();
    }
    // The keyboard stays inside the prompt while it is open.
    if (event.key === 'Tab') {
      const focusable = [
        ...event.currentTarget.querySelectorAll<HTMLElement>('input:not(:disabled), button:not(:disabled)'),
      ];
      const first = focusable[0];
      const last = focusable[focusable.length - 1];
      if (event.shiftKey && document.activeElement === first) {
        event.preventDefault();
        last?.focus();
      } else if (!event.shiftKey && document.activeElement === last) {
        event.preventDefault();
        first?.focus();
      }
    }
  }

  return (
    <Fluent className="admin-prompt-layer">
      <div className="admin-prompt-backdrop">
        <section
          className="admin-prompt"
          role="dialog"
          aria-modal="true"
          aria-labelledby={titleId}
          data-testid="admin-credential-prompt"
          onKeyDown={onKeyDown}
        >
          <form onSubmit={(event) => void submit(event)} noValidate>
            <p className="admin-prompt-caption">{t('admin.entry.caption')}</p>
            <h2 id={titleId} className="admin-prompt-title">
              {settingUp ? t('admin.entry.setupTitle') : t('admin.entry.promptTitle')}
            </h2>
            <div className="admin-prompt-body">
              {status === null ? (
                loadFailed ? (
                  <MessageBar intent="error">
                    <MessageBarBody>{t('errors.internal')}</MessageBarBody>
                  </MessageBar>
                ) : (
                  <Spinner size="small" label={t('admin.loading')} />
                )
              ) : (
                <>
                  {closedForIdle && (
                    <MessageBar intent="info">
                      <MessageBarBody>{t('admin.entry.closedForIdle', { minutes: status.idleMinutes })}</MessageBarBody>
                    </MessageBar>
                  )}
                  <p>
                    {settingUp
                      ? t('admin.entry.setupIntro', {
                          where: t(vault === 'keychain' ? 'admin.entry.inKeychain' : 'admin.entry.inFile'),
                        })
                      : t('admin.entry.promptIntro')}
                  </p>
                  {status.kiosk && <p className="admin-prompt-note">{t('admin.entry.kioskNote')}</p>}
                  {secondsLeft > 0 && (
                    <MessageBar intent="warning" data-testid="admin-throttle">
                      <MessageBarBody>
                        <MessageBarTitle>{t('admin.entry.throttledTitle')}</MessageBarTitle>
                        {t('admin.entry.throttledWait')}{' '}
                        <span role="timer" data-testid="admin-throttle-wait">
                          {formatWait(secondsLeft)}
                        </span>
                      </MessageBarBody>
                    </MessageBar>
                  )}
                  {problem && <ProblemBar problem={problem} />}
                  <Field
                    label={settingUp ? t('admin.entry.newCredential') : t('admin.entry.credential')}
                    hint={settingUp ? t('admin.entry.rules', { minLength: credentialMinLength }) : undefined}
                    required
                  >
                    <Input
                      ref={firstField}
                      type="password"
                      value={credential}
                      onChange={(_, data) => setCredential(data.value)}
                      autoComplete={settingUp ? 'new-password' : 'current-password'}
                      disabled={busy}
                    />
                  </Field>
                  {settingUp && (
                    <Field label={t('admin.entry.confirmCredential')} required>
                      <Input
                        type="password"
                        value={confirmation}
                        onChange={(_, data) => setConfirmation(data.value)}
                        autoComplete="new-password"
                        disabled={busy}
                      />
                    </Field>
                  )}
                </>
              )}
            </div>
            <div className="admin-prompt-actions">
              <Button
                appearance="primary"
                type="submit"
                disabled={!status || !credential || (settingUp && !confirmation)}
                icon={busy ? <Spinner size="tiny" /> : undefined}
              >
                {settingUp ? t('admin.entry.setUp') : t('admin.entry.open')}
              </Button>
              <Button appearance="secondary" onClick={onCancel} disabled={busy}>
                {t('admin.entry.cancel')}
              </Button>
            </div>
          </form>
        </section>
      </div>
    </Fluent>
  );
}

function ProblemBar({ problem }: { problem: Problem }) {
  const { t } = useTranslation();
  if (problem.kind === 'rules') {
    return (
      <MessageBar intent="error" data-testid="admin-credential-problem">
        <MessageBarBody>
          <MessageBarTitle>{t('admin.entry.rulesBroken')}</MessageBarTitle>
          <ul className="admin-rule-list">
            {problem.failures.map((failure) => (
              <li key={failure.code}>{ruleText(t, failure.code, failure.params)}</li>
            ))}
          </ul>
        </MessageBarBody>
      </MessageBar>
    );
  }
  const text =
    problem.kind === 'refused'
      ? t(`errors.${problem.code}`, { defaultValue: t('errors.internal') })
      : t(`admin.entry.${problem.kind}`);
  return (
    <MessageBar intent="error" data-testid="admin-credential-problem">
      <MessageBarBody>{text}</MessageBarBody>
    </MessageBar>
  );
}
