// Issue 7, spec §10: "Verify the audit log" as the console offers it (admin.audit.verify, behind the
// console's guard) and as the command `npm run audit:verify` runs it, on a real engine's database
// with its real vault: intact after real activity, the first broken event after tampering, and a
// missing or wrong key reported in words, never as a crash.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { verifyAuditLogFile } from '../../../electron/main/admin/audit-verify';
import { openVault } from '../../../electron/main/vault/vault';
import { auditVerifyCommand } from '../../../scripts/audit-verify';
import { openAdminHarness, type AdminHarness } from '../admin/support';

let h: AdminHarness;

beforeEach(async () => {
  h = await openAdminHarness();
  // Real activity through the contract: a wrong and a right password, then a console change.
  const adele = { upn: 'adele.vance@contoso.com', password: 'Harbor-Lantern-47' };
  await h.call('session.signIn', { upn: adele.upn, password: 'Not-Her-Password-1' });
  await h.call('session.signIn', adele);
  await h.call('session.signOut', {});
  await h.call('admin.audit.setRetention', { days: 60 });
});
afterEach(() => h.close());

function eventCount(): number {
  return h.store.db.prepare<[], { n: number }>('SELECT count(*) AS n FROM audit_events').get()?.n ?? 0;
}

/** Runs the command as a user would, with tsx; resolves its exit code and output. */
function command(args: string[]): Promise<{ code: number | null; out: string }> {
  return new Promise((done, failed) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/audit-verify.ts', ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.on('error', failed);
    child.on('close', (code) => done({ code, out }));
  });
}

describe('issue 7 §10 verify the audit log from the console', () => {
  it('issue 7 admin.audit.verify is refused unless the console is open', async () => {
    await h.call('admin.close', {});
    expect(await h.refused('admin.audit.verify', {})).toMatchObject({ code: 'unauthorized' });
  });

  it('issue 7 §10 after real activity the log verifies intact, every event counted', async () => {
    const events = eventCount();
    expect(events).toBeGreaterThanOrEqual(5);
    expect(await h.call('admin.audit.verify', {})).toEqual({
      intact: true,
      events,
      verified: events,
      prunedThrough: 0,
      problem: null,
    });
  });

  it('issue 7 §10 an event edited in the file is named by the console: which event, and what is wrong', async () => {
    const failed = h.store.db
      .prepare<[], { id: number }>("SELECT id FROM audit_events WHERE activity = 'signInFailed' LIMIT 1")
      .get();
    h.store.db.prepare("UPDATE audit_events SET result = 'success' WHERE id = ?").run(failed?.id);
    expect(await h.call('admin.audit.verify', {})).toMatchObject({
      intact: false,
      problem: { kind: 'edited', row: { id: failed?.id, activity: 'signInFailed' } },
    });
  });

  it('issue 7 with the audit key gone from the vault, the console says so and nothing crashes', async () => {
    const vault = await openVault({ fileDir: h.t.dir, backend: 'file' });
    await vault.delete('audit-hmac-key');
    const report = await h.call('admin.audit.verify', {});
    expect(report).toMatchObject({ intact: false, problem: { kind: 'keyMissing', row: null } });
    expect(report.problem?.message).toMatch(/no audit key/);
  });
});

describe('issue 7 npm run audit:verify', () => {
  it('issue 7 exit code 0 when intact, 1 when broken (with the event), 2 on bad usage', async () => {
    const tampered = join(h.t.dir, 'tampered');
    mkdirSync(tampered);
    h.store.db.pragma('wal_checkpoint(TRUNCATE)');
    copyFileSync(h.t.dbPath, join(tampered, 'sspr.db'));
    copyFileSync(join(h.t.dir, 'vault.key.json'), join(tampered, 'vault.key.json'));
    const raw = new BetterSqlite3(join(tampered, 'sspr.db'));
    raw.prepare('DELETE FROM audit_events WHERE id = (SELECT min(id) + 1 FROM audit_events)').run();
    raw.close();

    // The process itself once, so the exit code is seen as a shell sees it; the rest in this process.
    const process = command(['--db', join(tampered, 'sspr.db'), '--vault', 'file']);
    const intact = await auditVerifyCommand(['--db', h.t.dbPath, '--vault', 'file']);
    expect(intact).toMatchObject({ code: 0, stderr: '' });
    expect(intact.stdout).toMatch(/The audit log is intact: \d+ events verified/);
    const broken = await auditVerifyCommand(['--db', join(tampered, 'sspr.db'), '--vault', 'file']);
    expect(broken.code).toBe(1);
    expect(broken.stdout).toMatch(/NOT intact \(missing\): 1 event is missing before event \d+/);
    expect(await process).toEqual({ code: 1, out: `${broken.stdout}\n` });

    for (const args of [
      ['--vault', 'file'],
      ['--db', h.t.dbPath, '--vault', 'somewhere'],
      ['--db', h.t.dbPath, '--colour'],
      ['--db', join(h.t.dir, 'no-such.db')],
      ['--db', join(h.t.dir, 'vault.key.json'), '--vault', 'file'],
    ]) {
      const usage = await auditVerifyCommand(args);
      expect(usage, args.join(' ')).toMatchObject({ code: 2, stdout: '' });
      expect(usage.stderr).toMatch(/^audit:verify: .+\nUsage: npm run audit:verify/);
    }
  });

  it('issue 7 the command reports a vault without the key, or with another key, in words', async () => {
    h.store.db.pragma('wal_checkpoint(TRUNCATE)');
    const elsewhere = join(h.t.dir, 'elsewhere');
    mkdirSync(elsewhere);
    copyFileSync(h.t.dbPath, join(elsewhere, 'sspr.db'));
    const noKey = await verifyAuditLogFile({ dbPath: join(elsewhere, 'sspr.db'), vault: 'file' });
    expect(noKey).toMatchObject({ intact: false, problem: { kind: 'keyMissing' } });

    const other = await openVault({ fileDir: elsewhere, backend: 'file' });
    await other.auditKey();
    const wrongKey = await verifyAuditLogFile({ dbPath: join(elsewhere, 'sspr.db'), vault: 'file' });
    expect(wrongKey).toMatchObject({ intact: false, problem: { kind: 'keyMismatch' } });

    writeFileSync(join(elsewhere, 'vault.key.json'), '{ not json');
    const corrupt = await verifyAuditLogFile({ dbPath: join(elsewhere, 'sspr.db'), vault: 'file' });
    expect(corrupt).toMatchObject({ intact: false, problem: { kind: 'keyMissing' } });
    expect(corrupt.problem?.message).toMatch(/vault could not be opened: .*corrupt/);
  });

  it('issue 7 the command never writes: the database file is byte for byte the same, and no WAL content is added', async () => {
    h.t.engine.close();
    h.store.close();
    const digest = () => createHash('sha256').update(readFileSync(h.t.dbPath)).digest('hex');
    const before = digest();
    expect(existsSync(`${h.t.dbPath}-wal`)).toBe(false);
    expect(await verifyAuditLogFile({ dbPath: h.t.dbPath, vault: 'file' })).toMatchObject({ intact: true });
    expect(digest()).toBe(before);
    // SQLite may leave an empty WAL beside a WAL-mode file opened read-only; nothing is written to it.
    if (existsSync(`${h.t.dbPath}-wal`)) expect(statSync(`${h.t.dbPath}-wal`).size).toBe(0);
  });
});
