import { useCallback, useId, useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Field, Input, Link, Radio, RadioGroup, Spinner } from '@fluentui/react-components';
import type { GateOption, FlowView } from '../../shared/reset';
import { isTrainingCall, usePoll } from '../api/use-poll';
import { useResetFlow } from './flow-store';
import { WizardActions } from './WizardActions';
import { formatTime } from './wording';

type VerifyView = Extract<FlowView, { step: 'verify' }>;
type Challenge = NonNullable<VerifyView['challenge']>;

/** How often a placed call or a sent push is asked about while the user answers it on the phone. */
const pollIntervalMs = 1500;

const optionKey = (option: Pick<GateOption, 'gateMethod' | 'methodId'>) => `${option.gateMethod}:${option.methodId}`;

/** Methods whose masked address or number is part of the choice ("Text my mobile phone ******** 01"). */
const showsDisplay = new Set(['email', 'mobileSms', 'mobileCall', 'officeCall']);
const showsDevice = new Set(['appCode', 'appNotification']);

/**
 * §5.3 "Verification step N": the methods the main process offers for this gate, then the challenge
 * it started. Only the user's choice and what they typed go back; which methods, and whether the
 * gate passed, is the main process's answer.
 */
export function VerifyStep({ view }: { view: VerifyView }) {
  const { t } = useTranslation();
  return (
    <div className="wizard-form">
      {view.admin && <AdminExplanation gatesRequired={view.gatesRequired} />}
      {view.challenge ? (
        <ChallengeForm view={view} challenge={view.challenge} />
      ) : view.options.length > 0 ? (
        <MethodChooser view={view} />
      ) : (
        <>
          <p>{t('reset.verify.noOptions')}</p>
          <WizardActions />
        </>
      )}
    </div>
  );
}

/** §4: a tester on an administrator account must not think two steps, and no security questions, is a bug. */
function AdminExplanation({ gatesRequired }: { gatesRequired: number }) {
  const { t } = useTranslation();
  const which = gatesRequired > 1 ? 'whyTwo' : 'whyNoQuestions';
  return (
    <details className="wizard-why" data-testid="admin-explanation">
      <summary>{t(`reset.verify.${which}.title`)}</summary>
      <p>{t(`reset.verify.${which}.body`)}</p>
      <p>{t('reset.verify.whyTwo.noQuestions')}</p>
    </details>
  );
}

function optionLabel(t: ReturnType<typeof useTranslation>['t'], option: GateOption): string {
  const name = t(`reset.verify.option.${option.gateMethod}`);
  if (!option.display) return name;
  if (showsDevice.has(option.gateMethod)) return t('reset.verify.onDevice', { name, device: option.display });
  return showsDisplay.has(option.gateMethod) ? `${name} ${option.display}` : name;
}

function MethodChooser({ view }: { view: VerifyView }) {
  const { t } = useTranslation();
  const send = useResetFlow((state) => state.send);
  const busy = useResetFlow((state) => state.busy);
  const [chosen, setChosen] = useState(() => optionKey(view.options[0] as GateOption));
  // The number is typed again for each send; it stays in this screen only.
  const [phoneNumber, setPhoneNumber] = useState('');
  const detailId = useId();
  const option = view.options.find((candidate) => optionKey(candidate) === chosen) ?? view.options[0];
  if (!option) return null;

  function submit(event: FormEvent) {
    event.preventDefault();
    if (!option) return;
    void send('reset.chooseMethod', {
      gateMethod: option.gateMethod,
      methodId: option.methodId,
      ...(option.needsPhoneNumber ? { phoneNumber: phoneNumber.trim() } : {}),
    });
  }

  return (
    <form onSubmit={submit} className="wizard-form">
      <p>{t('reset.verify.chooseMethod')}</p>
      <RadioGroup
        value={optionKey(option)}
        onChange={(_, data) => setChosen(data.value)}
        aria-label={t('reset.verify.chooseMethod')}
        className="wizard-choices"
      >
        {view.options.map((candidate) => (
          <Radio
            key={optionKey(candidate)}
            value={optionKey(candidate)}
            label={optionLabel(t, candidate)}
            aria-describedby={optionKey(candidate) === optionKey(option) ? detailId : undefined}
          />
        ))}
      </RadioGroup>
      <div className="wizard-detail" id={detailId}>
        <p>{t(`reset.verify.detail.${option.gateMethod}`, { display: option.display })}</p>
        {option.needsPhoneNumber && (
          <Field label={t('reset.verify.phoneNumber')} hint={t('reset.verify.phoneNumberHint')} required>
            <Input
              value={phoneNumber}
              onChange={(_, data) => setPhoneNumber(data.value)}
              type="tel"
              autoComplete="tel"
              inputMode="tel"
            />
          </Field>
        )}
      </div>
      <WizardActions primary={t(`reset.verify.action.${option.gateMethod}`)} busy={busy} />
    </form>
  );
}

function ChallengeForm({ view, challenge }: { view: VerifyView; challenge: Challenge }) {
  const { t } = useTranslation();
  const send = useResetFlow((state) => state.send);
  const option = view.options.find(
    (candidate) => candidate.gateMethod === challenge.gateMethod && candidate.methodId === challenge.methodId,
  );
  const chosen = option ? optionLabel(t, option) : t(`reset.verify.option.${challenge.gateMethod}`);
  const other = (
    <p className="wizard-other">
      <Link as="button" type="button" onClick={() => void send('reset.changeMethod', {})}>
        {t('reset.verify.tryAnother')}
      </Link>
    </p>
  );
  return (
    <>
      <p className="wizard-chosen">{chosen}</p>
      {challenge.kind === 'codeSent' || challenge.kind === 'ready' ? (
        <CodeForm challenge={challenge} other={other} />
      ) : challenge.kind === 'questions' ? (
        <QuestionsForm questions={challenge.questions ?? []} other={other} />
      ) : (
        <WaitForPhone challenge={challenge} waiting={view.notice?.code === 'waiting'} other={other} />
      )}
    </>
  );
}

function CodeForm({ challenge, other }: { challenge: Challenge; other: ReactNode }) {
  const { t, i18n } = useTranslation();
  const send = useResetFlow((state) => state.send);
  const busy = useResetFlow((state) => state.busy);
  const [code, setCode] = useState('');
  const introId = useId();

  async function submit(event: FormEvent) {
    event.preventDefault();
    const typed = code;
    // A code is tried once: the box is emptied whatever the answer.
    setCode('');
    await send('reset.respond', { response: { code: typed.trim() } });
  }

  const intro =
    challenge.kind === 'ready'
      ? t('reset.verify.appCodeIntro')
      : t(`reset.verify.codeSent.${challenge.gateMethod === 'email' ? 'email' : 'mobileSms'}`);
  return (
    <form onSubmit={(event) => void submit(event)} className="wizard-form">
      <p id={introId}>
        {intro}
        {challenge.expiresAt && (
          <> {t('reset.verify.codeExpires', { time: formatTime(challenge.expiresAt, i18n.language) })}</>
        )}
      </p>
      <Field label={t('reset.verify.codeLabel')} required>
        <Input
          value={code}
          onChange={(_, data) => setCode(data.value)}
          autoComplete="one-time-code"
          inputMode="numeric"
          maxLength={7}
          aria-describedby={introId}
          autoFocus
          className="wizard-code"
        />
      </Field>
      {other}
      <WizardActions primary={t('reset.verify.verify')} busy={busy} />
    </form>
  );
}

function QuestionsForm({ questions, other }: { questions: string[]; other: ReactNode }) {
  const { t } = useTranslation();
  const send = useResetFlow((state) => state.send);
  const busy = useResetFlow((state) => state.busy);
  const [answers, setAnswers] = useState<string[]>(() => questions.map(() => ''));

  async function submit(event: FormEvent) {
    event.preventDefault();
    await send('reset.respond', { response: { answers } });
  }

  return (
    <form onSubmit={(event) => void submit(event)} className="wizard-form">
      <p>{t('reset.verify.questionsIntro')}</p>
      {questions.map((question, index) => (
        <Field key={question} label={question} required>
          <Input
            value={answers[index] ?? ''}
            onChange={(_, data) =>
              setAnswers((current) => current.map((answer, at) => (at === index ? data.value : answer)))
            }
            autoComplete="off"
            spellCheck={false}
            autoFocus={index === 0}
          />
        </Field>
      ))}
      {other}
      <WizardActions primary={t('reset.verify.verify')} busy={busy} />
    </form>
  );
}

/** A call or a push is answered on the phone: ask the main process every 1.5 s until it says how it went. */
function WaitForPhone({ challenge, waiting, other }: { challenge: Challenge; waiting: boolean; other: ReactNode }) {
  const { t } = useTranslation();
  const send = useResetFlow((state) => state.send);

  const poll = useCallback(() => send('reset.respond', { response: { poll: true } }, { quiet: true }), [send]);
  // Answered on the training phone, the wizard looks at once.
  usePoll(poll, { intervalMs: pollIntervalMs, firstAfterMs: pollIntervalMs, wakesOn: isTrainingCall });

  const waitingLabel = waiting ? t('reset.verify.stillWaiting') : t('reset.verify.waiting');
  return (
    <form className="wizard-form" onSubmit={(event) => event.preventDefault()}>
      {challenge.kind === 'pushSent' ? (
        <>
          <p>{t('reset.verify.pushSent')}</p>
          <p className="wizard-push-number">
            <span className="visually-hidden">{t('reset.verify.pushNumber')} </span>
            <strong data-testid="push-number">{challenge.pushNumber}</strong>
          </p>
        </>
      ) : (
        <p>{t('reset.verify.callPlaced', { display: challenge.display })}</p>
      )}
      <Spinner size="small" label={waitingLabel} labelPosition="after" className="wizard-waiting" />
      {other}
      <WizardActions />
    </form>
  );
}
