// Issue 9: e-mail codes leave over SMTP to a real server on loopback (smtp-server), and the outbox
// still shows everything sent. The server's key is a self-signed fixture for 127.0.0.1.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { FlowView } from '../../../shared/reset';
import { openFlowHarness, type FlowHarness } from '../flows/support';
import {
  smtpAccount as account,
  smtpCert as cert,
  startSmtpServer as startServer,
  type LoopbackSmtpServer as LoopbackServer,
} from '../../support/smtp-server';

const adele = { upn: 'adele.vance@contoso.com', phone: '+1 425 555 0101', email: 'adele.vance@personal.example' };

let h: FlowHarness;
let server: LoopbackServer | null = null;
beforeEach(async () => {
  h = await openFlowHarness();
});
afterEach(async () => {
  h.close();
  await server?.close();
  server = null;
});

function verifyView(view: FlowView): Extract<FlowView, { step: 'verify' }> {
  if (view.step !== 'verify') throw new Error(`expected the verify step, got ${view.step}`);
  return view;
}

async function askEmailCode(): Promise<{ flowId: string; view: FlowView }> {
  const { flowId, view } = await h.identify(adele.upn);
  const option = verifyView(view).options.find((candidate) => candidate.gateMethod === 'email');
  if (!option) throw new Error('no e-mail option');
  return {
    flowId,
    view: await h.call('reset.chooseMethod', { flowId, gateMethod: 'email', methodId: option.methodId }),
  };
}

/** The six-digit code in a delivered message (quoted-printable leaves digits as they are). */
function codeIn(raw: string): string {
  const code = /Code: (\d{6})/.exec(raw)?.[1];
  if (!code) throw new Error('no code in the delivered message');
  return code;
}

async function useSmtp(security: 'none' | 'starttls' | 'tls', auth: boolean, password = account.pass) {
  h.store.mail.updateSettings({
    connector: 'smtp',
    host: '127.0.0.1',
    port: server?.port ?? 0,
    security,
    username: auth ? account.user : null,
    fromAddress: 'sspr@contoso.com',
    trustedCertificate: security === 'none' ? null : cert,
  });
  if (auth) await h.t.vault.set('smtp-password', Buffer.from(password, 'utf8'));
}

describe('e-mail over SMTP (issue 9, spec §5 e-mail code, §10 outbox)', () => {
  it('§5: the e-mail code reaches a real SMTP server without authentication, and the gate accepts it', async () => {
    server = await startServer({ auth: false });
    await useSmtp('none', false);
    const { flowId, view } = await askEmailCode();
    expect(view.notice).toBeNull();
    expect(server.delivered).toHaveLength(1);
    const [message] = server.delivered;
    expect(message?.to).toEqual([adele.email]);
    const code = codeIn(message?.raw ?? '');
    // §10: the outbox still shows what was sent, and this message is marked sent.
    expect(h.codeSentTo(adele.email)).toBe(code);
    const [recorded] = h.store.outbox.list({ limit: 1, recipient: adele.email });
    expect(h.store.mail.deliveryOf(recorded?.id ?? 0)).toMatchObject({ status: 'sent', failure: null });
    const passed = await h.call('reset.respond', { flowId, response: { code } });
    expect(passed.notice).toBeNull();
    if (passed.step === 'verify') expect(passed.options.map((option) => option.gateMethod)).not.toContain('email');
  });

  it('§5: over STARTTLS with authentication (the password from the vault), the delivered code passes the gate', async () => {
    server = await startServer({ auth: true, starttls: true });
    await useSmtp('starttls', true);
    const { flowId } = await askEmailCode();
    expect(server.delivered).toHaveLength(1);
    const passed = await h.call('reset.respond', {
      flowId,
      response: { code: codeIn(server.delivered[0]?.raw ?? '') },
    });
    expect(passed.notice).toBeNull();
  });

  it('§5: over TLS from the first byte, the code is delivered', async () => {
    server = await startServer({ auth: true, secure: true });
    await useSmtp('tls', true);
    await askEmailCode();
    expect(server.delivered.map((message) => codeIn(message.raw))).toEqual([h.codeSentTo(adele.email)]);
  });

  it('§10: a wrong SMTP password delivers nothing; the failure is in the outbox and audited without the code', async () => {
    server = await startServer({ auth: true, starttls: true });
    await useSmtp('starttls', true, 'not-the-password');
    const { view } = await askEmailCode();
    expect(view.notice).toMatchObject({ code: 'deliveryFailed' });
    expect(server.delivered).toHaveLength(0);
    const [recorded] = h.store.outbox.list({ limit: 1, recipient: adele.email });
    expect(h.store.mail.deliveryOf(recorded?.id ?? 0)).toMatchObject({ status: 'failed', failure: 'EAUTH' });
    const [event] = h.store.audit.list({ limit: 1, activity: 'mailDeliveryFailed' });
    expect(event).toMatchObject({ result: 'failure', reason: 'EAUTH', targetUpn: adele.upn });
    const code = h.codeSentTo(adele.email);
    const trail = JSON.stringify([event, h.t.log.lines]);
    for (const secret of [code, 'not-the-password']) expect(trail).not.toContain(secret);
  });

  it('§10: switching back to the simulated outbox needs no restart: the next code stays in the outbox', async () => {
    server = await startServer({ auth: false });
    await useSmtp('none', false);
    await askEmailCode();
    expect(server.delivered).toHaveLength(1);
    h.store.mail.updateSettings({ connector: 'simulated' });
    const { flowId, view } = await askEmailCode();
    expect(view.notice).toBeNull();
    expect(server.delivered).toHaveLength(1);
    const [recorded] = h.store.outbox.list({ limit: 1, recipient: adele.email });
    expect(h.store.mail.deliveryOf(recorded?.id ?? 0)).toBeNull();
    const passed = await h.call('reset.respond', { flowId, response: { code: h.codeSentTo(adele.email) } });
    expect(passed.notice).toBeNull();
  });

  it('§10: the password-reset notification leaves over SMTP after the reset, and the outbox shows it', async () => {
    server = await startServer({ auth: true, starttls: true });
    const { flowId, view } = await h.identify(adele.upn);
    const sms = verifyView(view).options.find((option) => option.gateMethod === 'mobileSms');
    await h.call('reset.chooseMethod', {
      flowId,
      gateMethod: 'mobileSms',
      methodId: sms?.methodId ?? 0,
      phoneNumber: adele.phone,
    });
    const afterSms = await h.call('reset.respond', { flowId, response: { code: h.codeSentTo(adele.phone) } });
    await useSmtp('starttls', true);
    const email = verifyView(afterSms).options.find((option) => option.gateMethod === 'email');
    await h.call('reset.chooseMethod', { flowId, gateMethod: 'email', methodId: email?.methodId ?? 0 });
    const code = codeIn(server.delivered[0]?.raw ?? '');
    expect(await h.call('reset.respond', { flowId, response: { code } })).toMatchObject({ step: 'newPassword' });
    const newPassword = 'Quartz#Tundra-Harbor9';
    const done = await h.call('reset.setPassword', { flowId, newPassword, confirmPassword: newPassword });
    expect(done).toMatchObject({ step: 'done' });
    await vi.waitFor(() => expect(server?.delivered).toHaveLength(2), { timeout: 10_000 });
    const notice = server.delivered[1];
    expect(notice?.to).toEqual([adele.upn]);
    expect(notice?.raw).toContain('password was reset');
    expect(notice?.raw).not.toContain(newPassword);
    const [recorded] = h.store.outbox.list({ limit: 1, recipient: adele.upn });
    expect(recorded?.subject).toMatch(/password was reset/);
    await vi.waitFor(() => expect(h.store.mail.deliveryOf(recorded?.id ?? 0)).toMatchObject({ status: 'sent' }), {
      timeout: 10_000,
    });
  });
});
