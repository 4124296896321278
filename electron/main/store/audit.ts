import { gateMethods, methodKinds } from '../../../shared/policy';
import { openAuditChain, pruneUnsealed } from './audit-chain';
import type { Database, Statement } from './database';
import { isoTime } from './rows';

/** Every activity the audit trail records (spec §10); the `audit_activities` table holds the same list. */
export const auditActivities = [
  'flowStarted',
  'flowExpired',
  'methodChosen',
  'codeSent',
  'verificationPassed',
  'verificationFailed',
  'resetBlocked',
  'ssprLockoutStarted',
  'ssprLockoutEnded',
  'suspiciousActivityReported',
  'passwordReset',
  'accountUnlocked',
  'writebackSucceeded',
  'writebackFailed',
  'securityInfoRegistered',
  'securityInfoRegistrationCompleted',
  'securityInfoReconfirmed',
  'securityInfoPreRegistered',
  'securityInfoRemoved',
  'passwordChanged',
  'adminPasswordReset',
  'policyChanged',
  'deviceSettingChanged',
  'signInSucceeded',
  'signInFailed',
  'accountLockedOut',
  'notificationSent',
  'mailDeliveryFailed',
  'scenarioLoaded',
  'auditExported',
  'userRiskRemediated',
  'registrationPostponed',
  'adminCredentialSet',
  'adminConsoleOpened',
  'adminConsoleClosed',
  'userUpdated',
  'groupChanged',
  'auditPurged',
  'usersImported',
  'usersExported',
  'tenantCreated',
  'scenarioSaved',
  'mailTestSent',
  'directoryTested',
] as const;
export type AuditActivity = (typeof auditActivities)[number];

export const auditResults = ['success', 'failure'] as const;
export type AuditResult = (typeof auditResults)[number];

/** A gate method for verification events, a method kind for registration events. */
export const auditMethods = [...new Set([...gateMethods, ...methodKinds])];
export type AuditMethod = (typeof auditMethods)[number];

export type AuditDetail = string | number | boolean | null;

export interface AuditEvent {
  id: number;
  at: Date;
  tenantId: number | null;
  /** Who acted: a UPN, `system`, or `anonymous` before the user is known. */
  actor: string;
  targetUserId: number | null;
  /** The UPN as typed or as it was then; kept when the user is gone or never existed. */
  targetUpn: string | null;
  activity: AuditActivity;
  result: AuditResult;
  reason: string | null;
  method: AuditMethod | null;
  flowId: string | null;
  deviceId: string | null;
  details: Record<string, AuditDetail>;
}

export interface NewAuditEvent {
  at: Date;
  tenantId?: number | null;
  actor: string;
  targetUserId?: number | null;
  targetUpn?: string | null;
  activity: AuditActivity;
  result: AuditResult;
  reason?: string | null;
  method?: AuditMethod | null;
  flowId?: string | null;
  deviceId?: string | null;
  details?: Record<string, AuditDetail>;
}

export interface AuditQuery {
  /** Newest first; at most this many. */
  limit: number;
  tenantId?: number;
  targetUserId?: number;
  activity?: AuditActivity;
  since?: Date;
  until?: Date;
}

/** An audit_events row as SQLite returns it; `toEvent` is the one mapping to an AuditEvent. */
export interface AuditRow {
  id: number;
  at: string;
  tenant_id: number | null;
  actor: string;
  target_user_id: number | null;
  target_upn: string | null;
  activity: AuditActivity;
  result: AuditResult;
  reason: string | null;
  method: AuditMethod | null;
  flow_id: string | null;
  device_id: string | null;
  details: string;
}

type AuditFilter = Record<string, string | number>;

/** A last line of defence: an event whose details name a secret is refused, never written (spec §10). */
const secretFieldNames =
  /^(password|newpassword|currentpassword|oldpassword|code|otp|onetimecode|answer|answers|secret|totpsecret)$/i;

/** The columns `toEvent` reads, in the table's order. */
export const auditColumns =
  'id, at, tenant_id, actor, target_user_id, target_upn, activity, result, reason, method, flow_id, device_id, details';

/**
 * The audit trail. With the vault's audit key every event is sealed into the HMAC chain as it is
 * written (issue 7); a store opened without it (some tests) writes events unsealed, which
 * verification reports as added outside the app.
 */
export function createAuditRepository(db: Database, auditKey: Buffer | null = null) {
  const chain = auditKey ? openAuditChain(db, auditKey) : null;
  const statements = {
    insert: db.prepare<[Omit<AuditRow, 'id'>]>(
      `INSERT INTO audit_events (at, tenant_id, actor, target_user_id, target_upn, activity, result, reason, method, flow_id, device_id, details)
       VALUES (@at, @tenant_id, @actor, @target_user_id, @target_upn, @activity, @result, @reason, @method, @flow_id, @device_id, @details)`,
    ),
    get: db.prepare<[number], AuditRow>(`SELECT ${auditColumns} FROM audit_events WHERE id = ?`),
    count: db.prepare<[], { count: number }>('SELECT count(*) AS count FROM audit_events'),
    failuresOnDevice: db.prepare<[string, string], { count: number }>(
      `SELECT count(*) AS count FROM audit_events
       WHERE activity IN ('verificationFailed', 'ssprLockoutStarted') AND result = 'failure' AND at >= ? AND device_id = ?`,
    ),
  };
  // One statement per combination of filters, each prepared the first time it is used, so each can use its index.
  const listStatements = new Map<string, Statement<[AuditFilter], AuditRow>>();
  const listStatement = (filter: AuditFilter): Statement<[AuditFilter], AuditRow> => {
    const key = Object.keys(filter).sort().join(',');
    let statement = listStatements.get(key);
    if (!statement) {
      const conditions = [
        'tenantId' in filter ? 'tenant_id = @tenantId' : null,
        'targetUserId' in filter ? 'target_user_id = @targetUserId' : null,
        'activity' in filter ? 'activity = @activity' : null,
        'since' in filter ? 'at >= @since' : null,
        'until' in filter ? 'at < @until' : null,
      ].filter((condition) => condition !== null);
      statement = db.prepare<[AuditFilter], AuditRow>(
        `SELECT ${auditColumns} FROM audit_events ${conditions.length ? `WHERE ${conditions.join(' AND ')}` : ''}
         ORDER BY at DESC, id DESC LIMIT @limit`,
      );
      listStatements.set(key, statement);
    }
    return statement;
  };

  return {
    append: (event: NewAuditEvent): AuditEvent => {
      const details = event.details ?? {};
      const secretField = Object.keys(details).find((key) => secretFieldNames.test(key));
      if (secretField !== undefined) {
        throw new Error(`An audit event may not carry a secret; the field "${secretField}" was refused.`);
      }
      const insert = {
        at: isoTime(event.at),
        tenant_id: event.tenantId ?? null,
        actor: event.actor,
        target_user_id: event.targetUserId ?? null,
        target_upn: event.targetUpn ?? null,
        activity: event.activity,
        result: event.result,
        reason: event.reason ?? null,
        method: event.method ?? null,
        flow_id: event.flowId ?? null,
        device_id: event.deviceId ?? null,
        details: JSON.stringify(details),
      };
      // Insert first, so the write lock is held before the chain's head is read.
      return db.transaction(() => {
        const { lastInsertRowid } = statements.insert.run(insert);
        const row = statements.get.get(Number(lastInsertRowid));
        if (!row) throw new Error('The audit event was not written.');
        chain?.seal(row);
        return toEvent(row);
      })();
    },
    list: (query: AuditQuery): AuditEvent[] => {
      const filter: AuditFilter = { limit: Math.max(0, Math.floor(query.limit)) };
      if (query.tenantId !== undefined) filter['tenantId'] = query.tenantId;
      if (query.targetUserId !== undefined) filter['targetUserId'] = query.targetUserId;
      if (query.activity !== undefined) filter['activity'] = query.activity;
      if (query.since !== undefined) filter['since'] = isoTime(query.since);
      if (query.until !== undefined) filter['until'] = isoTime(query.until);
      return listStatement(filter).all(filter).map(toEvent);
    },
    /**
     * Retention (spec §10: 30 days by default): drops events older than the cutoff, returns how many.
     * With the key, the chain's oldest events go and leave an anchor; without it only unsealed ones.
     */
    purgeBefore: (cutoff: Date): number => (chain ? chain.prune(isoTime(cutoff)) : pruneUnsealed(db, isoTime(cutoff))),
    /** What opening the chain did (null without the key): the engine logs a chain taken over from another key. */
    chainOpening: chain?.opening ?? null,
    count: (): number => statements.count.get()?.count ?? 0,
    /** Failed verifications (and SSPR blocks) audited on this device since `since`, for the CAPTCHA's return (§6). */
    failuresOnDeviceSince: (deviceId: string, since: Date): number =>
      statements.failuresOnDevice.get(isoTime(since), deviceId)?.count ?? 0,
  };
}

export type AuditRepository = ReturnType<typeof createAuditRepository>;

export function toEvent(row: AuditRow): AuditEvent {
  return {
    id: row.id,
    at: new Date(row.at),
    tenantId: row.tenant_id,
    actor: row.actor,
    targetUserId: row.target_user_id,
    targetUpn: row.target_upn,
    activity: row.activity,
    result: row.result,
    reason: row.reason,
    method: row.method,
    flowId: row.flow_id,
    deviceId: row.device_id,
    details: JSON.parse(row.details) as Record<string, AuditDetail>,
  };
}
