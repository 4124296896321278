import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Avatar } from './Avatar';
import type { UserTile } from '../../shared/contract';
import { useAppStore } from '../app/store';
import { CallRefused } from '../api/client';
import { useResetFlow } from '../reset-wizard/flow-store';

/** The tile and password box of one user, or the user-name and password boxes of "Other user". */
export function SignInForm({ tile }: { tile: UserTile | null }) {
  const { t } = useTranslation();
  const signIn = useAppStore((state) => state.signIn);
  const [upn, setUpn] = useState(tile?.upn ?? '');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  // Like Windows, "Reset password" appears once a password has been refused (§9).
  const [passwordRefused, setPasswordRefused] = useState(false);
  const openWizard = useResetFlow((state) => state.openWizard);
  const firstField = useRef<HTMLInputElement>(null);
  const messageId = useId();
  const upnId = useId();
  const passwordId = useId();

  useEffect(() => {
    if (!message) firstField.current?.focus();
  }, [message]);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (busy || !upn || !password) return;
    setBusy(true);
    try {
      const result = await signIn(upn.trim(), password);
      if (result.outcome === 'wrongCredentials') {
        setMessage(t('lock.wrongCredentials'));
        setPasswordRefused(true);
      }
    } catch (error) {
      setMessage(t(`errors.${error instanceof CallRefused ? error.error.code : 'internal'}`));
    } finally {
      // The password leaves the screen whatever happened.
      setPassword('');
      setBusy(false);
    }
  }

  const heading = tile ? tile.displayName : t('lock.otherUser');
  return (
    <div className="sign-in">
      <Avatar initials={tile?.initials} size={128} />
      <h1 className="sign-in-name">{heading}</h1>
      {message ? (
        <div className="sign-in-message" role="alert" id={messageId}>
          <p>{message}</p>
          <button type="button" className="button button-primary" onClick={() => setMessage(null)} autoFocus>
            {t('lock.ok')}
          </button>
        </div>
      ) : (
        <form className="sign-in-form" onSubmit={(event) => void submit(event)}>
          {!tile && (
            <>
              <label className="visually-hidden" htmlFor={upnId}>
                {t('lock.userName')}
              </label>
              <input
                id={upnId}
                ref={firstField}
                className="lock-input"
                value={upn}
                onChange={(event) => setUpn(event.target.value)}
                placeholder={t('lock.userName')}
                autoComplete="username"
                spellCheck={false}
                disabled={busy}
              />
            </>
          )}
          <label className="visually-hidden" htmlFor={passwordId}>
            {t('lock.password')}
          </label>
          <span className="lock-input-row">
            <input
              id={passwordId}
              ref={tile ? firstField : undefined}
              className="lock-input"
              type="password"
              value={password}
              onChange={(event) => setPassword(event.target.value)}
              placeholder={t('lock.password')}
              autoComplete="current-password"
              disabled={busy}
            />
            {busy ? (
              <span className="spinner spinner-small" role="status" aria-label={t('lock.signingIn')} />
            ) : (
              <button
                className="sign-in-submit"
                type="submit"
                aria-label={t('lock.signIn')}
                disabled={!password || !upn}
              >
                →
              </button>
            )}
          </span>
        </form>
      )}
      {passwordRefused && !message && (
        <button type="button" className="reset-link" onClick={() => void openWizard(upn.trim())}>
          {t('lock.resetPassword')}
        </button>
      )}
    </div>
  );
}
