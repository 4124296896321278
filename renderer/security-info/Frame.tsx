import { useState, type CSSProperties, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Avatar, Button } from '@fluentui/react-components';
import { useAppStore } from '../app/store';
import { Fluent } from '../app/Fluent';
import { TrainingCorner } from '../training/TrainingCorner';
import './security-info.css';

/**
 * The frame of the security-info screens: the organisation's name, the signed-in account and a way
 * out (sign out, or back), as Microsoft's "Keep your account secure" and "My Sign-Ins" pages have;
 * and, in training rooms, the training devices, so a trainee can read a code or answer a call.
 */
export function Frame({
  title,
  variant = 'page',
  testId,
  headerAction,
  children,
}: {
  title: string;
  /** `card`: the sign-in card on the organisation's colours; `page`: a light page. */
  variant?: 'card' | 'page';
  testId: string;
  headerAction?: ReactNode;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  const lockScreen = useAppStore((state) => state.lockScreen);
  const user = useAppStore((state) => state.session.user);
  const signOut = useAppStore((state) => state.signOut);
  const [trainingOpen, setTrainingOpen] = useState(false);
  const style = {
    '--brand-accent': lockScreen?.branding.accentColor ?? '#0067b8',
    '--brand-background': lockScreen?.branding.backgroundColor ?? '#004e8c',
  } as CSSProperties;

  return (
    <Fluent className="si-fluent">
      <div
        className={`si-screen si-${variant}${trainingOpen ? ' training-open' : ''}`}
        style={style}
        data-testid={testId}
      >
        {variant === 'page' && (
          <header className="si-header">
            <span className="si-org">{lockScreen?.branding.logoText ?? ''}</span>
            <span className="si-header-divider" aria-hidden />
            <span className="si-header-title">{title}</span>
            <span className="si-header-end">
              {headerAction}
              {user && (
                <span className="si-account">
                  <Avatar name={user.displayName} initials={user.initials} size={28} color="colorful" aria-hidden />
                  <span className="si-account-upn">{user.upn}</span>
                </span>
              )}
              <Button appearance="subtle" onClick={() => void signOut()}>
                {t('securityInfo.signOut')}
              </Button>
            </span>
          </header>
        )}
        <main className="si-main" aria-label={title}>
          {children}
        </main>
        {!lockScreen?.kiosk && <TrainingCorner open={trainingOpen} onOpenChange={setTrainingOpen} />}
      </div>
    </Fluent>
  );
}
