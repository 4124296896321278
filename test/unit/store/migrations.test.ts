import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrate, openDatabase } from '../../../electron/main/store/database';
import { latestVersion, migrations } from '../../../electron/main/store/migrations';
import { openStore } from '../../../electron/main/store';
import { auditActivities } from '../../../electron/main/store/audit';
import { createSecretBox } from '../../../electron/main/vault/secret-box';
import { defaultPasswordPolicy, defaultSsprPolicy } from '../../../shared/policy';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'sspr-migrations-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

const hash = 'scrypt$v=1$N=1024,r=8,p=1$c2FsdHNhbHRzYWx0c2FsdA==$a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2U=';

function recorded(path: string): { version: number; name: string; applied_at: string }[] {
  const db = openDatabase(path);
  try {
    return db
      .prepare<[], { version: number; name: string; applied_at: string }>(
        'SELECT version, name, applied_at FROM schema_migrations ORDER BY version',
      )
      .all();
  } finally {
    db.close();
  }
}

describe('migrations: numbered, forward-only, one transaction each', () => {
  it('migrations are numbered 1..n without gaps, with unique names', () => {
    expect(migrations.map((m) => m.version)).toEqual(migrations.map((_, index) => index + 1));
    expect(new Set(migrations.map((m) => m.name)).size).toBe(migrations.length);
    expect(latestVersion).toBe(migrations.length);
    expect(latestVersion).toBeGreaterThanOrEqual(2);
  });

  it('a fresh database migrates to the latest version', () => {
    const db = openDatabase(':memory:');
    expect(migrate(db)).toEqual({ from: 0, to: latestVersion });
    expect(migrate(db)).toEqual({ from: latestVersion, to: latestVersion });
    db.close();
  });

  it('each applied migration is recorded with its version, name and time', () => {
    const path = join(dir, 'recorded.db');
    openStore(path).close();
    const rows = recorded(path);
    expect(rows.map(({ version, name }) => ({ version, name }))).toEqual(
      migrations.map(({ version, name }) => ({ version, name })),
    );
    for (const row of rows) expect(Number.isNaN(Date.parse(row.applied_at))).toBe(false);
  });

  it('a database migrated to version 1 with data in it moves forward on open and keeps its data', () => {
    const path = join(dir, 'old.db');
    const old = openDatabase(path);
    expect(migrate(old, { to: 1 })).toEqual({ from: 0, to: 1 });
    old.exec(`
      INSERT INTO tenants (id, name, plan, directory_sync, sspr_policy, password_policy, created_at)
      VALUES (1, 'Contoso', 'p1', 1, '${JSON.stringify(defaultSsprPolicy)}', '${JSON.stringify(defaultPasswordPolicy)}', '2025-06-01T08:00:00.000Z');
      INSERT INTO domains (tenant_id, name, kind) VALUES (1, 'contoso.onmicrosoft.com', 'initial'), (1, 'contoso.com', 'custom');
      INSERT INTO users (id, tenant_id, upn, display_name, password_hash, password_last_set, created_at)
      VALUES (1, 1, 'Adele.Vance@contoso.com', 'Adele Vance', '${hash}', '2025-06-01T08:00:00.000Z', '2025-06-01T08:00:00.000Z');
      INSERT INTO auth_methods (user_id, kind, email, registered_at) VALUES (1, 'email', 'adele@personal.example', '2025-06-01T08:00:00.000Z');
      INSERT INTO audit_events (at, tenant_id, actor, target_user_id, activity, result)
      VALUES ('2025-06-01T08:05:00.000Z', 1, 'system', 1, 'scenarioLoaded', 'success');
      INSERT INTO outbox (at, tenant_id, channel, recipient, body) VALUES ('2025-06-01T08:06:00.000Z', 1, 'email', 'adele@personal.example', 'Hello');
    `);
    const indexesAtV1 = old
      .prepare<[], { name: string }>(
        "SELECT name FROM sqlite_schema WHERE type = 'index' AND name = 'audit_events_by_target'",
      )
      .all();
    expect(indexesAtV1).toEqual([]);
    old.close();
    expect(recorded(path).map((row) => row.version)).toEqual([1]);

    const store = openStore(path, { secretBox: createSecretBox(randomBytes(32)) });
    try {
      expect(recorded(path).map((row) => row.version)).toEqual(migrations.map((m) => m.version));
      const tenant = store.tenants.byDomain('contoso.com');
      expect(tenant?.name).toBe('Contoso');
      expect(tenant?.directorySync).toBe(true);
      const user = store.users.byUpn('adele.vance@CONTOSO.com');
      expect(user?.displayName).toBe('Adele Vance');
      expect(user?.passwordHash).toBe(hash);
      expect(store.methods.listForUser(user?.id ?? 0)).toMatchObject([
        { kind: 'email', address: 'adele@personal.example' },
      ]);
      expect(store.audit.list({ limit: 10 })).toMatchObject([{ activity: 'scenarioLoaded', targetUserId: user?.id }]);
      expect(store.outbox.list({ limit: 10, recipient: 'ADELE@personal.example' })).toHaveLength(1);
      const indexes = store.db
        .prepare<[], { name: string }>(
          "SELECT name FROM sqlite_schema WHERE type = 'index' AND name = 'audit_events_by_target'",
        )
        .all();
      expect(indexes).toEqual([{ name: 'audit_events_by_target' }]);
    } finally {
      store.close();
    }
  });

  it('a database written by a newer version of the app is refused, and left as it was', () => {
    const path = join(dir, 'newer.db');
    openStore(path).close();
    const db = openDatabase(path);
    db.prepare(
      "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, 'from-the-future', '2030-01-01T00:00:00.000Z')",
    ).run(latestVersion + 1);
    db.close();
    expect(() => openStore(path)).toThrow(/written by a newer version/);
    expect(recorded(path).map((row) => row.version)).toEqual([...migrations.map((m) => m.version), latestVersion + 1]);
  });

  it('migrations never go backwards', () => {
    const db = openDatabase(':memory:');
    migrate(db);
    expect(() => migrate(db, { to: 1 })).toThrow(/only move forward/);
    expect(() => migrate(db, { to: latestVersion + 1 })).toThrow(/no schema version/);
    db.close();
  });

  it('a history that does not match this app is refused', () => {
    const db = openDatabase(':memory:');
    migrate(db, { to: 1 });
    db.prepare("UPDATE schema_migrations SET name = 'something-else' WHERE version = 1").run();
    expect(() => migrate(db)).toThrow(/does not match/);
    db.close();
  });

  it('a failing migration leaves nothing behind (one transaction each)', () => {
    const db = openDatabase(':memory:');
    migrate(db, { to: 1 });
    // A table in the way of migration 2's first index makes it fail halfway.
    db.exec('DROP TABLE password_history; CREATE TABLE password_history (x INTEGER)');
    expect(() => migrate(db)).toThrow();
    expect(db.prepare<[], { v: number }>('SELECT max(version) AS v FROM schema_migrations').get()?.v).toBe(1);
    expect(
      db.prepare<[], { name: string }>("SELECT name FROM sqlite_schema WHERE name = 'users_by_tenant'").all(),
    ).toEqual([]);
    db.close();
  });

  it('a file database runs in WAL mode with foreign keys on; :memory: skips WAL', () => {
    const path = join(dir, 'wal.db');
    const store = openStore(path);
    expect(store.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(store.db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(store.db.pragma('busy_timeout', { simple: true })).toBe(5000);
    expect(store.db.pragma('synchronous', { simple: true })).toBe(1);
    store.close();
    const memory = openStore(':memory:');
    expect(memory.db.pragma('journal_mode', { simple: true })).toBe('memory');
    memory.close();
  });

  it('§10 the audit_activities table holds exactly the activities the code knows', () => {
    const store = openStore(':memory:');
    const rows = store.db.prepare<[], { name: string }>('SELECT name FROM audit_activities ORDER BY name').all();
    expect(rows.map((row) => row.name)).toEqual([...auditActivities].sort());
    store.close();
  });

  it('migration 2: lookups by tenant, target user, recipient and group member use an index', () => {
    const store = openStore(':memory:');
    const plan = (sql: string) =>
      store.db
        .prepare<[], { detail: string }>(`EXPLAIN QUERY PLAN ${sql}`)
        .all()
        .map((row) => row.detail)
        .join(' | ');
    expect(plan('SELECT * FROM audit_events WHERE target_user_id = 1 ORDER BY at DESC')).toContain(
      'audit_events_by_target',
    );
    expect(plan('SELECT * FROM audit_events WHERE tenant_id = 1 ORDER BY at DESC')).toContain('audit_events_by_tenant');
    expect(plan("SELECT * FROM outbox WHERE recipient = 'a@b.c' COLLATE NOCASE")).toContain('outbox_by_recipient');
    expect(plan('SELECT * FROM group_members WHERE user_id = 1')).toContain('group_members_by_user');
    expect(plan('SELECT * FROM auth_methods WHERE user_id = 1')).toMatch(/auth_methods_by_user/);
    expect(plan("SELECT * FROM users WHERE upn = 'ADELE@contoso.com'")).toMatch(/INDEX/);
    store.close();
  });
});
