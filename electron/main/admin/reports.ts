// The reports of spec §10: registration (who registered what, who is capable of reset, who has
// nothing) and usage (resets and unlocks by method and by day, failures by reason, blocked users,
// users who tried SSPR with nothing registered), computed with SQL over the methods and audit
// tables, each query on an index. Usage counts self-service flows only (events with a flow id).
import type { RegistrationReport, UsageReport } from '../../../shared/admin';
import { methodKinds, type MethodKind } from '../../../shared/policy';
import type { Store } from '../store';
import type { UserDirectory } from './user-directory';

type Range = { tenantId: number; since: string; until: string };

/** The SQL of each usage query, exported for the query-plan test. */
export const usageSql = {
  byMethod: `SELECT v.method AS method, r.activity AS activity, count(DISTINCT r.flow_id) AS count
    FROM audit_events r JOIN audit_events v ON v.flow_id = r.flow_id AND v.activity = 'verificationPassed'
    WHERE r.tenant_id = @tenantId AND r.activity IN ('passwordReset', 'accountUnlocked') AND r.result = 'success'
      AND r.at >= @since AND r.at < @until AND r.flow_id IS NOT NULL
    GROUP BY v.method, r.activity`,
  byDay: `SELECT substr(at, 1, 10) AS day,
      sum(activity = 'passwordReset' AND result = 'success') AS resets,
      sum(activity = 'accountUnlocked' AND result = 'success') AS unlocks,
      sum(result = 'failure') AS failures
    FROM audit_events
    WHERE tenant_id = @tenantId AND activity IN ('passwordReset', 'accountUnlocked', 'verificationFailed', 'resetBlocked')
      AND at >= @since AND at < @until AND flow_id IS NOT NULL
    GROUP BY day ORDER BY day`,
  failures: `SELECT activity, coalesce(reason, 'unknown') AS reason, count(*) AS count
    FROM audit_events
    WHERE tenant_id = @tenantId AND activity IN ('passwordReset', 'accountUnlocked', 'verificationFailed', 'resetBlocked')
      AND result = 'failure' AND at >= @since AND at < @until AND flow_id IS NOT NULL
    GROUP BY activity, reason ORDER BY count DESC, activity, reason`,
  blocked: `SELECT target_user_id AS userId, coalesce(target_upn, '') AS upn, count(*) AS blocks, max(at) AS lastAt
    FROM audit_events
    WHERE tenant_id = @tenantId AND activity = 'ssprLockoutStarted' AND at >= @since AND at < @until
    GROUP BY target_user_id, target_upn ORDER BY blocks DESC, lastAt DESC`,
  // The flow records how many methods the user held when stopped; older events fall back to what they hold now.
  nothingRegistered: `SELECT e.target_user_id AS userId, coalesce(e.target_upn, '') AS upn, count(*) AS attempts, max(e.at) AS lastAt
    FROM audit_events e
    WHERE e.tenant_id = @tenantId AND e.activity = 'resetBlocked' AND e.reason = 'notEnoughMethods'
      AND e.at >= @since AND e.at < @until
      AND coalesce(json_extract(e.details, '$.methodsRegistered'),
                   (SELECT count(*) FROM auth_methods m WHERE m.user_id = e.target_user_id)) = 0
    GROUP BY e.target_user_id, e.target_upn ORDER BY attempts DESC, lastAt DESC`,
  byKind: `SELECT m.kind AS kind, count(DISTINCT m.user_id) AS users
    FROM users u JOIN auth_methods m ON m.user_id = u.id WHERE u.tenant_id = @tenantId GROUP BY m.kind`,
} as const;

export function createReports(deps: { store: Store; users: UserDirectory }) {
  const { store, users } = deps;
  const db = store.db;
  const statements = {
    byMethod: db.prepare<[Range], { method: string; activity: string; count: number }>(usageSql.byMethod),
    byDay: db.prepare<[Range], { day: string; resets: number; unlocks: number; failures: number }>(usageSql.byDay),
    failures: db.prepare<[Range], { activity: string; reason: string; count: number }>(usageSql.failures),
    blocked: db.prepare<[Range], { userId: number | null; upn: string; blocks: number; lastAt: string }>(
      usageSql.blocked,
    ),
    nothingRegistered: db.prepare<[Range], { userId: number | null; upn: string; attempts: number; lastAt: string }>(
      usageSql.nothingRegistered,
    ),
    byKind: db.prepare<[{ tenantId: number }], { kind: MethodKind; users: number }>(usageSql.byKind),
  };

  return {
    registration(
      tenantId: number,
      filters: { capable?: boolean | undefined; registered?: boolean | undefined },
      page: { offset: number; limit: number },
    ): RegistrationReport {
      const total = users.count({ tenantId });
      const registered = users.count({ tenantId, registered: true });
      const kinds = new Map(statements.byKind.all({ tenantId }).map((row) => [row.kind, row.users]));
      return {
        tenantId,
        users: total,
        registered,
        nothingRegistered: total - registered,
        capable: users.count({ tenantId, capable: true }),
        byKind: methodKinds.map((kind) => ({ kind, users: kinds.get(kind) ?? 0 })),
        page: users.search({ tenantId, ...filters }, page),
      };
    },

    usage(tenantId: number, since: string, until: string): UsageReport {
      const range: Range = { tenantId, since: new Date(since).toISOString(), until: new Date(until).toISOString() };
      const methods = new Map<string, { method: string; resets: number; unlocks: number }>();
      for (const row of statements.byMethod.all(range)) {
        const entry = methods.get(row.method) ?? { method: row.method, resets: 0, unlocks: 0 };
        if (row.activity === 'passwordReset') entry.resets += row.count;
        else entry.unlocks += row.count;
        methods.set(row.method, entry);
      }
      const byDay = statements.byDay.all(range);
      return {
        tenantId,
        since: range.since,
        until: range.until,
        byMethod: [...methods.values()].sort((a, b) => b.resets + b.unlocks - (a.resets + a.unlocks)),
        byDay,
        failuresByReason: statements.failures.all(range),
        blockedUsers: statements.blocked.all(range),
        triedWithNothingRegistered: statements.nothingRegistered.all(range),
        totals: {
          resets: byDay.reduce((sum, day) => sum + day.resets, 0),
          unlocks: byDay.reduce((sum, day) => sum + day.unlocks, 0),
          failures: byDay.reduce((sum, day) => sum + day.failures, 0),
        },
      };
    },
  };
}

export type Reports = ReturnType<typeof createReports>;
