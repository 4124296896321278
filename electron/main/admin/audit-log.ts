// The audit log (spec §10; issue 6): a table newest first with filters on time range, user,
// activity and result, each backed by an index; the export for a SIEM as JSON lines or CSV (quoted
// by csv-stringify, with a guard against formula injection); and the retention setting, applied at
// startup and whenever it changes, the purge itself audited.
import { stringify } from 'csv-stringify/sync';
import { CallFailure } from '../../../shared/errors';
import type { AuditEventView, AuditFilters } from '../../../shared/admin';
import type { Clock } from '../clock';
import { auditActivities, auditColumns, auditEventOf, type AuditRow, type Store } from '../store';
import type { Statement } from '../store/database';
import { consoleSettings } from './console-settings';
import type { AdminActor } from './entry-guard';

const dayMs = 86_400_000;
/** One export holds at most this many events, the newest. */
export const maxExportEvents = 100_000;

type Params = Record<string, string | number>;

/** The WHERE clause of the filters and its parameters; times are normalised to the stored ISO form. */
export function auditWhere(filters: AuditFilters): { where: string; params: Params } {
  const conditions: string[] = [];
  const params: Params = {};
  if (filters.tenantId !== undefined) {
    conditions.push('tenant_id = @tenantId');
    params['tenantId'] = filters.tenantId;
  }
  if (filters.since !== undefined) {
    conditions.push('at >= @since');
    params['since'] = new Date(filters.since).toISOString();
  }
  if (filters.until !== undefined) {
    conditions.push('at < @until');
    params['until'] = new Date(filters.until).toISOString();
  }
  if (filters.upn !== undefined) {
    conditions.push('target_upn = @upn COLLATE NOCASE');
    params['upn'] = filters.upn;
  }
  if (filters.activity !== undefined) {
    conditions.push('activity = @activity');
    params['activity'] = filters.activity;
  }
  if (filters.result !== undefined) {
    conditions.push('result = @result');
    params['result'] = filters.result;
  }
  return { where: conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : '', params };
}

/** The store's own mapping of a row (one for the engine and the console), with the time as the contract's ISO text. */
function toView(row: AuditRow): AuditEventView {
  const event = auditEventOf(row);
  return { ...event, at: event.at.toISOString() };
}

/** A spreadsheet runs a cell that starts with = + - @ (or a tab or return) as a formula: such a cell is quoted as text. */
export function guardCell(value: string): string {
  return /^[=+\-@\t\r]/u.test(value) ? `'${value}` : value;
}

const csvColumns = [
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
] as const;

/** Deletes the events older than the retention; the purge is audited when it deleted something or when asked. */
export function applyAuditRetention(
  store: Store,
  clock: Clock,
  trigger: 'startup' | 'changed',
  actor: AdminActor | null = null,
): number {
  const days = consoleSettings(store).auditRetentionDays();
  const now = clock.now();
  const cutoff = new Date(now.getTime() - days * dayMs);
  return store.transaction(() => {
    const purged = store.audit.purgeBefore(cutoff);
    if (purged > 0 || trigger === 'changed') {
      store.audit.append({
        at: now,
        actor: actor?.actor ?? 'system',
        activity: 'auditPurged',
        result: 'success',
        reason: trigger,
        deviceId: actor?.deviceId ?? store.device.get().deviceId,
        details: { retentionDays: days, purged, cutoff: cutoff.toISOString() },
      });
    }
    return purged;
  });
}

export function createAuditLog(deps: { store: Store; clock: Clock }) {
  const { store, clock } = deps;
  const settings = consoleSettings(store);
  const cache = new Map<string, Statement<[Params], unknown>>();
  const prepare = <Row>(sql: string): Statement<[Params], Row> => {
    let statement = cache.get(sql);
    if (!statement) {
      statement = store.db.prepare<[Params], unknown>(sql);
      cache.set(sql, statement);
    }
    return statement as Statement<[Params], Row>;
  };
  const stats = store.db.prepare<[], { count: number; oldest: string | null }>(
    'SELECT count(*) AS count, min(at) AS oldest FROM audit_events',
  );

  /** The SQL of a page and of its count, for the query-plan test. */
  const querySql = (where: string) => ({
    page: `SELECT ${auditColumns} FROM audit_events ${where} ORDER BY at DESC, id DESC LIMIT @limit OFFSET @offset`,
    count: `SELECT count(*) AS total FROM audit_events ${where}`,
  });

  const retention = (purged: number) => {
    const { count, oldest } = stats.get() ?? { count: 0, oldest: null };
    return { days: settings.auditRetentionDays(), purged, events: count, oldestEventAt: oldest };
  };

  return {
    querySql,

    query(filters: AuditFilters, offset: number, limit: number) {
      const { where, params } = auditWhere(filters);
      const sql = querySql(where);
      return {
        total: prepare<{ total: number }>(sql.count).get(params)?.total ?? 0,
        offset,
        events: prepare<AuditRow>(sql.page)
          .all({ ...params, limit, offset })
          .map(toView),
        activities: [...auditActivities],
      };
    },

    /** The matching events, oldest first, as JSON lines or CSV; the export is audited (never with its content). */
    export(admin: AdminActor, format: 'jsonl' | 'csv', filters: AuditFilters) {
      // The export is audited under its tenant: one that does not exist is refused before anything is read or written.
      if (filters.tenantId !== undefined && !store.tenants.get(filters.tenantId)) {
        throw new CallFailure('not_found', 'There is no such tenant.');
      }
      const { where, params } = auditWhere(filters);
      const sql = querySql(where);
      const total = prepare<{ total: number }>(sql.count).get(params)?.total ?? 0;
      const events = prepare<AuditRow>(sql.page)
        .all({ ...params, limit: maxExportEvents, offset: 0 })
        .map(toView)
        .reverse();
      const content =
        format === 'jsonl'
          ? events.map((event) => JSON.stringify(event)).join('\n') + (events.length > 0 ? '\n' : '')
          : stringify(
              events.map((event) => ({ ...event, details: JSON.stringify(event.details) })),
              {
                header: true,
                columns: [...csvColumns],
                cast: { string: guardCell },
              },
            );
      const now = clock.now();
      const stamp = now.toISOString().replace(/[:.]/gu, '-');
      store.audit.append({
        at: now,
        tenantId: filters.tenantId ?? null,
        actor: admin.actor,
        activity: 'auditExported',
        result: 'success',
        reason: format,
        deviceId: admin.deviceId,
        details: { format, events: events.length, truncated: total > events.length, filters: JSON.stringify(filters) },
      });
      return {
        fileName: `sspr-audit-${stamp}.${format === 'jsonl' ? 'jsonl' : 'csv'}`,
        mimeType: format === 'jsonl' ? 'application/x-ndjson' : 'text/csv',
        content,
        events: events.length,
        truncated: total > events.length,
      };
    },

    retention: () => retention(0),

    /** Sets the retention (days) and applies it at once; both the change and the purge are audited. */
    setRetention(admin: AdminActor, days: number) {
      const before = settings.auditRetentionDays();
      store.transaction(() => {
        settings.setAuditRetentionDays(days);
        if (before !== days) {
          store.audit.append({
            at: clock.now(),
            actor: admin.actor,
            activity: 'deviceSettingChanged',
            result: 'success',
            reason: 'auditRetentionDays',
            deviceId: admin.deviceId,
            details: { area: 'audit', field: 'auditRetentionDays', old: before, new: days },
          });
        }
      });
      return retention(applyAuditRetention(store, clock, 'changed', admin));
    },
  };
}

export type AuditLog = ReturnType<typeof createAuditLog>;
