import { afterEach, describe, expect, it } from 'vitest';
import type { Hasher } from '../../../electron/main/password/hasher';
import { createHasher } from '../../../electron/main/password/hasher';
import {
  addQuestions,
  auditOf,
  ctxFor,
  expectNoSecretIn,
  failuresOf,
  openRoom,
  scriptedRandom,
  type Room,
} from './support';

let room: Room;
afterEach(() => room.close());

const registered: [string, string][] = [
  ['What was the name of your first pet?', 'Rex'],
  ['What was your childhood nickname?', 'Della'],
  ['What was the first concert you went to?', 'Pavarotti in the Park'],
  ['What was the name of your first school?', 'St. Mary’s'],
  ['What was your favourite dish as a child?', 'Crème brûlée'],
];
const answerOf = (question: string) => registered.find(([q]) => q === question)?.[1] ?? '';

/** A hasher that counts its verifications, to see that every answer is checked. */
function countingHasher(): Hasher & { verified: number } {
  const inner = createHasher({ N: 1024, r: 8, p: 1 });
  const counting = {
    verified: 0,
    hash: (secret: string) => inner.hash(secret),
    verify: (secret: string, stored: string) => {
      counting.verified += 1;
      return inner.verify(secret, stored);
    },
  };
  return counting;
}

async function ask(options: { draws?: number[]; questionsRequiredToReset?: number; hasher?: Hasher } = {}) {
  room = openRoom({
    random: scriptedRandom(options.draws ?? []),
    ssprPolicy: {
      methodsAllowed: ['email', 'securityQuestions'],
      questionsRequiredToRegister: 5,
      questionsRequiredToReset: options.questionsRequiredToReset ?? 3,
    },
    ...(options.hasher ? { hasher: options.hasher } : {}),
  });
  const set = await addQuestions(room, registered);
  const started = await room.methods.securityQuestions.start(ctxFor(room), set.id, {});
  if (started.kind !== 'questions') throw new Error(started.kind);
  return { set, started, state: started.state, questions: started.questions };
}

describe('§5 securityQuestions', () => {
  it('§5 security questions: the configured number, drawn at random from the registered ones', async () => {
    // Fisher-Yates with draws 4, 3, 0: swap(0, 4), swap(1, 1 + 3), swap(2, 2 + 0).
    const { questions } = await ask({ draws: [4, 3, 0] });
    expect(questions).toEqual([registered[4]?.[0], registered[0]?.[0], registered[2]?.[0]]);
    room.close();
    const five = await ask({ questionsRequiredToReset: 5 });
    expect(new Set(five.questions)).toEqual(new Set(registered.map(([q]) => q)));
  });

  it('§5 security questions: a set smaller than the policy asks is not offered', async () => {
    room = openRoom({
      ssprPolicy: {
        methodsAllowed: ['email', 'securityQuestions'],
        questionsRequiredToRegister: 5,
        questionsRequiredToReset: 4,
      },
    });
    const set = await addQuestions(room, registered.slice(0, 3));
    expect(room.methods.securityQuestions.options(room.user, room.tenant, [set])).toEqual([]);
    expect(await room.methods.securityQuestions.start(ctxFor(room), set.id, {})).toEqual({
      kind: 'refused',
      reason: 'notEnoughQuestions',
      countsAsFailure: false,
    });
  });

  it('§5 security questions: all must be right; answers compare trimmed, case-insensitive and NFKC', async () => {
    const { state, questions } = await ask({ draws: [4, 3, 0] });
    const answers = questions.map((q) => `  ${answerOf(q).toUpperCase().normalize('NFD')}  `);
    expect(await room.methods.securityQuestions.check(ctxFor(room), state, { kind: 'answers', answers })).toEqual({
      kind: 'passed',
    });
  });

  it('§5 security questions: all must be right, never which was wrong', async () => {
    const hasher = countingHasher();
    const { state, questions } = await ask({ hasher });
    const right = questions.map(answerOf);
    const results = [];
    for (let wrong = 0; wrong < questions.length; wrong++) {
      const answers = right.map((answer, index) => (index === wrong ? 'not it' : answer));
      hasher.verified = 0;
      results.push(await room.methods.securityQuestions.check(ctxFor(room), state, { kind: 'answers', answers }));
      // Every answer is verified, even after a wrong one.
      expect(hasher.verified).toBe(questions.length);
    }
    const first = results[0];
    expect(first).toMatchObject({
      kind: 'failed',
      reason: 'wrongAnswers',
      countsAsFailure: true,
      retry: 'sameChallenge',
    });
    expect(results.every((result) => JSON.stringify(result) === JSON.stringify(first))).toBe(true);
    expect(
      await room.methods.securityQuestions.check(ctxFor(room), state, { kind: 'answers', answers: right.slice(0, 2) }),
    ).toEqual(first);
    expect(failuresOf(room)).toBe(4);
    const failures = auditOf(room).filter((e) => e.activity === 'verificationFailed');
    expect(failures.map((e) => e.reason)).toEqual(Array(4).fill('wrongAnswers'));
    expectNoSecretIn(auditOf(room), [...right, 'not it']);
    expect(
      await room.methods.securityQuestions.check(ctxFor(room), state, { kind: 'answers', answers: right }),
    ).toEqual({
      kind: 'passed',
    });
  });
});
