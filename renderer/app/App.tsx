import { lazy, Suspense, useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import type { Session, UserTile } from '../../shared/contract';
import { useAppStore } from './store';
import { liftedEarly } from './early-curtain';
import { LockScreen } from '../lock-screen/LockScreen';
import { useAdminEntry } from '../admin/entry/entry-store';
// What comes after a sign-in loads then, not with the lock screen: the desktop (and Fluent UI), the
// password change, the risk remediation, and the security-info screens of §7.
const Desktop = lazy(() => import('../desktop/Desktop').then((module) => ({ default: module.Desktop })));
const ChangePassword = lazy(() =>
  import('../lock-screen/ChangePassword').then((module) => ({ default: module.ChangePassword })),
);
const RiskRemediation = lazy(() =>
  import('../lock-screen/RiskRemediation').then((module) => ({ default: module.RiskRemediation })),
);
const RegistrationInterrupt = lazy(() =>
  import('../security-info/index').then((module) => ({ default: module.RegistrationInterrupt })),
);
const Reconfirm = lazy(() => import('../security-info/index').then((module) => ({ default: module.Reconfirm })));
// The admin console (issue 6) loads only after the local admin credential opened it.
const AdminConsole = lazy(() => import('../admin/AdminConsole').then((module) => ({ default: module.AdminConsole })));

/**
 * Which screen the device shows: the lock screen until someone is signed in and the session is
 * unlocked, then the step the main process says comes next (§7, §11), and only then the desktop.
 */
export function App() {
  const { t } = useTranslation();
  const status = useAppStore((state) => state.status);
  const failure = useAppStore((state) => state.failure);
  const session = useAppStore((state) => state.session);
  const load = useAppStore((state) => state.load);
  const consoleOpen = useAdminEntry((state) => state.phase === 'console');

  const signedIn = Boolean(session.user) && !session.locked;
  useEffect(() => {
    // The early curtain's key belongs to the lock screen; a start on the desktop drops it.
    if (status === 'ready' && signedIn) liftedEarly();
  }, [status, signedIn]);

  useEffect(() => {
    // main.tsx started the first load; join it if it is still running, never repeat a finished one.
    if (useAppStore.getState().status === 'loading') void load();
  }, [load]);

  if (status === 'loading') {
    return (
      <main className="centered">
        <span className="spinner" aria-hidden="true" />
        <p>{t('app.loading')}</p>
      </main>
    );
  }
  if (status === 'failed') {
    return (
      <main className="centered" role="alert">
        <p>{failure === 'unavailable' ? t('app.engineUnavailable') : t(`errors.${failure ?? 'internal'}`)}</p>
        <button type="button" className="button" onClick={() => void load()}>
          {t('app.retry')}
        </button>
      </main>
    );
  }
  if (!session.user || session.locked) {
    if (consoleOpen) {
      return (
        <Suspense fallback={<main className="centered" aria-busy="true" />}>
          <AdminConsole />
        </Suspense>
      );
    }
    return <LockScreen />;
  }
  return (
    <Suspense fallback={<main className="centered" aria-busy="true" />}>
      <SignedIn session={session} user={session.user} />
    </Suspense>
  );
}

function SignedIn({ session, user }: { session: Session; user: UserTile }) {
  const applySession = useAppStore((state) => state.applySession);
  const signOut = useAppStore((state) => state.signOut);
  const next = session.next;
  switch (next?.step) {
    case 'riskRemediation':
      return <RiskRemediation key={next.flowId} flowId={next.flowId} />;
    case 'changePassword':
      return <ChangePassword user={user} reason={next.reason} onDone={applySession} onCancel={() => void signOut()} />;
    case 'registration':
      return <RegistrationInterrupt session={session} />;
    case 'reconfirm':
      return <Reconfirm session={session} />;
    case 'desktop':
    case undefined:
      return <Desktop user={user} />;
  }
}
