import type { MethodKind } from '../../../shared/policy';
import type { AuditActivity, AuditMethod, AuditResult, AuthMethod, Store, Tenant, User } from '../store';
import type { AuditDetail } from '../store/audit';

export type ChangeKind = 'added' | 'changed' | 'removed';

/** Who did it, to whom, where. The actor is the user for their own changes, the admin for a pre-registration. */
export interface AuditScope {
  at: Date;
  tenant: Pick<Tenant, 'id' | 'name'>;
  user: Pick<User, 'id' | 'upn'>;
  actor: string;
  deviceId: string | null;
}

export interface SecurityInfoAuditEntry {
  activity: AuditActivity;
  result: AuditResult;
  reason: string | null;
  method: AuditMethod | null;
  /** Facts only: ids, counts, kinds. Never an address, a number, a code, an answer or a secret. */
  details: Record<string, AuditDetail>;
}

/** One §10 event about a user's security info. */
export function auditSecurityInfo(store: Store, scope: AuditScope, entry: SecurityInfoAuditEntry): void {
  store.audit.append({
    at: scope.at,
    tenantId: scope.tenant.id,
    actor: scope.actor,
    targetUserId: scope.user.id,
    targetUpn: scope.user.upn,
    activity: entry.activity,
    result: entry.result,
    reason: entry.reason,
    method: entry.method,
    deviceId: scope.deviceId,
    details: entry.details,
  });
}

const kindWords: Record<MethodKind, string> = {
  email: 'An e-mail address',
  mobilePhone: 'A mobile phone',
  officePhone: 'An office phone',
  authenticatorApp: 'An authenticator app',
  securityQuestions: 'Security questions',
};

/** The verb agrees with the kind: "security questions were added", "a mobile phone was added". */
function changeWords(kind: MethodKind, change: ChangeKind): string {
  const verb = kind === 'securityQuestions' ? 'were' : 'was';
  const where = { added: 'added to', changed: 'changed in', removed: 'removed from' }[change];
  return `${verb} ${where}`;
}

/**
 * "Your security info was changed", as Entra sends it (§10): to the account's own mailbox and to
 * the alternate e-mail the user held before the change, so a change someone else made is seen where
 * the user reads mail. Masked: the message names the kind, never the new address or number.
 */
export function notifySecurityInfoChanged(
  store: Store,
  scope: Omit<AuditScope, 'actor'>,
  kind: MethodKind,
  change: ChangeKind,
  methodsBefore: readonly AuthMethod[],
): void {
  const when = scope.at.toISOString().replace('T', ' ').slice(0, 16) + ' UTC';
  const alternate = methodsBefore.find(
    (method): method is Extract<AuthMethod, { kind: 'email' }> => method.kind === 'email',
  );
  const recipients = [scope.user.upn, ...(alternate ? [alternate.address] : [])];
  for (const recipient of recipients) {
    store.outbox.append({
      at: scope.at,
      tenantId: scope.tenant.id,
      channel: 'email',
      recipient,
      subject: `Your ${scope.tenant.name} security info was changed`,
      body: [
        `${kindWords[kind]} ${changeWords(kind, change)} the security info of your ${scope.tenant.name} account ${scope.user.upn} on ${when}.`,
        '',
        'If this was you, you can ignore this message.',
        "If it wasn't you, contact your helpdesk now and review your security info.",
      ].join('\n'),
    });
  }
  auditSecurityInfo(
    store,
    { ...scope, actor: 'system' },
    {
      activity: 'notificationSent',
      result: 'success',
      reason: 'securityInfoChanged',
      method: kind,
      details: { change, recipients: recipients.length },
    },
  );
}
