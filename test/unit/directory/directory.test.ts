import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../electron/main/clock';
import {
  createDirectory,
  directoryAccountRef,
  ensureDirectoryAccounts,
  onPremPasswordRefusal,
  onPremRepository,
} from '../../../electron/main/directory';
import { loadScenario } from '../../../electron/main/scenario/load';
import { parseScenario } from '../../../electron/main/scenario/schema';
import { openStore } from '../../../electron/main/store';
import { samAccountNameFor } from '../../../electron/main/store/onprem';
import { hasher, minuteMs, noVaultSecrets, openWorld, passwords, type World } from './fixtures';

let world: World;
beforeEach(async () => {
  world = await openWorld();
});
afterEach(() => world.close());

describe('§6 the on-premises directory at sign-in', () => {
  it('§6 on-premises policy: 5 wrong passwords lock for 30 minutes', async () => {
    const ref = directoryAccountRef(world.grady);
    for (let count = 1; count <= 4; count++) {
      expect(await world.directory.verifyPassword(ref, 'Not-Her-Password-1')).toEqual({
        outcome: 'wrongPassword',
        lockout: { locked: false, lockedUntil: null, badPasswordCount: count },
      });
      world.clock.advance(minuteMs);
    }
    const lockedUntil = new Date(world.clock.now().getTime() + 30 * minuteMs);
    expect(await world.directory.verifyPassword(ref, 'Not-Her-Password-1')).toEqual({
      outcome: 'wrongPassword',
      lockout: { locked: true, lockedUntil, badPasswordCount: 5 },
    });
    expect(world.store.users.get(world.grady.id)?.onPremLockout).toEqual({ failedSignIns: 5, lockedUntil });

    // Locked: even the right password is refused, until the 30 minutes are over.
    expect(await world.directory.verifyPassword(ref, passwords.grady)).toMatchObject({ outcome: 'lockedOut' });
    world.clock.set(new Date(lockedUntil.getTime() - 1));
    expect(await world.directory.verifyPassword(ref, passwords.grady)).toMatchObject({ outcome: 'lockedOut' });
    world.clock.set(lockedUntil);
    expect(await world.directory.verifyPassword(ref, passwords.grady)).toEqual({ outcome: 'verified' });
    expect(await world.directory.lockoutState(ref)).toEqual({ locked: false, lockedUntil: null, badPasswordCount: 0 });

    const account = onPremRepository(world.store).accountForUser(world.grady.id);
    expect(onPremRepository(world.store).operations({ accountId: account?.id ?? 0, limit: 10 })).toMatchObject([
      { operation: 'accountLockedOut', actor: 'system' },
    ]);
  });

  it('§6 a wrong password counts for 30 minutes; a right one sets the count back to 0', async () => {
    const ref = directoryAccountRef(world.grady);
    for (let i = 0; i < 4; i++) await world.directory.verifyPassword(ref, 'wrong');
    world.clock.advance(30 * minuteMs);
    expect(await world.directory.verifyPassword(ref, 'wrong')).toMatchObject({ lockout: { badPasswordCount: 1 } });
    for (let i = 0; i < 3; i++) await world.directory.verifyPassword(ref, 'wrong');
    expect(await world.directory.lockoutState(ref)).toMatchObject({ locked: false, badPasswordCount: 4 });
    expect(await world.directory.verifyPassword(ref, passwords.grady)).toEqual({ outcome: 'verified' });
    expect(await world.directory.verifyPassword(ref, 'wrong')).toMatchObject({
      lockout: { locked: false, badPasswordCount: 1 },
    });
  });

  it('§6 the lockout numbers are the domain policy: a domain set to 3 locks at the third', async () => {
    const repository = onPremRepository(world.store);
    const domain = repository.domainForTenant(world.contoso.id);
    expect(domain?.lockoutPolicy).toEqual({ threshold: 5, durationMinutes: 30, observationMinutes: 30 });
    repository.setPolicy(
      domain?.id ?? 0,
      { threshold: 3, durationMinutes: 60, observationMinutes: 60 },
      {
        historyLength: 24,
        minLength: 7,
        complexity: true,
      },
    );
    const ref = directoryAccountRef(world.grady);
    await world.directory.verifyPassword(ref, 'wrong');
    await world.directory.verifyPassword(ref, 'wrong');
    expect(await world.directory.verifyPassword(ref, 'wrong')).toMatchObject({
      lockout: { locked: true, lockedUntil: new Date(world.clock.now().getTime() + 60 * minuteMs) },
    });
  });

  it("the directory's own password rules: minimum length 7, complexity, history", async () => {
    const policy = { historyLength: 24, minLength: 7, complexity: true };
    const account = { samAccountName: 'johanna.lorenz', displayName: 'Lorenz, Johanna' };
    const refusal = (password: string, history: string[] = []) =>
      onPremPasswordRefusal(policy, account, password, history, hasher);
    expect(await refusal('Ab1!xyz')).toBeNull();
    expect(await refusal('Ab1!xy')).toMatch(/at least 7 characters/);
    expect(await refusal('Blue-Johanna-7')).toMatch(/part of the user's name/);
    expect(await refusal('x-JOHANNA.LORENZ-9')).toMatch(/account name/);
    expect(await refusal('abcdefgh1')).toMatch(/three of/);
    expect(await refusal('abcdefgh1!')).toBeNull();
    expect(await refusal('パスワードabc1')).toBeNull();
    expect(await refusal('Meadow!Falcon-2026', [await hasher.hash('Meadow!Falcon-2026')])).toMatch(/last 24 passwords/);
    expect(
      await onPremPasswordRefusal({ ...policy, complexity: false }, account, 'johannajohanna', [], hasher),
    ).toBeNull();
  });
});

describe('directory accounts for synced users', () => {
  it('migration 3 gives every synced and federated user of a version-2 database an account with the same hash', async () => {
    const path = `${world.dir}/v2.db`;
    const old = openStore(path, { migrateTo: 2 });
    const t0 = new Date('2025-06-01T08:00:00.000Z');
    const contoso = old.tenants.create({ name: 'Contoso', plan: 'p1', directorySync: true, createdAt: t0 });
    old.tenants.addDomain(contoso.id, { name: 'contoso.onmicrosoft.com' });
    old.tenants.addDomain(contoso.id, { name: 'contoso.com' });
    const fabrikam = old.tenants.create({ name: 'Fabrikam', plan: 'free', createdAt: t0 });
    old.tenants.addDomain(fabrikam.id, { name: 'fabrikam.onmicrosoft.com' });
    const user = (upn: string, source: 'cloud' | 'synced' | 'federated', passwordHash: string, tenantId = contoso.id) =>
      old.users.create({ tenantId, upn, displayName: upn, source, passwordHash, passwordLastSet: t0, createdAt: t0 });
    const johannaHash = await hasher.hash(passwords.johanna);
    const earlierHash = await hasher.hash('Earlier-Password-1');
    const johanna = user('johanna.lorenz@contoso.com', 'synced', johannaHash);
    old.users.addPasswordHistory(johanna.id, earlierHash, new Date('2025-05-01T08:00:00.000Z'));
    const nestor = user('nestor.wilke@contoso.com', 'federated', earlierHash);
    const adele = user('adele.vance@contoso.com', 'cloud', earlierHash);
    const first = user('a.b@contoso.com', 'synced', earlierHash);
    const second = user('A.B@contoso.onmicrosoft.com', 'synced', earlierHash);
    const ben = user('ben@fabrikam.onmicrosoft.com', 'cloud', earlierHash, fabrikam.id);
    expect(old.db.prepare("SELECT name FROM sqlite_schema WHERE name = 'onprem_accounts'").all()).toEqual([]);
    old.close();

    const store = openStore(path);
    try {
      const repository = onPremRepository(store);
      expect(repository.domainForTenant(contoso.id)).toMatchObject({
        dnsName: 'CONTOSO.LOCAL',
        netbiosName: 'CONTOSO',
        baseDn: 'DC=contoso,DC=local',
        lockoutPolicy: { threshold: 5, durationMinutes: 30, observationMinutes: 30 },
        passwordPolicy: { historyLength: 24, minLength: 7, complexity: true },
      });
      expect(repository.domainForTenant(fabrikam.id)).toBeNull();

      const account = repository.accountForUser(johanna.id);
      expect(account).toMatchObject({
        samAccountName: 'johanna.lorenz',
        distinguishedName: 'CN=johanna.lorenz,CN=Users,DC=contoso,DC=local',
        userPrincipalName: 'johanna.lorenz@contoso.com',
        passwordHash: johannaHash,
        pwdLastSet: t0,
        enabled: true,
      });
      expect(repository.passwordHistory(account?.id ?? 0, 24)).toEqual([johannaHash, earlierHash]);
      expect(repository.accountForUser(nestor.id)?.passwordHash).toBe(earlierHash);
      expect(repository.accountForUser(adele.id)).toBeNull();
      expect(repository.accountForUser(ben.id)).toBeNull();
      expect(repository.accountForUser(first.id)?.samAccountName).toBe(samAccountNameFor(first.upn, first.id));
      expect(repository.accountForUser(second.id)?.samAccountName).toBe('A.B2');

      expect(ensureDirectoryAccounts(store)).toBe(0);
      const directory = createDirectory({ store, clock: new ManualClock(), hasher, vault: noVaultSecrets });
      expect(await directory.verifyPassword(directoryAccountRef(johanna), passwords.johanna)).toEqual({
        outcome: 'verified',
      });
    } finally {
      store.close();
    }
  });

  it('ensureDirectoryAccounts gives users created later their accounts, once', async () => {
    const repository = onPremRepository(world.store);
    expect(ensureDirectoryAccounts(world.store)).toBe(0);
    const diego = world.store.users.create({
      tenantId: world.contoso.id,
      upn: 'diego.siciliani@contoso.com',
      displayName: 'Diego Siciliani',
      source: 'federated',
      passwordHash: world.grady.passwordHash,
      passwordLastSet: world.clock.now(),
      createdAt: world.clock.now(),
    });
    expect(ensureDirectoryAccounts(world.store)).toBe(1);
    expect(ensureDirectoryAccounts(world.store)).toBe(0);
    const account = repository.accountForUser(diego.id);
    expect(account).toMatchObject({ samAccountName: 'diego.siciliani', passwordHash: world.grady.passwordHash });
    expect(repository.passwordHistory(account?.id ?? 0, 24)).toEqual([world.grady.passwordHash]);

    // A user deleted and created again with the same UPN is matched to the account left behind.
    world.store.users.remove(diego.id);
    expect(repository.account(account?.id ?? 0)?.userId).toBeNull();
    const again = world.store.users.create({
      tenantId: world.contoso.id,
      upn: 'Diego.Siciliani@contoso.com',
      displayName: 'Diego Siciliani',
      source: 'synced',
      passwordHash: world.johanna.passwordHash,
      passwordLastSet: world.clock.now(),
      createdAt: world.clock.now(),
    });
    expect(ensureDirectoryAccounts(world.store)).toBe(1);
    expect(repository.accountForUser(again.id)).toMatchObject({
      id: account?.id,
      passwordHash: world.johanna.passwordHash,
    });
  });

  it('the demo scenario, once loaded, has accounts for its synced and federated users, Johanna locked out', async () => {
    const store = openStore(':memory:');
    try {
      const path = fileURLToPath(new URL('../../../resources/scenarios/contoso.json', import.meta.url));
      const scenario = parseScenario(JSON.parse(readFileSync(path, 'utf8')), path);
      const clock = new ManualClock('2026-01-05T09:00:00Z');
      const secretBox = { seal: (secret: string) => `sealed.${secret.length}`, open: () => '' };
      await loadScenario(store, scenario, { hasher, secretBox, clock });
      expect(ensureDirectoryAccounts(store)).toBe(3);
      const directory = createDirectory({ store, clock, hasher, vault: noVaultSecrets });
      const upns = ['johanna.lorenz@contoso.com', 'grady.archie@contoso.com', 'nestor.wilke@contoso.com'];
      for (const upn of upns) {
        const user = store.users.byUpn(upn);
        expect(user && onPremRepository(store).accountForUser(user.id)?.passwordHash).toBe(user?.passwordHash);
      }
      const johanna = store.users.byUpn('johanna.lorenz@contoso.com');
      if (!johanna) throw new Error('Johanna is in the demo scenario.');
      expect(await directory.lockoutState(directoryAccountRef(johanna))).toMatchObject({ locked: true });
      expect(await directory.health(johanna.tenantId)).toMatchObject({
        directoryName: 'CONTOSO.LOCAL',
        agent: 'connected',
        writable: true,
      });
    } finally {
      store.close();
    }
  });
});
