// §5 "The server decides": a model-based test. fast-check fires random sequences of contract calls at
// the real engine (several flows at once, several users, right and wrong CAPTCHAs, codes, answers,
// forged method ids, codes from other flows, the clock moving past expiry) and after every call
// checks the one property that matters: a password changes only in a flow where every gate that
// user needs passed, for that user, in that flow.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { ManualClock } from '../../../electron/main/clock';
import { dispatch } from '../../../electron/main/api/dispatch';
import type { Store } from '../../../electron/main/store';
import { totpNow } from '../../../electron/main/methods';
import type { CallName, CallRequest } from '../../../shared/contract';
import type { FlowView } from '../../../shared/reset';
import { openStoreBeside, openTestEngine, type TestEngine } from '../support/engine';

// npm test walks 500 sequences (about 15 s); SSPR_MODEL_RUNS=10000 for the full walk the issue quotes
// (issue 4; `npm run verify` is issue 7's and does not include it).
const runs = Number(process.env.SSPR_MODEL_RUNS ?? 500);

interface ScenarioUser {
  upn: string;
  methods: Array<{
    kind: string;
    phoneNumber?: string;
    address?: string;
    secret?: string;
    answers?: Array<{ question: string; answer: string }>;
  }>;
}
const scenario = JSON.parse(readFileSync('resources/scenarios/contoso.json', 'utf8')) as {
  tenants: Array<{ users: ScenarioUser[] }>;
};
const modelUpns = [
  'adele.vance@contoso.com',
  'ben.walters@fabrikam.onmicrosoft.com',
  'christie.cline@contoso.com',
  'enrico.cattaneo@contoso.com',
  'patti.fernandez@contoso.com',
  'alex.wilber@contoso.com',
];
const users = modelUpns.map((upn) => {
  const user = scenario.tenants.flatMap((tenant) => tenant.users).find((candidate) => candidate.upn === upn);
  if (!user) throw new Error(`${upn} is not in the demo scenario`);
  return user;
});
/** Gates each model user needs (§3, §4): what the test holds the engine to, written down independently. */
const gatesNeeded: Record<string, number> = {
  'adele.vance@contoso.com': 2,
  'ben.walters@fabrikam.onmicrosoft.com': 1,
  'christie.cline@contoso.com': 2,
  'enrico.cattaneo@contoso.com': 2,
  'patti.fernandez@contoso.com': 2,
  'alex.wilber@contoso.com': Number.POSITIVE_INFINITY,
};

type Action =
  | { t: 'start' }
  | { t: 'identify'; flow: number; user: number; captchaRight: boolean }
  | { t: 'action'; flow: number; unlock: boolean }
  | { t: 'choose'; flow: number; pick: number; forgeId: number | null; phoneRight: boolean }
  | {
      t: 'respond';
      flow: number;
      kind: 'rightCode' | 'wrongCode' | 'foreignCode' | 'rightAnswers' | 'wrongAnswers' | 'poll';
    }
  | { t: 'phone'; flow: number; kind: 'confirm' | 'rightNumber' | 'wrongNumber' | 'deny' }
  | { t: 'password'; flow: number; matching: boolean }
  | { t: 'change'; flow: number }
  | { t: 'clock'; minutes: number }
  /** The flow's own user takes the natural next step: the walk must reach new passwords often. */
  | { t: 'honest'; flow: number; user: number };

const flowIndex = fc.oneof({ weight: 3, arbitrary: fc.constant(0) }, { weight: 2, arbitrary: fc.nat({ max: 3 }) });
const action: fc.Arbitrary<Action> = fc.oneof(
  { weight: 2, arbitrary: fc.constant<Action>({ t: 'start' }) },
  {
    weight: 3,
    arbitrary: fc.record({
      t: fc.constant('identify' as const),
      flow: flowIndex,
      user: fc.nat({ max: users.length - 1 }),
      captchaRight: fc.boolean(),
    }),
  },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('action' as const), flow: flowIndex, unlock: fc.boolean() }) },
  {
    weight: 4,
    arbitrary: fc.record({
      t: fc.constant('choose' as const),
      flow: flowIndex,
      pick: fc.nat({ max: 4 }),
      forgeId: fc.option(fc.integer({ min: 1, max: 120 }), { freq: 4 }),
      phoneRight: fc.boolean(),
    }),
  },
  {
    weight: 6,
    arbitrary: fc.record({
      t: fc.constant('respond' as const),
      flow: flowIndex,
      kind: fc.constantFrom(
        'rightCode',
        'rightCode',
        'wrongCode',
        'foreignCode',
        'rightAnswers',
        'wrongAnswers',
        'poll',
      ),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      t: fc.constant('phone' as const),
      flow: flowIndex,
      kind: fc.constantFrom('confirm', 'rightNumber', 'wrongNumber', 'deny'),
    }),
  },
  { weight: 3, arbitrary: fc.record({ t: fc.constant('password' as const), flow: flowIndex, matching: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('change' as const), flow: flowIndex }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('clock' as const), minutes: fc.constantFrom(1, 6, 16) }) },
  {
    weight: 36,
    arbitrary: fc.record({
      t: fc.constant('honest' as const),
      flow: flowIndex,
      user: fc.nat({ max: users.length - 1 }),
    }),
  },
);

/** The step an honest user takes from this view; null when there is nothing to do. */
function honestStep(flow: ModelFlow, user: number): Action | null {
  const view = flow.view;
  switch (view.step) {
    case 'identify':
      return { t: 'identify', flow: 0, user, captchaRight: true };
    case 'chooseAction':
      return { t: 'action', flow: 0, unlock: false };
    case 'verify': {
      if (!view.challenge) return { t: 'choose', flow: 0, pick: 0, forgeId: null, phoneRight: true };
      if (view.challenge.kind === 'questions') return { t: 'respond', flow: 0, kind: 'rightAnswers' };
      if (view.challenge.kind === 'callPlaced' || view.challenge.kind === 'pushSent') {
        return { t: 'phone', flow: 0, kind: view.challenge.kind === 'pushSent' ? 'rightNumber' : 'confirm' };
      }
      return { t: 'respond', flow: 0, kind: 'rightCode' };
    }
    case 'newPassword':
      return { t: 'password', flow: 0, matching: true };
    default:
      return null;
  }
}

let testEngine: TestEngine;
let store: Store;
const clock = new ManualClock('2026-03-02T09:00:00Z');
let passwordCounter = 0;
let sequences = 0;
let calls = 0;
let resetsSeen = 0;

beforeAll(async () => {
  testEngine = await openTestEngine({ clock });
  store = await openStoreBeside(testEngine);
});
afterAll(() => {
  store.close();
  testEngine.close();
});

async function call<N extends CallName>(name: N, request: CallRequest<N>): Promise<unknown> {
  calls += 1;
  const answer = await dispatch(testEngine.engine.handlers, name, request, { shell: 'browser' }, testEngine.log);
  return answer.ok ? answer.value : null;
}

interface ModelFlow {
  id: string;
  view: FlowView;
  upn: string | null;
}

function latestCodeTo(recipient: string): string | null {
  const [message] = store.outbox.list({ limit: 1, recipient });
  return message ? (/\b(\d{6})\b/.exec(message.body)?.[1] ?? null) : null;
}

/** The code the flow's user would read on their own phone, mailbox or app for the current challenge. */
function rightCode(flow: ModelFlow): string {
  const view = flow.view;
  if (view.step !== 'verify' || !view.challenge) return '000000';
  const user = users.find((candidate) => candidate.upn === flow.upn);
  const method = store.methods.get(view.challenge.methodId);
  if (!user || !method) return '000000';
  if (method.kind === 'authenticatorApp') {
    const secret = user.methods.find((m) => m.kind === 'authenticatorApp')?.secret ?? '';
    return totpNow(secret, clock.now());
  }
  const recipient = method.kind === 'email' ? method.address : method.kind === 'mobilePhone' ? method.phoneNumber : '';
  return latestCodeTo(recipient) ?? '000000';
}

function answersFor(flow: ModelFlow, right: boolean): string[] {
  const view = flow.view;
  const questions = view.step === 'verify' ? (view.challenge?.questions ?? ['?']) : ['?'];
  const registered =
    users.find((u) => u.upn === flow.upn)?.methods.find((m) => m.kind === 'securityQuestions')?.answers ?? [];
  return questions.map((question) =>
    right ? (registered.find((pair) => pair.question === question)?.answer ?? 'x') : 'not the answer',
  );
}

async function step(flows: ModelFlow[], act: Action): Promise<void> {
  if (act.t === 'start') {
    const started = (await call('reset.start', {})) as { flowId: string; view: FlowView };
    flows.push({ id: started.flowId, view: started.view, upn: null });
    return;
  }
  if (act.t === 'clock') {
    clock.advance(act.minutes * 60_000);
    return;
  }
  if (act.t === 'honest' && flows.length === 0) {
    await step(flows, { t: 'start' });
    return;
  }
  const flow = flows[act.flow % Math.max(flows.length, 1)];
  if (!flow) return;
  if (act.t === 'honest') {
    const next = honestStep(flow, act.user);
    if (!next) return;
    await step([flow], next);
    // A call or push answered on the phone still needs the wizard to ask (as its polling does).
    if (next.t === 'phone') await step([flow], { t: 'respond', flow: 0, kind: 'poll' });
    return;
  }
  let view: unknown = null;
  switch (act.t) {
    case 'identify': {
      const upn = users[act.user]?.upn ?? '';
      const puzzle = flow.view.step === 'identify' ? flow.view.captchaPuzzle : { a: 1, b: 1 };
      const captcha = act.captchaRight ? String(puzzle.a + puzzle.b) : 'WRONG';
      view = await call('reset.identify', { flowId: flow.id, upn, captcha });
      // The model remembers who the flow was started for only when the engine accepted it.
      if (view && (view as FlowView).step !== 'identify' && flow.upn === null) flow.upn = upn;
      break;
    }
    case 'action':
      view = await call('reset.chooseAction', { flowId: flow.id, action: act.unlock ? 'unlock' : 'reset' });
      break;
    case 'choose': {
      const options = flow.view.step === 'verify' ? flow.view.options : [];
      const option = options[act.pick % Math.max(options.length, 1)];
      const gateMethod = option?.gateMethod ?? 'email';
      const methodId = act.forgeId ?? option?.methodId ?? 1;
      const user = users.find((u) => u.upn === flow.upn);
      const phone = user?.methods.find((m) => m.kind === 'mobilePhone')?.phoneNumber ?? '+1 000 000 0000';
      view = await call('reset.chooseMethod', {
        flowId: flow.id,
        gateMethod,
        methodId,
        ...(option?.needsPhoneNumber ? { phoneNumber: act.phoneRight ? phone : '+1 999 999 9999' } : {}),
      });
      break;
    }
    case 'respond': {
      const response =
        act.kind === 'rightCode'
          ? { code: rightCode(flow) }
          : act.kind === 'wrongCode'
            ? { code: '123456' }
            : act.kind === 'foreignCode'
              ? { code: /\b(\d{6})\b/.exec(store.outbox.list({ limit: 1 })[0]?.body ?? '')?.[1] ?? '654321' }
              : act.kind === 'poll'
                ? { poll: true as const }
                : { answers: answersFor(flow, act.kind === 'rightAnswers') };
      view = await call('reset.respond', { flowId: flow.id, response });
      break;
    }
    case 'phone': {
      const user = flow.upn ? store.users.byUpn(flow.upn) : null;
      if (!user) return;
      const screen = testEngine.engine.devices.pendingFor(user);
      for (const incoming of screen.calls) {
        if (act.kind === 'deny') testEngine.engine.devices.declineCall(user, incoming.id);
        else testEngine.engine.devices.confirmCall(user, incoming.id);
      }
      for (const push of screen.pushes) {
        if (act.kind === 'deny') testEngine.engine.devices.denyPush(user, push.id, { report: false });
        else {
          const shown = flow.view.step === 'verify' ? (flow.view.challenge?.pushNumber ?? '00') : '00';
          testEngine.engine.devices.respondToPush(user, push.id, act.kind === 'wrongNumber' ? '00' : shown);
        }
      }
      return;
    }
    case 'password': {
      passwordCounter += 1;
      const password = `Quartz#Tundra${passwordCounter}!vW`;
      view = await call('reset.setPassword', {
        flowId: flow.id,
        newPassword: password,
        confirmPassword: act.matching ? password : `${password}x`,
      });
      break;
    }
    case 'change':
      view = await call('reset.changeMethod', { flowId: flow.id });
      break;
  }
  if (view) flow.view = view as FlowView;
}

/** The property, read from the store and the audit trail, not from what the engine says about itself. */
function checkNoBypass(hashesBefore: Map<string, string>, auditMark: number): void {
  for (const upn of modelUpns) {
    const user = store.users.byUpn(upn);
    if (!user) continue;
    if (user.passwordHash === hashesBefore.get(upn)) continue;
    resetsSeen += 1;
    const resets = store.audit
      .list({ limit: 50, targetUserId: user.id, activity: 'passwordReset' })
      .filter((event) => event.id > auditMark && event.result === 'success');
    expect(resets.length, `${upn}'s password changed without a passwordReset event`).toBe(1);
    const flowId = resets[0]?.flowId ?? '';
    const inFlow = store.audit.list({ limit: 500 }).filter((event) => event.flowId === flowId);
    const passed = inFlow.filter((event) => event.activity === 'verificationPassed');
    expect(
      passed.every((event) => event.targetUserId === user.id),
      'a gate of another user was used',
    ).toBe(true);
    expect(new Set(passed.map((event) => event.method)).size, `${upn} reset with too few gates`).toBeGreaterThanOrEqual(
      gatesNeeded[upn] ?? Number.POSITIVE_INFINITY,
    );
    const started = inFlow.find((event) => event.activity === 'flowStarted');
    expect(started?.targetUserId, 'the flow was started for someone else').toBe(user.id);
  }
}

describe('§5 the server decides: model-based', () => {
  it(`no sequence of calls changes a password without every required gate passed in that flow (${runs} sequences)`, async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(action, { minLength: 4, maxLength: 40 }), async (actions) => {
        sequences += 1;
        // Each sequence starts after every block, throttle and flow of the last one has run out.
        clock.advance(3 * 60 * 60_000);
        const flows: ModelFlow[] = [];
        for (const act of actions) {
          const hashesBefore = new Map(modelUpns.map((upn) => [upn, store.users.byUpn(upn)?.passwordHash ?? '']));
          const auditMark = store.audit.list({ limit: 1 })[0]?.id ?? 0;
          await step(flows, act);
          checkNoBypass(hashesBefore, auditMark);
          for (const flow of flows) {
            if (flow.view.step === 'verify' && flow.upn === 'patti.fernandez@contoso.com') {
              expect(flow.view.options.some((option) => option.gateMethod === 'securityQuestions')).toBe(false);
            }
          }
        }
      }),
      { numRuns: runs, seed: Number(process.env.SSPR_MODEL_SEED ?? 20261123) },
    );
    console.log(
      `model-based test: ${sequences} sequences, ${calls} calls, ${resetsSeen} legitimate resets, 0 bypasses`,
    );
    // The walk must actually reach the new password now and then, or it proves nothing.
    expect(resetsSeen).toBeGreaterThan(0);
  }, 900_000);
});
