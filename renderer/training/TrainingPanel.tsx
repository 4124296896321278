import { useCallback, useEffect, useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, Field, Input, ProgressBar } from '@fluentui/react-components';
import type { TrainingDevices, TrainingState, trainingClockSteps } from '../../shared/training';
import { Fluent } from '../app/Fluent';
import { call, CallRefused } from '../api/client';
import { isAppCall, usePoll } from '../api/use-poll';
import { useAppStore } from '../app/store';
import { flowUpn, useResetFlow } from '../reset-wizard/flow-store';
import './training.css';

/** How often the panel asks what the devices show now. */
const pollIntervalMs = 2000;
const totpPeriodSeconds = 30;
/** The contract's clock steps, listed here so the page carries no copy of the contract's schemas. */
const clockSteps = [5, 60, 1440, 20160] as const satisfies readonly ClockStep[];
type ClockStep = (typeof trainingClockSteps)[number];

type Shown = { upn: string; devices: TrainingDevices } | { upn: string; problem: 'notFound' | 'forbidden' | 'failed' };

/**
 * The training room's side panel (training only; never in kiosk mode): what one user's own phone,
 * mailbox and authenticator app show, and the training clock. It follows the user of the reset under
 * way, or a user ID the trainer types. What it shows (codes included) stays in this component's state,
 * never in the app's store, and is gone when the panel closes.
 */
export function TrainingPanel({ id, onClose }: { id: string; onClose: () => void }) {
  const { t } = useTranslation();
  const resetUpn = useResetFlow((state) => flowUpn(state.view));
  // Signed in (registering security info, §7), the panel shows that user's own devices.
  const signedInUpn = useAppStore((state) =>
    state.session.user && !state.session.locked ? state.session.user.upn : null,
  );
  const followed = resetUpn ?? signedInUpn;
  const [pinned, setPinned] = useState<{ upn: string; whileFollowing: string | null } | null>(null);
  const [typed, setTyped] = useState('');
  const [shown, setShown] = useState<Shown | null>(null);
  const [clock, setClock] = useState<TrainingState | null>(null);
  // Seconds since the last answer: the authenticator's countdown runs on between polls.
  const [ticks, setTicks] = useState(0);
  const headingId = useId();

  // A typed user ID holds until the reset moves on to another user.
  const upn =
    pinned && (followed === null || followed === pinned.whileFollowing)
      ? pinned.upn
      : (followed ?? pinned?.upn ?? null);

  const show = useCallback((devices: TrainingDevices, forUpn: string) => {
    setShown({ upn: forUpn, devices });
    setTicks(0);
  }, []);

  const refresh = useCallback(async () => {
    const [state, devices] = await Promise.allSettled([
      call('training.state', {}, { quiet: true }),
      upn ? call('training.devices', { upn }, { quiet: true }) : Promise.resolve(null),
    ]);
    if (state.status === 'fulfilled') setClock(state.value);
    if (!upn) return;
    if (devices.status === 'fulfilled' && devices.value) show(devices.value, upn);
    if (devices.status === 'rejected') {
      const code = devices.reason instanceof CallRefused ? devices.reason.error.code : 'internal';
      setShown({ upn, problem: code === 'not_found' ? 'notFound' : code === 'forbidden' ? 'forbidden' : 'failed' });
    }
  }, [upn, show]);

  // A text or a call the wizard has just sent shows at once, as on a real phone.
  usePoll(refresh, { intervalMs: pollIntervalMs, firstAfterMs: 0, wakesOn: isAppCall });

  useEffect(() => {
    const timer = setInterval(() => setTicks((count) => count + 1), 1000);
    return () => clearInterval(timer);
  }, []);

  function choose(event: FormEvent) {
    event.preventDefault();
    if (typed.trim()) setPinned({ upn: typed.trim(), whileFollowing: followed });
  }

  async function advance(minutes: ClockStep) {
    setClock(await call('training.advanceClock', { minutes }));
    await refresh();
  }

  const current = shown && shown.upn === upn ? shown : null;
  return (
    <Fluent>
      <aside id={id} className="training-panel" aria-labelledby={headingId} data-testid="training-panel">
        <header className="training-header">
          <h2 id={headingId}>{t('training.panel')}</h2>
          <Button
            appearance="subtle"
            onClick={onClose}
            aria-label={t('training.close')}
            icon={<span aria-hidden>✕</span>}
          />
        </header>
        <p className="training-intro">{t('training.intro')}</p>

        <form className="training-user" onSubmit={choose}>
          <Field label={t('training.userLabel')}>
            <Input
              value={typed}
              onChange={(_, data) => setTyped(data.value)}
              placeholder={upn ?? 'user@contoso.com'}
              spellCheck={false}
              autoComplete="off"
            />
          </Field>
          <Button type="submit">{t('training.show')}</Button>
          {pinned && followed && upn !== followed && (
            <Button appearance="subtle" onClick={() => setPinned(null)}>
              {t('training.followFlow')}
            </Button>
          )}
        </form>

        {!upn ? (
          <p className="training-empty">{t('training.noUser')}</p>
        ) : !current ? (
          <p className="training-empty">{t('training.loading')}</p>
        ) : 'problem' in current ? (
          <p className="training-problem" role="alert">
            {t(`training.${current.problem}`, { upn })}
          </p>
        ) : (
          <Devices devices={current.devices} upn={upn} ticks={ticks} onChange={(devices) => show(devices, upn)} />
        )}

        <TrainingClock clock={clock} onAdvance={(minutes) => void advance(minutes)} />
      </aside>
    </Fluent>
  );
}

function Devices({
  devices,
  upn,
  ticks,
  onChange,
}: {
  devices: TrainingDevices;
  upn: string;
  ticks: number;
  onChange: (devices: TrainingDevices) => void;
}) {
  const { t, i18n } = useTranslation();
  const [pushNumbers, setPushNumbers] = useState<Record<string, string>>({});
  const time = (iso: string) =>
    new Intl.DateTimeFormat(i18n.language, { hour: 'numeric', minute: '2-digit' }).format(new Date(iso));
  const sms = devices.inbox.filter((message) => message.channel === 'sms');
  const mail = devices.inbox.filter((message) => message.channel === 'email');

  async function answerCall(callId: string, confirm: boolean) {
    onChange(await call('training.answerCall', { upn, callId, confirm }));
  }
  async function respondToPush(
    pushId: string,
    response: { number: string } | { deny: 'deny' | 'denyAndReport' },
  ): Promise<void> {
    onChange(await call('training.respondToPush', { upn, pushId, response }));
  }

  return (
    <div className="training-devices">
      <p className="training-owner">{devices.displayName}</p>

      <section className="training-device" aria-labelledby="training-phone">
        <h3 id="training-phone">{t('training.phone')}</h3>
        {devices.phones.length === 0 ? (
          <p className="training-empty">{t('training.noPhone')}</p>
        ) : (
          <ul className="training-numbers">
            {devices.phones.map((phone) => (
              <li key={`${phone.kind}:${phone.number}`}>
                {phone.kind === 'mobile'
                  ? t('training.mobile', { number: phone.number })
                  : phone.extension
                    ? t('training.office', { number: phone.number, extension: phone.extension })
                    : t('training.officeNoExtension', { number: phone.number })}
              </li>
            ))}
          </ul>
        )}
        {devices.calls.map((incoming) => (
          <div
            key={incoming.id}
            className="training-call"
            role="group"
            aria-label={t('training.incomingCall', { caller: incoming.caller })}
          >
            <p className="training-call-title">{t('training.incomingCall', { caller: incoming.caller })}</p>
            <p>{t('training.callTo', { number: incoming.dialled })}</p>
            <div className="training-buttons">
              <Button className="training-answer" onClick={() => void answerCall(incoming.id, true)}>
                {t('training.answerCall')}
              </Button>
              <Button className="training-decline" onClick={() => void answerCall(incoming.id, false)}>
                {t('training.declineCall')}
              </Button>
            </div>
          </div>
        ))}
        <h4>{t('training.messages')}</h4>
        {sms.length === 0 ? (
          <p className="training-empty">{t('training.noMessages')}</p>
        ) : (
          <ul className="training-messages">
            {sms.map((message) => (
              <li key={message.id} className="training-sms" data-testid="sms-message">
                <p className="training-meta">{t('training.smsTo', { to: message.to, time: time(message.at) })}</p>
                <p className="training-body">{message.body}</p>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section className="training-device" aria-labelledby="training-authenticator">
        <h3 id="training-authenticator">{t('training.authenticator')}</h3>
        {devices.authenticators.length === 0 && <p className="training-empty">{t('training.noAuthenticator')}</p>}
        {devices.pushes.map((push) => (
          <form
            key={push.id}
            className="training-push"
            aria-label={t('training.pushTitle')}
            onSubmit={(event) => {
              event.preventDefault();
              void respondToPush(push.id, { number: (pushNumbers[push.id] ?? '').trim() });
            }}
          >
            <p className="training-push-title">{t('training.pushTitle')}</p>
            <p className="training-meta">{t('training.pushAccount', { tenant: push.tenantName, upn: push.upn })}</p>
            <Field label={t('training.pushNumberLabel')}>
              <Input
                value={pushNumbers[push.id] ?? ''}
                onChange={(_, data) => setPushNumbers((numbers) => ({ ...numbers, [push.id]: data.value }))}
                inputMode="numeric"
                maxLength={2}
                autoComplete="off"
              />
            </Field>
            <div className="training-buttons">
              <Button type="submit" appearance="primary">
                {t('training.approve')}
              </Button>
              <Button onClick={() => void respondToPush(push.id, { deny: 'deny' })}>{t('training.deny')}</Button>
              <Button onClick={() => void respondToPush(push.id, { deny: 'denyAndReport' })}>
                {t('training.denyAndReport')}
              </Button>
            </div>
          </form>
        ))}
        {devices.authenticators.map((app) => {
          const secondsLeft = Math.max(0, app.secondsLeft - ticks);
          return (
            <div key={app.methodId} className="training-app">
              <p className="training-meta">
                {app.deviceName ? t('training.appName', { device: app.deviceName }) : t('training.appNameUnknown')}
              </p>
              <p className="training-app-account">{devices.upn}</p>
              <p className="training-code">
                <span className="visually-hidden">{t('training.oneTimeCode')}: </span>
                <span data-testid="totp-code">{`${app.code.slice(0, 3)} ${app.code.slice(3)}`}</span>
              </p>
              <ProgressBar
                value={secondsLeft}
                max={totpPeriodSeconds}
                thickness="medium"
                aria-label={t('training.secondsLeft', { count: secondsLeft })}
              />
              <p className="training-meta">{t('training.secondsLeft', { count: secondsLeft })}</p>
            </div>
          );
        })}
      </section>

      <section className="training-device" aria-labelledby="training-mailbox">
        <h3 id="training-mailbox">{t('training.mailbox')}</h3>
        {devices.emails.length > 0 && <p className="training-meta">{devices.emails.join(', ')}</p>}
        {mail.length === 0 ? (
          <p className="training-empty">{t('training.noMail')}</p>
        ) : (
          <ul className="training-messages">
            {mail.map((message) => (
              <li key={message.id} className="training-mail" data-testid="mail-message">
                <p className="training-mail-subject">{message.subject ?? t('training.noSubject')}</p>
                <p className="training-meta">{t('training.mailTo', { to: message.to, time: time(message.at) })}</p>
                <p className="training-body">{message.body}</p>
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}

function TrainingClock({ clock, onAdvance }: { clock: TrainingState | null; onAdvance: (minutes: ClockStep) => void }) {
  const { t, i18n } = useTranslation();
  const simulated = clock
    ? new Intl.DateTimeFormat(i18n.language, {
        weekday: 'short',
        day: 'numeric',
        month: 'short',
        hour: 'numeric',
        minute: '2-digit',
      }).format(new Date(clock.now))
    : '…';
  return (
    <section className="training-device training-clock" aria-labelledby="training-clock">
      <h3 id="training-clock">{t('training.clock')}</h3>
      <p data-testid="training-time">{t('training.simulatedTime', { time: simulated })}</p>
      {clock && (
        <p className="training-meta">
          {clock.offsetMinutes > 0 ? t('training.offset', { minutes: clock.offsetMinutes }) : t('training.realTime')}
        </p>
      )}
      <div className="training-buttons">
        {clockSteps.map((minutes) => (
          <Button key={minutes} onClick={() => onAdvance(minutes)} title={t(`training.advanceLabel.${minutes}`)}>
            {t(`training.advance.${minutes}`)}
          </Button>
        ))}
      </div>
    </section>
  );
}
