import { generateSync } from 'otplib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { totpNow } from '../../../electron/main/methods/app-code';
import { addApp, ctxFor, failuresOf, openRoom, seconds, totpSecret, type Room } from './support';

let room: Room;
beforeEach(() => {
  room = openRoom();
});
afterEach(() => room.close());

/** The code of the step `offset` steps away from now, as an authenticator with a drifting clock shows it. */
const codeAt = (offsetSteps: number) =>
  totpNow(totpSecret, new Date(room.clock.now().getTime() + offsetSteps * seconds(30)));

async function ready() {
  const app = addApp(room);
  const started = await room.methods.appCode.start(ctxFor(room), app.id, {});
  if (started.kind !== 'ready') throw new Error(started.kind);
  return { app, state: started.state };
}

describe('§5 appCode', () => {
  it('§5 the app is listed by its device name; starting needs nothing sent', async () => {
    const app = addApp(room);
    const bare = addApp(room, null);
    expect(room.methods.appCode.options(room.user, room.tenant, [app, bare]).map((o) => o.display)).toEqual([
      "Adele's iPhone",
      '',
    ]);
    expect(await room.methods.appCode.start(ctxFor(room), app.id, {})).toMatchObject({ kind: 'ready' });
    expect(room.store.outbox.list({ limit: 5 })).toEqual([]);
  });

  it('§5 totpNow is RFC 6238 with SHA-1, 6 digits and 30 s steps', () => {
    // RFC 6238 appendix B, SHA-1, T = 59 s, secret "12345678901234567890": 94287082 (8 digits) → 287082.
    const rfcSecret = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';
    expect(totpNow(rfcSecret, new Date(59_000))).toBe('287082');
    expect(totpNow(rfcSecret, new Date(1_111_111_109_000))).toBe('081804');
    expect(totpNow(totpSecret, room.clock.now())).toBe(
      generateSync({ secret: totpSecret, epoch: room.clock.now().getTime() / 1000 }),
    );
  });

  it('§5 TOTP accepts one step of drift either way', async () => {
    const { state } = await ready();
    for (const offset of [-1, 0, 1]) {
      room.clock.advance(seconds(90));
      expect(
        await room.methods.appCode.check(ctxFor(room), state, { kind: 'code', code: codeAt(offset) }),
        `${offset}`,
      ).toEqual({
        kind: 'passed',
      });
    }
  });

  it('§5 TOTP refuses a code two steps away, and counts it', async () => {
    const { state } = await ready();
    for (const offset of [-2, 2]) {
      expect(
        await room.methods.appCode.check(ctxFor(room), state, { kind: 'code', code: codeAt(offset) }),
      ).toMatchObject({
        kind: 'failed',
        reason: 'wrongCode',
        countsAsFailure: true,
        retry: 'sameChallenge',
      });
    }
    expect(failuresOf(room)).toBe(2);
  });

  it('§5 a TOTP code accepted once is refused again, even within its window', async () => {
    const { state } = await ready();
    const code = codeAt(0);
    expect(await room.methods.appCode.check(ctxFor(room), state, { kind: 'code', code })).toEqual({ kind: 'passed' });
    room.clock.advance(seconds(20));
    expect(await room.methods.appCode.check(ctxFor(room), state, { kind: 'code', code })).toMatchObject({
      kind: 'failed',
      reason: 'codeAlreadyUsed',
      countsAsFailure: true,
    });
    // An older step is refused too once a later one was accepted.
    expect(await room.methods.appCode.check(ctxFor(room), state, { kind: 'code', code: codeAt(-1) })).toMatchObject({
      kind: 'failed',
    });
    room.clock.advance(seconds(30));
    expect(await room.methods.appCode.check(ctxFor(room), state, { kind: 'code', code: codeAt(0) })).toEqual({
      kind: 'passed',
    });
  });

  it('§5 two flows racing with one code: only one passes', async () => {
    const { app } = await ready();
    const a = await room.methods.appCode.start(ctxFor(room, 'flow-a'), app.id, {});
    const b = await room.methods.appCode.start(ctxFor(room, 'flow-b'), app.id, {});
    if (a.kind !== 'ready' || b.kind !== 'ready') throw new Error('not ready');
    const code = { kind: 'code', code: codeAt(0) } as const;
    const results = await Promise.all([
      room.methods.appCode.check(ctxFor(room, 'flow-a'), a.state, code),
      room.methods.appCode.check(ctxFor(room, 'flow-b'), b.state, code),
    ]);
    expect(results.filter((r) => r.kind === 'passed')).toHaveLength(1);
  });

  it('§5 a wrong or malformed code is a wrong code and counts; spaces between groups are allowed', async () => {
    const { state } = await ready();
    for (const code of ['000000', '12345', 'abcdef', '1234567', '']) {
      const wrong = code === codeAt(0) || code === codeAt(-1) || code === codeAt(1) ? '999999' : code;
      expect(await room.methods.appCode.check(ctxFor(room), state, { kind: 'code', code: wrong })).toMatchObject({
        kind: 'failed',
        reason: 'wrongCode',
      });
    }
    expect(failuresOf(room)).toBe(5);
    const code = codeAt(0);
    expect(
      await room.methods.appCode.check(ctxFor(room), state, {
        kind: 'code',
        code: `${code.slice(0, 3)} ${code.slice(3)}`,
      }),
    ).toEqual({
      kind: 'passed',
    });
  });
});
