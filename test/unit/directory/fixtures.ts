import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ManualClock } from '../../../electron/main/clock';
import { createDirectory, ensureDirectoryAccounts, type OnPremDirectory } from '../../../electron/main/directory';
import { createHasher } from '../../../electron/main/password/hasher';
import { openStore, type Store, type Tenant, type User } from '../../../electron/main/store';

export const minuteMs = 60_000;
/** A vault with no LDAP bind password: these tests keep every tenant on the simulated directory. */
export const noVaultSecrets = { get: () => Promise.resolve(null) };
export const hasher = createHasher({ N: 1024, r: 8, p: 1 });

export const passwords = {
  johanna: 'Lantern-Harbor-61',
  grady: 'Orchard-Copper-29',
  adele: 'Granite-Willow-83',
  /** A password no rule refuses, on either side. */
  fresh: 'Meadow!Falcon-2026',
};

export interface World {
  dir: string;
  path: string;
  store: Store;
  clock: ManualClock;
  directory: OnPremDirectory;
  contoso: Tenant;
  /** Synced, locked out in the cloud and on-premises, as the demo scenario has her. */
  johanna: User;
  /** Synced, no lockout. */
  grady: User;
  /** Cloud only. */
  adele: User;
  close(): void;
}

/** A real store in a temp folder with Contoso (P1, directory sync, writeback and unlock on) and its directory. */
export async function openWorld(): Promise<World> {
  const dir = mkdtempSync(join(tmpdir(), 'sspr-directory-'));
  const path = join(dir, 'sspr.db');
  const clock = new ManualClock('2026-01-05T09:00:00Z');
  const store = openStore(path);
  const t0 = clock.now();
  const created = store.tenants.create({ name: 'Contoso', plan: 'p1', directorySync: true, createdAt: t0 });
  store.tenants.addDomain(created.id, { name: 'contoso.onmicrosoft.com' });
  store.tenants.addDomain(created.id, { name: 'contoso.com' });
  const contoso = store.tenants.setSsprPolicy(created.id, { enabledFor: 'all', writeback: true, allowUnlock: true });
  const [johannaHash, gradyHash, adeleHash] = await Promise.all(
    [passwords.johanna, passwords.grady, passwords.adele].map((password) => hasher.hash(password)),
  );
  const base = { tenantId: contoso.id, passwordLastSet: new Date(t0.getTime() - 20 * 86_400_000), createdAt: t0 };
  const johanna = store.users.create({
    ...base,
    upn: 'johanna.lorenz@contoso.com',
    displayName: 'Johanna Lorenz',
    source: 'synced',
    passwordHash: johannaHash ?? '',
    cloudLockout: { failedSignIns: 10, lockedUntil: new Date(t0.getTime() + minuteMs), lockoutCount: 1 },
    onPremLockout: { failedSignIns: 5, lockedUntil: new Date(t0.getTime() + 30 * minuteMs) },
  });
  const grady = store.users.create({
    ...base,
    upn: 'grady.archie@contoso.com',
    displayName: 'Grady Archie',
    source: 'synced',
    passwordHash: gradyHash ?? '',
  });
  const adele = store.users.create({
    ...base,
    upn: 'adele.vance@contoso.com',
    displayName: 'Adele Vance',
    passwordHash: adeleHash ?? '',
  });
  ensureDirectoryAccounts(store);
  return {
    dir,
    path,
    store,
    clock,
    directory: createDirectory({ store, clock, hasher, vault: noVaultSecrets }),
    contoso,
    johanna,
    grady,
    adele,
    close() {
      store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Everything the tenant holds about a user: the whole row (both lockouts included) and the password history. */
export function tenantSide(store: Store, userId: number): unknown {
  return {
    user: store.db.prepare('SELECT * FROM users WHERE id = ?').get(userId),
    history: store.db.prepare('SELECT * FROM password_history WHERE user_id = ? ORDER BY id').all(userId),
  };
}

/** Everything the simulated directory holds. */
export function directorySide(store: Store): unknown {
  return Object.fromEntries(
    ['onprem_domains', 'onprem_accounts', 'onprem_password_history', 'onprem_operations'].map((table) => [
      table,
      store.db.prepare(`SELECT * FROM ${table} ORDER BY id`).all(),
    ]),
  );
}

export function setAgent(world: World, writebackAgent: 'connected' | 'down'): void {
  world.store.tenants.setSsprPolicy(world.contoso.id, {
    ...world.store.tenants.get(world.contoso.id)?.ssprPolicy,
    writebackAgent,
  });
}

export const request = (world: World, user: User) => ({
  user,
  tenant: world.contoso,
  flowId: 'flow-1',
  deviceId: 'device-1',
  actor: user.upn,
});
