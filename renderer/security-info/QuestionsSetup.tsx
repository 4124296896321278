import { useEffect, useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, Field, Input, Select, Spinner } from '@fluentui/react-components';
import { useSecurityInfo } from './store';
import { Notice } from './Notice';

/**
 * Security questions (§7): the configured number of questions from the tenant's bank, each with an
 * answer. The rules (no repeated answer, at least 3 characters, not the question's own words) are the
 * main process's; a refusal comes back with the entries it concerns, marked here by their fields.
 */
export function QuestionsSetup({
  headingId,
  onDone,
  onCancel,
  extra,
}: {
  headingId: string;
  onDone(): void;
  onCancel(): void;
  extra?: ReactNode;
}) {
  const { t } = useTranslation();
  const info = useSecurityInfo((state) => state.info);
  const send = useSecurityInfo((state) => state.send);
  const busy = useSecurityInfo((state) => state.busy);
  const clearNotice = useSecurityInfo((state) => state.clearNotice);
  const required = info?.questions.required ?? 3;
  const earlier = info?.methods.find((method) => method.kind === 'securityQuestions')?.questions ?? [];
  const [questions, setQuestions] = useState<string[]>(() =>
    Array.from({ length: required }, (_, index) => earlier[index] ?? ''),
  );
  // The answers stay in this form only, and go from here straight into the call.
  const [answers, setAnswers] = useState<string[]>(() => Array.from({ length: required }, () => ''));

  useEffect(() => clearNotice(), [clearNotice]);

  const issues = info?.notice?.code === 'questionsRefused' ? (info.notice.issues ?? []) : [];
  const aboutQuestion = (rule: string) => rule === 'notInBank' || rule === 'duplicateQuestion';
  const questionIssue = (index: number) => issues.find((issue) => issue.index === index && aboutQuestion(issue.rule));
  const answerIssue = (index: number) => issues.find((issue) => issue.index === index && !aboutQuestion(issue.rule));

  async function submit(event: FormEvent) {
    event.preventDefault();
    const result = await send('securityInfo.setQuestions', {
      answers: questions.map((question, index) => ({ question, answer: answers[index] ?? '' })),
    });
    if (result?.notice?.code === 'questionsSaved') onDone();
  }

  const set = (list: string[], index: number, value: string) => list.map((item, at) => (at === index ? value : item));
  const bank = info?.questions.bank ?? [];

  return (
    <div className="si-setup" data-testid="method-setup" data-kind="securityQuestions" data-phase="enter">
      <h2 id={headingId} className="si-setup-title">
        {t('securityInfo.kinds.securityQuestions')}
      </h2>
      <form className="si-form" onSubmit={(event) => void submit(event)}>
        <Notice />
        <p>{t('securityInfo.questions.intro', { count: required, min: info?.questions.minAnswerLength ?? 3 })}</p>
        {questions.map((question, index) => {
          const onQuestion = questionIssue(index);
          const onAnswer = answerIssue(index);
          return (
            <div key={index} className="si-question" data-testid="question-row">
              <Field
                label={t('securityInfo.questions.number', { number: index + 1 })}
                required
                validationState={onQuestion ? 'error' : 'none'}
                validationMessage={onQuestion ? t(`securityInfo.rules.${onQuestion.rule}`) : undefined}
              >
                <Select value={question} onChange={(_, data) => setQuestions((list) => set(list, index, data.value))}>
                  <option value="" disabled>
                    {t('securityInfo.questions.choose')}
                  </option>
                  {bank.map((candidate) => (
                    <option
                      key={candidate}
                      value={candidate}
                      disabled={candidate !== question && questions.includes(candidate)}
                    >
                      {candidate}
                    </option>
                  ))}
                </Select>
              </Field>
              <Field
                label={t('securityInfo.questions.answer', { number: index + 1 })}
                required
                validationState={onAnswer ? 'error' : 'none'}
                validationMessage={
                  onAnswer
                    ? t(`securityInfo.rules.${onAnswer.rule}`, { defaultValue: t('securityInfo.notice.unknown') })
                    : undefined
                }
              >
                <Input
                  value={answers[index] ?? ''}
                  onChange={(_, data) => setAnswers((list) => set(list, index, data.value))}
                  autoComplete="off"
                  spellCheck={false}
                  maxLength={200}
                  required
                />
              </Field>
            </div>
          );
        })}
        <div className="si-actions">
          {extra && <div className="si-actions-extra">{extra}</div>}
          <Button onClick={onCancel}>{t('securityInfo.setup.back')}</Button>
          <Button
            type="submit"
            appearance="primary"
            disabledFocusable={busy}
            icon={busy ? <Spinner size="extra-tiny" aria-hidden /> : undefined}
            iconPosition="after"
          >
            {t('securityInfo.questions.save')}
          </Button>
        </div>
      </form>
    </div>
  );
}
