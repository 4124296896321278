import { lazy, Suspense, useEffect, useLayoutEffect, useRef, useState, type CSSProperties } from 'react';
import { liftedEarly, rememberLook } from '../app/early-curtain';
import { useTranslation } from 'react-i18next';
import { Avatar } from './Avatar';
import type { UserTile } from '../../shared/contract';
import { useAppStore } from '../app/store';
import { Clock } from './Clock';
import { SignInForm } from './SignInForm';
import { useResetFlow } from '../reset-wizard/flow-store';
import { TrainingCorner } from '../training/TrainingCorner';
import { AdminEntry } from '../admin/entry/AdminEntry';
import { useAdminEntry } from '../admin/entry/entry-store';

// The wizard loads when "Reset password" is pressed, so the lock screen's first script stays light.
const ResetWizard = lazy(() =>
  import('../reset-wizard/ResetWizard').then((module) => ({ default: module.ResetWizard })),
);

/**
 * The Windows-style lock screen: a curtain with the clock, then the sign-in panel for the last user
 * or "Other user", with the users of this device listed at the bottom left.
 */
export function LockScreen() {
  const { t } = useTranslation();
  const lockScreen = useAppStore((state) => state.lockScreen);
  const session = useAppStore((state) => state.session);
  // A key or click on index.html's early curtain, before React drew this one, already lifted it.
  const [curtainUp, setCurtainUp] = useState(liftedEarly);
  // A locked session can only be unlocked by its own user, as on Windows.
  const lockedUser = session.locked ? session.user : null;
  const [chosen, setChosen] = useState<UserTile | 'other' | null>(null);
  // A flow the main process started for a signed-in user (risk remediation) is not shown here.
  const wizardOpen = useResetFlow((state) => state.isOpen && !state.adopted);
  const adminPromptOpen = useAdminEntry((state) => state.phase === 'prompt');
  const [trainingOpen, setTrainingOpen] = useState(false);
  const tile = lockedUser ?? (chosen === 'other' ? null : (chosen ?? lockScreen?.lastUser ?? null));
  const branding = lockScreen?.branding;
  useEffect(() => {
    if (branding) rememberLook(branding);
  }, [branding]);

  if (!lockScreen) return null;
  const style = {
    '--brand-accent': lockScreen.branding.accentColor,
    '--brand-background': lockScreen.branding.backgroundColor,
  } as CSSProperties;

  return (
    <main
      className={`lock-screen${trainingOpen ? ' training-open' : ''}`}
      style={style}
      data-testid="lock-screen"
      aria-label={t('lock.region')}
    >
      {/* While the wizard or the admin prompt is open, the lock screen behind it can't be reached by keyboard or pointer. */}
      <div className="lock-layer" inert={wizardOpen || adminPromptOpen}>
        <div className="lock-brand" aria-hidden={!curtainUp}>
          {lockScreen.branding.logoText}
        </div>
        {curtainUp ? (
          <>
            <section className="sign-in-panel" aria-label={t('lock.signInTo', { tenant: lockScreen.tenantName })}>
              <SignInForm key={tile?.upn ?? 'other'} tile={tile} />
              {lockScreen.helpdesk.text && (
                <p className="lock-helpdesk">{t('lock.helpdesk', { text: lockScreen.helpdesk.text })}</p>
              )}
            </section>
            {!lockedUser && (
              <UserSwitcher lastUser={lockScreen.lastUser} current={tile} onChoose={(next) => setChosen(next)} />
            )}
          </>
        ) : (
          <Curtain onLift={() => setCurtainUp(true)} />
        )}
      </div>
      {wizardOpen && (
        <Suspense fallback={<div className="wizard-backdrop-loading" />}>
          <ResetWizard />
        </Suspense>
      )}
      {curtainUp && !lockScreen.kiosk && <TrainingCorner open={trainingOpen} onOpenChange={setTrainingOpen} />}
      {/* The way into the settings and admin console (issue 6), the one way off the lock screen in kiosk mode. */}
      <AdminEntry showButton={curtainUp} enabled={!wizardOpen} />
    </main>
  );
}

function Curtain({ onLift }: { onLift: () => void }) {
  const { t } = useTranslation();
  const button = useRef<HTMLButtonElement>(null);
  // Before the first paint, so a key pressed as soon as the curtain shows is not lost.
  useLayoutEffect(() => {
    button.current?.focus();
    const lift = (event: KeyboardEvent) => {
      if (event.key !== 'Tab' && event.key !== 'Shift') onLift();
    };
    window.addEventListener('keydown', lift);
    return () => window.removeEventListener('keydown', lift);
  }, [onLift]);
  return (
    <button ref={button} type="button" className="curtain" onClick={onLift} aria-label={t('lock.dismissHint')}>
      <Clock />
      <span className="curtain-hint">{t('lock.dismissHint')}</span>
    </button>
  );
}

function UserSwitcher({
  lastUser,
  current,
  onChoose,
}: {
  lastUser: UserTile | null;
  current: UserTile | null;
  onChoose: (next: UserTile | 'other') => void;
}) {
  const { t } = useTranslation();
  return (
    <nav className="user-switcher" aria-label={t('lock.users')}>
      <ul>
        {lastUser && (
          <li>
            <button
              type="button"
              className="user-switcher-item"
              aria-current={current?.upn === lastUser.upn}
              title={t('lock.switchTo', { name: lastUser.displayName })}
              onClick={() => onChoose(lastUser)}
            >
              <Avatar initials={lastUser.initials} size={32} />
              <span>{lastUser.displayName}</span>
            </button>
          </li>
        )}
        <li>
          <button
            type="button"
            className="user-switcher-item"
            aria-current={current === null}
            onClick={() => onChoose('other')}
          >
            <Avatar size={32} />
            <span>{t('lock.otherUser')}</span>
          </button>
        </li>
      </ul>
    </nav>
  );
}
