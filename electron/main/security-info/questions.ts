import { normalizeAnswer } from '../../../shared/answers';

/** §7: an answer of at least 3 characters. */
export const minAnswerLength = 3;
/** The words of a question an answer may not contain: 4 letters or more, so "the", "was" or "of" do not count. */
const minQuestionWordLength = 4;

/** The rules of §7 a set of security questions can break, one code each (the renderer words them). */
export const questionRules = [
  'notInBank',
  'duplicateQuestion',
  'tooShort',
  'duplicateAnswer',
  'containsQuestionWords',
] as const;
export type QuestionRule = (typeof questionRules)[number];

export interface QuestionIssue {
  /** Index into the submitted list. */
  index: number;
  rule: QuestionRule;
}

export interface AnswerInput {
  question: string;
  answer: string;
}

/**
 * Every §7 rule each entry breaks, in the order of the entries: a question from the bank, each
 * question once, an answer of at least 3 characters (after normalisation, as it is hashed), no two
 * answers the same, and no answer containing a word of 4 letters or more of its own question. A
 * repeat is reported on the later entry, so the first one stays as typed. The count of entries is
 * the caller's check (it is not about one entry).
 */
export function questionIssues(entries: readonly AnswerInput[], bank: readonly string[]): QuestionIssue[] {
  const issues: QuestionIssue[] = [];
  const seenQuestions = new Set<string>();
  const seenAnswers = new Set<string>();
  entries.forEach((entry, index) => {
    const question = entry.question.trim();
    const answer = normalizeAnswer(entry.answer);
    if (!bank.includes(question)) issues.push({ index, rule: 'notInBank' });
    if (seenQuestions.has(question)) issues.push({ index, rule: 'duplicateQuestion' });
    seenQuestions.add(question);
    if (Array.from(answer).length < minAnswerLength) issues.push({ index, rule: 'tooShort' });
    else if (seenAnswers.has(answer)) issues.push({ index, rule: 'duplicateAnswer' });
    seenAnswers.add(answer);
    const answerWords = new Set(wordsOf(answer));
    if (
      wordsOf(normalizeAnswer(question)).some((word) => word.length >= minQuestionWordLength && answerWords.has(word))
    ) {
      issues.push({ index, rule: 'containsQuestionWords' });
    }
  });
  return issues;
}

/** Runs of letters and digits, in any script. */
function wordsOf(text: string): string[] {
  return text.match(/[\p{L}\p{N}]+/gu) ?? [];
}
