import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { maskEmail } from '../../../electron/main/methods/email';
import {
  addEmail,
  addMobile,
  addUser,
  auditOf,
  ctxFor,
  expectNoSecretIn,
  lastCodeTo,
  openRoom,
  t0,
  type Room,
} from './support';

let room: Room;
beforeEach(() => {
  room = openRoom();
});
afterEach(() => room.close());

describe('§5 email', () => {
  it('§5 the address is shown masked as a*****@f*****.com', () => {
    expect(maskEmail('adele.vance@personal.example')).toBe('a*****@p*****.example');
    expect(maskEmail('someone@fabrikam.com')).toBe('s*****@f*****.com');
  });

  it('§5 masking: short parts keep one character, the stars never tell a length, only the last label shows', () => {
    expect(maskEmail('a@b.co')).toBe('a*****@b*****.co');
    expect(maskEmail('ab@mail.contoso.co.uk')).toBe('a*****@m*****.uk');
    expect(maskEmail('Émile.Zola@exemple.fr')).toBe('É*****@e*****.fr');
    expect(maskEmail('first.last+tag@sub.domain.example')).toBe('f*****@s*****.example');
  });

  it("§5 the options list the user's alternate address, masked, needing nothing typed", () => {
    const email = addEmail(room);
    addMobile(room);
    const registered = room.store.methods.listForUser(room.user.id);
    expect(room.methods.email.options(room.user, room.tenant, registered)).toEqual([
      { method: 'email', methodId: email.id, display: 'a*****@p*****.example', needs: 'nothing' },
    ]);
  });

  it('§5 a code goes to the address: the outbox is the mailbox, in plain words', async () => {
    const email = addEmail(room);
    const started = await room.methods.email.start(ctxFor(room), email.id, {});
    expect(started).toMatchObject({
      kind: 'codeSent',
      state: { method: 'email', methodId: email.id, flowId: 'flow-1' },
    });
    const [message] = room.store.outbox.list({ recipient: email.address, limit: 5 });
    expect(message).toMatchObject({
      channel: 'email',
      tenantId: room.tenant.id,
      at: t0,
      subject: 'Contoso account email verification code',
    });
    const code = lastCodeTo(room, email.address);
    expect(message?.body).toContain(`Code: ${code}`);
    expect(message?.body).toContain('expires in 5 minutes');
    // The challenge state handed to the flow holds no code.
    expect(JSON.stringify(started)).not.toContain(code);
    expectNoSecretIn(auditOf(room), [code]);
  });

  it("§5 only the user's own address can be used", async () => {
    const email = addEmail(room);
    const other = addUser(room.store, room.tenant, 'alex.wilber@contoso.com', 'Alex Wilber');
    const refused = await room.methods.email.start(ctxFor(room, 'flow-1', other), email.id, {});
    expect(refused).toEqual({ kind: 'refused', reason: 'methodNotRegistered', countsAsFailure: false });
    expect(room.store.outbox.list({ limit: 5 })).toEqual([]);
  });
});
