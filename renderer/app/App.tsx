import { useEffect } from 'react';
import { Button, Spinner } from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';
import { useAppStore } from './store';
import { LockScreen } from '../lock-screen/LockScreen';
import { Desktop } from '../desktop/Desktop';

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
        <Spinner label={t('app.loading')} />
      </main>
    );
  }
  if (status === 'failed') {
    return (
      <main className="centered" role="alert">
        <p>{failure === 'unavailable' ? t('app.engineUnavailable') : t(`errors.${failure ?? 'internal'}`)}</p>
        <Button onClick={() => void load()}>{t('app.retry')}</Button>
      </main>
    );
  }
  return session.user && !session.locked ? <Desktop user={session.user} /> : <LockScreen />;
}
