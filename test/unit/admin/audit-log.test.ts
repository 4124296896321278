// Spec §10 the audit log in the console: newest first with filters on time range, user, activity
// and result, each on an index; the export as JSON lines and CSV (parsed back here, with the guard
// against formula injection); the retention setting (30 days by default) applied at startup and
// when changed, the purge itself audited.
import { resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auditWhere, guardCell } from '../../../electron/main/admin/audit-log';
import { ManualClock } from '../../../electron/main/clock';
import { openEngine } from '../../../electron/main/engine';
import { memoryLogger } from '../../../electron/main/log';
import { openStore } from '../../../electron/main/store';
import { openVault } from '../../../electron/main/vault/vault';
import type { AuditFilters } from '../../../shared/admin';
import { fastHashCost } from '../support/engine';
import { openAdminHarness, type AdminHarness } from './support';

let h: AdminHarness;
beforeEach(async () => {
  h = await openAdminHarness();
});
afterEach(() => h.close());

const day = 86_400_000;

/** RFC 4180 as a spreadsheet reads it: quoted fields may hold commas, quotes (doubled) and newlines. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let index = 0; index < text.length; index++) {
    const char = text[index];
    if (quoted) {
      if (char === '"' && text[index + 1] === '"') {
        field += '"';
        index++;
      } else if (char === '"') quoted = false;
      else field += char;
    } else if (char === '"') quoted = true;
    else if (char === ',') {
      row.push(field);
      field = '';
    } else if (char === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else if (char !== '\r') field += char;
  }
  if (field !== '' || row.length > 0) rows.push([...row, field]);
  return rows;
}

function seedEvents(): void {
  const at = (minutesAgo: number) => new Date(h.clock.now().getTime() - minutesAgo * 60_000);
  const contoso = h.tenantId('Contoso');
  h.store.audit.append({
    at: at(30),
    tenantId: contoso,
    actor: 'adele.vance@contoso.com',
    targetUpn: 'adele.vance@contoso.com',
    activity: 'signInFailed',
    result: 'failure',
    reason: 'wrongPassword',
  });
  h.store.audit.append({
    at: at(20),
    tenantId: contoso,
    actor: 'adele.vance@contoso.com',
    targetUpn: 'Adele.Vance@contoso.com',
    activity: 'signInSucceeded',
    result: 'success',
  });
  h.store.audit.append({
    at: at(10),
    tenantId: contoso,
    actor: '=HYPERLINK("http://evil.example","click")',
    targetUpn: 'alex.wilber@contoso.com',
    activity: 'signInFailed',
    result: 'failure',
    reason: '+cmd|calc',
  });
}

describe('§10 the audit log', () => {
  it('§10 lists events newest first, filtered by user, activity, result and time range, with the total for paging', async () => {
    seedEvents();
    const signIns = await h.call('admin.audit.query', { filters: { activity: 'signInFailed' } });
    expect(signIns.total).toBe(2);
    expect(signIns.events.map((event) => event.targetUpn)).toEqual([
      'alex.wilber@contoso.com',
      'adele.vance@contoso.com',
    ]);
    const adele = await h.call('admin.audit.query', { filters: { upn: 'ADELE.VANCE@contoso.com' } });
    expect(adele.events.map((event) => event.activity)).toEqual(['signInSucceeded', 'signInFailed']);
    const failures = await h.call('admin.audit.query', {
      filters: { result: 'failure', upn: 'adele.vance@contoso.com' },
    });
    expect(failures.events.map((event) => event.reason)).toEqual(['wrongPassword']);
    const recent = await h.call('admin.audit.query', {
      filters: {
        since: new Date(h.clock.now().getTime() - 15 * 60_000).toISOString(),
        tenantId: h.tenantId('Contoso'),
      },
    });
    expect(recent.events.map((event) => event.activity)).toEqual(['signInFailed']);
    const window = await h.call('admin.audit.query', {
      filters: {
        since: new Date(h.clock.now().getTime() - 25 * 60_000).toISOString(),
        until: new Date(h.clock.now().getTime() - 15 * 60_000).toISOString(),
      },
    });
    expect(window.events.map((event) => event.activity)).toEqual(['signInSucceeded']);
    const all = await h.call('admin.audit.query', { limit: 2 });
    const next = await h.call('admin.audit.query', { limit: 2, offset: 2 });
    expect(all.total).toBe(next.total);
    expect((all.events.at(-1)?.at ?? '') >= (next.events[0]?.at ?? '')).toBe(true);
    expect(next.events.map((event) => event.id)).not.toContain(all.events[0]?.id);
    expect(all.activities).toContain('adminPasswordReset');
  });

  it('§10 every filter combination runs on an index: no full scan of the audit table', () => {
    const combos: AuditFilters[] = [
      {},
      { activity: 'x' },
      { result: 'failure' },
      { upn: 'a@b.c' },
      { tenantId: 1 },
      { since: '2026-01-01T00:00:00Z' },
      { tenantId: 1, activity: 'x', since: '2026-01-01T00:00:00Z' },
      { upn: 'a@b.c', result: 'success' },
      { activity: 'x', result: 'failure', until: '2026-01-01T00:00:00Z' },
    ];
    for (const filters of combos) {
      const { where, params } = auditWhere(filters);
      const sql = `SELECT id FROM audit_events ${where} ORDER BY at DESC, id DESC LIMIT 10`;
      const plan = h.store.db
        .prepare<[Record<string, string | number>], { detail: string }>(`EXPLAIN QUERY PLAN ${sql}`)
        .all(params)
        .map((row) => row.detail)
        .join(' | ');
      expect(plan, JSON.stringify(filters)).toMatch(/USING (COVERING )?INDEX audit_events_by/);
      expect(plan, JSON.stringify(filters)).not.toMatch(/SCAN audit_events(?! USING)/);
    }
  });

  it('§10 exports JSON lines, one event per line, parsed back whole; the export is audited', async () => {
    seedEvents();
    const exported = await h.call('admin.audit.export', { format: 'jsonl', filters: { activity: 'signInFailed' } });
    expect(exported).toMatchObject({ mimeType: 'application/x-ndjson', events: 2, truncated: false });
    expect(exported.fileName).toMatch(/^sspr-audit-.*\.jsonl$/);
    const lines = exported.content
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as { activity: string; reason: string });
    expect(lines.map((line) => line.reason)).toEqual(['wrongPassword', '+cmd|calc']);
    expect(h.store.audit.list({ limit: 1, activity: 'auditExported' })[0]).toMatchObject({
      reason: 'jsonl',
      details: { events: 2 },
    });
  });

  it('§10 exports CSV that a spreadsheet reads back, with cells starting with = + - @ kept as text', async () => {
    seedEvents();
    const exported = await h.call('admin.audit.export', { format: 'csv', filters: { activity: 'signInFailed' } });
    expect(exported.mimeType).toBe('text/csv');
    const [header, ...rows] = parseCsv(exported.content);
    expect(header).toEqual([
      'id',
      'at',
      'tenantId',
      'actor',
      'targetUserId',
      'targetUpn',
      'activity',
      'result',
      'reason',
      'method',
      'flowId',
      'deviceId',
      'details',
    ]);
    expect(rows).toHaveLength(2);
    const evil = rows[1] ?? [];
    expect(evil[3]).toBe('\'=HYPERLINK("http://evil.example","click")');
    expect(evil[8]).toBe("'+cmd|calc");
    for (const cell of rows.flat()) expect(cell).not.toMatch(/^[=+\-@]/);
    expect(['=1', '+1', '-1', '@SUM(A1)', '\tx', 'plain'].map(guardCell)).toEqual([
      "'=1",
      "'+1",
      "'-1",
      "'@SUM(A1)",
      "'\tx",
      'plain',
    ]);
  });

  it('§10 retention is 30 days by default; a shorter one purges at once, and both the change and the purge are audited', async () => {
    expect(await h.call('admin.audit.retention', {})).toMatchObject({ days: 30, purged: 0 });
    h.store.audit.append({
      at: new Date(h.clock.now().getTime() - 10 * day),
      actor: 'system',
      activity: 'scenarioLoaded',
      result: 'success',
    });
    h.store.audit.append({
      at: new Date(h.clock.now().getTime() - 3 * day),
      actor: 'system',
      activity: 'scenarioLoaded',
      result: 'success',
    });
    const changed = await h.call('admin.audit.setRetention', { days: 7 });
    expect(changed).toMatchObject({ days: 7, purged: 1 });
    expect(h.store.audit.list({ limit: 1, activity: 'auditPurged' })[0]).toMatchObject({
      reason: 'changed',
      details: { retentionDays: 7, purged: 1 },
    });
    expect(h.store.audit.list({ limit: 1, activity: 'deviceSettingChanged' })[0]?.details).toEqual({
      area: 'audit',
      field: 'auditRetentionDays',
      old: 30,
      new: 7,
    });
    expect(
      h.store.audit.list({ limit: 10, activity: 'scenarioLoaded', until: new Date(h.clock.now().getTime() - day) }),
    ).toHaveLength(1);
    expect(await h.refused('admin.audit.setRetention', { days: 0 })).toMatchObject({ code: 'invalid_request' });
  });

  it('§10 retention is applied at startup: events older than it are gone, and the purge is audited', async () => {
    const old = new Date(h.clock.now().getTime() - 45 * day);
    h.store.audit.append({ at: old, actor: 'system', activity: 'scenarioLoaded', result: 'success' });
    h.t.engine.close();
    const engine = await openEngine({
      dbPath: h.t.dbPath,
      resourcesDir: resolve('resources'),
      vault: await openVault({ fileDir: h.t.dir, backend: 'file' }),
      shell: 'browser',
      hashCost: fastHashCost,
      clock: new ManualClock(h.clock.now()),
      log: memoryLogger(),
    });
    engine.close();
    const store = openStore(h.t.dbPath);
    try {
      expect(store.audit.list({ limit: 5, until: new Date(old.getTime() + 1) })).toEqual([]);
      expect(store.audit.list({ limit: 1, activity: 'auditPurged' })[0]).toMatchObject({
        actor: 'system',
        reason: 'startup',
        details: { retentionDays: 30, purged: 1 },
      });
    } finally {
      store.close();
    }
  });
});
