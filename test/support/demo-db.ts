import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { RunningShell } from './shell';

/**
 * The test's own copy of the demo database, opened beside the running shell. Only for what has no UI
 * yet (the simulated writeback agent's state) and for checking outcomes; progress is made in the UI.
 */
export function openDemoDb(shell: RunningShell): Database.Database {
  const db = new Database(join(shell.dataDir, 'sspr.db'));
  db.pragma('busy_timeout = 5000');
  return db;
}

/** The tenant setting `writebackAgent` (spec §2, On-premises integration); the engine reads it on each write. */
export function setWritebackAgent(shell: RunningShell, tenant: string, state: 'connected' | 'down'): void {
  const db = openDemoDb(shell);
  try {
    db.prepare(`UPDATE tenants SET sspr_policy = json_set(sspr_policy, '$.writebackAgent', ?) WHERE name = ?`).run(
      state,
      tenant,
    );
  } finally {
    db.close();
  }
}

export function userRow(
  shell: RunningShell,
  upn: string,
): { password_hash: string; onprem_locked_until: string | null; sspr_blocked_until: string | null } {
  const db = openDemoDb(shell);
  try {
    const row = db
      .prepare('SELECT password_hash, onprem_locked_until, sspr_blocked_until FROM users WHERE upn = ?')
      .get(upn) as { password_hash: string; onprem_locked_until: string | null; sspr_blocked_until: string | null };
    return row;
  } finally {
    db.close();
  }
}
