import { lazy, Suspense, useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useAppStore } from './store';
import { LockScreen } from '../lock-screen/LockScreen';
// The desktop comes after a sign-in: its code (and Fluent UI) loads then, not with the lock screen.
const Desktop = lazy(() => import('../desktop/Desktop').then((module) => ({ default: module.Desktop })));

/** Which screen the device shows: the lock screen until someone is signed in and the session is unlocked. */
export function App() {
  const { t } = useTranslation();
  const status = useAppStore((state) => state.status);
  const failure = useAppStore((state) => state.failure);
  const session = useAppStore((state) => state.session);
  const load = useAppStore((state) => state.load);

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
  return session.user && !session.locked ? (
    <Suspense fallback={<main className="centered" aria-busy="true" />}>
      <Desktop user={session.user} />
    </Suspense>
  ) : (
    <LockScreen />
  );
}
