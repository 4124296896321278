// "Verify the audit log" (issue 7): the console's action and the `npm run audit:verify` command both
// check the audit log's HMAC chain with the audit key the vault holds now, never with a key made up
// for the occasion, and never write to the database or the vault while doing it.
import { existsSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import type { AuditChainReport } from '../../../shared/admin';
import { verifyAuditChain } from '../store/audit-chain';
import type { Database } from '../store/database';
import type { Vault } from '../vault/types';
import { openVault } from '../vault/vault';

/** Verifies the chain in an open database with the vault's audit key; a vault that cannot answer is reported, not thrown. */
export async function verifyAuditLog(db: Database, vault: Vault): Promise<AuditChainReport> {
  let key: Buffer | null;
  try {
    key = await vault.get('audit-hmac-key');
  } catch (error) {
    const report = verifyAuditChain(db, null);
    const reason = error instanceof Error ? error.message : String(error);
    if (report.problem?.kind !== 'keyMissing') return report;
    return { ...report, problem: { ...report.problem, message: `The vault could not give the audit key: ${reason}` } };
  }
  return verifyAuditChain(db, key);
}

/** A mistake in how the check was asked for (no such file, not a database): the command exits 2 for it. */
export class AuditVerifyUsageError extends Error {}

export interface VerifyAuditLogFileOptions {
  dbPath: string;
  /** The vault beside the database, as the app opens it: 'auto' tries the OS keychain first. */
  vault: 'auto' | 'file' | 'keychain';
}

/**
 * The audit log of a database file, verified read-only with the vault kept beside it (the folder the
 * app's `--db` puts its vault in). The command `npm run audit:verify` and the admin CLI wrap this.
 */
export async function verifyAuditLogFile(options: VerifyAuditLogFileOptions): Promise<AuditChainReport> {
  const dbPath = resolve(options.dbPath);
  if (!existsSync(dbPath)) throw new AuditVerifyUsageError(`There is no database at ${dbPath}.`);
  if (!statSync(dbPath).isFile()) throw new AuditVerifyUsageError(`${dbPath} is not a file.`);
  let db: Database;
  try {
    db = new BetterSqlite3(dbPath, { readonly: true, fileMustExist: true });
    db.pragma('busy_timeout = 5000');
    db.prepare('SELECT count(*) FROM sqlite_schema').get();
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new AuditVerifyUsageError(`${dbPath} could not be opened as the app's database (${reason}).`);
  }
  try {
    const hasAudit = db
      .prepare<[], { found: number }>("SELECT count(*) AS found FROM sqlite_schema WHERE name = 'audit_events'")
      .get();
    if (!hasAudit?.found) throw new AuditVerifyUsageError(`${dbPath} is not the app's database (no audit log in it).`);
    let vault: Vault;
    try {
      vault = await openVault({ fileDir: dirname(dbPath), backend: options.vault });
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      const report = verifyAuditChain(db, null);
      if (report.problem?.kind !== 'keyMissing') return report;
      return { ...report, problem: { ...report.problem, message: `The vault could not be opened: ${reason}` } };
    }
    return await verifyAuditLog(db, vault);
  } finally {
    db.close();
  }
}
