import { normalizeAnswer } from '../../../shared/answers';
import type { Random } from '../random';
import { challengeBase, notRegistered, registrationFor, registrationsFor, unexpectedResponse } from './registration';
import type { ChallengeBase, MethodDeps, MethodOption, VerificationMethod } from './types';

export interface QuestionsChallenge extends ChallengeBase {
  method: 'securityQuestions';
  questions: string[];
}

/** `securityQuestions`: the policy's number, drawn at random; all must be right, and never which was wrong (spec §5). */
export function createSecurityQuestionsMethod(deps: MethodDeps): VerificationMethod<QuestionsChallenge> {
  return {
    name: 'securityQuestions',
    options: (user, tenant, registered): MethodOption[] =>
      registrationsFor(user, registered, 'securityQuestions')
        .filter((set) => set.answers.length >= tenant.ssprPolicy.questionsRequiredToReset)
        .map((set) => ({
          method: 'securityQuestions',
          methodId: set.id,
          display: '',
          needs: 'nothing',
        })),
    async start(ctx, methodId) {
      const set = registrationFor(deps.store, ctx.user, methodId, 'securityQuestions');
      if (!set) return notRegistered;
      const wanted = ctx.tenant.ssprPolicy.questionsRequiredToReset;
      if (set.answers.length < wanted) return { kind: 'refused', reason: 'notEnoughQuestions', countsAsFailure: false };
      const questions = draw(
        deps.random,
        set.answers.map((answer) => answer.question),
        wanted,
      );
      return {
        kind: 'questions',
        questions,
        state: { ...challengeBase(ctx, 'securityQuestions', methodId), questions },
      };
    },
    async check(ctx, state, response) {
      if (response.kind !== 'answers') return unexpectedResponse(state);
      const set = registrationFor(deps.store, ctx.user, state.methodId, 'securityQuestions');
      const hashes = state.questions.map((question) => set?.answers.find((a) => a.question === question)?.answerHash);
      if (hashes.some((hash) => hash === undefined)) return { kind: 'expired', reason: 'methodChanged' };
      // Every answer is verified, even after a wrong one, so the time taken does not tell which was wrong.
      const verdicts = await Promise.all(
        hashes.map((hash, index) => deps.hasher.verify(normalizeAnswer(response.answers[index] ?? ''), hash ?? '')),
      );
      if (verdicts.every((verdict) => verdict.ok) && response.answers.length === state.questions.length) {
        return { kind: 'passed' };
      }
      return { kind: 'failed', reason: 'wrongAnswers', countsAsFailure: true, retry: 'sameChallenge', state };
    },
  };
}

/** `count` items drawn uniformly without replacement: the first steps of a Fisher-Yates shuffle. */
export function draw<T>(random: Random, items: readonly T[], count: number): T[] {
  const pool = [...items];
  for (let i = 0; i < Math.min(count, pool.length); i++) {
    const j = i + random.int(pool.length - i);
    [pool[i], pool[j]] = [pool[j] as T, pool[i] as T];
  }
  return pool.slice(0, count);
}
