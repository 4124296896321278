import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  createLdapDirectory,
  directoryNameOf,
  ldapDefaults,
  parseGeneralizedTime,
  type LdapDirectoryConfig,
} from '../../../electron/main/directory/ldap';
import type { DirectoryAccountRef, DirectoryContext } from '../../../electron/main/directory';
import { systemClock } from '../../../electron/main/clock';
import {
  binds,
  closedPort,
  ldapTestUrl,
  lockByBadPasswords,
  lockoutAttributes,
  required,
} from '../../support/ldap-directory';

// A real OpenLDAP (Debian's slapd with the ppolicy overlay), started by scripts/with-slapd.sh:
//   bash scripts/with-slapd.sh npx vitest run --config test/vitest.config.ts test/unit/directory/ldap.test.ts
const url = ldapTestUrl('ldap.test.ts');
const ctx: DirectoryContext = { actor: 'test', flowId: null, deviceId: null };
const account = (uid: string): DirectoryAccountRef => ({
  tenantId: 1,
  userId: 1,
  userPrincipalName: `${uid}@contoso.com`,
});
function config(overrides: Partial<LdapDirectoryConfig> = {}): LdapDirectoryConfig {
  return {
    ...ldapDefaults,
    url: required('SSPR_TEST_LDAP_URL'),
    bindDn: required('SSPR_TEST_LDAP_BIND_DN'),
    baseDn: required('SSPR_TEST_LDAP_BASE_DN'),
    userAttribute: 'mail',
    ...overrides,
  };
}

function directory(overrides: Partial<LdapDirectoryConfig> = {}, bindPassword?: string | null) {
  const password = bindPassword === undefined ? required('SSPR_TEST_LDAP_BIND_PASSWORD') : bindPassword;
  return createLdapDirectory({
    config: config(overrides),
    bindPassword: () => Promise.resolve(password),
    clock: systemClock,
  });
}

describe('LDAP helpers', () => {
  it('the directory name comes from the base DN', () => {
    expect(directoryNameOf('dc=contoso,dc=com')).toBe('CONTOSO.COM');
    expect(directoryNameOf('ou=people,DC=corp, dc=fabrikam ,dc=net')).toBe('CORP.FABRIKAM.NET');
    expect(directoryNameOf('o=contoso')).toBeNull();
  });

  it('reads LDAP generalized time, with or without a fraction', () => {
    expect(parseGeneralizedTime('20261130205400Z')?.toISOString()).toBe('2026-11-30T20:54:00.000Z');
    expect(parseGeneralizedTime('20261130205400.123456Z')?.toISOString()).toBe('2026-11-30T20:54:00.000Z');
    expect(parseGeneralizedTime('yesterday')).toBeNull();
  });
});

describe.skipIf(!url)('LDAP directory against OpenLDAP (spec §5 writeback and unlock)', () => {
  const oldPassword = () => required('SSPR_TEST_LDAP_USER_PASSWORD');

  it('§5 health: the agent binds and the directory is writable', async () => {
    const health = await directory().health(1);
    expect(health).toMatchObject({ directoryName: 'CONTOSO.COM', agent: 'connected', writable: true });
  });

  it('§5 writeback: the new password binds and the old one no longer does (password modify operation)', async () => {
    expect(await binds('adele', oldPassword())).toBe(true);
    const result = await directory().setPassword(account('adele'), 'Fresh-Passw0rd-1', ctx);
    expect(result).toEqual({ ok: true });
    expect(await binds('adele', 'Fresh-Passw0rd-1')).toBe(true);
    expect(await binds('adele', oldPassword())).toBe(false);
  });

  it('§5 writeback: a replace of userPassword works where the server requires it', async () => {
    const result = await directory({ passwordMethod: 'replace' }).setPassword(
      account('diego'),
      'Fresh-Passw0rd-2',
      ctx,
    );
    expect(result).toEqual({ ok: true });
    expect(await binds('diego', 'Fresh-Passw0rd-2')).toBe(true);
    expect(await binds('diego', oldPassword())).toBe(false);
  });

  it("§5 writeback: the directory's own policy refusing the password changes nothing (old password still binds)", async () => {
    for (const passwordMethod of ['passwordModify', 'replace'] as const) {
      const result = await directory({ passwordMethod }).setPassword(account('alex'), 'short', ctx);
      expect(result).toMatchObject({ ok: false, reason: 'passwordRefused' });
      if (!result.ok) expect(result.message).not.toContain('short');
      expect(await binds('alex', 'short')).toBe(false);
      expect(await binds('alex', oldPassword())).toBe(true);
    }
  });

  it('§5 unlock clears the lockout attribute and leaves the password as it is', async () => {
    const ldap = directory();
    await lockByBadPasswords('megan');
    expect(await lockoutAttributes('megan')).toContain('pwdAccountLockedTime');
    // Locked: even the right password is refused, and the connector tells that from a wrong one.
    expect(await binds('megan', oldPassword())).toBe(false);
    expect(await ldap.verifyPassword(account('megan'), oldPassword())).toMatchObject({ outcome: 'lockedOut' });
    expect(await ldap.lockoutState(account('megan'))).toMatchObject({ locked: true });

    expect(await ldap.unlock(account('megan'), ctx)).toEqual({ ok: true });
    expect(await lockoutAttributes('megan')).not.toContain('pwdAccountLockedTime');
    expect(await ldap.lockoutState(account('megan'))).toMatchObject({ locked: false, lockedUntil: null });
    expect(await ldap.verifyPassword(account('megan'), oldPassword())).toEqual({ outcome: 'verified' });
    // The good bind is the server's own end of the failure count (pwdFailureTime is its to keep).
    expect(await lockoutAttributes('megan')).toEqual([]);
    // Unlocking an account that is not locked is not an error.
    expect(await ldap.unlock(account('megan'), ctx)).toEqual({ ok: true });
  });

  it('§5 a reset also unlocks the account on-premises', async () => {
    await lockByBadPasswords('lynne');
    expect(await directory().setPassword(account('lynne'), 'Fresh-Passw0rd-3', ctx)).toEqual({ ok: true });
    expect(await lockoutAttributes('lynne')).not.toContain('pwdAccountLockedTime');
    expect(await binds('lynne', 'Fresh-Passw0rd-3')).toBe(true);
  });

  it('§6 a wrong password at sign-in counts toward the lockout', async () => {
    const verification = await directory().verifyPassword(account('alex'), 'Not-The-Passw0rd');
    expect(verification).toMatchObject({ outcome: 'wrongPassword', lockout: { locked: false, badPasswordCount: 1 } });
    expect(await directory().verifyPassword(account('alex'), oldPassword())).toEqual({ outcome: 'verified' });
  });

  it('§5 an account the directory does not have → accountNotFound, nothing written', async () => {
    const result = await directory().setPassword(account('nobody'), 'Fresh-Passw0rd-4', ctx);
    expect(result).toMatchObject({ ok: false, reason: 'accountNotFound' });
    expect(await directory().unlock(account('nobody'), ctx)).toMatchObject({ ok: false, reason: 'accountNotFound' });
    expect(await directory().lockoutState(account('nobody'))).toBeNull();
    expect(await directory().verifyPassword(account('nobody'), 'x')).toEqual({ outcome: 'accountNotFound' });
  });

  it('§5 the UPN can map to uid by its part before the @', async () => {
    const ldap = directory({ userAttribute: 'uid', upnPart: 'localPart' });
    expect(await ldap.verifyPassword(account('alex'), oldPassword())).toEqual({ outcome: 'verified' });
    // Only for a UPN in the directory's own domain: alex@fabrikam.com is not the directory's alex.
    const stranger = { ...account('alex'), userPrincipalName: 'alex@fabrikam.com' };
    expect(await ldap.verifyPassword(stranger, oldPassword())).toEqual({ outcome: 'accountNotFound' });
    expect(await ldap.setPassword(stranger, 'Harbor#Cedar-2029', ctx)).toMatchObject({
      ok: false,
      reason: 'accountNotFound',
    });
    expect(await binds('alex', oldPassword())).toBe(true);
  });

  it('§5 an unreachable directory → agentDown, and health says so', async () => {
    const ldap = directory({ url: `ldap://127.0.0.1:${await closedPort()}`, timeoutMs: 2000 });
    const result = await ldap.setPassword(account('alex'), 'Fresh-Passw0rd-5', ctx);
    expect(result).toMatchObject({ ok: false, reason: 'agentDown' });
    expect(await ldap.unlock(account('alex'), ctx)).toMatchObject({ ok: false, reason: 'agentDown' });
    expect(await ldap.health(1)).toMatchObject({ agent: 'down', writable: false });
    expect(await binds('alex', oldPassword())).toBe(true);
  });

  it('§5 over TLS: StartTLS and ldaps:// with the lab’s certificate trusted; an untrusted certificate is refused before any password is sent', async () => {
    const ca = readFileSync(required('SSPR_TEST_LDAP_CA'), 'utf8');
    const startTls = directory({ startTls: true, trustedCertificate: ca });
    expect(await startTls.health(1)).toMatchObject({ agent: 'connected', writable: true });
    const ldaps = directory({ url: required('SSPR_TEST_LDAPS_URL'), trustedCertificate: ca });
    expect(await ldaps.health(1)).toMatchObject({ agent: 'connected', writable: true });
    expect(await ldaps.setPassword(account('lynne'), 'Harbor#Cedar-2027', ctx)).toEqual({ ok: true });
    expect(await binds('lynne', 'Harbor#Cedar-2027')).toBe(true);

    for (const untrusted of [directory({ startTls: true }), directory({ url: required('SSPR_TEST_LDAPS_URL') })]) {
      const health = await untrusted.health(1);
      expect(health).toMatchObject({ agent: 'down', writable: false });
      expect(health.message).toMatch(/certificate/i);
      expect(await untrusted.setPassword(account('lynne'), 'Harbor#Cedar-2028', ctx)).toMatchObject({
        ok: false,
        reason: 'agentDown',
      });
    }
    expect(await binds('lynne', 'Harbor#Cedar-2027')).toBe(true);
  });

  it("§5 the agent's credentials refused, or missing from the vault → directoryError, nothing written", async () => {
    const wrongAgent = directory({}, 'not-the-agent-password');
    const result = await wrongAgent.setPassword(account('alex'), 'Fresh-Passw0rd-6', ctx);
    expect(result).toMatchObject({ ok: false, reason: 'directoryError' });
    if (!result.ok) expect(result.message).not.toContain('not-the-agent-password');
    const noSecret = await directory({}, null).setPassword(account('alex'), 'Fresh-Passw0rd-6', ctx);
    expect(noSecret).toMatchObject({ ok: false, reason: 'directoryError' });
    expect(await binds('alex', oldPassword())).toBe(true);
  });
});
