import BetterSqlite3 from 'better-sqlite3';
import { latestVersion, migrations } from './migrations';

export type Database = BetterSqlite3.Database;
export type Statement<Params extends unknown[], Row = unknown> = BetterSqlite3.Statement<Params, Row>;

export interface OpenDatabaseOptions {
  /** better-sqlite3's addon built for Electron's ABI; the Node build is used when absent. */
  nativeBinding?: string;
}

export function openDatabase(path: string, options: OpenDatabaseOptions = {}): Database {
  const db = new BetterSqlite3(path, options.nativeBinding ? { nativeBinding: options.nativeBinding } : {});
  try {
    db.pragma('busy_timeout = 5000');
    if (path !== ':memory:' && path !== '') db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    db.pragma('synchronous = NORMAL');
  } catch (error) {
    db.close();
    throw error;
  }
  return db;
}

export interface MigrateOptions {
  /** Stop at this version (tests build old databases this way); the latest when absent. */
  to?: number;
}

interface AppliedMigration {
  version: number;
  name: string;
}

/**
 * Applies the numbered migrations the database lacks, each in its own transaction and recorded in
 * `schema_migrations`. Refuses a database written by a newer app, and never moves backwards.
 */
export function migrate(db: Database, options: MigrateOptions = {}): { from: number; to: number } {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    applied_at TEXT NOT NULL
  ) STRICT`);
  const applied = () =>
    db.prepare<[], AppliedMigration>('SELECT version, name FROM schema_migrations ORDER BY version').all();
  const currentVersion = () =>
    db.prepare<[], { version: number | null }>('SELECT max(version) AS version FROM schema_migrations').get()
      ?.version ?? 0;
  const record = db.prepare<[number, string]>(
    `INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))`,
  );

  const from = currentVersion();
  refuseUnknownHistory(applied(), from);
  const to = options.to ?? latestVersion;
  if (!Number.isInteger(to) || to < 0 || to > latestVersion) {
    throw new Error(`There is no schema version ${to}: this app knows versions 1 to ${latestVersion}.`);
  }
  if (to < from) {
    throw new Error(`Migrations only move forward: the database is at version ${from}, version ${to} was asked for.`);
  }

  for (const migration of migrations) {
    if (migration.version <= from || migration.version > to) continue;
    // IMMEDIATE takes the write lock first, so a second process opening the same file waits, then skips.
    db.transaction(() => {
      if (currentVersion() >= migration.version) return;
      db.exec(migration.up);
      record.run(migration.version, migration.name);
    }).immediate();
  }
  return { from, to: Math.max(from, to) };
}

function refuseUnknownHistory(applied: AppliedMigration[], current: number): void {
  if (current > latestVersion) {
    throw new Error(
      `This database was written by a newer version of the app (schema version ${current}; this version knows up to ${latestVersion}). ` +
        'Open it with the newer app, or start this one with a new database file.',
    );
  }
  applied.forEach((row, index) => {
    const known = migrations[index];
    if (!known || known.version !== row.version || known.name !== row.name) {
      throw new Error(
        `The database's migration history does not match this app: it records migration ${row.version} (${row.name}).`,
      );
    }
  });
}
