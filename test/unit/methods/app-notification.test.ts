import { afterEach, describe, expect, it } from 'vitest';
import { addApp, auditOf, ctxFor, failuresOf, openRoom, scriptedRandom, seconds, type Room } from './support';

let room: Room;
afterEach(() => room.close());

const poll = { kind: 'poll' } as const;

/** Sends a push whose number is 10 + `draw` (the injected Random decides). */
async function sendPush(draw = 37) {
  room = openRoom({ random: scriptedRandom([draw]) });
  const app = addApp(room);
  const started = await room.methods.appNotification.start(ctxFor(room), app.id, {});
  if (started.kind !== 'pushSent') throw new Error(started.kind);
  const [push] = room.devices.pendingFor(room.user).pushes;
  if (!push) throw new Error('the app shows no push');
  return { started, state: started.state, push };
}

describe('§5 appNotification', () => {
  it('§5 push: the wizard shows a two-digit number (10..99) drawn from the injected Random; the app does not', async () => {
    const low = await sendPush(0);
    expect(low.started.number).toBe('10');
    room.close();
    const { started, push } = await sendPush(89);
    expect(started.number).toBe('99');
    expect(push).toMatchObject({ tenantName: 'Contoso', upn: 'adele.vance@contoso.com', deviceName: "Adele's iPhone" });
    expect(JSON.stringify(push)).not.toContain('"99"');
    const [message] = room.store.outbox.list({ channel: 'push', limit: 1 });
    expect(message?.body).not.toContain('99');
  });

  it('§5 push: the right number passes', async () => {
    const { state, push } = await sendPush();
    expect(await room.methods.appNotification.check(ctxFor(room), state, poll)).toMatchObject({ kind: 'pending' });
    expect(room.devices.respondToPush(room.user, push.id, '47')).toBe(true);
    expect(await room.methods.appNotification.check(ctxFor(room), state, poll)).toEqual({ kind: 'passed' });
    expect(failuresOf(room)).toBe(0);
  });

  it('§5 push: a wrong number fails and counts', async () => {
    const { state, push } = await sendPush();
    room.devices.respondToPush(room.user, push.id, '74');
    expect(await room.methods.appNotification.check(ctxFor(room), state, poll)).toMatchObject({
      kind: 'failed',
      reason: 'wrongNumber',
      countsAsFailure: true,
      retry: 'newChallengeNeeded',
    });
    expect(failuresOf(room)).toBe(1);
  });

  it('§5 push: deny fails the gate and counts', async () => {
    const { state, push } = await sendPush();
    room.devices.denyPush(room.user, push.id, { report: false });
    expect(await room.methods.appNotification.check(ctxFor(room), state, poll)).toMatchObject({
      kind: 'failed',
      reason: 'pushDenied',
      countsAsFailure: true,
    });
    expect(failuresOf(room)).toBe(1);
    expect(auditOf(room).some((e) => e.activity === 'suspiciousActivityReported')).toBe(false);
  });

  it('§5 push: deny and report fails and audits suspicious activity at once', async () => {
    const { state, push } = await sendPush();
    room.devices.denyPush(room.user, push.id, { report: true });
    // Audited when reported, before the wizard asks again.
    const [report] = auditOf(room).filter((e) => e.activity === 'suspiciousActivityReported');
    expect(report).toMatchObject({
      method: 'appNotification',
      flowId: 'flow-1',
      deviceId: 'kiosk-1',
      targetUserId: room.user.id,
    });
    expect(await room.methods.appNotification.check(ctxFor(room), state, poll)).toMatchObject({
      kind: 'failed',
      reason: 'pushDeniedAndReported',
    });
    expect(failuresOf(room)).toBe(1);
  });

  it('§5 push: unanswered, it times out after 60 s and the app can no longer answer', async () => {
    const { state, push, started } = await sendPush();
    expect(started.timesOutAt.getTime() - push.at.getTime()).toBe(seconds(60));
    room.clock.advance(seconds(60) - 1);
    expect(await room.methods.appNotification.check(ctxFor(room), state, poll)).toMatchObject({ kind: 'pending' });
    room.clock.advance(1);
    expect(room.devices.respondToPush(room.user, push.id, '47')).toBe(false);
    expect(room.devices.pendingFor(room.user).pushes).toEqual([]);
    expect(await room.methods.appNotification.check(ctxFor(room), state, poll)).toEqual({
      kind: 'expired',
      reason: 'pushUnanswered',
    });
    expect(failuresOf(room)).toBe(0);
  });

  it('§5 push: an approved push passes one gate only', async () => {
    const { state, push } = await sendPush();
    room.devices.respondToPush(room.user, push.id, '47');
    expect(await room.methods.appNotification.check(ctxFor(room), state, poll)).toEqual({ kind: 'passed' });
    expect(await room.methods.appNotification.check(ctxFor(room), state, poll)).toMatchObject({ kind: 'expired' });
    expect(room.devices.respondToPush(room.user, push.id, '47')).toBe(false);
  });
});
