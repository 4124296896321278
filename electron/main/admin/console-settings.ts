// The admin console's own row (migration 5): the wrong-credential throttle, kept in the store so a
// restart does not reset it, and the audit retention of spec §10.
import type { Database, Store } from '../store';
import { dateOrNull, isoTimeOrNull } from '../store/rows';

export interface CredentialThrottle {
  /** Wrong attempts since the last right one. */
  failedAttempts: number;
  /** No attempt is checked before this time; null when one may be made now. */
  nextAttemptAt: Date | null;
}

interface ConsoleRow {
  failed_attempts: number;
  next_attempt_at: string | null;
  audit_retention_days: number;
}

function createConsoleSettings(db: Database) {
  const statements = {
    get: db.prepare<[], ConsoleRow>(
      'SELECT failed_attempts, next_attempt_at, audit_retention_days FROM admin_console WHERE id = 1',
    ),
    setThrottle: db.prepare<[number, string | null]>(
      'UPDATE admin_console SET failed_attempts = ?, next_attempt_at = ? WHERE id = 1',
    ),
    setRetention: db.prepare<[number]>('UPDATE admin_console SET audit_retention_days = ? WHERE id = 1'),
  };
  const row = (): ConsoleRow => {
    const found = statements.get.get();
    if (!found) throw new Error('The admin console row is missing; the database was not migrated.');
    return found;
  };
  return {
    throttle: (): CredentialThrottle => {
      const current = row();
      return { failedAttempts: current.failed_attempts, nextAttemptAt: dateOrNull(current.next_attempt_at) };
    },
    setThrottle: (throttle: CredentialThrottle): void => {
      statements.setThrottle.run(throttle.failedAttempts, isoTimeOrNull(throttle.nextAttemptAt));
    },
    /** Days audit events are kept (spec §10: 30 by default). */
    auditRetentionDays: (): number => row().audit_retention_days,
    setAuditRetentionDays: (days: number): void => {
      statements.setRetention.run(days);
    },
  };
}

export type ConsoleSettings = ReturnType<typeof createConsoleSettings>;

const prepared = new WeakMap<Database, ConsoleSettings>();

/** The console's settings for this store, prepared once per database. */
export function consoleSettings(store: Pick<Store, 'db'>): ConsoleSettings {
  let settings = prepared.get(store.db);
  if (!settings) {
    settings = createConsoleSettings(store.db);
    prepared.set(store.db, settings);
  }
  return settings;
}
