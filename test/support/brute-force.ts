// Issue 7, brute force (§5, §6): fast-check draws guessing strategies and plays each against the real
// engine through its contract, on one engine per property whose manual clock jumps 3 hours between
// strategies (past any window, throttle and block). After every strategy the audit trail and the
// database must show that the policy held:
// - one-time codes: no code is compared more than 3 times, a replaced code never passes, at most 5
//   sends per method in any hour, at most 10 counted failures before SSPR is blocked for 1 hour, and
//   while blocked nothing is sent or compared; a guess never passes;
// - security questions: any set of answers with one wrong (the others right) fails, says the same
//   whichever was wrong, counts, and the same block holds;
// - the authenticator: a TOTP code accepted once is refused in every later flow at any time (no replay);
// - the CAPTCHA: a wrong answer gives a new one and the old right answer no longer passes.
// No vitest here: the unit test asserts on each result, and `npm run verify` prints them.
import fc from 'fast-check';
import { dispatch } from '../../electron/main/api/dispatch';
import { ManualClock } from '../../electron/main/clock';
import { totpNow } from '../../electron/main/methods';
import type { AuditEvent, Store } from '../../electron/main/store';
import type { CallName, CallRequest, CallResponse } from '../../shared/contract';
import type { FlowView } from '../../shared/reset';
import { openStoreBeside, openTestEngine, type TestEngine } from '../unit/support/engine';

export interface PropertyResult {
  name: string;
  /** Strategies played. */
  runs: number;
  /** Contract calls those strategies made. */
  calls: number;
  ok: boolean;
  /** The counterexample and what broke, when not ok. */
  detail: string;
}

interface Room {
  t: TestEngine;
  store: Store;
  clock: ManualClock;
  calls: number;
  call<N extends CallName>(name: N, request: CallRequest<N>): Promise<CallResponse<N>>;
  identify(upn: string): Promise<{ flowId: string; view: FlowView }>;
  /** Moves past every window, throttle and block of the strategy before. */
  nextStrategy(): Date;
  close(): void;
}

async function openRoom(): Promise<Room> {
  const clock = new ManualClock('2026-03-02T09:00:00Z');
  const t = await openTestEngine({ clock });
  const store = await openStoreBeside(t);
  const room: Room = {
    t,
    store,
    clock,
    calls: 0,
    async call(name, request) {
      room.calls += 1;
      const answer = await dispatch(t.engine.handlers, name, request, { shell: 'browser' }, t.log);
      if (!answer.ok) throw new Error(`${name} refused: ${answer.error.code} ${answer.error.message}`);
      return answer.value as CallResponse<typeof name>;
    },
    async identify(upn) {
      const { flowId, view } = await room.call('reset.start', {});
      if (view.step !== 'identify') throw new Error('a new flow must start at "who are you"');
      const captcha = String(view.captchaPuzzle.a + view.captchaPuzzle.b);
      return { flowId, view: await room.call('reset.identify', { flowId, upn, captcha }) };
    },
    nextStrategy() {
      clock.advance(3 * 60 * 60_000);
      return clock.now();
    },
    close() {
      store.close();
      t.close();
    },
  };
  return room;
}

/** Plays `runs` strategies drawn from `strategy`; a thrown assertion is the counterexample. */
async function property<S>(
  runs: number,
  strategy: fc.Arbitrary<S>,
  play: (room: Room, strategy: S) => Promise<void>,
  seed?: number,
): Promise<Omit<PropertyResult, 'name'>> {
  const room = await openRoom();
  try {
    const result = await fc.check(
      fc.asyncProperty(strategy, async (drawn) => {
        await play(room, drawn);
      }),
      { numRuns: runs, ...(seed === undefined ? {} : { seed }), endOnFailure: true },
    );
    const detail = result.failed
      ? `seed ${result.seed}: ${fc.stringify(result.counterexample)}: ${result.errorInstance instanceof Error ? result.errorInstance.message : String(result.errorInstance)}`
      : '';
    return { runs: result.numRuns, calls: room.calls, ok: !result.failed, detail };
  } finally {
    room.close();
  }
}

function fail(message: string): never {
  throw new Error(message);
}

function eventsSince(store: Store, userId: number, since: Date): AuditEvent[] {
  return store.audit.list({ targetUserId: userId, since, limit: 10_000 }).reverse();
}

/**
 * §6 from the audit trail: counted failures start the block at the 10th within 30 minutes, never
 * more, the block lasts 1 hour, and while it holds no challenge is sent or checked. No gate passed.
 */
function checkGuessingPolicy(events: AuditEvent[]): void {
  if (events.some((event) => event.activity === 'verificationPassed')) fail('a guess passed a gate');
  let counted: Date[] = [];
  let blockedUntil: Date | null = null;
  for (const event of events) {
    const at = event.at;
    if (blockedUntil && at >= blockedUntil) {
      blockedUntil = null;
      counted = [];
    }
    if (event.activity === 'ssprLockoutStarted') {
      const inWindow = counted.filter((time) => time.getTime() > at.getTime() - 30 * 60_000).length;
      if (inWindow !== 10) fail(`SSPR was blocked after ${inWindow} counted failures in 30 minutes, not 10`);
      const until = new Date(String(event.details['until']));
      if (until.getTime() - at.getTime() !== 60 * 60_000) fail(`the block lasts ${until.getTime() - at.getTime()} ms`);
      blockedUntil = until;
      continue;
    }
    const compared = event.activity === 'verificationFailed' || event.activity === 'codeSent';
    if (blockedUntil && compared && event.result === 'success') fail(`${event.activity} while blocked`);
    if (blockedUntil && event.activity === 'verificationFailed') fail('a guess was checked while blocked');
    if (event.activity === 'verificationFailed' && event.details['countsTowardLockout'] === true) {
      counted.push(at);
      const inWindow = counted.filter((time) => time.getTime() > at.getTime() - 30 * 60_000).length;
      if (inWindow > 10) fail(`${inWindow} counted failures in 30 minutes without a block`);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// One-time codes (§5, §6)

type CodeMove =
  | { t: 'guess'; code: string }
  | { t: 'resend' }
  | { t: 'exhaustAndResend' }
  | { t: 'replacedCode' }
  | { t: 'rightAfterThreeWrong' }
  | { t: 'wait'; minutes: number }
  | { t: 'newFlow' };

const codeMove: fc.Arbitrary<CodeMove> = fc.oneof(
  { weight: 6, arbitrary: fc.stringMatching(/^\d{6}$/).map((code) => ({ t: 'guess' as const, code })) },
  { weight: 2, arbitrary: fc.constant({ t: 'resend' as const }) },
  { weight: 2, arbitrary: fc.constant({ t: 'exhaustAndResend' as const }) },
  { weight: 1, arbitrary: fc.constant({ t: 'replacedCode' as const }) },
  { weight: 1, arbitrary: fc.constant({ t: 'rightAfterThreeWrong' as const }) },
  { weight: 1, arbitrary: fc.integer({ min: 0, max: 20 }).map((minutes) => ({ t: 'wait' as const, minutes })) },
  { weight: 1, arbitrary: fc.constant({ t: 'newFlow' as const }) },
);

const adele = { upn: 'adele.vance@contoso.com', email: 'adele.vance@personal.example' };

async function playCodes(room: Room, moves: CodeMove[]): Promise<void> {
  const since = room.nextStrategy();
  const user = room.store.users.byUpn(adele.upn) ?? fail('no Adele');
  let flow = await room.identify(adele.upn);
  /** Codes sent in this strategy, newest last, with the wrong tries each has had. */
  const sent: Array<{ code: string; wrong: number }> = [];
  const latestCode = () => {
    const [message] = room.store.outbox.list({ limit: 1, recipient: adele.email });
    return message ? (/\b(\d{6})\b/.exec(message.body)?.[1] ?? null) : null;
  };
  const send = async () => {
    const view = await room.call('reset.view', { flowId: flow.flowId });
    if (view.step !== 'verify') return view;
    await room.call('reset.changeMethod', { flowId: flow.flowId });
    const email = view.options.find((option) => option.gateMethod === 'email');
    if (!email) return view;
    const before = latestCode();
    const after = await room.call('reset.chooseMethod', {
      flowId: flow.flowId,
      gateMethod: 'email',
      methodId: email.methodId,
    });
    const code = latestCode();
    if (code && (code !== before || after.step === 'verify')) {
      if (after.step === 'verify' && after.challenge) sent.push({ code, wrong: 0 });
    }
    return after;
  };
  const respond = async (code: string) => {
    const view = await room.call('reset.respond', { flowId: flow.flowId, response: { code } });
    if (view.step === 'newPassword' || (view.step === 'verify' && view.gate > 1))
      fail(`the code ${code} passed the gate`);
    return view;
  };
  const guess = async (current: { code: string; wrong: number } | undefined, typed: string) => {
    // A guess is wrong by construction: one that happens to be the code is moved off it.
    const code = current && typed === current.code ? String((Number(typed) + 1) % 1_000_000).padStart(6, '0') : typed;
    const view = await respond(code);
    if (current && view.notice?.code === 'wrongCode') {
      current.wrong += 1;
      if (current.wrong > 3) fail('a code was compared a fourth time');
    }
  };
  await send();
  for (const move of moves) {
    const current = sent.at(-1);
    switch (move.t) {
      case 'guess':
        await guess(current, move.code);
        break;
      case 'resend':
        await send();
        break;
      case 'exhaustAndResend':
        for (let i = 0; i < 3; i++) await guess(current, '000000');
        await send();
        break;
      case 'replacedCode': {
        const replaced = sent.at(-2);
        if (replaced) await respond(replaced.code);
        break;
      }
      case 'rightAfterThreeWrong':
        if (current && current.wrong >= 3) await respond(current.code);
        break;
      case 'wait':
        room.clock.advance(move.minutes * 60_000);
        break;
      case 'newFlow':
        flow = await room.identify(adele.upn);
        await send();
        break;
    }
  }
  const events = eventsSince(room.store, user.id, since);
  checkGuessingPolicy(events);
  // §5 at most 5 sends per method in any hour.
  const sends = events.filter((event) => event.activity === 'codeSent' && event.result === 'success');
  for (const event of sends) {
    const inHour = sends.filter(
      (other) => other.at.getTime() > event.at.getTime() - 60 * 60_000 && other.at.getTime() <= event.at.getTime(),
    ).length;
    if (inHour > 5) fail(`${inHour} codes sent within an hour`);
  }
}

// ---------------------------------------------------------------------------------------------
// Security questions (§5, §6)

const enrico = {
  upn: 'enrico.cattaneo@contoso.com',
  phone: '+1 425 555 0120',
  answers: {
    'What was the name of your first pet?': 'Biscottino',
    'In what town or city did your parents first meet?': 'Castelfranco Emilia',
    'What was your favourite dish as a child?': 'Tortellini in brodo',
    'What was the destination of your first flight?': 'Reykjavik',
  } as Record<string, string>,
};

/** Each attempt: which of the asked questions get a wrong answer (at least one), and what the wrong answer is. */
const questionAttempt = fc.record({
  wrongAt: fc.uniqueArray(fc.integer({ min: 0, max: 2 }), { minLength: 1, maxLength: 3 }),
  wrong: fc.oneof(
    fc.string({ minLength: 1, maxLength: 30 }),
    fc.constantFrom('biscottino ', 'REYKJAVIK', 'Ｂｉｓｃｏｔｔｉｎｏ'),
  ),
  waitMinutes: fc.integer({ min: 0, max: 3 }),
});

type QuestionAttempt = typeof questionAttempt extends fc.Arbitrary<infer T> ? T : never;

async function playQuestions(room: Room, attempts: Array<QuestionAttempt>): Promise<void> {
  const since = room.nextStrategy();
  const user = room.store.users.byUpn(enrico.upn) ?? fail('no Enrico');
  const { flowId, view } = await room.identify(enrico.upn);
  const notices = new Set<string>();
  for (const attempt of attempts) {
    const current = await room.call('reset.view', { flowId });
    if (current.step !== 'verify') break;
    let questions = current.challenge?.questions ?? null;
    if (!questions) {
      const option = current.options.find((candidate) => candidate.gateMethod === 'securityQuestions');
      if (!option) fail(`no security questions offered (${view.step})`);
      const started = await room.call('reset.chooseMethod', {
        flowId,
        gateMethod: 'securityQuestions',
        methodId: option.methodId,
      });
      if (started.step !== 'verify') break;
      questions = started.challenge?.questions ?? null;
    }
    if (!questions) break;
    const answers = questions.map((question, index) =>
      attempt.wrongAt.includes(index) &&
      enrico.answers[question] !== undefined &&
      !sameAnswer(attempt.wrong, enrico.answers[question])
        ? attempt.wrong
        : attempt.wrongAt.includes(index)
          ? `${attempt.wrong}x`
          : (enrico.answers[question] ?? 'unknown'),
    );
    const answered = await room.call('reset.respond', { flowId, response: { answers } });
    if (answered.step === 'newPassword' || (answered.step === 'verify' && answered.gate > 1)) {
      fail(`answers with ${attempt.wrongAt.length} wrong passed the gate`);
    }
    if (answered.step === 'verify' && answered.notice) notices.add(JSON.stringify(answered.notice));
    room.clock.advance(attempt.waitMinutes * 60_000);
  }
  // §5 "never say which was wrong": every refusal reads the same.
  if (notices.size > 1) fail(`the refusals differ: ${[...notices].join(' / ')}`);
  checkGuessingPolicy(eventsSince(room.store, user.id, since));
}

function sameAnswer(a: string, b: string): boolean {
  return a.normalize('NFKC').trim().toLowerCase() === b.normalize('NFKC').trim().toLowerCase();
}

// ---------------------------------------------------------------------------------------------
// The authenticator: no replay (§5)

const christie = { upn: 'christie.cline@contoso.com', secret: '4CSXRCR376AJTMEGFG6UGCEBX7LPDWOI' };

async function playTotpReplay(room: Room, replays: Array<{ afterSeconds: number }>): Promise<void> {
  room.nextStrategy();
  const passOnce = async () => {
    const { flowId, view } = await room.identify(christie.upn);
    if (view.step !== 'verify') fail(`Christie is stopped: ${view.step}`);
    const app = view.options.find((option) => option.gateMethod === 'appCode') ?? fail('no authenticator offered');
    await room.call('reset.chooseMethod', { flowId, gateMethod: 'appCode', methodId: app.methodId });
    return { flowId, methodId: app.methodId };
  };
  const first = await passOnce();
  const code = totpNow(christie.secret, room.clock.now());
  const accepted = await room.call('reset.respond', { flowId: first.flowId, response: { code } });
  if (accepted.step !== 'verify' || accepted.gate !== 2) fail('the fresh code was not accepted');
  for (const replay of replays) {
    room.clock.advance(replay.afterSeconds * 1000);
    const again = await passOnce();
    const view = await room.call('reset.respond', { flowId: again.flowId, response: { code } });
    if (view.step !== 'verify' || view.gate !== 1) fail(`the code replayed ${replay.afterSeconds} s later passed`);
  }
}

/** Guessing the authenticator's code: a wrong guess (never one of the codes valid now) counts, like any other. */
async function playTotpGuesses(room: Room, guesses: Array<{ code: string; afterSeconds: number }>): Promise<void> {
  const since = room.nextStrategy();
  const user = room.store.users.byUpn(christie.upn) ?? fail('no Christie');
  let { flowId, view } = await room.identify(christie.upn);
  for (const guess of guesses) {
    room.clock.advance(guess.afterSeconds * 1000);
    const current = await room.call('reset.view', { flowId });
    if (current.step === 'stopped') break;
    if (current.step !== 'verify') fail(`Christie is at ${current.step}`);
    if (!current.challenge) {
      const app = current.options.find((option) => option.gateMethod === 'appCode') ?? fail('no authenticator offered');
      view = await room.call('reset.chooseMethod', { flowId, gateMethod: 'appCode', methodId: app.methodId });
    }
    const now = room.clock.now().getTime();
    const valid = new Set([-30_000, 0, 30_000].map((drift) => totpNow(christie.secret, new Date(now + drift))));
    const code = valid.has(guess.code) ? String((Number(guess.code) + 7) % 1_000_000).padStart(6, '0') : guess.code;
    if (valid.has(code)) continue;
    const answered = await room.call('reset.respond', { flowId, response: { code } });
    if (answered.step === 'newPassword' || (answered.step === 'verify' && answered.gate > 1))
      fail(`the guess ${code} passed`);
    if (answered.step === 'stopped' && view.step !== 'stopped') {
      ({ flowId, view } = await room.identify(christie.upn));
    }
  }
  const events = eventsSince(room.store, user.id, since);
  // §6 every wrong code counts: a guess that did not would be a free one.
  const free = events.filter(
    (event) => event.activity === 'verificationFailed' && event.details['countsTowardLockout'] !== true,
  );
  if (free.length > 0) fail(`${free.length} wrong codes did not count toward the block`);
  checkGuessingPolicy(events);
}

// ---------------------------------------------------------------------------------------------
// The CAPTCHA (§5.1, §6)

async function playCaptcha(room: Room, wrongAnswers: string[]): Promise<void> {
  room.nextStrategy();
  const { flowId, view } = await room.call('reset.start', {});
  if (view.step !== 'identify') fail('a new flow must start at "who are you"');
  const firstRight = String(view.captchaPuzzle.a + view.captchaPuzzle.b);
  let current = view;
  for (const wrong of wrongAnswers) {
    const right = String(current.captchaPuzzle.a + current.captchaPuzzle.b);
    if (wrong === right) continue;
    const next = await room.call('reset.identify', { flowId, upn: adele.upn, captcha: wrong });
    if (next.step !== 'identify' || next.notice?.code !== 'captchaWrong') fail(`the wrong answer ${wrong} passed`);
    if (next.captchaImage === current.captchaImage) fail('a wrong answer kept the same CAPTCHA');
    current = next;
  }
  const latestRight = String(current.captchaPuzzle.a + current.captchaPuzzle.b);
  if (wrongAnswers.length > 0 && firstRight !== latestRight) {
    const stale = await room.call('reset.identify', { flowId, upn: adele.upn, captcha: firstRight });
    if (stale.step !== 'identify') fail("the first CAPTCHA's answer passed after it was replaced");
  }
}

// ---------------------------------------------------------------------------------------------

export interface BruteForceProperty {
  name: string;
  run(runs: number, seed?: number): Promise<PropertyResult>;
}

function named<S>(
  name: string,
  strategy: fc.Arbitrary<S>,
  play: (room: Room, strategy: S) => Promise<void>,
): BruteForceProperty {
  return { name, run: async (runs, seed) => ({ name, ...(await property(runs, strategy, play, seed)) }) };
}

export const bruteForceProperties: BruteForceProperty[] = [
  named(
    '§5 §6 one-time codes: no guessing strategy passes; at most 3 tries a code, a replaced code is dead, at most 5 sends an hour, the 10th failure in 30 minutes blocks for 1 hour and nothing is sent or checked while blocked',
    fc.array(codeMove, { minLength: 12, maxLength: 40, size: 'max' }),
    playCodes,
  ),
  named(
    '§5 §6 security questions: one wrong answer among right ones fails, reads the same whichever it was, and counts toward the block',
    fc.array(questionAttempt, { minLength: 4, maxLength: 16, size: 'max' }),
    playQuestions,
  ),
  named(
    '§5 the authenticator: a TOTP code accepted once is refused in every later flow, whenever it is replayed',
    fc.array(fc.record({ afterSeconds: fc.integer({ min: 0, max: 45 }) }), { minLength: 1, maxLength: 4 }),
    playTotpReplay,
  ),
  named(
    '§5 §6 the authenticator: guessed codes never pass, each counts, and the 10th in 30 minutes blocks for 1 hour',
    fc.array(fc.record({ code: fc.stringMatching(/^\d{6}$/), afterSeconds: fc.integer({ min: 0, max: 90 }) }), {
      minLength: 5,
      maxLength: 16,
      size: 'max',
    }),
    playTotpGuesses,
  ),
  named(
    "§5.1 the CAPTCHA: every wrong answer gives a new one, and a replaced CAPTCHA's answer no longer passes",
    fc.array(
      fc.oneof(
        fc.string({ maxLength: 8 }).filter((s) => s.trim().length > 0),
        fc.integer({ min: 0, max: 40 }).map(String),
      ),
      { minLength: 1, maxLength: 6 },
    ),
    playCaptcha,
  ),
];

export async function runBruteForce(runs: number, seed?: number): Promise<PropertyResult[]> {
  const results: PropertyResult[] = [];
  for (const prop of bruteForceProperties) results.push(await prop.run(runs, seed));
  return results;
}
