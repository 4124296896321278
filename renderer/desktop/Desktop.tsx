import { useTranslation } from 'react-i18next';
import { Avatar, Button } from '@fluentui/react-components';
import type { UserTile } from '../../shared/contract';
import { useAppStore } from '../app/store';
import { Fluent } from '../app/Fluent';

/** The signed-in "desktop": who is signed in, and the ways back to the lock screen. */
export function Desktop({ user }: { user: UserTile }) {
  const { t } = useTranslation();
  const lock = useAppStore((state) => state.lock);
  const signOut = useAppStore((state) => state.signOut);
  return (
    <Fluent className="app-root">
      <main className="desktop" data-testid="desktop" aria-label={t('desktop.region')}>
        <section className="desktop-card">
          <Avatar name={user.displayName} initials={user.initials} size={72} color="colorful" aria-hidden />
          <h1>{t('desktop.welcome', { name: user.displayName })}</h1>
          <p>{t('desktop.signedInAs', { upn: user.upn })}</p>
          <div className="desktop-actions">
            <Button onClick={() => void lock()}>{t('desktop.lock')}</Button>
            <Button appearance="primary" onClick={() => void signOut()}>
              {t('desktop.signOut')}
            </Button>
          </div>
        </section>
      </main>
    </Fluent>
  );
}
