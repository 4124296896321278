import { lazy, Suspense, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Avatar, Button, Spinner } from '@fluentui/react-components';
import type { UserTile } from '../../shared/contract';
import { useAppStore } from '../app/store';
import { Fluent } from '../app/Fluent';
import { ChangePassword } from '../lock-screen/ChangePassword';

// "Manage my security info" is its own part of the app (§7); it loads when opened.
const SecurityInfoPage = lazy(() =>
  import('../security-info/index').then((module) => ({ default: module.SecurityInfoPage })),
);

type Shown = 'home' | 'changePassword' | 'securityInfo';

/**
 * The signed-in "desktop" (§11): who is signed in, "Manage my security info", "Change a password"
 * (as Ctrl+Alt+Del offers it), and the ways back to the lock screen: Lock and Sign out.
 */
export function Desktop({ user }: { user: UserTile }) {
  const { t } = useTranslation();
  const lock = useAppStore((state) => state.lock);
  const signOut = useAppStore((state) => state.signOut);
  const applySession = useAppStore((state) => state.applySession);
  const [shown, setShown] = useState<Shown>('home');

  if (shown === 'changePassword') {
    return (
      <ChangePassword
        user={user}
        reason="voluntary"
        onDone={(session) => {
          applySession(session);
          setShown('home');
        }}
        onCancel={() => setShown('home')}
      />
    );
  }

  return (
    <Fluent className="app-root">
      <div className="desktop-shell">
        {shown === 'securityInfo' ? (
          <Suspense
            fallback={
              <main className="desktop">
                <Spinner label={t('app.loading')} />
              </main>
            }
          >
            <SecurityInfoPage onClose={() => setShown('home')} />
          </Suspense>
        ) : (
          <main className="desktop" data-testid="desktop" aria-label={t('desktop.region')}>
            <section className="desktop-card">
              <Avatar name={user.displayName} initials={user.initials} size={72} color="colorful" aria-hidden />
              <h1>{t('desktop.welcome', { name: user.displayName })}</h1>
              <p>{t('desktop.signedInAs', { upn: user.upn })}</p>
              <div className="desktop-tiles">
                <button type="button" className="desktop-tile" onClick={() => setShown('securityInfo')}>
                  <ShieldGlyph />
                  <span className="desktop-tile-title">{t('session.desktop.manageSecurityInfo')}</span>
                  <span className="desktop-tile-text">{t('session.desktop.manageSecurityInfoText')}</span>
                </button>
                <button type="button" className="desktop-tile" onClick={() => setShown('changePassword')}>
                  <KeyGlyph />
                  <span className="desktop-tile-title">{t('session.desktop.changePassword')}</span>
                  <span className="desktop-tile-text">{t('session.desktop.changePasswordText')}</span>
                </button>
              </div>
              <div className="desktop-actions">
                <Button onClick={() => void lock()}>{t('desktop.lock')}</Button>
                <Button appearance="primary" onClick={() => void signOut()}>
                  {t('desktop.signOut')}
                </Button>
              </div>
            </section>
          </main>
        )}
        <Taskbar />
      </div>
    </Fluent>
  );
}

/** The bottom bar of Windows 11: the Start mark in the middle, the time and date at the right. */
function Taskbar() {
  const { t, i18n } = useTranslation();
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const timer = setInterval(() => setNow(new Date()), 15_000);
    return () => clearInterval(timer);
  }, []);
  return (
    <footer className="taskbar" aria-label={t('session.desktop.taskbar')}>
      <span className="taskbar-start" aria-hidden="true">
        <span />
        <span />
        <span />
        <span />
      </span>
      <span className="taskbar-clock">
        <time dateTime={now.toISOString()}>
          {new Intl.DateTimeFormat(i18n.language, { hour: 'numeric', minute: '2-digit' }).format(now)}
        </time>
        <span>{new Intl.DateTimeFormat(i18n.language, { dateStyle: 'short' }).format(now)}</span>
      </span>
    </footer>
  );
}

function ShieldGlyph() {
  return (
    <svg className="desktop-tile-glyph" width="28" height="28" viewBox="0 0 24 24" fill="none" aria-hidden="true">
      <path
        d="M12 2.5 4.5 5.5v6c0 4.6 3.1 8.4 7.5 9.9 4.4-1.5 7.5-5.3 7.5-9.9v-6L12 2.5Z"
        stroke="currentColor"
        strokeWidth="1.5"
        strokeLinejoin="round"
      />
      <path d="m8.5 12 2.5 2.5 4.5-5" stroke="currentColor" strokeWidth="1.5" strokeLinecap="round" />
    </svg>
  );
}

function KeyGlyph() {
  return (
    <svg className="desktop-tile-glyph" width="28" height="28" viewBox="0 0 24 24" fill="none" aria-hidden="true">
      <circle cx="8" cy="15" r="4.5" stroke="currentColor" strokeWidth="1.5" />
      <path
        d="m11.2 11.8 8.3-8.3M16.5 6.5l2.5 2.5M14 9l2 2"
        stroke="currentColor"
        strokeWidth="1.5"
        strokeLinecap="round"
      />
    </svg>
  );
}
