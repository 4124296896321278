import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { maskOfficePhone } from '../../../electron/main/methods/phone';
import { addOffice, ctxFor, failuresOf, openRoom, type Room } from './support';

let room: Room;
beforeEach(() => {
  room = openRoom({ ssprPolicy: { methodsAllowed: ['email', 'officeCall'] } });
});
afterEach(() => room.close());

describe('§5 officeCall', () => {
  it('§5 the office number shows masked the same way; the extension is not shown', () => {
    const office = addOffice(room);
    expect(maskOfficePhone('+1 425 555 0150', null)).toBe('******** 50');
    expect(room.methods.officeCall.options(room.user, room.tenant, [office])).toEqual([
      { method: 'officeCall', methodId: office.id, display: '******** 50 ext. ****', needs: 'nothing' },
    ]);
  });

  it('§5 the office phone rings at its extension without a typed number, and passes with #', async () => {
    const office = addOffice(room);
    const started = await room.methods.officeCall.start(ctxFor(room), office.id, {});
    expect(started.kind).toBe('callPlaced');
    const [call] = room.devices.pendingFor(room.user).calls;
    expect(call).toMatchObject({ dialled: '+1 425 555 0150 x2305', methodId: office.id });
    if (!call || started.kind !== 'callPlaced') return;
    room.devices.confirmCall(room.user, call.id);
    expect(await room.methods.officeCall.check(ctxFor(room), started.state, { kind: 'poll' })).toEqual({
      kind: 'passed',
    });
    expect(failuresOf(room)).toBe(0);
  });

  it('§5 a declined office call fails the gate and counts', async () => {
    const office = addOffice(room, '+1 425 555 0151', null);
    const started = await room.methods.officeCall.start(ctxFor(room), office.id, {});
    const [call] = room.devices.pendingFor(room.user).calls;
    expect(call?.dialled).toBe('+1 425 555 0151');
    if (!call || started.kind !== 'callPlaced') throw new Error('no call');
    room.devices.declineCall(room.user, call.id);
    expect(await room.methods.officeCall.check(ctxFor(room), started.state, { kind: 'poll' })).toMatchObject({
      kind: 'failed',
      reason: 'callDeclined',
    });
    expect(failuresOf(room)).toBe(1);
  });
});
