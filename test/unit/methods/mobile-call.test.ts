import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addMobile, auditOf, ctxFor, failuresOf, openRoom, seconds, type Room } from './support';

let room: Room;
beforeEach(() => {
  room = openRoom();
});
afterEach(() => room.close());

const poll = { kind: 'poll' } as const;

async function placeCall() {
  const mobile = addMobile(room);
  const started = await room.methods.mobileCall.start(ctxFor(room), mobile.id, { phoneNumber: '+14255550101' });
  if (started.kind !== 'callPlaced') throw new Error(started.kind);
  const [call] = room.devices.pendingFor(room.user).calls;
  if (!call) throw new Error('the phone is not ringing');
  return { state: started.state, call, started };
}

describe('§5 mobileCall', () => {
  it('§5 the whole registered number must be typed before the phone rings', async () => {
    const mobile = addMobile(room);
    expect(room.methods.mobileCall.options(room.user, room.tenant, [mobile])).toEqual([
      { method: 'mobileCall', methodId: mobile.id, display: '******** 01', needs: 'phoneNumberConfirmation' },
    ]);
    expect(await room.methods.mobileCall.start(ctxFor(room), mobile.id, { phoneNumber: '+1 425 555 0199' })).toEqual({
      kind: 'refused',
      reason: 'phoneNumberMismatch',
      countsAsFailure: true,
    });
    expect(room.devices.pendingFor(room.user).calls).toEqual([]);
    expect(failuresOf(room)).toBe(1);
  });

  it('§5 the phone rings and the call passes when it presses #', async () => {
    const { state, call } = await placeCall();
    expect(call).toMatchObject({ dialled: '+1 425 555 0101', caller: 'Contoso', status: 'ringing' });
    expect(await room.methods.mobileCall.check(ctxFor(room), state, poll)).toMatchObject({ kind: 'pending' });
    expect(room.devices.confirmCall(room.user, call.id)).toBe(true);
    expect(await room.methods.mobileCall.check(ctxFor(room), state, poll)).toEqual({ kind: 'passed' });
    // Used once: the same call cannot pass a second gate.
    expect(await room.methods.mobileCall.check(ctxFor(room), state, poll)).toEqual({
      kind: 'expired',
      reason: 'challengeGone',
    });
    expect(room.store.outbox.list({ channel: 'voice', limit: 5 })).toHaveLength(1);
    expect(auditOf(room).map((e) => [e.activity, e.reason])).toEqual([
      ['codeSent', null],
      ['verificationPassed', null],
      ['verificationFailed', 'challengeGone'],
    ]);
  });

  it('§5 a declined call fails the gate and counts as a failed verification', async () => {
    const { state, call } = await placeCall();
    expect(room.devices.declineCall(room.user, call.id)).toBe(true);
    expect(await room.methods.mobileCall.check(ctxFor(room), state, poll)).toMatchObject({
      kind: 'failed',
      reason: 'callDeclined',
      countsAsFailure: true,
      retry: 'newChallengeNeeded',
    });
    expect(failuresOf(room)).toBe(1);
  });

  it('§5 an unanswered call times out after 60 s, without counting as a failure', async () => {
    const { state, call, started } = await placeCall();
    expect(started.kind === 'callPlaced' && started.timesOutAt.getTime() - call.at.getTime()).toBe(seconds(60));
    room.clock.advance(seconds(60) - 1);
    expect(await room.methods.mobileCall.check(ctxFor(room), state, poll)).toMatchObject({ kind: 'pending' });
    room.clock.advance(1);
    expect(room.devices.pendingFor(room.user).calls).toEqual([]);
    expect(room.devices.confirmCall(room.user, call.id)).toBe(false);
    expect(await room.methods.mobileCall.check(ctxFor(room), state, poll)).toEqual({
      kind: 'expired',
      reason: 'callUnanswered',
    });
    expect(failuresOf(room)).toBe(0);
  });

  it('§5 a code sent to a call challenge is refused without comparing anything', async () => {
    const { state } = await placeCall();
    expect(await room.methods.mobileCall.check(ctxFor(room), state, { kind: 'code', code: '123456' })).toMatchObject({
      kind: 'failed',
      reason: 'unexpectedResponse',
      countsAsFailure: false,
    });
  });
});
