import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, Link, Spinner } from '@fluentui/react-components';
import type { Session } from '../../shared/session';
import type { MethodKind } from '../../shared/policy';
import { call, CallRefused } from '../api/client';
import { useAppStore } from '../app/store';
import { Frame } from './Frame';
import { KindIcon } from './KindIcon';
import { Setup } from './Setup';
import { ChooseMethod } from './ChooseMethod';
import { useSecurityInfo } from './store';
import { useDialog } from './useDialog';
import { defaultSignIn, formatDate, kindsToAdd, methodDetail } from './wording';

type RegistrationStep = Extract<NonNullable<Session['next']>, { step: 'registration' }>;

/**
 * §7 the registration interrupt after sign-in: "More information required", then Microsoft's
 * combined registration, one method at a time, until the user holds as many usable methods as the
 * tenant requires. "Not now" shows only while the grace period lasts; the main process refuses it after.
 */
export function RegistrationInterrupt({ session }: { session: Session }) {
  const step = session.next?.step === 'registration' ? session.next : null;
  const [started, setStarted] = useState(false);
  if (!step) return null;
  return started ? (
    <Wizard step={step} />
  ) : (
    <MoreInformation step={step} upn={session.user?.upn ?? ''} onNext={() => setStarted(true)} />
  );
}

function MoreInformation({ step, upn, onNext }: { step: RegistrationStep; upn: string; onNext(): void }) {
  const { t, i18n } = useTranslation();
  const applySession = useAppStore((state) => state.applySession);
  const signOut = useAppStore((state) => state.signOut);
  const logoText = useAppStore((state) => state.lockScreen?.branding.logoText ?? '');
  const [refused, setRefused] = useState<string | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  const headingId = useId();
  useEffect(() => heading.current?.focus(), []);

  async function notNow() {
    try {
      applySession(await call('session.postponeRegistration', {}));
    } catch (error) {
      setRefused(error instanceof CallRefused ? t(`errors.${error.error.code}`) : t('errors.internal'));
    }
  }

  const graceEnd = step.graceEndsAt ? formatDate(step.graceEndsAt, i18n.language) : null;
  return (
    <Frame title={t('securityInfo.interrupt.title')} variant="card" testId="registration-interrupt">
      <section className="si-card" aria-labelledby={headingId} data-mandatory={step.mandatory}>
        <div className="si-card-logo">{logoText}</div>
        <div className="si-card-identity">{upn}</div>
        <h1 id={headingId} ref={heading} tabIndex={-1} className="si-card-title">
          {t('securityInfo.interrupt.title')}
        </h1>
        <p>{t('securityInfo.interrupt.body')}</p>
        {graceEnd && (
          <p className={step.mandatory ? 'si-card-mandatory' : 'si-card-grace'} data-testid="grace">
            {step.mandatory
              ? t('securityInfo.interrupt.mandatory', { date: graceEnd })
              : t('securityInfo.interrupt.grace', { date: graceEnd })}
          </p>
        )}
        {refused && (
          <p className="si-notice-problem" role="alert">
            {refused}
          </p>
        )}
        <p className="si-card-links">
          <Link as="button" type="button" onClick={() => void signOut()}>
            {t('securityInfo.interrupt.otherAccount')}
          </Link>
        </p>
        <div className="si-actions">
          {!step.mandatory && <Button onClick={() => void notNow()}>{t('securityInfo.interrupt.notNow')}</Button>}
          <Button appearance="primary" onClick={onNext}>
            {t('securityInfo.interrupt.next')}
          </Button>
        </div>
      </section>
    </Frame>
  );
}

/** Microsoft's "Keep your account secure": one method at a time, then "Success!" and Done. */
function Wizard({ step }: { step: RegistrationStep }) {
  const { t } = useTranslation();
  const info = useSecurityInfo((state) => state.info);
  const load = useSecurityInfo((state) => state.load);
  const failure = useSecurityInfo((state) => state.failure);
  const refreshSession = useAppStore((state) => state.refreshSession);
  const [startUsable] = useState(step.methodsRegistered);
  const [chosen, setChosen] = useState<MethodKind | null>(null);
  const chooser = useDialog<true>(() =>
    document.querySelector<HTMLElement>('[data-testid="method-setup"] input, [data-testid="method-setup"] button'),
  );
  const headingId = useId();
  const setupHeadingId = useId();

  useEffect(() => {
    void load();
  }, [load]);

  if (!info) {
    return (
      <Frame title={t('securityInfo.wizard.title')} testId="registration-wizard">
        <div className="si-content si-loading">
          {failure ? <p role="alert">{t(`errors.${failure}`)}</p> : <Spinner label={t('securityInfo.loading')} />}
        </div>
      </Frame>
    );
  }

  const total = Math.max(1, info.methodsRequired - startUsable);
  const done = info.methodsUsable >= info.methodsRequired;
  const candidates = kindsToAdd(info);
  const kind = chosen && candidates.includes(chosen) ? chosen : (candidates[0] ?? null);
  const current = Math.min(total, info.methodsUsable - startUsable + 1);

  return (
    <Frame title={t('securityInfo.wizard.title')} testId="registration-wizard">
      <div className="si-content si-wizard">
        <h1 id={headingId} className="si-title">
          {t('securityInfo.wizard.title')}
        </h1>
        <p className="si-subtitle">{t('securityInfo.wizard.lead', { count: info.methodsRequired })}</p>
        <Progress total={total} done={done ? total : current - 1} />
        <section className="si-panel" aria-labelledby={done ? headingId : setupHeadingId} data-testid="wizard-step">
          {done ? (
            <Success onDone={() => void refreshSession()} />
          ) : kind ? (
            <>
              <p className="si-step-of" data-testid="step-of">
                {t('securityInfo.wizard.progress', { current, total, kind: t(`securityInfo.kinds.${kind}`) })}
              </p>
              <Setup
                key={kind}
                kind={kind}
                replaces={null}
                headingId={setupHeadingId}
                onDone={() => setChosen(null)}
                onCancel={() => chooser.show(true)}
                extra={
                  candidates.length > 1 && (
                    <Link as="button" type="button" onClick={() => chooser.show(true)}>
                      {t('securityInfo.wizard.different')}
                    </Link>
                  )
                }
              />
            </>
          ) : (
            <p role="alert">{t('securityInfo.wizard.nothingToAdd')}</p>
          )}
        </section>
        {chooser.content && (
          <ChooseMethod
            open={chooser.open}
            surfaceMotion={chooser.surfaceMotion}
            kinds={candidates}
            current={kind}
            onChoose={(next) => {
              setChosen(next);
              chooser.hide();
            }}
            onClose={chooser.hide}
          />
        )}
      </div>
    </Frame>
  );
}

function Progress({ total, done }: { total: number; done: number }) {
  const { t } = useTranslation();
  return (
    <ol className="si-progress" aria-label={t('securityInfo.wizard.progressLabel', { done, total })}>
      {Array.from({ length: total }, (_, index) => (
        <li
          key={index}
          className={index < done ? 'si-progress-done' : index === done ? 'si-progress-current' : undefined}
        >
          <span className="visually-hidden">
            {t(index < done ? 'securityInfo.wizard.methodDone' : 'securityInfo.wizard.methodToDo', {
              number: index + 1,
            })}
          </span>
        </li>
      ))}
    </ol>
  );
}

function Success({ onDone }: { onDone(): void }) {
  const { t } = useTranslation();
  const info = useSecurityInfo((state) => state.info);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  if (!info) return null;
  const defaultMethod = defaultSignIn(t, info);
  return (
    <div className="si-success" data-testid="registration-success">
      <h2 ref={heading} tabIndex={-1} className="si-setup-title">
        {t('securityInfo.wizard.successTitle')}
      </h2>
      <p>{t('securityInfo.wizard.successBody')}</p>
      {defaultMethod && (
        <p>
          <span className="si-label">{t('securityInfo.defaultMethod.label')}</span> {defaultMethod}
        </p>
      )}
      <ul className="si-summary">
        {info.methods.map((method) => (
          <li key={method.methodId}>
            <KindIcon kind={method.kind} />
            <span className="si-summary-kind">{t(`securityInfo.kinds.${method.kind}`)}</span>
            <span className="si-summary-detail">{methodDetail(t, method)}</span>
          </li>
        ))}
      </ul>
      <div className="si-actions">
        <Button appearance="primary" onClick={onDone}>
          {t('securityInfo.wizard.done')}
        </Button>
      </div>
    </div>
  );
}
