// Issue 9: the settings pane's "E-mail delivery" through the contract: SMTP configured with its
// password in the vault, a test message read back from a real SMTP server on loopback, refusals that
// change nothing, and the switch back to the simulated outbox without a restart.
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openAdminHarness, type AdminHarness } from '../admin/support';
import { smtpAccount, smtpCert, startSmtpServer, type LoopbackSmtpServer } from '../../support/smtp-server';

let h: AdminHarness;
let server: LoopbackSmtpServer | null = null;
beforeEach(async () => {
  h = await openAdminHarness();
});
afterEach(async () => {
  h.close();
  await server?.close();
  server = null;
});

const mailRow = () => JSON.stringify(h.store.db.prepare('SELECT * FROM mail_settings').all());

function smtpPatch(port: number) {
  return {
    connector: 'smtp' as const,
    host: '127.0.0.1',
    port,
    security: 'starttls' as const,
    username: smtpAccount.user,
    fromAddress: 'sspr@contoso.com',
    trustedCertificate: smtpCert,
  };
}

describe('issue 9: e-mail delivery in the settings pane', () => {
  it('the simulated outbox is the default, and a test message lands there', async () => {
    expect(await h.call('admin.mail.get', {})).toMatchObject({ connector: 'simulated', passwordStored: false });
    const result = await h.call('admin.mail.test', { to: 'trainer@contoso.com' });
    expect(result).toMatchObject({ delivered: true, connector: 'simulated', reason: null });
    expect(h.store.outbox.list({ limit: 1, recipient: 'trainer@contoso.com' })[0]?.subject).toMatch(/^Test message/);
    expect(h.store.audit.list({ limit: 1, activity: 'mailTestSent' })[0]).toMatchObject({
      details: { connector: 'simulated' },
    });
  });

  it('SMTP with STARTTLS and an account: saved with the password in the vault only, and a test message reaches the server', async () => {
    server = await startSmtpServer({ auth: true, starttls: true });
    const view = await h.call('admin.mail.set', { patch: smtpPatch(server.port), password: smtpAccount.pass });
    expect(view).toMatchObject({ connector: 'smtp', host: '127.0.0.1', security: 'starttls', passwordStored: true });
    expect(JSON.stringify(view)).not.toContain(smtpAccount.pass);

    const result = await h.call('admin.mail.test', { to: 'trainer@contoso.com' });
    expect(result).toMatchObject({ delivered: true, connector: 'smtp', reason: null });
    expect(server.delivered).toHaveLength(1);
    expect(server.delivered[0]?.to).toEqual(['trainer@contoso.com']);
    expect(server.delivered[0]?.raw).toMatch(/Subject: Test message from the password reset app/);
    // The outbox still shows everything sent, and this one is marked sent.
    const [recorded] = h.store.outbox.list({ limit: 1, recipient: 'trainer@contoso.com' });
    expect(h.store.mail.deliveryOf(recorded?.id ?? 0)).toMatchObject({ status: 'sent' });

    // Audited field by field; the password only as "stored".
    const changes = h.store.audit.list({ limit: 20, activity: 'deviceSettingChanged' });
    expect(changes.map((event) => event.details.field)).toEqual(
      expect.arrayContaining(['connector', 'host', 'port', 'username', 'fromAddress', 'smtpAccountPassword']),
    );
    const exported = await h.call('admin.audit.export', { format: 'jsonl' });
    h.store.db.pragma('wal_checkpoint(TRUNCATE)');
    expect(JSON.stringify(exported)).not.toContain(smtpAccount.pass);
    expect(readFileSync(h.t.dbPath).includes(Buffer.from(smtpAccount.pass))).toBe(false);
    expect(await h.t.vault.get('smtp-password')).toEqual(Buffer.from(smtpAccount.pass));
  });

  it('a wrong SMTP password: the test says not delivered (EAUTH), the failure is audited without the password', async () => {
    server = await startSmtpServer({ auth: true, starttls: true });
    await h.call('admin.mail.set', { patch: smtpPatch(server.port), password: 'Not-The-Relay-Password-1' });
    const result = await h.call('admin.mail.test', { to: 'trainer@contoso.com' });
    expect(result).toMatchObject({ delivered: false, connector: 'smtp', reason: 'EAUTH' });
    expect(server.delivered).toHaveLength(0);
    const failure = h.store.audit.list({ limit: 1, activity: 'mailDeliveryFailed' })[0];
    expect(failure).toMatchObject({ reason: 'EAUTH' });
    expect(h.store.audit.list({ limit: 1, activity: 'mailTestSent' })[0]).toMatchObject({
      result: 'failure',
      reason: 'EAUTH',
    });
    expect(JSON.stringify([result, failure])).not.toContain('Not-The-Relay-Password-1');
  });

  it('switching back to the simulated outbox needs no restart: the next message stays in the outbox', async () => {
    server = await startSmtpServer({ auth: false });
    await h.call('admin.mail.set', {
      patch: { ...smtpPatch(server.port), security: 'none', username: null, trustedCertificate: null },
    });
    expect(await h.call('admin.mail.test', { to: 'one@contoso.com' })).toMatchObject({ delivered: true });
    expect(server.delivered).toHaveLength(1);

    await h.call('admin.mail.set', { patch: { connector: 'simulated' } });
    expect(await h.call('admin.mail.test', { to: 'two@contoso.com' })).toMatchObject({
      delivered: true,
      connector: 'simulated',
    });
    expect(server.delivered).toHaveLength(1);
    expect(h.store.outbox.list({ limit: 1, recipient: 'two@contoso.com' })).toHaveLength(1);
  });

  it('bad input is refused with the field named, never echoed, and changes nothing (settings, vault)', async () => {
    const before = mailRow();
    const refusals = [
      await h.refused('admin.mail.set', { patch: { connector: 'smtp', host: '', fromAddress: 'sspr@contoso.com' } }),
      await h.refused('admin.mail.set', { patch: { connector: 'smtp', host: 'mail.contoso.com' } }),
      await h.refused('admin.mail.set', { patch: { port: 70000 }, password: 'Secret#Relay-9' }),
      await h.refused('admin.mail.set', { patch: { host: 'mail contoso com' }, password: 'Secret#Relay-9' }),
      await h.refused('admin.mail.set', { patch: { trustedCertificate: 'not a certificate' } }),
      await h.refused('admin.mail.set', { patch: { relay: true } as never }),
      await h.refused('admin.mail.test', { to: 'not an address' }),
    ];
    expect(refusals.map((refusal) => refusal.code)).toEqual(Array(7).fill('invalid_request'));
    expect(refusals[0]?.message).toMatch(/^host: /);
    expect(refusals[1]?.message).toMatch(/^fromAddress: /);
    expect(JSON.stringify(refusals)).not.toContain('Secret#Relay-9');
    expect(mailRow()).toBe(before);
    expect(await h.t.vault.get('smtp-password')).toBeNull();
    expect(h.store.audit.list({ limit: 5, activity: 'deviceSettingChanged' })).toEqual([]);
  });

  it('the stored password can be removed, saying nothing keeps it, and it goes only where it was typed for', async () => {
    await h.call('admin.mail.set', { patch: { username: 'relay' }, password: 'Relay#Harbor-77' });
    expect(await h.call('admin.mail.set', { patch: { fromAddress: 'sspr@contoso.com' } })).toMatchObject({
      passwordStored: true,
    });
    // Another server, security or account: the stored password is not sent there until typed again.
    const before = mailRow();
    for (const patch of [
      { host: 'mail.attacker.example' },
      { port: 2525 },
      { security: 'tls' as const },
      { username: 'other' },
    ]) {
      const refused = await h.refused('admin.mail.set', { patch });
      expect(refused.message).toMatch(/^password: Type the account's password again/);
    }
    expect(mailRow()).toBe(before);
    expect(
      await h.call('admin.mail.set', { patch: { port: 465, security: 'tls' }, password: 'Relay#Harbor-77' }),
    ).toMatchObject({ passwordStored: true, port: 465 });
    expect(await h.call('admin.mail.set', { patch: {}, password: null })).toMatchObject({ passwordStored: false });
    expect(await h.t.vault.get('smtp-password')).toBeNull();
  });

  it('an account over a plain connection is refused unless the server is this machine', async () => {
    const plain = {
      connector: 'smtp' as const,
      security: 'none' as const,
      username: 'relay',
      fromAddress: 'sspr@contoso.com',
    };
    const refused = await h.refused('admin.mail.set', {
      patch: { ...plain, host: 'mail.contoso.com' },
      password: 'Relay#Harbor-77',
    });
    expect(refused.message).toMatch(/^security: /);
    expect(await h.t.vault.get('smtp-password')).toBeNull();
    expect(
      await h.call('admin.mail.set', { patch: { ...plain, host: '127.0.0.1' }, password: 'Relay#Harbor-77' }),
    ).toMatchObject({
      connector: 'smtp',
    });
  });
});
