// What the console changed, field by field, for the audit trail (spec §10: "policy changed (who,
// what, old → new)", "device setting changed"). Values are settings, never secrets; a list is
// written as its items joined, cut to what an audit row holds.
import type { Store } from '../store';
import type { AuditActivity, AuditDetail } from '../store/audit';
import type { AdminActor } from './entry-guard';

export interface FieldChange {
  field: string;
  old: AuditDetail;
  new: AuditDetail;
}

const maxValueLength = 500;

/** A setting's value as an audit row keeps it: dates as ISO text, lists joined, long text cut. */
export function auditValue(value: unknown): AuditDetail {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'string') return cut(value);
  if (typeof value === 'number' || typeof value === 'boolean') return value;
  if (Array.isArray(value)) return cut(value.map(String).join(', '));
  return cut(JSON.stringify(value));
}

function cut(text: string): string {
  return text.length > maxValueLength ? `${text.slice(0, maxValueLength - 1)}…` : text;
}

/** The fields of `after` whose value differs from `before`, in the order given. */
export function changedFields<T extends object>(
  before: T,
  after: T,
  fields: readonly (keyof T & string)[],
): FieldChange[] {
  return fields
    .filter((field) => JSON.stringify(before[field]) !== JSON.stringify(after[field]))
    .map((field) => ({ field, old: auditValue(before[field]), new: auditValue(after[field]) }));
}

export interface ChangeScope {
  admin: AdminActor;
  at: Date;
  tenantId?: number | null;
  targetUserId?: number | null;
  targetUpn?: string | null;
  /** The tab or area of the console, e.g. `registration`, `device`. */
  area: string;
}

/** One audit event per changed field, with its old and new value. */
export function auditChanges(
  store: Store,
  activity: Extract<AuditActivity, 'policyChanged' | 'deviceSettingChanged' | 'userUpdated' | 'groupChanged'>,
  scope: ChangeScope,
  changes: readonly FieldChange[],
): void {
  for (const change of changes) {
    store.audit.append({
      at: scope.at,
      tenantId: scope.tenantId ?? null,
      actor: scope.admin.actor,
      targetUserId: scope.targetUserId ?? null,
      targetUpn: scope.targetUpn ?? null,
      activity,
      result: 'success',
      reason: `${scope.area}.${change.field}`,
      deviceId: scope.admin.deviceId,
      details: { area: scope.area, field: change.field, old: change.old, new: change.new },
    });
  }
}
