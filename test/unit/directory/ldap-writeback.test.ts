// Issue 9 through the whole engine: Contoso's On-premises tab points writeback at a real OpenLDAP
// (scripts/with-slapd.sh), and Johanna Lorenz (synced) resets and unlocks through the wizard's own
// contract calls. The directory is the judge: which password binds, which lockout attributes remain.
//   bash scripts/with-slapd.sh npx vitest run --config test/vitest.config.ts test/unit/directory/ldap-writeback.test.ts
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FlowView } from '../../../shared/reset';
import { openAdminHarness, type AdminHarness } from '../admin/support';
import {
  binds,
  closedPort,
  ldapTestUrl,
  lockByBadPasswords,
  lockoutAttributes,
  required,
  setPasswordAsAdministrator,
} from '../../support/ldap-directory';

const url = ldapTestUrl('ldap-writeback.test.ts');

const johanna = {
  upn: 'johanna.lorenz@contoso.com',
  uid: 'johanna.lorenz',
  phone: '+1 425 555 0110',
  email: 'johanna.lorenz@personal.example',
};
/** What the directory holds for her at the start of each test (set by its administrator). */
const directoryPassword = 'Cedar#Lantern-7140';
const newPassword = 'Quartz#Tundra-Harbor9';

let h: AdminHarness;
let contoso: number;
beforeEach(async () => {
  h = await openAdminHarness();
  contoso = h.tenantId('Contoso');
  if (url) await setPasswordAsAdministrator(johanna.uid, directoryPassword);
});
afterEach(() => h.close());

function ldapSettings() {
  return {
    connector: 'ldap' as const,
    url: required('SSPR_TEST_LDAP_URL'),
    bindDn: required('SSPR_TEST_LDAP_BIND_DN'),
    baseDn: required('SSPR_TEST_LDAP_BASE_DN'),
    userAttribute: 'mail',
  };
}

async function useLdap() {
  return h.call('admin.directory.set', {
    tenantId: contoso,
    patch: ldapSettings(),
    bindPassword: required('SSPR_TEST_LDAP_BIND_PASSWORD'),
  });
}

/** Johanna through both gates (SMS, then e-mail) after choosing to reset or to unlock. */
async function throughGates(action: 'reset' | 'unlock'): Promise<{ flowId: string; view: FlowView }> {
  const { flowId, view } = await h.identify(johanna.upn);
  expect(view).toMatchObject({ step: 'chooseAction' });
  const first = await h.call('reset.chooseAction', { flowId, action });
  const second = await h.passCodeGate(flowId, first, 'mobileSms', johanna.phone);
  return { flowId, view: await h.passCodeGate(flowId, second, 'email', johanna.email) };
}

async function resetTo(password: string): Promise<FlowView> {
  const { flowId, view } = await throughGates('reset');
  expect(view).toMatchObject({ step: 'newPassword' });
  return h.call('reset.setPassword', { flowId, newPassword: password, confirmPassword: password });
}

const lastWriteback = () =>
  h.store.audit.list({ limit: 1 }).find((event) => event.activity.startsWith('writeback')) ??
  h.store.audit.list({ limit: 5 }).find((event) => event.activity.startsWith('writeback'));

describe.skipIf(!url)('issue 9: writeback and unlock against a real LDAP directory (spec §5)', () => {
  it('§5 the On-premises tab points writeback at LDAP: health from a bind as the agent, and What would happen? names the server', async () => {
    const before = await h.call('admin.directory.get', { tenantId: contoso });
    expect(before).toMatchObject({ connector: 'simulated', passwordStored: false, health: { writable: true } });

    const view = await useLdap();
    expect(view).toMatchObject({
      connector: 'ldap',
      passwordStored: true,
      health: { directoryName: 'CONTOSO.COM', agent: 'connected', writable: true },
      target: `${required('SSPR_TEST_LDAP_URL')} (${required('SSPR_TEST_LDAP_BASE_DN')})`,
    });
    expect(JSON.stringify(view)).not.toContain(required('SSPR_TEST_LDAP_BIND_PASSWORD'));

    const whatIf = await h.call('admin.whatIf', { upn: johanna.upn });
    expect(whatIf.writeback).toMatchObject({ applies: true, connector: 'ldap', writable: true, target: view.target });

    // The change is audited field by field; the password only as "stored".
    const changes = h.store.audit.list({ limit: 20, activity: 'policyChanged' });
    expect(changes.map((event) => event.details.field)).toEqual(
      expect.arrayContaining(['connector', 'url', 'bindDn', 'baseDn', 'userAttribute', 'agentBindPassword']),
    );
    expect(changes.find((event) => event.details.field === 'agentBindPassword')?.details).toMatchObject({
      old: 'none',
      new: 'stored',
    });
  });

  it('§5 a synced user’s reset is written to the directory: the new password binds there and the old one no longer does', async () => {
    await useLdap();
    const tenantBefore = h.store.users.byUpn(johanna.upn);
    const done = await resetTo(newPassword);
    expect(done).toMatchObject({ step: 'done', action: 'reset' });

    expect(await binds(johanna.uid, newPassword)).toBe(true);
    expect(await binds(johanna.uid, directoryPassword)).toBe(false);
    expect(h.store.users.byUpn(johanna.upn)?.passwordHash).not.toBe(tenantBefore?.passwordHash);
    expect(lastWriteback()).toMatchObject({
      activity: 'writebackSucceeded',
      details: { operation: 'passwordReset', directory: 'ldap' },
    });

    // The lock screen checks a synced user's password against the directory (a domain controller
    // answers a domain-joined PC): a password changed there since is the one that signs her in.
    expect(await h.call('session.signIn', { upn: johanna.upn, password: newPassword })).toMatchObject({
      outcome: 'signedIn',
    });
    await h.call('session.signOut', {});
    await setPasswordAsAdministrator(johanna.uid, 'Birch#Meadow-5521');
    expect(await h.call('session.signIn', { upn: johanna.upn, password: newPassword })).not.toMatchObject({
      outcome: 'signedIn',
    });
    expect(await h.call('session.signIn', { upn: johanna.upn, password: 'Birch#Meadow-5521' })).toMatchObject({
      outcome: 'signedIn',
    });
  });

  it('§5 the directory’s own policy refusing the password changes nothing in the tenant, and the user is told', async () => {
    await useLdap();
    const tenantBefore = h.store.users.byUpn(johanna.upn);
    // The tenant's rules accept it; the directory's history (it is her current password there) does not.
    const refused = await resetTo(directoryPassword);
    expect(refused).toMatchObject({
      step: 'newPassword',
      notice: { code: 'writebackFailed', reason: 'passwordRefused' },
    });
    expect(h.store.users.byUpn(johanna.upn)).toEqual(tenantBefore);
    expect(await binds(johanna.uid, directoryPassword)).toBe(true);
    const failed = lastWriteback();
    expect(failed).toMatchObject({ activity: 'writebackFailed', reason: 'passwordRefused' });
    expect(JSON.stringify(failed)).not.toContain(directoryPassword);
  });

  it('§5.2 unlock without reset clears the directory’s lockout and leaves its password', async () => {
    await useLdap();
    await lockByBadPasswords(johanna.uid);
    expect(await lockoutAttributes(johanna.uid)).toContain('pwdAccountLockedTime');
    expect(await binds(johanna.uid, directoryPassword)).toBe(false);
    // The helpdesk's view of her reads the directory's own lockout, not the store's copy.
    const userId = h.userId(johanna.upn);
    expect((await h.call('admin.user.get', { userId })).lockouts.onPremises).toMatchObject({
      locked: true,
      failedSignIns: 5,
    });

    const { view } = await throughGates('unlock');
    expect(view).toMatchObject({ step: 'done', action: 'unlock' });
    expect(await lockoutAttributes(johanna.uid)).not.toContain('pwdAccountLockedTime');
    expect(await binds(johanna.uid, directoryPassword)).toBe(true);
    expect((await h.call('admin.user.get', { userId })).lockouts.onPremises).toMatchObject({ locked: false });
  });

  it('issue 9: switching back to the simulated directory needs no restart, and the LDAP directory is left alone', async () => {
    await useLdap();
    const back = await h.call('admin.directory.set', { tenantId: contoso, patch: { connector: 'simulated' } });
    expect(back).toMatchObject({ connector: 'simulated', target: 'CONTOSO.LOCAL', passwordStored: true });

    expect(await resetTo(newPassword)).toMatchObject({ step: 'done', action: 'reset' });
    expect(lastWriteback()).toMatchObject({ activity: 'writebackSucceeded', details: { directory: 'simulated' } });
    expect(await binds(johanna.uid, directoryPassword)).toBe(true);
    expect(await binds(johanna.uid, newPassword)).toBe(false);
  });

  it('§5 a directory that does not answer: health says so, the test is audited, and a reset changes nothing', async () => {
    const port = await closedPort();
    const view = await h.call('admin.directory.set', {
      tenantId: contoso,
      patch: { ...ldapSettings(), url: `ldap://127.0.0.1:${port}` },
      bindPassword: required('SSPR_TEST_LDAP_BIND_PASSWORD'),
    });
    expect(view.health).toMatchObject({ agent: 'down', writable: false });
    expect(view.health.message).toMatch(/did not answer/);
    const tested = await h.call('admin.directory.test', { tenantId: contoso });
    expect(tested.health.writable).toBe(false);
    expect(h.store.audit.list({ limit: 1, activity: 'directoryTested' })[0]).toMatchObject({ result: 'failure' });

    const tenantBefore = h.store.users.byUpn(johanna.upn);
    expect(await resetTo(newPassword)).toMatchObject({
      step: 'newPassword',
      notice: { code: 'writebackFailed', reason: 'agentDown' },
    });
    expect(h.store.users.byUpn(johanna.upn)).toEqual(tenantBefore);
    // At the lock screen, as without a domain controller: a password this device never verified is not enough.
    expect(await h.call('session.signIn', { upn: johanna.upn, password: 'Maple-Compass-22' })).toMatchObject({
      outcome: 'noDomainController',
    });
  });

  it('§5 the stored agent password is sent only where it was typed for: another server or agent needs it again', async () => {
    await useLdap();
    const before = JSON.stringify(h.store.directoryConnectors.get(contoso));
    for (const patch of [{ url: 'ldaps://dc01.attacker.example' }, { bindDn: 'cn=someone,dc=contoso,dc=com' }]) {
      const refused = await h.refused('admin.directory.set', { tenantId: contoso, patch });
      expect(refused.message).toMatch(/^bindPassword: Type the agent's password again/);
    }
    expect(JSON.stringify(h.store.directoryConnectors.get(contoso))).toBe(before);
    // A new password goes under a new name; the old entry leaves the vault.
    const oldName = `ldap-bind-password:${h.store.directoryConnectors.get(contoso).secretId}` as const;
    await h.call('admin.directory.set', {
      tenantId: contoso,
      patch: { lockoutMinutes: 45 },
      bindPassword: required('SSPR_TEST_LDAP_BIND_PASSWORD'),
    });
    expect(await h.t.vault.get(oldName)).toBeNull();
    expect((await h.call('admin.directory.test', { tenantId: contoso })).health.writable).toBe(true);
  });

  it('§11 a synced user the directory does not hold cannot sign in with the tenant’s old copy of the password', async () => {
    // Mapped by an attribute no entry holds the UPN in: as if her entry were deleted or moved out of the base DN.
    await h.call('admin.directory.set', {
      tenantId: contoso,
      patch: { ...ldapSettings(), userAttribute: 'uid' },
      bindPassword: required('SSPR_TEST_LDAP_BIND_PASSWORD'),
    });
    const answer = await h.call('session.signIn', { upn: johanna.upn, password: 'Maple-Compass-22' });
    expect(answer).not.toMatchObject({ outcome: 'signedIn' });
  });

  it('issue 9: the agent’s bind password goes only into the vault: not in the database, the audit log or any answer', async () => {
    const secret = required('SSPR_TEST_LDAP_BIND_PASSWORD');
    const answers = [await useLdap(), await h.call('admin.directory.test', { tenantId: contoso })];
    const exported = await h.call('admin.audit.export', { format: 'jsonl' });
    h.store.db.pragma('wal_checkpoint(TRUNCATE)');
    const file = readFileSync(h.t.dbPath);
    expect(JSON.stringify(answers)).not.toContain(secret);
    expect(JSON.stringify(exported)).not.toContain(secret);
    expect(file.includes(Buffer.from(secret, 'utf8'))).toBe(false);
  });
});

describe('issue 9: refusals of the directory connector change nothing', () => {
  const snapshot = () => JSON.stringify(h.store.db.prepare('SELECT * FROM directory_connectors').all());

  it('LDAP without a URL, a DN or the agent’s password is refused with the field named', async () => {
    const before = snapshot();
    const ldap = {
      connector: 'ldap' as const,
      url: 'ldap://dc01.contoso.local',
      startTls: true,
      bindDn: 'cn=sspr-agent,ou=services,dc=contoso,dc=local',
      baseDn: 'dc=contoso,dc=local',
    };
    const noPassword = await h.refused('admin.directory.set', { tenantId: contoso, patch: ldap });
    expect(noPassword.message).toMatch(/^bindPassword: /);
    const noUrl = await h.refused('admin.directory.set', {
      tenantId: contoso,
      patch: { ...ldap, url: '' },
      bindPassword: 'Agent#Pass-2026',
    });
    expect(noUrl.message).toMatch(/^url: /);
    const badUrl = await h.refused('admin.directory.set', {
      tenantId: contoso,
      patch: { ...ldap, url: 'http://dc01' },
      bindPassword: 'Agent#Pass-2026',
    });
    expect(JSON.stringify(badUrl)).toMatch(/ldap:\/\/host:port/);
    const badAttribute = await h.refused('admin.directory.set', {
      tenantId: contoso,
      patch: { ...ldap, userAttribute: 'mail)(uid=*' },
      bindPassword: 'Agent#Pass-2026',
    });
    expect(JSON.stringify(badAttribute)).toMatch(/attribute name/);
    const startTlsOnLdaps = await h.refused('admin.directory.set', {
      tenantId: contoso,
      patch: { ...ldap, url: 'ldaps://dc01.contoso.local', startTls: true },
      bindPassword: 'Agent#Pass-2026',
    });
    expect(startTlsOnLdaps.message).toMatch(/^startTls: /);
    const inClear = await h.refused('admin.directory.set', {
      tenantId: contoso,
      patch: { ...ldap, startTls: false },
      bindPassword: 'Agent#Pass-2026',
    });
    expect(inClear.message).toMatch(/^startTls: Plain ldap:\/\/ would send/);
    const noTenant = await h.refused('admin.directory.get', { tenantId: 9999 });
    expect(noTenant.code).toBe('not_found');
    for (const refusal of [noPassword, noUrl, badUrl, badAttribute, startTlsOnLdaps, inClear]) {
      expect(JSON.stringify(refusal)).not.toContain('Agent#Pass-2026');
    }
    expect(snapshot()).toBe(before);
    expect(h.store.audit.list({ limit: 5, activity: 'policyChanged' })).toEqual([]);
    expect((await h.call('admin.directory.get', { tenantId: contoso })).connector).toBe('simulated');
  });
});

describe('issue 9: a connector’s bind password leaves the vault with its connector', () => {
  it('a scenario load removes the old lab’s connectors, and their passwords leave the vault', async () => {
    await h.call('admin.directory.set', {
      tenantId: contoso,
      patch: {
        connector: 'ldap',
        url: 'ldap://127.0.0.1:1',
        bindDn: 'cn=sspr-agent,ou=services,dc=contoso,dc=com',
        baseDn: 'dc=contoso,dc=com',
      },
      bindPassword: 'Agent#Granite-Harbor-47',
    });
    const name = `ldap-bind-password:${h.store.directoryConnectors.get(contoso).secretId}` as const;
    expect(await h.t.vault.get(name)).toEqual(Buffer.from('Agent#Granite-Harbor-47'));
    await h.call('admin.scenarios.load', { packId: 'lockout-drill' });
    expect(h.store.directoryConnectors.secretIds()).toEqual([]);
    expect(await h.t.vault.get(name)).toBeNull();
  });
});
