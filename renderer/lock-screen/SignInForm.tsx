import { lazy, Suspense, useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Avatar } from './Avatar';
import { LockInput } from './LockInput';
import type { SignInResult, UserTile } from '../../shared/contract';
import { useAppStore } from '../app/store';
import { CallRefused } from '../api/client';
import { useResetFlow } from '../reset-wizard/flow-store';

// The diagnostic is read rarely: it loads when asked for, so the lock screen stays light.
const ResetLinkDiagnostic = lazy(() =>
  import('./ResetLinkDiagnostic').then((module) => ({ default: module.ResetLinkDiagnostic })),
);

/** A time minutes or hours away (the end of a lockout), in the user's language. */
function timeOf(iso: string, language: string): string {
  return new Intl.DateTimeFormat(language, { hour: 'numeric', minute: '2-digit', second: '2-digit' }).format(
    new Date(iso),
  );
}

/** What a refused sign-in says, as Windows and Entra word it (§6, §9, §11). */
function refusalText(
  t: ReturnType<typeof useTranslation>['t'],
  result: Exclude<SignInResult, { outcome: 'signedIn' }>,
  language: string,
): string[] {
  switch (result.outcome) {
    case 'wrongCredentials':
      return [t('lock.wrongCredentials')];
    case 'lockedOut':
      return result.where === 'cloud'
        ? [t('session.lockedOut.cloud'), t('session.lockedOut.cloudUntil', { time: timeOf(result.until, language) })]
        : [
            t('session.lockedOut.onPremises'),
            t('session.lockedOut.onPremisesUntil', { time: timeOf(result.until, language) }),
          ];
    case 'noDomainController':
      return [t('session.noDomainController')];
    case 'sessionLockedByOther':
      return [t('session.lockedByOther', { name: result.user.displayName })];
  }
}

/** The tile and password box of one user, or the user-name and password boxes of "Other user". */
export function SignInForm({ tile }: { tile: UserTile | null }) {
  const { t, i18n } = useTranslation();
  const signIn = useAppStore((state) => state.signIn);
  const resetLink = useAppStore((state) => state.lockScreen?.resetLink ?? null);
  const [upn, setUpn] = useState(tile?.upn ?? '');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<string[] | null>(null);
  // Like Windows, "Reset password" appears once a password has been refused (§9), or always on a kiosk.
  const [passwordRefused, setPasswordRefused] = useState(false);
  const [diagnosticOpen, setDiagnosticOpen] = useState(false);
  const openWizard = useResetFlow((state) => state.openWizard);
  const firstField = useRef<HTMLInputElement>(null);
  const whyButton = useRef<HTMLButtonElement>(null);
  const messageId = useId();

  useEffect(() => {
    if (!message && !diagnosticOpen) firstField.current?.focus();
  }, [message, diagnosticOpen]);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (busy || !upn || !password) return;
    setBusy(true);
    try {
      const result = await signIn(upn.trim(), password);
      if (result.outcome !== 'signedIn') {
        setMessage(refusalText(t, result, i18n.language));
        if (result.outcome === 'wrongCredentials' || result.outcome === 'lockedOut') setPasswordRefused(true);
      }
    } catch (error) {
      setMessage([t(`errors.${error instanceof CallRefused ? error.error.code : 'internal'}`)]);
    } finally {
      // The password leaves the screen whatever happened.
      setPassword('');
      setBusy(false);
    }
  }

  function closeDiagnostic() {
    setDiagnosticOpen(false);
    setTimeout(() => whyButton.current?.focus(), 0);
  }

  const showResetLink = Boolean(resetLink?.available && (passwordRefused || resetLink.showAlways));
  const heading = tile ? tile.displayName : t('lock.otherUser');
  return (
    <div className="sign-in">
      <Avatar initials={tile?.initials} size={128} />
      <h1 className="sign-in-name">{heading}</h1>
      {message ? (
        <div className="sign-in-message" role="alert" id={messageId} data-testid="sign-in-message">
          {message.map((line) => (
            <p key={line}>{line}</p>
          ))}
          <button type="button" className="button button-primary" onClick={() => setMessage(null)} autoFocus>
            {t('lock.ok')}
          </button>
        </div>
      ) : (
        <form className="sign-in-form" onSubmit={(event) => void submit(event)}>
          {!tile && (
            <LockInput
              label={t('lock.userName')}
              value={upn}
              onChange={setUpn}
              autoComplete="username"
              inputRef={firstField}
              disabled={busy}
            />
          )}
          <LockInput
            label={t('lock.password')}
            type="password"
            value={password}
            onChange={setPassword}
            autoComplete="current-password"
            inputRef={tile ? firstField : undefined}
            disabled={busy}
            submit={{ label: t('lock.signIn'), busyLabel: t('lock.signingIn'), busy, disabled: !password || !upn }}
          />
        </form>
      )}
      {!message && (
        <div className="sign-in-links">
          {showResetLink && (
            <button type="button" className="reset-link" onClick={() => void openWizard(upn.trim())}>
              {t('lock.resetPassword')}
            </button>
          )}
          <button
            ref={whyButton}
            type="button"
            className="why-link"
            aria-haspopup="dialog"
            onClick={() => setDiagnosticOpen(true)}
          >
            {t('session.whyNoLink')}
          </button>
        </div>
      )}
      {diagnosticOpen && resetLink && (
        <Suspense fallback={null}>
          <ResetLinkDiagnostic resetLink={resetLink} onClose={closeDiagnostic} />
        </Suspense>
      )}
    </div>
  );
}
