import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore, TenantPolicyError, type Store, type Tenant, type User } from '../../../electron/main/store';
import { createSecretBox } from '../../../electron/main/vault/secret-box';

const hashOf = (label: string) =>
  `scrypt$v=1$N=1024,r=8,p=1$${Buffer.from(label.padEnd(16, '.')).toString('base64')}$AAAA`;
const t0 = new Date('2026-01-05T09:00:00.000Z');
const minutes = (n: number) => new Date(t0.getTime() + n * 60_000);

let store: Store;
let contoso: Tenant;
let adele: User;

beforeEach(() => {
  store = openStore(':memory:', { secretBox: createSecretBox(randomBytes(32)) });
  contoso = store.tenants.create({ name: 'Contoso', plan: 'p1', directorySync: true, createdAt: t0 });
  store.tenants.addDomain(contoso.id, { name: 'contoso.onmicrosoft.com' });
  store.tenants.addDomain(contoso.id, { name: 'Contoso.com' });
  adele = store.users.create({
    tenantId: contoso.id,
    upn: 'Adele.Vance@contoso.com',
    displayName: 'Adele Vance',
    passwordHash: hashOf('adele-1'),
    passwordLastSet: t0,
    createdAt: t0,
  });
});
afterEach(() => store.close());

describe('§1 objects: tenants and the domain that picks them', () => {
  it('the UPN domain picks the tenant; unverified domains pick none', () => {
    const fabrikam = store.tenants.create({ name: 'Fabrikam', plan: 'free', createdAt: t0 });
    store.tenants.addDomain(fabrikam.id, { name: 'fabrikam.onmicrosoft.com' });
    store.tenants.addDomain(fabrikam.id, { name: 'fabrikam.example', verified: false });
    expect(store.tenants.forUpn('someone@CONTOSO.COM')?.name).toBe('Contoso');
    expect(store.tenants.forUpn('ben@fabrikam.onmicrosoft.com')?.name).toBe('Fabrikam');
    expect(store.tenants.byDomain('fabrikam.example')).toBeNull();
    expect(store.tenants.byDomain('nowhere.example')).toBeNull();
    expect(store.tenants.first()?.name).toBe('Contoso');
    expect(store.tenants.list().map((t) => t.name)).toEqual(['Contoso', 'Fabrikam']);
  });

  it('a domain belongs to one tenant, and a tenant has one initial *.onmicrosoft.com domain', () => {
    const other = store.tenants.create({ name: 'Other', plan: 'free', createdAt: t0 });
    expect(() => store.tenants.addDomain(other.id, { name: 'contoso.com' })).toThrow(/UNIQUE/);
    expect(() => store.tenants.addDomain(contoso.id, { name: 'second.onmicrosoft.com' })).toThrow(/UNIQUE/);
    expect(store.tenants.domains(contoso.id).map((d) => [d.name, d.kind])).toEqual([
      ['contoso.onmicrosoft.com', 'initial'],
      ['contoso.com', 'custom'],
    ]);
  });

  it('a new tenant gets the §2 and §8 defaults and allowedToUseSspr on', () => {
    expect(contoso.allowedToUseSspr).toBe(true);
    expect(contoso.ssprPolicy.enabledFor).toBe('none');
    expect(contoso.passwordPolicy).toEqual({ minLength: 8, historyCount: 3, expiryDays: 90, bannedTerms: [] });
    expect(contoso.customization.helpdeskLink).toBeNull();
  });

  it('§2 a policy change that breaks a rule is refused with the rule named, and nothing changes', () => {
    expect(() =>
      store.tenants.setSsprPolicy(contoso.id, { questionsRequiredToReset: 5, questionsRequiredToRegister: 3 }),
    ).toThrow(/questionsToResetWithinRegister/);
    const free = store.tenants.create({ name: 'Free', plan: 'free', createdAt: t0 });
    try {
      store.tenants.setSsprPolicy(free.id, { writeback: true });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(TenantPolicyError);
      expect((error as TenantPolicyError).issues.map((i) => i.rule).sort()).toEqual([
        'writebackNeedsDirectorySync',
        'writebackNeedsPlan',
      ]);
    }
    expect(store.tenants.get(free.id)?.ssprPolicy.writeback).toBe(false);
  });

  it('§2 turning directory sync off under writeback is refused (tenant-level rule)', () => {
    store.tenants.setSsprPolicy(contoso.id, { writeback: true });
    expect(() => store.tenants.update(contoso.id, { directorySync: false })).toThrow(/writebackNeedsDirectorySync/);
    expect(() => store.tenants.update(contoso.id, { plan: 'm365-business-standard' })).toThrow(/writebackNeedsPlan/);
    expect(store.tenants.update(contoso.id, { plan: 'p2' }).plan).toBe('p2');
  });

  it('§2 SSPR for selected users needs a group of this tenant', () => {
    const pilot = store.groups.create(contoso.id, { name: 'SSPR Pilot' });
    const other = store.tenants.create({ name: 'Other', plan: 'free', createdAt: t0 });
    const foreign = store.groups.create(other.id, { name: 'Elsewhere' });
    expect(() => store.tenants.setSsprPolicy(contoso.id, { enabledFor: 'selected' })).toThrow(
      /selectedScopeNeedsGroup/,
    );
    expect(() =>
      store.tenants.setSsprPolicy(contoso.id, { enabledFor: 'selected', selectedGroupId: foreign.id }),
    ).toThrow(/selectedGroupInTenant/);
    const updated = store.tenants.setSsprPolicy(contoso.id, { enabledFor: 'selected', selectedGroupId: pilot.id });
    expect(updated.ssprPolicy.selectedGroupId).toBe(pilot.id);
  });

  it('customization: an e-mail helpdesk link is accepted, a colour must be #rrggbb', () => {
    const updated = store.tenants.setCustomization(contoso.id, {
      helpdeskLink: 'helpdesk@contoso.com',
      helpdeskText: 'Call us',
      accentColor: '#112233',
    });
    expect(updated.customization).toMatchObject({ helpdeskLink: 'helpdesk@contoso.com', accentColor: '#112233' });
    expect(() => store.tenants.setCustomization(contoso.id, { accentColor: 'red' })).toThrow(TenantPolicyError);
    expect(() => store.tenants.setCustomization(contoso.id, { helpdeskLink: 'javascript:alert(1)' })).toThrow(
      TenantPolicyError,
    );
  });
});

describe('§1 objects: users', () => {
  it('UPN lookup is case-insensitive', () => {
    expect(store.users.byUpn('adele.vance@contoso.com')?.id).toBe(adele.id);
    expect(store.users.byUpn('ADELE.VANCE@CONTOSO.COM')?.id).toBe(adele.id);
    expect(store.users.byUpn('  Adele.Vance@Contoso.com ')?.id).toBe(adele.id);
    expect(store.users.byUpn('adele@contoso.com')).toBeNull();
  });

  it('UPNs are unique case-insensitively', () => {
    expect(() =>
      store.users.create({
        tenantId: contoso.id,
        upn: 'ADELE.VANCE@contoso.com',
        displayName: 'Impostor',
        passwordHash: hashOf('x'),
        passwordLastSet: t0,
        createdAt: t0,
      }),
    ).toThrow(/UNIQUE/);
  });

  it("a user's UPN must be on a verified domain of the user's tenant", () => {
    const base = { displayName: 'X', passwordHash: hashOf('x'), passwordLastSet: t0, createdAt: t0 };
    expect(() => store.users.create({ ...base, tenantId: contoso.id, upn: 'x@fabrikam.com' })).toThrow(
      /verified domain/,
    );
    expect(
      store.users.create({ ...base, tenantId: contoso.id, upn: 'guest_fabrikam.com#EXT#@contoso.onmicrosoft.com' }).upn,
    ).toBe('guest_fabrikam.com#EXT#@contoso.onmicrosoft.com');
  });

  it('a password is stored only as a hash: the column refuses anything else', () => {
    expect(() =>
      store.users.create({
        tenantId: contoso.id,
        upn: 'plain@contoso.com',
        displayName: 'Plain',
        passwordHash: 'Harbor-Lantern-47',
        passwordLastSet: t0,
        createdAt: t0,
      }),
    ).toThrow(/CHECK/);
  });

  it('a new user has the defaults of §1: enabled, cloud, no risk, no lockout', () => {
    expect(adele).toMatchObject({
      enabled: true,
      source: 'cloud',
      guest: false,
      license: null,
      mustChange: false,
      risk: 'none',
      cloudLockout: { failedSignIns: 0, lockedUntil: null, lockoutCount: 0 },
      onPremLockout: { failedSignIns: 0, lockedUntil: null },
      ssprBlockedUntil: null,
    });
    expect(adele.passwordLastSet).toEqual(t0);
  });

  it('§8 setting a password keeps the history, newest first, the current one included', () => {
    store.users.setPasswordHash(adele.id, hashOf('adele-2'), minutes(10));
    store.users.setPasswordHash(adele.id, hashOf('adele-3'), minutes(20));
    const user = store.users.get(adele.id);
    expect(user?.passwordHash).toBe(hashOf('adele-3'));
    expect(user?.passwordLastSet).toEqual(minutes(20));
    expect(store.users.passwordHistory(adele.id, 3)).toEqual([hashOf('adele-3'), hashOf('adele-2'), hashOf('adele-1')]);
    expect(store.users.passwordHistory(adele.id, 1)).toEqual([hashOf('adele-3')]);
  });

  it('§8 history keeps 25 passwords (24 plus the current), enough for the largest policy', () => {
    for (let i = 2; i <= 30; i++) store.users.setPasswordHash(adele.id, hashOf(`adele-${i}`), minutes(i));
    const history = store.users.passwordHistory(adele.id, 100);
    expect(history).toHaveLength(25);
    expect(history[0]).toBe(hashOf('adele-30'));
    expect(history[24]).toBe(hashOf('adele-6'));
  });

  it('§6 lockouts: cloud and on-premises state, cleared together by a reset', () => {
    expect(() => store.users.setOnPremLockout(adele.id, { failedSignIns: 5, lockedUntil: minutes(30) })).toThrow(
      /CHECK/,
    );
    const synced = store.users.create({
      tenantId: contoso.id,
      upn: 'johanna@contoso.com',
      displayName: 'Johanna',
      source: 'synced',
      passwordHash: hashOf('j'),
      passwordLastSet: t0,
      createdAt: t0,
    });
    store.users.setCloudLockout(synced.id, { failedSignIns: 10, lockedUntil: minutes(1), lockoutCount: 2 });
    store.users.setOnPremLockout(synced.id, { failedSignIns: 5, lockedUntil: minutes(30) });
    expect(store.users.get(synced.id)).toMatchObject({
      cloudLockout: { failedSignIns: 10, lockedUntil: minutes(1), lockoutCount: 2 },
      onPremLockout: { failedSignIns: 5, lockedUntil: minutes(30) },
    });
    store.users.clearLockouts(synced.id);
    expect(store.users.get(synced.id)).toMatchObject({
      cloudLockout: { failedSignIns: 0, lockedUntil: null, lockoutCount: 2 },
      onPremLockout: { failedSignIns: 0, lockedUntil: null },
    });
  });

  it('§6 failed verifications are counted in a sliding window', () => {
    store.users.recordVerificationFailure(adele.id, minutes(0), 'mobileSms');
    store.users.recordVerificationFailure(adele.id, minutes(20), 'email');
    store.users.recordVerificationFailure(adele.id, minutes(40));
    expect(store.users.verificationFailuresSince(adele.id, minutes(10))).toBe(2);
    expect(store.users.verificationFailuresSince(adele.id, minutes(0))).toBe(3);
    store.users.setSsprBlockedUntil(adele.id, minutes(100));
    expect(store.users.get(adele.id)?.ssprBlockedUntil).toEqual(minutes(100));
    store.users.clearVerificationFailures(adele.id);
    expect(store.users.verificationFailuresSince(adele.id, minutes(0))).toBe(0);
  });

  it('§4 directory roles: every holder of a role in a tenant can be found', () => {
    store.users.addRole(adele.id, 'Global Administrator');
    store.users.addRole(adele.id, 'Global Administrator');
    expect(store.users.roles(adele.id)).toEqual(['Global Administrator']);
    expect(store.users.withRole(contoso.id, 'Global Administrator').map((u) => u.upn)).toEqual([
      'Adele.Vance@contoso.com',
    ]);
    store.users.removeRole(adele.id, 'Global Administrator');
    expect(store.users.withRole(contoso.id, 'Global Administrator')).toEqual([]);
  });
});

describe('§1 objects: groups', () => {
  it('direct membership, within one tenant', () => {
    const pilot = store.groups.create(contoso.id, { name: 'SSPR Pilot', description: 'Pilot' });
    expect(store.groups.isMember(pilot.id, adele.id)).toBe(false);
    store.groups.addMember(pilot.id, adele.id);
    expect(store.groups.isMember(pilot.id, adele.id)).toBe(true);
    expect(store.groups.byName(contoso.id, 'sspr pilot')?.id).toBe(pilot.id);
    expect(store.groups.ofUser(adele.id).map((g) => g.name)).toEqual(['SSPR Pilot']);
    expect(store.groups.memberIds(pilot.id)).toEqual([adele.id]);
    const other = store.tenants.create({ name: 'Other', plan: 'free', createdAt: t0 });
    const foreign = store.groups.create(other.id, { name: 'Elsewhere' });
    expect(() => store.groups.addMember(foreign.id, adele.id)).toThrow(/same tenant/);
    store.groups.removeMember(pilot.id, adele.id);
    expect(store.groups.isMember(pilot.id, adele.id)).toBe(false);
  });

  it('deleting a user removes their memberships, methods and roles (ON DELETE CASCADE)', () => {
    const pilot = store.groups.create(contoso.id, { name: 'SSPR Pilot' });
    store.groups.addMember(pilot.id, adele.id);
    store.users.addRole(adele.id, 'Helpdesk Administrator');
    store.methods.add(adele.id, { kind: 'email', address: 'adele@personal.example' }, t0);
    store.audit.append({
      at: t0,
      actor: 'system',
      targetUserId: adele.id,
      activity: 'passwordReset',
      result: 'success',
    });
    store.users.remove(adele.id);
    expect(store.groups.memberIds(pilot.id)).toEqual([]);
    expect(store.methods.listForUser(adele.id)).toEqual([]);
    expect(store.audit.list({ limit: 5 })[0]?.targetUserId).toBeNull();
  });
});

describe('§1 objects: authentication methods', () => {
  it('each kind keeps its own fields; security answers are kept as hashes, in order', () => {
    store.methods.add(adele.id, { kind: 'email', address: 'adele@personal.example' }, t0);
    store.methods.add(adele.id, { kind: 'mobilePhone', phoneNumber: '+1 425 555 0101' }, t0);
    store.methods.add(adele.id, { kind: 'officePhone', phoneNumber: '+1 425 555 0150', extension: '2301' }, t0);
    store.methods.add(adele.id, { kind: 'authenticatorApp', sealedSecret: 'v1.sealed', deviceName: 'Phone' }, t0);
    store.methods.add(
      adele.id,
      {
        kind: 'securityQuestions',
        answers: [
          { question: 'Q1?', answerHash: hashOf('a1') },
          { question: 'Q2?', answerHash: hashOf('a2') },
          { question: 'Q3?', answerHash: hashOf('a3') },
        ],
      },
      t0,
    );
    const methods = store.methods.listForUser(adele.id);
    expect(methods.map((m) => m.kind)).toEqual([
      'email',
      'mobilePhone',
      'officePhone',
      'authenticatorApp',
      'securityQuestions',
    ]);
    expect(methods[2]).toMatchObject({ phoneNumber: '+1 425 555 0150', extension: '2301' });
    expect(methods[3]).toMatchObject({ sealedSecret: 'v1.sealed', deviceName: 'Phone', lastUsedStep: null });
    expect(methods[4]).toMatchObject({ answers: [{ question: 'Q1?' }, { question: 'Q2?' }, { question: 'Q3?' }] });
    expect(store.methods.listForTenant(contoso.id)).toHaveLength(5);
  });

  it('an e-mail method is never the UPN itself', () => {
    expect(() => store.methods.add(adele.id, { kind: 'email', address: 'ADELE.VANCE@contoso.com' }, t0)).toThrow(
      /never the user's own UPN/,
    );
  });

  it('one method of each kind, except authenticator apps; replace re-registers', () => {
    store.methods.add(adele.id, { kind: 'mobilePhone', phoneNumber: '+1 425 555 0101' }, t0);
    expect(() => store.methods.add(adele.id, { kind: 'mobilePhone', phoneNumber: '+1 425 555 0109' }, t0)).toThrow(
      /UNIQUE/,
    );
    store.methods.replace(adele.id, { kind: 'mobilePhone', phoneNumber: '+1 425 555 0109' }, minutes(5));
    store.methods.add(adele.id, { kind: 'authenticatorApp', sealedSecret: 'one' }, t0);
    store.methods.add(adele.id, { kind: 'authenticatorApp', sealedSecret: 'two' }, t0);
    const methods = store.methods.listForUser(adele.id);
    expect(methods.filter((m) => m.kind === 'mobilePhone')).toMatchObject([{ phoneNumber: '+1 425 555 0109' }]);
    expect(methods.filter((m) => m.kind === 'authenticatorApp')).toHaveLength(2);
  });

  it('a security answer must be a slow hash, never the answer', () => {
    expect(() =>
      store.methods.add(
        adele.id,
        { kind: 'securityQuestions', answers: [{ question: 'Q?', answerHash: 'Reykjavik' }] },
        t0,
      ),
    ).toThrow(/CHECK/);
    expect(store.methods.listForUser(adele.id)).toEqual([]);
  });

  it('§5 a TOTP time step is accepted once: a replayed code is refused', () => {
    const app = store.methods.add(adele.id, { kind: 'authenticatorApp', sealedSecret: 's' }, t0);
    expect(store.methods.claimTotpStep(app.id, 1000)).toBe(true);
    expect(store.methods.claimTotpStep(app.id, 1000)).toBe(false);
    expect(store.methods.claimTotpStep(app.id, 999)).toBe(false);
    expect(store.methods.claimTotpStep(app.id, 1001)).toBe(true);
    expect(store.methods.get(app.id)).toMatchObject({ lastUsedStep: 1001 });
  });
});

describe('§9 device settings', () => {
  it('AllowPasswordReset defaults to 0; the interfering settings default off', () => {
    const device = store.device.get();
    expect(device.allowPasswordReset).toBe(false);
    expect(device.deviceId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(device).toMatchObject({
      hideFastUserSwitching: false,
      dontDisplayLastUserName: false,
      noLockScreen: false,
      doNotRequireCtrlAltDel: 'notConfigured',
      dontDisplayLockedUserId: null,
      remoteSession: 'none',
      captcha: true,
      lastUserUpn: null,
    });
  });

  it('a patch changes only what it names, and is validated', () => {
    const updated = store.device.update({
      allowPasswordReset: true,
      dontDisplayLockedUserId: 3,
      lastUserUpn: 'adele.vance@contoso.com',
    });
    expect(updated).toMatchObject({ allowPasswordReset: true, dontDisplayLockedUserId: 3, joinType: 'entra-joined' });
    expect(store.device.update({ dontDisplayLockedUserId: null }).dontDisplayLockedUserId).toBeNull();
    expect(() => store.device.update({ osVersion: 'Windows 11' })).toThrow();
    expect(() => store.device.update({ lastUserUpn: 'nobody@contoso.com' })).toThrow(/FOREIGN KEY/);
    expect(store.device.get().allowPasswordReset).toBe(true);
  });
});

describe('§10 audit and outbox', () => {
  it('an audit event keeps every field §10 lists', () => {
    const event = store.audit.append({
      at: t0,
      tenantId: contoso.id,
      actor: 'adele.vance@contoso.com',
      targetUserId: adele.id,
      targetUpn: 'adele.vance@contoso.com',
      activity: 'verificationFailed',
      result: 'failure',
      reason: 'wrongCode',
      method: 'mobileSms',
      flowId: 'flow-1',
      deviceId: store.device.get().deviceId,
      details: { attempt: 2 },
    });
    expect(store.audit.list({ limit: 1 })).toEqual([event]);
    expect(event).toMatchObject({
      activity: 'verificationFailed',
      method: 'mobileSms',
      flowId: 'flow-1',
      details: { attempt: 2 },
    });
  });

  it('an audit event carrying a secret-named detail is refused', () => {
    expect(() =>
      store.audit.append({
        at: t0,
        actor: 'system',
        activity: 'passwordReset',
        result: 'success',
        details: { newPassword: 'x' },
      }),
    ).toThrow(/may not carry a secret/);
    expect(store.audit.count()).toBe(0);
  });

  it('an unknown activity is refused by the database', () => {
    expect(() =>
      store.db
        .prepare(
          "INSERT INTO audit_events (at, actor, activity, result) VALUES ('2026-01-05T09:00:00.000Z', 'x', 'madeUp', 'success')",
        )
        .run(),
    ).toThrow(/FOREIGN KEY/);
  });

  it('audit lists newest first, filtered by tenant, target, activity and time; old events are purged', () => {
    for (let i = 0; i < 5; i++) {
      store.audit.append({
        at: minutes(i),
        tenantId: contoso.id,
        actor: 'system',
        targetUserId: i % 2 === 0 ? adele.id : null,
        activity: i === 4 ? 'passwordReset' : 'flowStarted',
        result: 'success',
      });
    }
    expect(store.audit.list({ limit: 10 }).map((e) => e.at)).toEqual([4, 3, 2, 1, 0].map(minutes));
    expect(store.audit.list({ limit: 2 })).toHaveLength(2);
    expect(store.audit.list({ limit: 10, targetUserId: adele.id })).toHaveLength(3);
    expect(store.audit.list({ limit: 10, activity: 'passwordReset' })).toHaveLength(1);
    expect(store.audit.list({ limit: 10, tenantId: contoso.id, since: minutes(1), until: minutes(3) })).toHaveLength(2);
    expect(store.audit.purgeBefore(minutes(2))).toBe(2);
    expect(store.audit.count()).toBe(3);
  });

  it('the outbox records each channel, lists by recipient and counts sends for the resend throttle', () => {
    store.outbox.append({
      at: minutes(0),
      tenantId: contoso.id,
      channel: 'sms',
      recipient: '+1 425 555 0101',
      body: 'Code',
    });
    store.outbox.append({
      at: minutes(1),
      tenantId: contoso.id,
      channel: 'email',
      recipient: 'Adele@personal.example',
      subject: 'Reset',
      body: 'B',
    });
    store.outbox.append({
      at: minutes(2),
      tenantId: contoso.id,
      channel: 'sms',
      recipient: '+1 425 555 0101',
      body: 'Code 2',
    });
    expect(store.outbox.list({ limit: 10, recipient: '+1 425 555 0101' }).map((m) => m.body)).toEqual([
      'Code 2',
      'Code',
    ]);
    expect(store.outbox.list({ limit: 10, recipient: 'adele@PERSONAL.example' })).toMatchObject([{ subject: 'Reset' }]);
    expect(store.outbox.countSince('+1 425 555 0101', 'sms', minutes(1))).toBe(1);
    expect(store.outbox.list({ limit: 10, channel: 'email', tenantId: contoso.id })).toHaveLength(1);
    expect(() =>
      store.db
        .prepare(
          "INSERT INTO outbox (at, tenant_id, channel, recipient, body) VALUES ('2026-01-05T09:00:00.000Z', 1, 'fax', 'x', 'y')",
        )
        .run(),
    ).toThrow(/CHECK/);
  });
});

describe('every multi-row change goes through one transaction', () => {
  it('a transaction that throws leaves nothing behind', () => {
    expect(() =>
      store.transaction(() => {
        store.groups.create(contoso.id, { name: 'Half done' });
        store.users.setPasswordHash(adele.id, hashOf('new'), minutes(1));
        throw new Error('stop');
      }),
    ).toThrow('stop');
    expect(store.groups.listByTenant(contoso.id)).toEqual([]);
    expect(store.users.passwordHistory(adele.id, 5)).toEqual([hashOf('adele-1')]);
  });

  it('an async function is refused as a transaction, and rolled back', () => {
    expect(() =>
      store.transaction(async () => {
        store.groups.create(contoso.id, { name: 'Async' });
      }),
    ).toThrow(/synchronous/);
    expect(store.groups.listByTenant(contoso.id)).toEqual([]);
  });
});
