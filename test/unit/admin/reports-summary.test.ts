// Spec §10 reports through the counts kept as data is written (issue 8's scale bench). Usage: for
// random audit events, random ranges (day-aligned and not), retention purges, a deleted tenant and
// a scenario load's purge, the report read from the daily summaries of migration 10 equals the same
// queries run straight on the events (`usageEventsSql`, the reference). Registration: for random
// method and user changes, the per-tenant counts of migration 12 equal a count over the methods.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createReports, splitRange, usageEventsSql } from '../../../electron/main/admin/reports';
import { createUserDirectory } from '../../../electron/main/admin/user-directory';
import { ManualClock } from '../../../electron/main/clock';
import { openStore, type Store } from '../../../electron/main/store';
import type { AuditActivity, AuditMethod, AuditResult } from '../../../electron/main/store/audit';

const dayMs = 86_400_000;
const start = Date.parse('2026-03-01T00:00:00.000Z');
const span = 6 * dayMs;

const activities: AuditActivity[] = [
  'flowStarted',
  'verificationPassed',
  'verificationFailed',
  'resetBlocked',
  'ssprLockoutStarted',
  'passwordReset',
  'accountUnlocked',
  'signInFailed',
];
const reasons = [null, 'wrongCode', 'notEnoughMethods', 'writebackFailed', 'unknown'];
const methods: Array<AuditMethod | null> = [null, 'email', 'mobileSms', 'appCode'];

const eventArb = fc.record({
  flow: fc.integer({ min: 0, max: 7 }),
  tenant: fc.integer({ min: 0, max: 2 }),
  activity: fc.constantFrom(...activities),
  success: fc.boolean(),
  reason: fc.constantFrom(...reasons),
  method: fc.constantFrom(...methods),
  offset: fc.integer({ min: 0, max: span }),
});
type RandomEvent = typeof eventArb extends fc.Arbitrary<infer T> ? T : never;

/** A time in the events' span: often exactly midnight, to hit the summaries' day edges. */
const instantArb = fc.oneof(
  fc.integer({ min: -1, max: 7 }).map((day) => start + day * dayMs),
  fc.integer({ min: -dayMs, max: span + dayMs }).map((offset) => start + offset),
);
const rangeArb = fc.tuple(instantArb, instantArb);

function openLab(): { store: Store; tenants: number[] } {
  const store = openStore(':memory:', { auditKey: randomBytes(32) });
  const at = new Date(start);
  const tenants = ['Contoso', 'Fabrikam'].map((name) => store.tenants.create({ name, plan: 'p1', createdAt: at }).id);
  return { store, tenants };
}

/** Appends the events as the app does (sealed into the chain); a flow completes each of a reset and an unlock at most once. */
function append(store: Store, tenants: number[], events: readonly RandomEvent[], round: number): void {
  const completed = new Set<string>();
  for (const event of events) {
    const flowId = event.flow === 0 ? null : `flow-${round}-${event.flow % 4}`;
    let result: AuditResult = event.success ? 'success' : 'failure';
    if ((event.activity === 'passwordReset' || event.activity === 'accountUnlocked') && result === 'success') {
      const key = `${flowId}:${event.activity}`;
      if (completed.has(key)) result = 'failure';
      completed.add(key);
    }
    store.audit.append({
      at: new Date(start + event.offset),
      tenantId: event.tenant === 2 ? null : (tenants[event.tenant] ?? null),
      actor: 'someone@contoso.com',
      activity: event.activity,
      result,
      reason: event.reason,
      method: event.method,
      flowId,
    });
  }
}

/** The report's three summarised answers, and the reference straight from the events. */
function both(store: Store, tenantId: number, since: number, until: number) {
  const range = { tenantId, since: new Date(since).toISOString(), until: new Date(until).toISOString() };
  const reports = createReports({
    store,
    users: createUserDirectory({ store, clock: new ManualClock(new Date(start)) }),
  });
  const report = reports.usage(tenantId, range.since, range.until);
  const byMethod = new Map<string, { method: string; resets: number; unlocks: number }>();
  for (const row of store.db
    .prepare<[typeof range], { method: string; activity: string; count: number }>(usageEventsSql.byMethod)
    .all(range)) {
    const entry = byMethod.get(row.method) ?? { method: row.method, resets: 0, unlocks: 0 };
    if (row.activity === 'passwordReset') entry.resets += row.count;
    else entry.unlocks += row.count;
    byMethod.set(row.method, entry);
  }
  const byName = (a: { method: string }, b: { method: string }) => a.method.localeCompare(b.method);
  return {
    summarised: {
      byMethod: [...report.byMethod].sort(byName),
      byDay: report.byDay,
      failures: report.failuresByReason,
    },
    reference: {
      byMethod: [...byMethod.values()].sort(byName),
      byDay: store.db.prepare(usageEventsSql.byDay).all(range),
      failures: store.db.prepare(usageEventsSql.failures).all(range),
    },
  };
}

function expectSame(store: Store, tenants: number[], ranges: ReadonlyArray<readonly [number, number]>): void {
  for (const tenantId of tenants) {
    for (const [since, until] of [...ranges, [start - dayMs, start + span + dayMs] as const]) {
      const { summarised, reference } = both(store, tenantId, since, until);
      expect(
        summarised,
        `tenant ${tenantId}, ${new Date(since).toISOString()} to ${new Date(until).toISOString()}`,
      ).toEqual(reference);
    }
  }
  // A count that falls to zero leaves no row behind.
  const empty = store.db
    .prepare<[], { rows: number }>(
      `SELECT (SELECT count(*) FROM audit_daily_outcomes WHERE events <= 0)
            + (SELECT count(*) FROM audit_daily_gate_methods WHERE completions <= 0) AS rows`,
    )
    .get();
  expect(empty?.rows).toBe(0);
}

describe('§10 usage report through the daily summaries', () => {
  it('splits a range into whole UTC days and the partial days at either end', () => {
    const at = (iso: string) => splitRange({ tenantId: 1, since: iso, until: '2026-03-04T06:00:00.000Z' });
    expect(at('2026-03-01T00:00:00.000Z')).toMatchObject({
      fromDay: '2026-03-01',
      toDay: '2026-03-04',
      headEnd: '2026-03-01T00:00:00.000Z',
      tailStart: '2026-03-04T00:00:00.000Z',
    });
    expect(at('2026-03-01T00:00:00.001Z')).toMatchObject({
      fromDay: '2026-03-02',
      headEnd: '2026-03-02T00:00:00.000Z',
    });
    // Within one day, or the wrong way round: no whole day, the events answer alone.
    expect(at('2026-03-04T01:00:00.000Z')).toMatchObject({
      fromDay: '',
      toDay: '',
      headEnd: '2026-03-04T06:00:00.000Z',
      tailStart: '2026-03-04T06:00:00.000Z',
    });
    expect(at('2026-03-09T00:00:00.000Z')).toMatchObject({ fromDay: '', toDay: '' });
  });

  it('§10 equals the report straight from the events: random events, ranges, retention, a deleted tenant, a scenario load', () => {
    fc.assert(
      fc.property(
        fc.array(eventArb, { minLength: 1, maxLength: 60 }),
        fc.array(eventArb, { maxLength: 30 }),
        fc.array(rangeArb, { minLength: 1, maxLength: 4 }),
        fc.integer({ min: -1, max: span + 1 }),
        (first, second, ranges, retentionOffset) => {
          const { store, tenants } = openLab();
          try {
            append(store, tenants, first, 1);
            expectSame(store, tenants, ranges);
            // Retention (the chain's own pruning, as applyAuditRetention runs it), then more traffic.
            store.audit.purgeBefore(new Date(start + retentionOffset));
            expectSame(store, tenants, ranges);
            append(store, tenants, second, 2);
            expectSame(store, tenants, ranges);
            // A deleted tenant's events keep no tenant (ON DELETE SET NULL): its counts go with it.
            store.db.prepare('DELETE FROM tenants WHERE id = ?').run(tenants[1]);
            expectSame(store, tenants, ranges);
            // A scenario load purges the whole log, as replaceWithScenario does.
            store.audit.purgeBefore(new Date('9999-12-31T23:59:59.999Z'));
            expect(store.audit.count()).toBe(0);
            expectSame(store, tenants, ranges);
            const left = store.db
              .prepare<[], { rows: number }>(
                'SELECT (SELECT count(*) FROM audit_daily_outcomes) + (SELECT count(*) FROM audit_daily_gate_methods) AS rows',
              )
              .get();
            expect(left?.rows).toBe(0);
          } finally {
            store.close();
          }
        },
      ),
      { numRuns: 40 },
    );
  });

  it('§10 a database upgraded with its events already written gets its summaries back-filled by migration 10', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sspr-summary-'));
    const path = join(dir, 'sspr.db');
    try {
      const old = openStore(path, { migrateTo: 9 });
      const tenantId = old.tenants.create({ name: 'Contoso', plan: 'p1', createdAt: new Date(start) }).id;
      const insert = old.db.prepare<[string, number, string, string, string | null, string | null, string]>(
        `INSERT INTO audit_events (at, tenant_id, actor, activity, result, reason, method, flow_id)
         VALUES (?, ?, 'adele@contoso.com', ?, ?, ?, ?, ?)`,
      );
      for (let flow = 0; flow < 30; flow++) {
        const time = (step: number) => new Date(start + flow * 7 * 3_600_000 + step * 60_000).toISOString();
        const flowId = `f${flow}`;
        insert.run(time(0), tenantId, 'verificationPassed', 'success', null, flow % 2 ? 'email' : 'mobileSms', flowId);
        insert.run(time(1), tenantId, 'verificationPassed', 'success', null, 'appCode', flowId);
        if (flow % 5 === 0)
          insert.run(time(2), tenantId, 'verificationFailed', 'failure', 'wrongCode', 'email', flowId);
        insert.run(time(3), tenantId, flow % 3 ? 'passwordReset' : 'accountUnlocked', 'success', null, null, flowId);
      }
      old.close();
      const store = openStore(path);
      try {
        const rows = store.db
          .prepare<[], { rows: number }>('SELECT count(*) AS rows FROM audit_daily_gate_methods')
          .get();
        expect(rows?.rows).toBeGreaterThan(0);
        for (const [since, until] of [
          [start, start + 10 * dayMs],
          [start + 5 * 3_600_000, start + 4 * dayMs + 7],
        ] as const) {
          const { summarised, reference } = both(store, tenantId, since, until);
          expect(summarised).toEqual(reference);
          expect(reference.byMethod).toHaveLength(3);
        }
      } finally {
        store.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

const registeredSql = `SELECT count(*) AS users FROM users u
  WHERE u.tenant_id = ? AND EXISTS (SELECT 1 FROM auth_methods m WHERE m.user_id = u.id)`;
const byKindSql = `SELECT m.kind AS kind, count(DISTINCT m.user_id) AS users
  FROM users u JOIN auth_methods m ON m.user_id = u.id WHERE u.tenant_id = ? GROUP BY m.kind ORDER BY m.kind`;
const passwordHash = 'scrypt$v=1$N=1024,r=8,p=1$c2FsdHNhbHRzYWx0c2FsdA==$a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2U=';
const kinds = ['email', 'mobilePhone', 'officePhone', 'authenticatorApp', 'securityQuestions'] as const;

const addArb = fc.record({ op: fc.constant('add' as const), user: fc.nat(9), kind: fc.constantFrom(...kinds) });
const methodOpArb = fc.oneof(
  addArb,
  fc.record({ op: fc.constant('remove' as const), pick: fc.nat(40) }),
  fc.record({ op: fc.constant('phoneKind' as const), pick: fc.nat(40) }),
  fc.record({ op: fc.constant('giveTo' as const), pick: fc.nat(40), user: fc.nat(9) }),
  fc.record({ op: fc.constant('deleteUser' as const), user: fc.nat(9) }),
  fc.record({ op: fc.constant('moveUser' as const), user: fc.nat(9) }),
);

describe('§10 registration report through the per-tenant counts', () => {
  it('§10 registered users and users by method kind equal a count over the methods, after random changes', () => {
    fc.assert(
      fc.property(
        fc.array(addArb, { minLength: 5, maxLength: 30 }),
        fc.array(methodOpArb, { maxLength: 60 }),
        fc.boolean(),
        (registrations, changes, deleteTenant) => {
          const { store, tenants } = openLab();
          try {
            const db = store.db;
            const domains = ['contoso.example', 'fabrikam.example'];
            tenants.forEach((tenantId, index) => store.tenants.addDomain(tenantId, { name: domains[index] ?? '' }));
            const at = new Date(start).toISOString();
            const userIds: number[] = [];
            for (let index = 0; index < 10; index++) {
              const tenant = index % 2;
              const { lastInsertRowid } = db
                .prepare(
                  `INSERT INTO users (tenant_id, upn, display_name, given_name, surname, source, password_hash, password_last_set, created_at, license)
                 VALUES (?, ?, ?, 'Ada', 'Stone', 'cloud', ?, ?, ?, 'p1')`,
                )
                .run(tenants[tenant], `user${index}@${domains[tenant]}`, `User ${index}`, passwordHash, at, at);
              userIds.push(Number(lastInsertRowid));
            }
            const live = new Set(userIds);
            const methodIds = () => db.prepare<[], { id: number }>('SELECT id FROM auth_methods ORDER BY id').all();
            const addMethod = db.prepare(
              `INSERT OR IGNORE INTO auth_methods (user_id, kind, email, phone_number, totp_secret_sealed, registered_at)
             VALUES (@user, @kind, @email, @phone, @totp, @at)`,
            );
            for (const op of [...registrations, ...changes]) {
              const user = 'user' in op ? (userIds[op.user] ?? 0) : 0;
              // A method is only ever given to a user who exists (the foreign key refuses the rest).
              if ('user' in op && op.op !== 'deleteUser' && !live.has(user)) continue;
              const picked = 'pick' in op ? methodIds()[op.pick % Math.max(1, methodIds().length)]?.id : undefined;
              switch (op.op) {
                case 'add':
                  addMethod.run({
                    user,
                    kind: op.kind,
                    email: op.kind === 'email' ? `alt${user}@home.example` : null,
                    phone: op.kind === 'mobilePhone' || op.kind === 'officePhone' ? '+1 425 555 0100' : null,
                    totp: op.kind === 'authenticatorApp' ? 'sealed' : null,
                    at,
                  });
                  break;
                case 'remove':
                  db.prepare('DELETE FROM auth_methods WHERE id = ?').run(picked ?? 0);
                  break;
                case 'phoneKind':
                  db.prepare(
                    `UPDATE OR IGNORE auth_methods SET kind = CASE kind WHEN 'mobilePhone' THEN 'officePhone' ELSE 'mobilePhone' END
                   WHERE id = ? AND kind IN ('mobilePhone', 'officePhone')`,
                  ).run(picked ?? 0);
                  break;
                case 'giveTo':
                  db.prepare("UPDATE OR IGNORE auth_methods SET user_id = ? WHERE id = ? AND kind <> 'email'").run(
                    user,
                    picked ?? 0,
                  );
                  break;
                case 'deleteUser':
                  db.prepare('DELETE FROM users WHERE id = ?').run(user);
                  live.delete(user);
                  break;
                case 'moveUser': {
                  const to = db
                    .prepare<[number], { tenant_id: number }>('SELECT tenant_id FROM users WHERE id = ?')
                    .get(user);
                  const other = tenants.find((tenantId) => tenantId !== to?.tenant_id) ?? 0;
                  const domain = domains[tenants.indexOf(other)] ?? '';
                  db.prepare('UPDATE users SET tenant_id = ?, upn = ? WHERE id = ?').run(
                    other,
                    `moved${user}@${domain}`,
                    user,
                  );
                  break;
                }
              }
            }
            if (deleteTenant) db.prepare('DELETE FROM tenants WHERE id = ?').run(tenants[0]);
            const reports = createReports({
              store,
              users: createUserDirectory({ store, clock: new ManualClock(new Date(start)) }),
            });
            for (const tenantId of tenants) {
              const report = reports.registration(tenantId, {}, { offset: 0, limit: 5 });
              const registered = db.prepare<[number], { users: number }>(registeredSql).get(tenantId)?.users ?? 0;
              const byKind = new Map(
                db
                  .prepare<[number], { kind: string; users: number }>(byKindSql)
                  .all(tenantId)
                  .map((row) => [row.kind, row.users]),
              );
              expect(report.registered).toBe(registered);
              expect(report.byKind).toEqual(kinds.map((kind) => ({ kind, users: byKind.get(kind) ?? 0 })));
            }
            const stale = db
              .prepare<[], { rows: number }>(
                `SELECT (SELECT count(*) FROM tenant_registered WHERE users <= 0 OR tenant_id NOT IN (SELECT id FROM tenants))
                    + (SELECT count(*) FROM tenant_method_kinds WHERE users <= 0 OR tenant_id NOT IN (SELECT id FROM tenants)) AS rows`,
              )
              .get();
            expect(stale?.rows).toBe(0);
          } finally {
            store.close();
          }
        },
      ),
      { numRuns: 40 },
    );
  });
});
