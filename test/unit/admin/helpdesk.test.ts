// Issue 6 helpdesk actions: reset with a temporary password typed by the admin (§8, must change,
// writeback for synced users as in §5, audited with the admin as actor, the user notified), unlock
// (§6: cloud and on-premises lockouts and the SSPR block), revoke methods, pre-register (§7), risk,
// enable/disable, roles (§4) and license (§3.4). A refusal changes nothing; no secret reaches an
// answer, an audit row, the outbox or a log line.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { onPremRepository } from '../../../electron/main/directory/simulated';
import { auditText, openAdminHarness, snapshot, type AdminHarness } from './support';

let h: AdminHarness;
let contoso: number;
beforeEach(async () => {
  h = await openAdminHarness();
  contoso = h.tenantId('Contoso');
});
afterEach(() => h.close());

const temporary = 'Temp-Harbor-Quill-4821';
const adele = 'adele.vance@contoso.com';
const johanna = 'johanna.lorenz@contoso.com';

describe('issue 6 helpdesk reset', () => {
  it('§8 a temporary password that breaks the policy is refused with its rules, and nothing changes', async () => {
    const before = snapshot(h.store);
    const result = await h.call('admin.user.resetPassword', { userId: h.userId(adele), temporaryPassword: 'password' });
    expect(result).toMatchObject({ ok: false, code: 'passwordRefused' });
    if (result.ok) throw new Error('unreachable');
    expect(result.failures.map((failure) => failure.code)).toEqual(expect.arrayContaining(['complexity', 'banned']));
    expect(snapshot(h.store)).toBe(before);
    expect(h.store.audit.list({ limit: 1, activity: 'adminPasswordReset' })[0]).toMatchObject({
      result: 'failure',
      reason: 'passwordRefused',
    });
  });

  it('§8 §11 a cloud user gets the temporary password, must change it at sign-in, and is notified; §10 no audit row holds it', async () => {
    const userId = h.userId(adele);
    const result = await h.call('admin.user.resetPassword', { userId, temporaryPassword: temporary });
    expect(result).toMatchObject({ ok: true, wroteBack: false, user: { mustChange: true } });
    const signIn = await h.call('session.signIn', { upn: adele, password: temporary });
    expect(signIn).toMatchObject({
      outcome: 'signedIn',
      session: { next: { step: 'changePassword', reason: 'mustChange' } },
    });
    expect(h.store.audit.list({ limit: 1, activity: 'adminPasswordReset' })[0]).toMatchObject({
      result: 'success',
      actor: expect.stringMatching(/^Local administrator \(/),
      targetUpn: adele,
      details: { wroteBack: false, mustChange: true },
    });
    const [notice] = h.store.outbox.list({ limit: 1, recipient: adele });
    expect(notice?.subject).toContain('reset by your administrator');
    // §10: search every audit row, every outbox message and every log line for the password.
    const everything = [
      auditText(h.store),
      JSON.stringify(h.store.db.prepare('SELECT * FROM outbox').all()),
      JSON.stringify(result),
      h.t.log.lines.join('\n'),
    ].join('\n');
    expect(everything).not.toContain(temporary);
  });

  it("§5 a synced user's temporary password is written back to the on-premises directory, which also unlocks them there", async () => {
    const userId = h.userId(johanna);
    const account = () => onPremRepository(h.store).accountForUser(userId);
    const before = account();
    const result = await h.call('admin.user.resetPassword', { userId, temporaryPassword: temporary });
    expect(result).toMatchObject({
      ok: true,
      wroteBack: true,
      user: { lockouts: { onPremises: { locked: false, failedSignIns: 0 } } },
    });
    expect(account()?.passwordHash).not.toBe(before?.passwordHash);
    expect(h.store.audit.list({ limit: 5, activity: 'writebackSucceeded' })[0]).toMatchObject({
      actor: expect.stringMatching(/^Local administrator/),
    });
    expect(auditText(h.store)).not.toContain(temporary);
  });

  it('§5 with the writeback agent down nothing is written anywhere, and the admin is told why', async () => {
    await h.call('admin.tenant.set', {
      tenantId: contoso,
      change: { tab: 'onPremises', patch: { writebackAgent: 'down' } },
    });
    const before = snapshot(h.store);
    const result = await h.call('admin.user.resetPassword', {
      userId: h.userId(johanna),
      temporaryPassword: temporary,
    });
    expect(result).toMatchObject({ ok: false, code: 'writebackFailed', reason: 'agentDown' });
    expect(snapshot(h.store)).toBe(before);
    expect(h.store.audit.list({ limit: 1, activity: 'adminPasswordReset' })[0]).toMatchObject({
      result: 'failure',
      reason: 'agentDown',
    });
  });
});

describe('issue 6 helpdesk actions', () => {
  it('§6 unlock clears the cloud smart lockout and the SSPR block, and for a synced user the on-premises lockout too', async () => {
    const adeleId = h.userId(adele);
    h.store.users.setCloudLockout(adeleId, {
      failedSignIns: 10,
      lockedUntil: new Date(h.clock.now().getTime() + 60_000),
      lockoutCount: 1,
    });
    const unlocked = await h.call('admin.user.act', { userId: adeleId, change: { action: 'unlock' } });
    expect(unlocked).toMatchObject({ ok: true, user: { lockouts: { cloud: { locked: false, failedSignIns: 0 } } } });

    const henrietta = h.userId('henrietta.mueller@contoso.com');
    expect(await h.call('admin.whatIf', { upn: 'henrietta.mueller@contoso.com' })).toMatchObject({
      outcome: 'ssprLockout',
    });
    await h.call('admin.user.act', { userId: henrietta, change: { action: 'unlock' } });
    expect(await h.call('admin.whatIf', { upn: 'henrietta.mueller@contoso.com' })).toMatchObject({ eligible: true });

    const johannaId = h.userId(johanna);
    const result = await h.call('admin.user.act', { userId: johannaId, change: { action: 'unlock' } });
    expect(result).toMatchObject({ ok: true, user: { lockouts: { onPremises: { locked: false, failedSignIns: 0 } } } });
    expect(h.store.audit.list({ limit: 1, activity: 'accountUnlocked' })[0]).toMatchObject({
      result: 'success',
      reason: 'helpdesk',
      details: { onPremises: true },
    });
  });

  it('§6 an on-premises unlock with the agent down changes nothing, on either side', async () => {
    await h.call('admin.tenant.set', {
      tenantId: contoso,
      change: { tab: 'onPremises', patch: { writebackAgent: 'down' } },
    });
    const before = snapshot(h.store);
    const result = await h.call('admin.user.act', { userId: h.userId(johanna), change: { action: 'unlock' } });
    expect(result).toMatchObject({ ok: false, code: 'agentDown' });
    expect(snapshot(h.store)).toBe(before);
  });

  it("§7 revoke one method (a lost phone) or all of them; the user is told, and another user's method id is not found", async () => {
    const userId = h.userId(adele);
    const { user } = await h.call('admin.user.get', { userId }).then((details) => ({ user: details }));
    const phone = user.methods.find((method) => method.kind === 'mobilePhone');
    const revoked = await h.call('admin.user.act', {
      userId,
      change: { action: 'revokeMethod', methodId: phone?.methodId ?? 0 },
    });
    expect(revoked).toMatchObject({ ok: true });
    if (!revoked.ok) throw new Error('unreachable');
    expect(revoked.user.methods.map((method) => method.kind)).toEqual(['email']);
    expect(h.store.audit.list({ limit: 1, activity: 'securityInfoRemoved' })[0]).toMatchObject({
      reason: 'revokedByAdmin',
      method: 'mobilePhone',
      actor: expect.stringMatching(/^Local administrator/),
    });
    expect(h.store.outbox.list({ limit: 1, recipient: adele })[0]?.subject).toContain('security info was changed');

    const christie = h.store.users.byUpn('christie.cline@contoso.com');
    const foreign = h.store.methods.listForUser(christie?.id ?? 0)[0]?.id ?? 0;
    const before = snapshot(h.store);
    expect(
      await h.refused('admin.user.act', { userId, change: { action: 'revokeMethod', methodId: foreign } }),
    ).toMatchObject({ code: 'not_found' });
    expect(snapshot(h.store)).toBe(before);

    const all = await h.call('admin.user.act', { userId, change: { action: 'revokeAllMethods' } });
    expect(all).toMatchObject({
      ok: true,
      user: { methods: [], capable: false, notCapableBecause: 'notEnoughMethods' },
    });
  });

  it('§7 pre-registers a phone or an e-mail for a new employee; an invalid or duplicate one is refused and changes nothing', async () => {
    const megan = h.userId('megan.bowen@contoso.com');
    const added = await h.call('admin.user.act', {
      userId: megan,
      change: { action: 'preRegister', method: { kind: 'mobilePhone', phoneNumber: '+1 425 555 0199' } },
    });
    expect(added).toMatchObject({ ok: true, user: { methods: [{ kind: 'mobilePhone', display: '+1 425 555 0199' }] } });
    expect(h.store.audit.list({ limit: 5, activity: 'securityInfoPreRegistered' })[0]).toMatchObject({
      actor: expect.stringMatching(/^Local administrator/),
      targetUpn: 'megan.bowen@contoso.com',
    });
    const before = snapshot(h.store);
    for (const [method, code] of [
      [{ kind: 'mobilePhone', phoneNumber: '+1 425 555 0100' }, 'alreadyRegistered'],
      [{ kind: 'email', address: 'megan.bowen@contoso.com' }, 'emailIsUpn'],
      [{ kind: 'officePhone', phoneNumber: '555', extension: '12' }, 'invalidPhone'],
    ] as const) {
      const refused = await h.call('admin.user.act', { userId: megan, change: { action: 'preRegister', method } });
      expect(refused, code).toMatchObject({ ok: false, code });
    }
    expect(snapshot(h.store)).toBe(before);
  });

  it('§4 a user made administrator faces two gates; the role removed, one again; each change audited old → new', async () => {
    await h.call('admin.tenant.set', {
      tenantId: contoso,
      change: { tab: 'authenticationMethods', patch: { methodsRequiredToReset: 1 } },
    });
    await h.call('admin.tenant.set', {
      tenantId: contoso,
      change: { tab: 'registration', patch: { methodsRequiredToRegister: 1 } },
    });
    const userId = h.userId(adele);
    expect(await h.call('admin.whatIf', { upn: adele })).toMatchObject({ admin: false, gatesRequired: 1 });
    const made = await h.call('admin.user.act', {
      userId,
      change: { action: 'addRole', role: 'Helpdesk Administrator' },
    });
    expect(made).toMatchObject({ ok: true, user: { admin: true, roles: ['Helpdesk Administrator'] } });
    expect(await h.call('admin.whatIf', { upn: adele })).toMatchObject({
      admin: true,
      gatesRequired: 2,
      steps: ['identify', 'verify1', 'verify2', 'newPassword'],
    });
    await h.call('admin.user.act', { userId, change: { action: 'removeRole', role: 'Helpdesk Administrator' } });
    expect(await h.call('admin.whatIf', { upn: adele })).toMatchObject({ admin: false, gatesRequired: 1 });
    expect(
      h.store.audit
        .list({ limit: 2, activity: 'userUpdated' })
        .map((event) => [event.details['old'], event.details['new']]),
    ).toEqual([
      ['Helpdesk Administrator', ''],
      ['', 'Helpdesk Administrator'],
    ]);
  });

  it('§3 §7 risk, enable/disable and license change what the lock screen and the eligibility rules do', async () => {
    const userId = h.userId(adele);
    await h.call('admin.user.act', { userId, change: { action: 'setRisk', risk: 'high' } });
    expect(h.store.audit.list({ limit: 1, activity: 'userUpdated' })[0]?.details).toEqual({
      area: 'user',
      field: 'risk',
      old: 'none',
      new: 'high',
    });
    await h.call('admin.user.act', { userId, change: { action: 'setEnabled', enabled: false } });
    expect(await h.call('session.signIn', { upn: adele, password: 'Harbor-Lantern-47' })).toEqual({
      outcome: 'wrongCredentials',
    });
    expect(await h.call('admin.whatIf', { upn: adele })).toMatchObject({
      account: 'disabled',
      outcome: 'accountNotFound',
    });

    // §3.4: a synced user on a plan without writeback is "managed on-premises" until licensed for it.
    const grady = 'grady.archie@contoso.com';
    expect(await h.call('admin.whatIf', { upn: grady })).toMatchObject({ outcome: 'managedOnPremises' });
    await h.call('admin.user.act', { userId: h.userId(grady), change: { action: 'setLicense', license: 'p1' } });
    expect(await h.call('admin.whatIf', { upn: grady })).toMatchObject({ eligible: true });
    expect(await h.refused('admin.user.act', { userId: 99_999, change: { action: 'unlock' } })).toMatchObject({
      code: 'not_found',
    });
  });
});
