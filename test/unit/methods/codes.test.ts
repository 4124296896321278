import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cryptoRandom } from '../../../electron/main/random';
import { createOneTimeCodes } from '../../../electron/main/methods/codes';
import {
  addEmail,
  addMobile,
  auditOf,
  ctxFor,
  expectNoSecretIn,
  failuresOf,
  lastCodeTo,
  minutes,
  openRoom,
  otherCode,
  scriptedRandom,
  seconds,
  t0,
  type Room,
} from './support';

let room: Room;
beforeEach(() => {
  room = openRoom();
});
afterEach(() => room.close());

async function sendEmailCode(flowId = 'flow-1') {
  const email = addEmailOnce();
  const started = await room.methods.email.start(ctxFor(room, flowId), email.id, {});
  if (started.kind !== 'codeSent') throw new Error(`no code was sent: ${started.kind}`);
  return { state: started.state, code: lastCodeTo(room, email.address), started };
}

function addEmailOnce() {
  const existing = room.store.methods.listForUser(room.user.id).find((m) => m.kind === 'email');
  return existing?.kind === 'email' ? existing : addEmail(room);
}

const guess = (code: string) => ({ kind: 'code', code }) as const;

describe('§5 one-time codes', () => {
  it('§5 a code is 6 digits from the CSPRNG, zero-padded', () => {
    const codes = createOneTimeCodes(scriptedRandom([42]));
    const key = { userId: 1, method: 'email', methodId: 1 } as const;
    const issued = codes.issue(key, t0, minutes(5));
    expect(issued.code).toBe('000042');
    expect(codes.verify(key, issued.challengeId, '000042', t0)).toEqual({ kind: 'passed' });
    expect(createOneTimeCodes(cryptoRandom).issue(key, t0, minutes(5)).code).toMatch(/^\d{6}$/);
  });

  it('§5 a code is valid for 5 minutes', async () => {
    const first = await sendEmailCode();
    expect(first.started.kind === 'codeSent' && first.started.expiresAt).toEqual(new Date(t0.getTime() + minutes(5)));
    room.clock.advance(minutes(5) - 1);
    expect(await room.methods.email.check(ctxFor(room), first.state, guess(first.code))).toEqual({ kind: 'passed' });

    room.clock.set(t0);
    const second = await sendEmailCode();
    room.clock.advance(minutes(5));
    expect(await room.methods.email.check(ctxFor(room), second.state, guess(second.code))).toEqual({
      kind: 'expired',
      reason: 'codeExpired',
    });
    expect(failuresOf(room)).toBe(0);
  });

  it('§2 the code validity is read from the tenant policy', async () => {
    room.store.tenants.setSsprPolicy(room.tenant.id, { ...room.tenant.ssprPolicy, codeValidityMinutes: 2 });
    const { state, code } = await sendEmailCode();
    room.clock.advance(minutes(2));
    expect(await room.methods.email.check(ctxFor(room), state, guess(code))).toMatchObject({ kind: 'expired' });
  });

  it('§5 at most 3 tries per code, then a new code is needed', async () => {
    const { state, code } = await sendEmailCode();
    const ctx = ctxFor(room);
    expect(await room.methods.email.check(ctx, state, guess(otherCode(code, 1)))).toMatchObject({
      kind: 'failed',
      reason: 'wrongCode',
      countsAsFailure: true,
      retry: 'sameChallenge',
      triesLeft: 2,
    });
    expect(await room.methods.email.check(ctx, state, guess(otherCode(code, 2)))).toMatchObject({ triesLeft: 1 });
    expect(await room.methods.email.check(ctx, state, guess(otherCode(code, 3)))).toMatchObject({
      kind: 'failed',
      retry: 'newChallengeNeeded',
      triesLeft: 0,
    });
    expect(await room.methods.email.check(ctx, state, guess(code))).toMatchObject({
      kind: 'failed',
      reason: 'codeTriesExhausted',
      countsAsFailure: false,
      retry: 'newChallengeNeeded',
    });
    expect(failuresOf(room)).toBe(3);
    const fresh = await sendEmailCode();
    expect(await room.methods.email.check(ctx, fresh.state, guess(fresh.code))).toEqual({ kind: 'passed' });
  });

  it('§5 asking again replaces the earlier code', async () => {
    const first = await sendEmailCode();
    const second = await sendEmailCode();
    const ctx = ctxFor(room);
    expect(await room.methods.email.check(ctx, first.state, guess(first.code))).toEqual({
      kind: 'expired',
      reason: 'codeReplaced',
    });
    expect(
      await room.methods.email.check(ctx, second.state, guess(first.code === second.code ? '' : first.code)),
    ).toMatchObject({
      kind: 'failed',
    });
    expect(await room.methods.email.check(ctx, second.state, guess(second.code))).toEqual({ kind: 'passed' });
  });

  it('§5 a code is single use', async () => {
    const { state, code } = await sendEmailCode();
    const ctx = ctxFor(room);
    expect(await room.methods.email.check(ctx, state, guess(code))).toEqual({ kind: 'passed' });
    expect(await room.methods.email.check(ctx, state, guess(code))).toEqual({ kind: 'expired', reason: 'codeUsed' });
  });

  it('§5 a code typed in groups ("123 456") is the same code', async () => {
    const { state, code } = await sendEmailCode();
    expect(
      await room.methods.email.check(ctxFor(room), state, guess(` ${code.slice(0, 3)} ${code.slice(3)} `)),
    ).toEqual({
      kind: 'passed',
    });
  });

  it('§5 at most 5 sends per method per hour', async () => {
    const email = addEmail(room);
    const mobile = addMobile(room);
    const ctx = ctxFor(room);
    for (let send = 0; send < 5; send++) {
      expect((await room.methods.email.start(ctx, email.id, {})).kind).toBe('codeSent');
      room.clock.advance(minutes(10));
    }
    const refused = await room.methods.email.start(ctx, email.id, {});
    expect(refused).toEqual({
      kind: 'refused',
      reason: 'tooManySends',
      countsAsFailure: false,
      retryAt: new Date(t0.getTime() + minutes(60)),
    });
    expect(room.store.outbox.list({ recipient: email.address, limit: 10 })).toHaveLength(5);
    // Another method has its own count; a throttled send is not a failed verification, but it is audited.
    expect((await room.methods.mobileSms.start(ctx, mobile.id, { phoneNumber: '+1 425 555 0101' })).kind).toBe(
      'codeSent',
    );
    expect(failuresOf(room)).toBe(0);
    expect(auditOf(room).filter((e) => e.activity === 'codeSent' && e.reason === 'tooManySends')).toHaveLength(1);
    // A send exactly one hour old has left the window.
    room.clock.set(new Date(t0.getTime() + minutes(60)));
    expect((await room.methods.email.start(ctx, email.id, {})).kind).toBe('codeSent');
  });

  it('§10 codeSent and the verification are audited, never the code', async () => {
    const { state, code } = await sendEmailCode();
    await room.methods.email.check(ctxFor(room), state, guess(otherCode(code)));
    await room.methods.email.check(ctxFor(room), state, guess(code));
    const events = auditOf(room);
    expect(events.map((e) => [e.activity, e.result, e.reason, e.method, e.flowId, e.deviceId])).toEqual([
      ['codeSent', 'success', null, 'email', 'flow-1', 'kiosk-1'],
      ['verificationFailed', 'failure', 'wrongCode', 'email', 'flow-1', 'kiosk-1'],
      ['verificationPassed', 'success', null, 'email', 'flow-1', 'kiosk-1'],
    ]);
    expectNoSecretIn(events, [code]);
  });

  it('§5 a challenge of another flow is refused as a caller bug', async () => {
    const { state, code } = await sendEmailCode('flow-1');
    await expect(room.methods.email.check(ctxFor(room, 'flow-2'), state, guess(code))).rejects.toThrow(
      /does not belong/,
    );
  });
});

describe('§5 one-time codes, for any sequence of guesses', () => {
  type Step = { kind: 'guess'; right: boolean; typo: number } | { kind: 'wait'; seconds: number };
  const step: fc.Arbitrary<Step> = fc.oneof(
    fc.record({ kind: fc.constant('guess' as const), right: fc.boolean(), typo: fc.integer({ min: 1, max: 999_999 }) }),
    fc.record({ kind: fc.constant('wait' as const), seconds: fc.integer({ min: 0, max: 200 }) }),
  );

  it('§5 the gate passes only with the right code, within validity and 3 tries, and never after it was used', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('email', 'mobileSms') as fc.Arbitrary<'email' | 'mobileSms'>,
        fc.array(step, { maxLength: 12 }),
        async (method, steps) => {
          const r = openRoom();
          try {
            const registration = method === 'email' ? addEmail(r) : addMobile(r);
            const started = await r.methods[method].start(ctxFor(r), registration.id, { phoneNumber: '+14255550101' });
            if (started.kind !== 'codeSent') throw new Error(started.kind);
            const recipient = registration.kind === 'email' ? registration.address : '+1 425 555 0101';
            const code = lastCodeTo(r, recipient);
            let tries = 0;
            let used = false;
            for (const s of steps) {
              if (s.kind === 'wait') {
                r.clock.advance(seconds(s.seconds));
                continue;
              }
              const typed = s.right ? code : otherCode(code, s.typo);
              const valid = r.clock.now().getTime() < t0.getTime() + minutes(5);
              const result = await r.methods[method].check(ctxFor(r), started.state, { kind: 'code', code: typed });
              const shouldPass = s.right && valid && tries < 3 && !used;
              expect(result.kind === 'passed').toBe(shouldPass);
              if (result.kind === 'passed') used = true;
              if (!s.right && valid && !used && tries < 3) tries += 1;
            }
            expect(failuresOf(r)).toBe(tries);
          } finally {
            r.close();
          }
        },
      ),
      { numRuns: 60 },
    );
  });
});
