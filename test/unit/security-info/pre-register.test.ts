import { afterEach, describe, expect, it } from 'vitest';
import { preRegister } from '../../../electron/main/security-info/pre-register';
import { addEmail, addMobile, auditOf, t0 } from '../methods/support';
import { openInfoRoom, type InfoRoom } from './support';

let room: InfoRoom;
afterEach(() => room.close());

const admin = 'patti.fernandez@contoso.com';

describe('§7 pre-registration by an administrator', () => {
  it('§7 an admin puts a mobile phone on a user: stored at once, audited with the admin as actor, the user notified', () => {
    room = openInfoRoom();
    const result = preRegister(room, {
      actor: admin,
      userId: room.user.id,
      method: { kind: 'mobilePhone', phoneNumber: '+1 425 555 0188' },
    });
    expect(result).toMatchObject({ ok: true, method: { kind: 'mobilePhone', phoneNumber: '+1 425 555 0188' } });
    const [event, notified] = auditOf(room);
    expect(event).toMatchObject({
      activity: 'securityInfoPreRegistered',
      actor: admin,
      targetUpn: 'adele.vance@contoso.com',
      method: 'mobilePhone',
      at: t0,
    });
    expect(notified).toMatchObject({ activity: 'notificationSent', reason: 'securityInfoChanged' });
    // The user now holds a usable method: the security info page lists it as theirs.
    expect(room.service.get(room.user.id).methods).toMatchObject([
      { kind: 'mobilePhone', usableFor: ['mobileSms', 'mobileCall'] },
    ]);
  });

  it('§7 an e-mail address and an office phone with its extension can be pre-registered', () => {
    room = openInfoRoom();
    expect(
      preRegister(room, {
        actor: admin,
        userId: room.user.id,
        method: { kind: 'email', address: 'adele@personal.example' },
      }).ok,
    ).toBe(true);
    expect(
      preRegister(room, {
        actor: admin,
        userId: room.user.id,
        method: { kind: 'officePhone', phoneNumber: '001 425 555 0150', extension: '2305' },
      }),
    ).toMatchObject({ ok: true, method: { phoneNumber: '+14255550150', extension: '2305' } });
  });

  it('§1 §7 refused, changing nothing: a malformed number or address, the UPN, a bad extension, an unknown user', () => {
    room = openInfoRoom();
    const attempt = (method: Parameters<typeof preRegister>[1]['method'], userId = room.user.id) =>
      preRegister(room, { actor: admin, userId, method });
    expect(attempt({ kind: 'mobilePhone', phoneNumber: '555' })).toEqual({ ok: false, refusal: 'invalidPhone' });
    expect(attempt({ kind: 'email', address: 'adele at home' })).toEqual({ ok: false, refusal: 'invalidEmail' });
    expect(attempt({ kind: 'email', address: 'ADELE.VANCE@contoso.com' })).toEqual({
      ok: false,
      refusal: 'emailIsUpn',
    });
    expect(attempt({ kind: 'officePhone', phoneNumber: '+1 425 555 0150', extension: '12a' })).toEqual({
      ok: false,
      refusal: 'invalidExtension',
    });
    expect(attempt({ kind: 'email', address: 'x@personal.example' }, 9999)).toEqual({
      ok: false,
      refusal: 'userNotFound',
    });
    expect(room.store.methods.listForUser(room.user.id)).toEqual([]);
    expect(auditOf(room)).toEqual([]);
    expect(room.store.outbox.list({ limit: 10 })).toEqual([]);
  });

  it('§7 like Graph, a second method of a kind the user holds is refused', () => {
    room = openInfoRoom();
    addMobile(room);
    addEmail(room);
    expect(
      preRegister(room, {
        actor: admin,
        userId: room.user.id,
        method: { kind: 'mobilePhone', phoneNumber: '+1 425 555 0177' },
      }),
    ).toEqual({ ok: false, refusal: 'alreadyRegistered' });
    expect(
      preRegister(room, {
        actor: admin,
        userId: room.user.id,
        method: { kind: 'email', address: 'other@personal.example' },
      }),
    ).toEqual({ ok: false, refusal: 'alreadyRegistered' });
    expect(auditOf(room)).toEqual([]);
  });

  it('§10 a pre-registration names who made it: no actor, no pre-registration', () => {
    room = openInfoRoom();
    expect(() =>
      preRegister(room, {
        actor: ' ',
        userId: room.user.id,
        method: { kind: 'mobilePhone', phoneNumber: '+1 425 555 0188' },
      }),
    ).toThrow();
    expect(room.store.methods.listForUser(room.user.id)).toEqual([]);
  });
});
