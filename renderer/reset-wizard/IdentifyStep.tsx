import { useId, useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, Field, Input, Link } from '@fluentui/react-components';
import type { FlowView } from '../../shared/reset';
import { useResetFlow } from './flow-store';
import { WizardActions } from './WizardActions';

type IdentifyView = Extract<FlowView, { step: 'identify' }>;

/** The CAPTCHA's SVG as an image address: drawn by the browser as a picture, never parsed into the page. */
function svgImageSource(svg: string): string {
  const bytes = new TextEncoder().encode(svg);
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return `data:image/svg+xml;base64,${btoa(binary)}`;
}

/** §5.1 "Who are you?": the user ID and the offline CAPTCHA (unless the device turned it off), with its arithmetic alternative. */
export function IdentifyStep({ view }: { view: IdentifyView }) {
  const { t } = useTranslation();
  const send = useResetFlow((state) => state.send);
  const busy = useResetFlow((state) => state.busy);
  const suggestedUpn = useResetFlow((state) => state.suggestedUpn);
  const [upn, setUpn] = useState(view.upn ?? suggestedUpn);
  // The answer belongs to one picture: a new picture (asked for, or after a wrong answer) starts it empty.
  const [answer, setAnswer] = useState({ image: view.captchaImage, text: '' });
  const [showQuestion, setShowQuestion] = useState(false);
  const imageSource = useMemo(() => svgImageSource(view.captchaImage), [view.captchaImage]);
  const questionId = useId();
  const captchaText = answer.image === view.captchaImage ? answer.text : '';

  function submit(event: FormEvent) {
    event.preventDefault();
    // A training room may turn the device's CAPTCHA off (issue 6 Device tab); then none is sent.
    void send(
      'reset.identify',
      view.captchaRequired ? { upn: upn.trim(), captcha: captchaText.trim() } : { upn: upn.trim() },
    );
  }

  const question = t('reset.identify.question', { a: view.captchaPuzzle.a, b: view.captchaPuzzle.b });
  return (
    <form className="wizard-form" onSubmit={submit} noValidate>
      <p className="wizard-subtitle">{t('reset.identify.subtitle')}</p>
      <p>{view.captchaRequired ? t('reset.identify.intro') : t('admin.identifyWithoutCaptcha')}</p>
      <Field label={t('reset.identify.userId')} hint={t('reset.identify.userIdHint')} required>
        <Input
          value={upn}
          onChange={(_, data) => setUpn(data.value)}
          autoComplete="username"
          spellCheck={false}
          type="email"
          inputMode="email"
        />
      </Field>
      {view.captchaRequired && (
        <>
          <div className="captcha">
            <img className="captcha-image" src={imageSource} alt={t('reset.identify.captchaImage')} />
            <div className="captcha-tools">
              <Button
                appearance="subtle"
                size="small"
                icon={<span aria-hidden>↻</span>}
                onClick={() => void send('reset.newCaptcha', {})}
                disabledFocusable={busy}
              >
                {t('reset.identify.newImage')}
              </Button>
              <Link
                as="button"
                type="button"
                aria-expanded={showQuestion}
                aria-controls={questionId}
                onClick={() => setShowQuestion((shown) => !shown)}
              >
                {showQuestion ? t('reset.identify.hideQuestion') : t('reset.identify.showQuestion')}
              </Link>
            </div>
            <p id={questionId} className="captcha-question" hidden={!showQuestion} data-testid="captcha-question">
              {question}
            </p>
          </div>
          <Field label={t('reset.identify.captchaLabel')} required>
            <Input
              value={captchaText}
              onChange={(_, data) => setAnswer({ image: view.captchaImage, text: data.value })}
              autoComplete="off"
              spellCheck={false}
              aria-describedby={showQuestion ? questionId : undefined}
            />
          </Field>
        </>
      )}
      <WizardActions primary={t('reset.next')} busy={busy} />
    </form>
  );
}
