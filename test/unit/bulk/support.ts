// A small store for the import and export tests: a tenant with directory sync (two verified domains,
// one unverified, two groups), a second tenant without sync, a manual clock, the real hasher at the
// test cost and the real password rules with the shipped banned list.
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { ManualClock } from '../../../electron/main/clock';
import { importUsers, type ImportOptions, type ImportReport } from '../../../electron/main/bulk/import-users';
import type { UsersFileFormat } from '../../../electron/main/bulk/read-rows';
import { createHasher } from '../../../electron/main/password/hasher';
import { globalBannedIndex } from '../../../electron/main/password/banned-list';
import { createPasswordPolicy } from '../../../electron/main/password/policy';
import { openStore, type Store } from '../../../electron/main/store';
import { fastHashCost } from '../support/engine';

export const hasher = createHasher(fastHashCost);
export const passwords = createPasswordPolicy({ globalList: globalBannedIndex(), hasher });

export interface BulkFixture {
  store: Store;
  clock: ManualClock;
  tenantId: number;
  /** A tenant without directory sync, with the domain `other.example`. */
  otherTenantId: number;
  pilotGroupId: number;
  import(format: UsersFileFormat, text: string, options?: Partial<ImportOptions>): Promise<ImportReport>;
  close(): void;
}

export function openBulkFixture(): BulkFixture {
  const store = openStore(':memory:');
  const clock = new ManualClock('2026-03-02T09:00:00Z');
  const now = clock.now();
  const tenant = store.tenants.create({
    name: 'Tailspin',
    plan: 'p1',
    directorySync: true,
    createdAt: now,
    passwordPolicy: { minLength: 8, historyCount: 3, expiryDays: 90, bannedTerms: ['tailspin'] },
  });
  store.tenants.addDomain(tenant.id, { name: 'tailspin.onmicrosoft.com' });
  store.tenants.addDomain(tenant.id, { name: 'tailspin.example' });
  store.tenants.addDomain(tenant.id, { name: 'pending.example', verified: false });
  const pilot = store.groups.create(tenant.id, { name: 'SSPR Pilot' });
  store.groups.create(tenant.id, { name: 'Sales' });
  const other = store.tenants.create({ name: 'Woodgrove', plan: 'free', createdAt: now });
  store.tenants.addDomain(other.id, { name: 'woodgrove.onmicrosoft.com' });
  store.tenants.addDomain(other.id, { name: 'other.example' });
  return {
    store,
    clock,
    tenantId: tenant.id,
    otherTenantId: other.id,
    pilotGroupId: pilot.id,
    import: (format, text, options = {}) =>
      importUsers(
        store,
        { hasher, clock, passwords },
        { format, input: Readable.from([Buffer.from(text, 'utf8')]) },
        { tenantId: tenant.id, actor: 'admin@tailspin.example', ...options },
      ),
    close: () => store.close(),
  };
}

/** A SHA-256 of every row of every table (the full-text index's shadow tables included), to prove nothing changed. */
export function databaseDigest(store: Store): string {
  const digest = createHash('sha256');
  const tables = store.db
    .prepare<[], { name: string }>(
      "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
    )
    .all();
  for (const { name } of tables) {
    digest.update(`\u0000${name}\u0000`);
    const rows = store.db
      .prepare(`SELECT * FROM "${name}"`)
      .raw()
      .all()
      .map((row) =>
        JSON.stringify(row, (_key, value: unknown) => (Buffer.isBuffer(value) ? value.toString('hex') : value)),
      )
      .sort();
    for (const row of rows) digest.update(row);
  }
  return digest.digest('hex');
}

/** A CSV file from a header and rows of cells (cells quoted when they hold a comma or a quote). */
export function csv(header: readonly string[], rows: readonly (readonly string[])[], eol = '\n'): string {
  const cell = (value: string) => (/[",\r\n]/u.test(value) ? `"${value.replace(/"/gu, '""')}"` : value);
  return [header, ...rows].map((row) => row.map(cell).join(',')).join(eol) + eol;
}
