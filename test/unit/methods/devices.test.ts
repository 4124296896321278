import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  addApp,
  addEmail,
  addMobile,
  addOffice,
  addUser,
  ctxFor,
  minutes,
  openRoom,
  seconds,
  type Room,
} from './support';

let room: Room;
beforeEach(() => {
  room = openRoom();
});
afterEach(() => room.close());

describe("§5 the training room's virtual devices", () => {
  it("a user's devices show their own calls and pushes, and nothing of other users'", async () => {
    const alex = addUser(room.store, room.tenant, 'alex.wilber@contoso.com', 'Alex Wilber');
    const adeleMobile = addMobile(room);
    const alexApp = addApp(room, 'Alex phone', alex);
    await room.methods.mobileCall.start(ctxFor(room), adeleMobile.id, { phoneNumber: '+1 425 555 0101' });
    await room.methods.appNotification.start(ctxFor(room, 'flow-2', alex), alexApp.id, {});

    const adeleSees = room.devices.pendingFor(room.user);
    const alexSees = room.devices.pendingFor(alex);
    expect(adeleSees.calls.map((c) => c.dialled)).toEqual(['+1 425 555 0101']);
    expect(adeleSees.pushes).toEqual([]);
    expect(alexSees.calls).toEqual([]);
    expect(alexSees.pushes.map((p) => p.deviceName)).toEqual(['Alex phone']);

    // Nobody answers someone else's phone.
    const [call] = adeleSees.calls;
    const [push] = alexSees.pushes;
    if (!call || !push) throw new Error('nothing pending');
    expect(room.devices.confirmCall(alex, call.id)).toBe(false);
    expect(room.devices.respondToPush(room.user, push.id, '42')).toBe(false);
    expect(room.devices.denyPush(room.user, push.id, { report: true })).toBe(false);
    expect(room.devices.call(call.id)?.status).toBe('ringing');
  });

  it('a call or push is answered once; after that it is no longer pending', async () => {
    const mobile = addMobile(room);
    await room.methods.mobileCall.start(ctxFor(room), mobile.id, { phoneNumber: '+1 425 555 0101' });
    const [call] = room.devices.pendingFor(room.user).calls;
    if (!call) throw new Error('not ringing');
    expect(room.devices.declineCall(room.user, call.id)).toBe(true);
    expect(room.devices.confirmCall(room.user, call.id)).toBe(false);
    expect(room.devices.pendingFor(room.user).calls).toEqual([]);
    expect(room.devices.call(call.id)?.status).toBe('declined');
  });

  it("the inbox is the outbox messages to the user's own addresses and mobile numbers, newest first", async () => {
    const alex = addUser(room.store, room.tenant, 'alex.wilber@contoso.com', 'Alex Wilber');
    const email = addEmail(room);
    const mobile = addMobile(room);
    addOffice(room);
    const alexEmail = addEmail(room, 'alex@personal.example', alex);
    await room.methods.email.start(ctxFor(room), email.id, {});
    room.clock.advance(seconds(5));
    await room.methods.mobileSms.start(ctxFor(room), mobile.id, { phoneNumber: '+14255550101' });
    room.clock.advance(seconds(5));
    await room.methods.email.start(ctxFor(room, 'flow-2', alex), alexEmail.id, {});

    const registered = room.store.methods.listForUser(room.user.id);
    expect(room.devices.inboxFor(room.user, registered).map((m) => [m.channel, m.recipient])).toEqual([
      ['sms', '+1 425 555 0101'],
      ['email', 'adele.vance@personal.example'],
    ]);
    // Another user's registrations passed by mistake are ignored.
    expect(room.devices.inboxFor(room.user, room.store.methods.listForUser(alex.id))).toEqual([]);
  });

  it('finished calls and pushes are forgotten after a while', async () => {
    const mobile = addMobile(room);
    await room.methods.mobileCall.start(ctxFor(room), mobile.id, { phoneNumber: '+1 425 555 0101' });
    const [call] = room.devices.pendingFor(room.user).calls;
    room.clock.advance(minutes(15));
    await room.methods.mobileCall.start(ctxFor(room), mobile.id, { phoneNumber: '+1 425 555 0101' });
    expect(call && room.devices.call(call.id)).toBeNull();
    expect(room.devices.pendingFor(room.user).calls).toHaveLength(1);
  });
});
