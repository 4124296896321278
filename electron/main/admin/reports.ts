// The reports of spec §10: registration (who registered what, who is capable of reset, who has
// nothing) and usage (resets and unlocks by method and by day, failures by reason, blocked users,
// users who tried SSPR with nothing registered), computed with SQL over the methods and audit
// tables, each query on an index. Usage counts self-service flows only (events with a flow id);
// its counts by method, day and reason read whole days from the daily summaries the audit table's
// triggers keep (migration 10) and only the partial days at either end of the range from the events.
import type { RegistrationReport, UsageReport } from '../../../shared/admin';
import { methodKinds, type MethodKind } from '../../../shared/policy';
import type { Store } from '../store';
import type { UserDirectory } from './user-directory';

type Range = { tenantId: number; since: string; until: string };
/** A range split for the summaries: whole days [fromDay, toDay), and the events of [since, headEnd) and [tailStart, until). */
type SplitRange = Range & { fromDay: string; toDay: string; headEnd: string; tailStart: string };

const dayMs = 86_400_000;
const midnight = (day: string) => `${day}T00:00:00.000Z`;

/** The whole UTC days inside [since, until), and the partial ones at either end; no whole day when there is none. */
export function splitRange(range: Range): SplitRange {
  const { since, until } = range;
  const plainDay = /^\d{4}-\d{2}-\d{2}T/;
  const sinceDay = since.slice(0, 10);
  const fromDay =
    since === midnight(sinceDay)
      ? sinceDay
      : new Date(Date.parse(midnight(sinceDay)) + dayMs).toISOString().slice(0, 10);
  const toDay = until.slice(0, 10);
  if (plainDay.test(since) && plainDay.test(until) && fromDay < toDay) {
    return { ...range, fromDay, toDay, headEnd: midnight(fromDay), tailStart: midnight(toDay) };
  }
  return { ...range, fromDay: '', toDay: '', headEnd: until, tailStart: until };
}

/** The usage queries straight from the audit events between two parameters: the reference the summaries must equal. */
const eventsSql = (since: string, until: string) =>
  ({
    byMethod: `SELECT v.method AS method, r.activity AS activity, count(DISTINCT r.flow_id) AS count
    FROM audit_events r JOIN audit_events v ON v.flow_id = r.flow_id AND v.activity = 'verificationPassed'
    WHERE r.tenant_id = @tenantId AND r.activity IN ('passwordReset', 'accountUnlocked') AND r.result = 'success'
      AND r.at >= ${since} AND r.at < ${until} AND r.flow_id IS NOT NULL AND v.method IS NOT NULL
    GROUP BY v.method, r.activity`,
    byDay: `SELECT substr(at, 1, 10) AS day,
      sum(activity = 'passwordReset' AND result = 'success') AS resets,
      sum(activity = 'accountUnlocked' AND result = 'success') AS unlocks,
      sum(result = 'failure') AS failures
    FROM audit_events
    WHERE tenant_id = @tenantId AND activity IN ('passwordReset', 'accountUnlocked', 'verificationFailed', 'resetBlocked')
      AND at >= ${since} AND at < ${until} AND flow_id IS NOT NULL
    GROUP BY day ORDER BY day`,
    failures: `SELECT activity, coalesce(reason, 'unknown') AS reason, count(*) AS count
    FROM audit_events
    WHERE tenant_id = @tenantId AND activity IN ('passwordReset', 'accountUnlocked', 'verificationFailed', 'resetBlocked')
      AND result = 'failure' AND at >= ${since} AND at < ${until} AND flow_id IS NOT NULL
    GROUP BY activity, coalesce(reason, 'unknown') ORDER BY count DESC, activity, reason`,
  }) as const;

/** The SQL of each usage query, exported for the query-plan test; `usageEventsSql` is the reference without the summaries. */
export const usageEventsSql = eventsSql('@since', '@until');
const head = eventsSql('@since', '@headEnd');
const tail = eventsSql('@tailStart', '@until');
const wholeDays = 'tenant_id = @tenantId AND day >= @fromDay AND day < @toDay';

export const usageSql = {
  // Whole days from the summaries of migration 10, the partial days at either end from the events.
  byMethod: `SELECT method, activity, sum(count) AS count FROM (
      SELECT method, activity, completions AS count FROM audit_daily_gate_methods WHERE ${wholeDays}
      UNION ALL SELECT * FROM (${head.byMethod})
      UNION ALL SELECT * FROM (${tail.byMethod}))
    GROUP BY method, activity HAVING sum(count) > 0`,
  byDay: `SELECT day, sum(resets) AS resets, sum(unlocks) AS unlocks, sum(failures) AS failures FROM (
      SELECT day,
        sum(CASE WHEN activity = 'passwordReset' AND result = 'success' THEN events ELSE 0 END) AS resets,
        sum(CASE WHEN activity = 'accountUnlocked' AND result = 'success' THEN events ELSE 0 END) AS unlocks,
        sum(CASE WHEN result = 'failure' THEN events ELSE 0 END) AS failures
      FROM audit_daily_outcomes WHERE ${wholeDays} AND events > 0 GROUP BY day
      UNION ALL SELECT * FROM (${head.byDay})
      UNION ALL SELECT * FROM (${tail.byDay}))
    GROUP BY day ORDER BY day`,
  failures: `SELECT activity, reason, sum(n) AS count FROM (
      SELECT activity, reason, events AS n FROM audit_daily_outcomes WHERE ${wholeDays} AND result = 'failure' AND events > 0
      UNION ALL SELECT activity, reason, count AS n FROM (${head.failures})
      UNION ALL SELECT activity, reason, count AS n FROM (${tail.failures}))
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
  // Registered users and users by method kind, as the triggers of migration 12 keep them per tenant.
  registered: `SELECT users FROM tenant_registered WHERE tenant_id = @tenantId`,
  byKind: `SELECT kind, users FROM tenant_method_kinds WHERE tenant_id = @tenantId`,
} as const;

export function createReports(deps: { store: Store; users: UserDirectory }) {
  const { store, users } = deps;
  const db = store.db;
  const statements = {
    byMethod: db.prepare<[SplitRange], { method: string; activity: string; count: number }>(usageSql.byMethod),
    byDay: db.prepare<[SplitRange], { day: string; resets: number; unlocks: number; failures: number }>(usageSql.byDay),
    failures: db.prepare<[SplitRange], { activity: string; reason: string; count: number }>(usageSql.failures),
    blocked: db.prepare<[Range], { userId: number | null; upn: string; blocks: number; lastAt: string }>(
      usageSql.blocked,
    ),
    nothingRegistered: db.prepare<[Range], { userId: number | null; upn: string; attempts: number; lastAt: string }>(
      usageSql.nothingRegistered,
    ),
    registered: db.prepare<[{ tenantId: number }], { users: number }>(usageSql.registered),
    byKind: db.prepare<[{ tenantId: number }], { kind: MethodKind; users: number }>(usageSql.byKind),
  };

  return {
    registration(
      tenantId: number,
      filters: { capable?: boolean | undefined; registered?: boolean | undefined },
      page: { offset: number; limit: number },
    ): RegistrationReport {
      const total = users.count({ tenantId });
      const registered = statements.registered.get({ tenantId })?.users ?? 0;
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
      const split = splitRange(range);
      const methods = new Map<string, { method: string; resets: number; unlocks: number }>();
      for (const row of statements.byMethod.all(split)) {
        const entry = methods.get(row.method) ?? { method: row.method, resets: 0, unlocks: 0 };
        if (row.activity === 'passwordReset') entry.resets += row.count;
        else entry.unlocks += row.count;
        methods.set(row.method, entry);
      }
      const byDay = statements.byDay.all(split);
      return {
        tenantId,
        since: range.since,
        until: range.until,
        byMethod: [...methods.values()].sort((a, b) => b.resets + b.unlocks - (a.resets + a.unlocks)),
        byDay,
        failuresByReason: statements.failures.all(split),
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
