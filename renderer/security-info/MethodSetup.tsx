import { useCallback, useEffect, useId, useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, Field, Input, Link, Radio, RadioGroup, Spinner } from '@fluentui/react-components';
import { LockClosed32Filled } from '@fluentui/react-icons';
import type { AddMethodRequest, PendingRegistration, SecurityInfo } from '../../shared/security-info';
import { isTrainingCall, usePoll } from '../api/use-poll';
import { useSecurityInfo } from './store';
import { Notice } from './Notice';

export type ProvenKind = AddMethodRequest['kind'];

/** How often a placed call is asked about while the user answers it on the phone. */
const pollIntervalMs = 1500;

const proven = (info: SecurityInfo | null) => info?.notice?.code === 'registered' || info?.notice?.code === 'changed';

export interface MethodSetupProps {
  kind: ProvenKind;
  /** "Change": the registration replaced once the new one is proven. */
  replaces: number | null;
  /** The heading's id, for the dialog or page section that names itself after it. */
  headingId: string;
  onDone(): void;
  onCancel(): void;
  /** Shown beside Back/Next on the first screen (the wizard's "I want to set up a different method"). */
  extra?: ReactNode;
}

/**
 * Setting up one method, each proven while it is registered (§7): the address or number, then the
 * code sent to it, or the call that rings it; for the authenticator the QR code, then the code the
 * app shows. What the user types goes straight into the call; whether it is proven is the main
 * process's answer.
 */
export function MethodSetup(props: MethodSetupProps) {
  const { t } = useTranslation();
  const info = useSecurityInfo((state) => state.info);
  const clearNotice = useSecurityInfo((state) => state.clearNotice);
  const pending =
    info?.pending && info.pending.kind === props.kind && info.pending.replaces === props.replaces ? info.pending : null;

  // A new screen starts without the last screen's notice.
  useEffect(() => clearNotice(), [clearNotice]);

  return (
    <div className="si-setup" data-testid="method-setup" data-kind={props.kind} data-phase={pending?.proof ?? 'enter'}>
      <h2 id={props.headingId} className="si-setup-title">
        {t(`securityInfo.kinds.${props.kind}`)}
      </h2>
      {!pending ? (
        <EnterStep {...props} />
      ) : pending.proof === 'codeSent' ? (
        <CodeStep {...props} pending={pending} />
      ) : pending.proof === 'callPlaced' ? (
        <CallStep {...props} pending={pending} />
      ) : (
        <AppStep {...props} pending={pending} />
      )}
    </div>
  );
}

function Actions({ back, next, busy, extra }: { back: () => void; next?: string; busy: boolean; extra?: ReactNode }) {
  const { t } = useTranslation();
  return (
    <div className="si-actions">
      {extra && <div className="si-actions-extra">{extra}</div>}
      <Button onClick={back}>{t('securityInfo.setup.back')}</Button>
      {next && (
        <Button
          type="submit"
          appearance="primary"
          disabledFocusable={busy}
          icon={busy ? <Spinner size="extra-tiny" aria-hidden /> : undefined}
          iconPosition="after"
        >
          {next}
        </Button>
      )}
    </div>
  );
}

/** The first screen: what to register (the address, the number, the device's name). */
function EnterStep({ kind, replaces, onCancel, extra }: MethodSetupProps) {
  const { t } = useTranslation();
  const send = useSecurityInfo((state) => state.send);
  const busy = useSecurityInfo((state) => state.busy);
  const [address, setAddress] = useState('');
  const [phoneNumber, setPhoneNumber] = useState('');
  const [extension, setExtension] = useState('');
  const [proof, setProof] = useState<'sms' | 'call'>('sms');
  const [deviceName, setDeviceName] = useState(() => t('securityInfo.app.defaultDeviceName'));
  const introId = useId();

  function request(): AddMethodRequest {
    switch (kind) {
      case 'email':
        return { kind, address: address.trim() };
      case 'mobilePhone':
        return { kind, phoneNumber: phoneNumber.trim(), proof };
      case 'officePhone':
        return extension.trim()
          ? { kind, phoneNumber: phoneNumber.trim(), extension: extension.trim() }
          : { kind, phoneNumber: phoneNumber.trim() };
      case 'authenticatorApp':
        return { kind, deviceName: deviceName.trim() };
    }
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    await send('securityInfo.add', replaces === null ? { method: request() } : { method: request(), replaces });
  }

  return (
    <form className="si-form" onSubmit={(event) => void submit(event)} aria-describedby={introId}>
      <Notice />
      {kind === 'email' && (
        <>
          <p id={introId}>{t('securityInfo.email.intro')}</p>
          <Field label={t('securityInfo.email.label')} required>
            <Input
              type="email"
              value={address}
              onChange={(_, data) => setAddress(data.value)}
              autoComplete="email"
              spellCheck={false}
              autoFocus
            />
          </Field>
        </>
      )}
      {(kind === 'mobilePhone' || kind === 'officePhone') && (
        <>
          <p id={introId}>{t(`securityInfo.phone.intro.${kind}`)}</p>
          <Field label={t('securityInfo.phone.label')} hint={t('securityInfo.phone.hint')} required>
            <Input
              type="tel"
              value={phoneNumber}
              onChange={(_, data) => setPhoneNumber(data.value)}
              autoComplete="tel"
              inputMode="tel"
              autoFocus
            />
          </Field>
          {kind === 'officePhone' ? (
            <Field label={t('securityInfo.phone.extension')}>
              <Input value={extension} onChange={(_, data) => setExtension(data.value)} inputMode="numeric" />
            </Field>
          ) : (
            <RadioGroup
              value={proof}
              onChange={(_, data) => setProof(data.value === 'call' ? 'call' : 'sms')}
              aria-label={t('securityInfo.phone.how')}
            >
              <Radio value="sms" label={t('securityInfo.phone.sms')} />
              <Radio value="call" label={t('securityInfo.phone.call')} />
            </RadioGroup>
          )}
          <p className="si-fineprint">{t('securityInfo.phone.rates')}</p>
        </>
      )}
      {kind === 'authenticatorApp' && (
        <>
          <div className="si-app-intro">
            <span className="si-app-glyph" aria-hidden>
              <LockClosed32Filled />
            </span>
            <div>
              <p className="si-lead" id={introId}>
                {t('securityInfo.app.getTheApp')}
              </p>
              <p>{t('securityInfo.app.install')}</p>
            </div>
          </div>
          <Field label={t('securityInfo.app.deviceName')} hint={t('securityInfo.app.deviceNameHint')} required>
            <Input value={deviceName} onChange={(_, data) => setDeviceName(data.value)} maxLength={64} />
          </Field>
        </>
      )}
      <Actions back={onCancel} next={t('securityInfo.setup.next')} busy={busy} extra={extra} />
    </form>
  );
}

/** An e-mail or SMS code: typed once (the box empties whatever the answer); "Resend code" sends a new one. */
function CodeStep({ kind, replaces, onDone, pending }: MethodSetupProps & { pending: PendingRegistration }) {
  const { t } = useTranslation();
  const send = useSecurityInfo((state) => state.send);
  const busy = useSecurityInfo((state) => state.busy);
  const [code, setCode] = useState('');
  const introId = useId();

  async function submit(event: FormEvent) {
    event.preventDefault();
    const typed = code.trim();
    setCode('');
    if (proven(await send('securityInfo.prove', { pendingId: pending.pendingId, response: { code: typed } }))) onDone();
  }

  function resend() {
    const method: AddMethodRequest =
      kind === 'email'
        ? { kind: 'email', address: pending.display }
        : { kind: 'mobilePhone', phoneNumber: pending.display, proof: 'sms' };
    void send('securityInfo.add', replaces === null ? { method } : { method, replaces });
  }

  return (
    <form className="si-form" onSubmit={(event) => void submit(event)}>
      <Notice />
      <p id={introId}>
        {t(`securityInfo.code.sent.${kind === 'email' ? 'email' : 'sms'}`, { display: pending.display })}
      </p>
      <Field label={t('securityInfo.code.label')} required>
        <Input
          value={code}
          onChange={(_, data) => setCode(data.value)}
          autoComplete="one-time-code"
          inputMode="numeric"
          maxLength={7}
          aria-describedby={introId}
          autoFocus
          className="si-code"
        />
      </Field>
      <p>
        <Link as="button" type="button" onClick={resend}>
          {t('securityInfo.code.resend')}
        </Link>
      </p>
      <Actions
        back={() => void send('securityInfo.cancelPending', { pendingId: pending.pendingId })}
        next={t('securityInfo.setup.next')}
        busy={busy}
      />
    </form>
  );
}

/** A call rings the phone: ask the main process every 1.5 s until the phone answered with # (or did not). */
function CallStep({ onDone, pending }: MethodSetupProps & { pending: PendingRegistration }) {
  const { t } = useTranslation();
  const send = useSecurityInfo((state) => state.send);

  const poll = useCallback(async () => {
    const info = await send(
      'securityInfo.prove',
      { pendingId: pending.pendingId, response: { poll: true } },
      { quiet: true },
    );
    // The answer that registers the phone also ends this step (the pending registration is gone),
    // so "done" is told even when this screen has already gone.
    if (proven(info)) {
      onDone();
      return false;
    }
    return info?.pending?.pendingId === pending.pendingId || info === null;
  }, [send, pending.pendingId, onDone]);
  // Answered on the training phone, the step looks at once.
  usePoll(poll, { intervalMs: pollIntervalMs, firstAfterMs: pollIntervalMs, wakesOn: isTrainingCall });

  return (
    <form className="si-form" onSubmit={(event) => event.preventDefault()}>
      <Notice />
      <p>{t('securityInfo.call.calling', { display: pending.display })}</p>
      <Spinner size="small" labelPosition="after" label={t('securityInfo.call.answer')} className="si-waiting" />
      <Actions back={() => void send('securityInfo.cancelPending', { pendingId: pending.pendingId })} busy={false} />
    </form>
  );
}

/** The authenticator: scan the QR code, then type the code the app shows (§7). */
function AppStep({ onDone, pending }: MethodSetupProps & { pending: PendingRegistration }) {
  const { t } = useTranslation();
  const send = useSecurityInfo((state) => state.send);
  const busy = useSecurityInfo((state) => state.busy);
  const [scanned, setScanned] = useState(false);
  const [whyNoKey, setWhyNoKey] = useState(false);
  const [code, setCode] = useState('');
  const introId = useId();
  const explanationId = useId();

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!scanned) {
      setScanned(true);
      return;
    }
    const typed = code.trim();
    setCode('');
    if (proven(await send('securityInfo.prove', { pendingId: pending.pendingId, response: { code: typed } }))) onDone();
  }

  if (!scanned) {
    return (
      <form className="si-form" onSubmit={(event) => void submit(event)}>
        <Notice />
        <p className="si-lead">{t('securityInfo.app.scanTitle')}</p>
        <p id={introId}>{t('securityInfo.app.scan')}</p>
        {pending.qrImage && (
          <img
            className="si-qr"
            src={pending.qrImage}
            alt={t('securityInfo.app.qrAlt')}
            data-testid="authenticator-qr"
            aria-describedby={introId}
          />
        )}
        <p>
          <Link
            as="button"
            type="button"
            aria-expanded={whyNoKey}
            aria-controls={explanationId}
            onClick={() => setWhyNoKey((open) => !open)}
          >
            {t('securityInfo.app.cantScan')}
          </Link>
        </p>
        {whyNoKey && (
          <div id={explanationId} className="si-explanation" data-testid="cant-scan">
            <p>{t('securityInfo.app.cantScanReal')}</p>
            <p>{t('securityInfo.app.cantScanHere')}</p>
          </div>
        )}
        <Actions
          back={() => void send('securityInfo.cancelPending', { pendingId: pending.pendingId })}
          next={t('securityInfo.setup.next')}
          busy={busy}
        />
      </form>
    );
  }
  return (
    <form className="si-form" onSubmit={(event) => void submit(event)}>
      <Notice />
      <p className="si-lead">{t('securityInfo.app.codeTitle')}</p>
      <p id={introId}>{t('securityInfo.app.codeIntro')}</p>
      <Field label={t('securityInfo.code.label')} required>
        <Input
          value={code}
          onChange={(_, data) => setCode(data.value)}
          autoComplete="one-time-code"
          inputMode="numeric"
          maxLength={7}
          aria-describedby={introId}
          autoFocus
          className="si-code"
        />
      </Field>
      <Actions back={() => setScanned(false)} next={t('securityInfo.setup.next')} busy={busy} />
    </form>
  );
}
