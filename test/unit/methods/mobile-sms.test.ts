import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { maskPhone, phoneDigits, samePhoneNumber } from '../../../electron/main/methods/phone';
import { addMobile, auditOf, ctxFor, failuresOf, lastCodeTo, openRoom, type Room } from './support';

let room: Room;
beforeEach(() => {
  room = openRoom();
});
afterEach(() => room.close());

describe('§5 mobileSms', () => {
  it('§5 the number is shown masked to its last two digits, and must be confirmed', () => {
    const mobile = addMobile(room);
    expect(maskPhone('+1 425 555 0101')).toBe('******** 01');
    expect(
      room.methods.mobileSms.options(room.user, room.tenant, room.store.methods.listForUser(room.user.id)),
    ).toEqual([{ method: 'mobileSms', methodId: mobile.id, display: '******** 01', needs: 'phoneNumberConfirmation' }]);
  });

  it('§5 the whole registered number must be typed before an SMS is sent', async () => {
    const mobile = addMobile(room);
    const ctx = ctxFor(room);
    for (const typed of [undefined, '', '01', '425 555 0101', '+1 425 555 0102', '+1 425 555 01010']) {
      expect(
        await room.methods.mobileSms.start(ctx, mobile.id, typed === undefined ? {} : { phoneNumber: typed }),
      ).toEqual({
        kind: 'refused',
        reason: 'phoneNumberMismatch',
        countsAsFailure: true,
      });
    }
    expect(room.store.outbox.list({ limit: 10 })).toEqual([]);
    // §6: a wrong phone number confirmation counts, and is audited as such.
    expect(failuresOf(room)).toBe(6);
    expect(
      auditOf(room)
        .filter((e) => e.activity === 'verificationFailed')
        .map((e) => e.reason),
    ).toEqual(Array(6).fill('phoneNumberMismatch'));
    const started = await room.methods.mobileSms.start(ctx, mobile.id, { phoneNumber: '+1 (425) 555-0101' });
    expect(started.kind).toBe('codeSent');
    const [sms] = room.store.outbox.list({ recipient: '+1 425 555 0101', limit: 1 });
    expect(sms).toMatchObject({ channel: 'sms', subject: null });
    if (started.kind !== 'codeSent') return;
    const code = lastCodeTo(room, '+1 425 555 0101');
    expect(await room.methods.mobileSms.check(ctx, started.state, { kind: 'code', code })).toEqual({ kind: 'passed' });
  });

  it('§5 the typed number matches after normalisation: +, 00 or the bare country code, any spacing', () => {
    const registered = '+1 425 555 0101';
    for (const typed of [
      '+1 425 555 0101',
      '14255550101',
      '+14255550101',
      '001 425 555 0101',
      '+1-425-555-0101',
      '+1 (425) 555.0101',
      '＋１４２５５５５０１０１',
    ]) {
      expect(samePhoneNumber(typed, registered), typed).toBe(true);
    }
    for (const typed of ['4255550101', '+1 425 555 0100', '+1 425 555 0101 ext 1', '1425555010l', '+', '']) {
      expect(samePhoneNumber(typed, registered), typed).toBe(false);
    }
    expect(phoneDigits('00 44 20 7946 0000')).toBe('442079460000');
    expect(phoneDigits('abc')).toBeNull();
  });
});
