// Issue 9: the §7 registration code goes through the same mailer; a server that cannot be reached
// leaves the address unregistered, the attempt in the outbox marked failed, and the user told.
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { openInfoRoom, type InfoRoom } from '../security-info/support';

let room: InfoRoom;
afterEach(() => room.close());

/** A loopback port that was free a moment ago and has nothing listening on it now. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((done) => server.close(() => done()));
  return port;
}

describe('§7 e-mail registration over SMTP (issue 9)', () => {
  it('§7 §10: when the SMTP server cannot be reached, nothing is pending, the user is told, and the failure is audited without the code', async () => {
    room = openInfoRoom();
    room.store.mail.updateSettings({
      connector: 'smtp',
      host: '127.0.0.1',
      port: await closedPort(),
      security: 'none',
      fromAddress: 'sspr@contoso.com',
    });
    const info = await room.service.add(room.user.id, { kind: 'email', address: 'adele@personal.example' }, null);
    expect(info.notice).toEqual({ code: 'deliveryFailed' });
    expect(info.pending).toBeNull();
    const [message] = room.store.outbox.list({ limit: 1, recipient: 'adele@personal.example' });
    expect(room.store.mail.deliveryOf(message?.id ?? 0)).toMatchObject({ status: 'failed', failure: 'ESOCKET' });
    const [event] = room.store.audit.list({ limit: 1, activity: 'mailDeliveryFailed' });
    expect(event).toMatchObject({ result: 'failure', targetUpn: room.user.upn });
    const code = /Code: (\d{6})/.exec(message?.body ?? '')?.[1] ?? 'no code';
    expect(JSON.stringify(event)).not.toContain(code);
    expect(room.store.audit.list({ limit: 5, activity: 'codeSent' })).toEqual([]);
  });
});

describe('issue 9 mail settings', () => {
  it('the SMTP connector is refused without a host or a from-address; the simulated outbox needs neither', () => {
    room = openInfoRoom();
    expect(room.store.mail.settings()).toMatchObject({ connector: 'simulated', port: 587, security: 'starttls' });
    expect(() => room.store.mail.updateSettings({ connector: 'smtp', fromAddress: 'sspr@contoso.com' })).toThrow(
      /host/,
    );
    expect(() => room.store.mail.updateSettings({ connector: 'smtp', host: 'mail.contoso.com' })).toThrow(/from/);
    expect(room.store.mail.settings().connector).toBe('simulated');
    expect(() => room.store.mail.updateSettings({ port: 0 })).toThrow();
    expect(() => room.store.mail.updateSettings({ trustedCertificate: 'not a certificate' })).toThrow();
  });
});
