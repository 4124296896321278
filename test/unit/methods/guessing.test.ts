import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createGuessingProtection, type GuessingProtection } from '../../../electron/main/methods/guessing';
import { addEmail, addMobile, auditOf, ctxFor, failuresOf, minutes, openRoom, t0, type Room } from './support';

let room: Room;
let guessing: GuessingProtection;
beforeEach(() => {
  room = openRoom();
  guessing = createGuessingProtection(room.store);
});
afterEach(() => room.close());

const at = (m: number) => new Date(t0.getTime() + minutes(m));

function fail(times: number, when: Date) {
  let last = guessing.recordFailure(room.user, 'mobileSms', when, { flowId: 'flow-1', deviceId: 'kiosk-1' });
  for (let i = 1; i < times; i++) last = guessing.recordFailure(room.user, 'mobileSms', when);
  return last;
}

describe('§6 protection against guessing', () => {
  it('§6 10 failures in 30 minutes block SSPR for 1 hour, audited', () => {
    for (let i = 0; i < 9; i++)
      expect(guessing.recordFailure(room.user, 'email', at(i * 3))).toEqual({ blocked: false });
    expect(guessing.recordFailure(room.user, 'appCode', at(29), { flowId: 'flow-7', deviceId: 'kiosk-1' })).toEqual({
      blocked: true,
      until: at(89),
    });
    expect(room.store.users.get(room.user.id)?.ssprBlockedUntil).toEqual(at(89));
    expect(guessing.isBlocked(room.user, at(89 - 1 / 60_000))).toEqual({ blocked: true, until: at(89) });
    const started = auditOf(room).filter((e) => e.activity === 'ssprLockoutStarted');
    expect(started).toMatchObject([
      {
        result: 'failure',
        reason: 'tooManyFailedVerifications',
        method: 'appCode',
        flowId: 'flow-7',
        deviceId: 'kiosk-1',
        at: at(29),
        details: { failures: 10, windowMinutes: 30, lockoutMinutes: 60 },
      },
    ]);
  });

  it('§6 the window slides: 9 failures, then 30 minutes pass, then 1 more is not blocked', () => {
    fail(9, at(0));
    expect(guessing.recordFailure(room.user, 'email', at(30))).toEqual({ blocked: false });
    expect(guessing.isBlocked(room.user, at(30))).toEqual({ blocked: false });
    // One millisecond earlier the 9 were still inside the window.
    room.close();
    room = openRoom();
    guessing = createGuessingProtection(room.store);
    fail(9, at(0));
    expect(guessing.recordFailure(room.user, 'email', new Date(at(30).getTime() - 1))).toMatchObject({ blocked: true });
  });

  it('§6 the end of a block is audited once, and the failures are forgotten', () => {
    fail(10, at(0));
    expect(guessing.isBlocked(room.user, at(59))).toMatchObject({ blocked: true });
    expect(guessing.isBlocked(room.user, at(60))).toEqual({ blocked: false });
    expect(guessing.isBlocked(room.user, at(61))).toEqual({ blocked: false });
    const ended = auditOf(room).filter((e) => e.activity === 'ssprLockoutEnded');
    expect(ended).toHaveLength(1);
    expect(ended[0]).toMatchObject({ at: at(60), result: 'success', targetUserId: room.user.id });
    expect(room.store.users.get(room.user.id)?.ssprBlockedUntil).toBeNull();
    expect(failuresOf(room)).toBe(0);
    // Nine more failures do not block again: the old ones were cleared.
    expect(fail(9, at(61))).toEqual({ blocked: false });
  });

  it('§6 failures during a block do not lengthen it', () => {
    fail(10, at(0));
    expect(guessing.recordFailure(room.user, 'email', at(30))).toEqual({ blocked: true, until: at(60) });
    expect(auditOf(room).filter((e) => e.activity === 'ssprLockoutStarted')).toHaveLength(1);
  });

  it('§2 the limit, window and lockout length are read from the tenant policy', () => {
    room.store.tenants.setSsprPolicy(room.tenant.id, {
      ...room.tenant.ssprPolicy,
      lockoutThreshold: 3,
      lockoutWindowMinutes: 5,
      lockoutMinutes: 15,
    });
    fail(2, at(0));
    expect(guessing.recordFailure(room.user, 'email', at(5))).toEqual({ blocked: false });
    fail(1, at(6));
    expect(guessing.recordFailure(room.user, 'email', at(7))).toEqual({ blocked: true, until: at(22) });
  });

  it('§6 a blocked user can neither start nor check a challenge; the block comes back from the gate', async () => {
    const mobile = addMobile(room);
    const email = addEmail(room);
    const sent = await room.methods.email.start(ctxFor(room), email.id, {});
    for (let i = 0; i < 9; i++) {
      await room.methods.mobileSms.start(ctxFor(room), mobile.id, { phoneNumber: '+1 425 555 0199' });
    }
    // The 10th failure, a wrong phone number confirmation, starts the block.
    expect(await room.methods.mobileSms.start(ctxFor(room), mobile.id, { phoneNumber: '+1 425 555 0199' })).toEqual({
      kind: 'blocked',
      until: at(60),
    });
    expect(await room.methods.email.start(ctxFor(room), email.id, {})).toEqual({ kind: 'blocked', until: at(60) });
    if (sent.kind !== 'codeSent') throw new Error(sent.kind);
    expect(await room.methods.email.check(ctxFor(room), sent.state, { kind: 'code', code: '000000' })).toEqual({
      kind: 'blocked',
      until: at(60),
    });
    expect(room.store.outbox.list({ limit: 10 })).toHaveLength(1);
  });
});
