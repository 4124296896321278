import type { Clock } from '../clock';
import type { Mailer, RecordedMail } from '../delivery';
import type { Store, Tenant, User } from '../store';

export interface NotifyDeps {
  store: Store;
  clock: Clock;
  mailer: Mailer;
}

/**
 * §10 notifications after a self-service reset: the user (when the tenant notifies users), and every
 * Global Administrator when an administrator reset their own password (when the tenant says so).
 * They are written to the outbox (in the caller's transaction) and returned for the mailer to deliver
 * once it commits (issue 9); no password is ever in one.
 */
export function notifyPasswordReset(
  deps: NotifyDeps,
  user: User,
  tenant: Tenant,
  admin: boolean,
  flowId: string,
): RecordedMail[] {
  const recorded: RecordedMail[] = [];
  const at = deps.clock.now();
  const when = at.toISOString().replace('T', ' ').slice(0, 16) + ' UTC';
  const about = { userId: user.id, upn: user.upn };
  if (tenant.ssprPolicy.notifyUsersOnReset) {
    const mail = deps.mailer.record({
      at,
      tenantId: tenant.id,
      to: user.upn,
      about,
      subject: `Your ${tenant.name} password was reset`,
      body: [
        `The password for your ${tenant.name} account ${user.upn} was reset on ${when}.`,
        '',
        'If this was you, you can ignore this message.',
        "If it wasn't you, contact your helpdesk now: someone else may have reset your password.",
      ].join('\n'),
    });
    recorded.push(mail);
    audit(deps, tenant, user, flowId, 'user');
  }
  if (admin && tenant.ssprPolicy.notifyAdminsOnAdminReset) {
    for (const globalAdmin of deps.store.users.withRole(tenant.id, 'Global Administrator')) {
      if (globalAdmin.id === user.id) continue;
      const mail = deps.mailer.record({
        at,
        tenantId: tenant.id,
        to: globalAdmin.upn,
        about,
        subject: `An administrator reset their ${tenant.name} password`,
        body: [
          `${user.displayName} (${user.upn}), who holds an administrator role, reset their password with`,
          `self-service password reset on ${when}.`,
          '',
          'Your tenant notifies every Global Administrator when an administrator does this.',
          "If you don't expect it, review the sign-in and audit logs.",
        ].join('\n'),
      });
      recorded.push(mail);
      audit(deps, tenant, user, flowId, 'globalAdministrator');
    }
  }
  return recorded;
}

function audit(
  deps: NotifyDeps,
  tenant: Tenant,
  user: User,
  flowId: string,
  recipientKind: 'user' | 'globalAdministrator',
): void {
  deps.store.audit.append({
    at: deps.clock.now(),
    tenantId: tenant.id,
    actor: 'system',
    targetUserId: user.id,
    targetUpn: user.upn,
    activity: 'notificationSent',
    result: 'success',
    reason: 'passwordReset',
    flowId,
    details: { recipientKind },
  });
}

/** §10: the user is told their password changed (when the tenant notifies users); returned for delivery. */
export function notifyPasswordChanged(deps: NotifyDeps, user: User, tenant: Tenant): RecordedMail[] {
  if (!tenant.ssprPolicy.notifyUsersOnReset) return [];
  const at = deps.clock.now();
  const when = at.toISOString().replace('T', ' ').slice(0, 16) + ' UTC';
  const mail = deps.mailer.record({
    at,
    tenantId: tenant.id,
    to: user.upn,
    about: { userId: user.id, upn: user.upn },
    subject: `Your ${tenant.name} password was changed`,
    body: [
      `The password for your ${tenant.name} account ${user.upn} was changed on ${when}.`,
      '',
      'If this was you, you can ignore this message.',
      "If it wasn't you, contact your helpdesk now: someone else may know your password.",
    ].join('\n'),
  });
  deps.store.audit.append({
    at,
    tenantId: tenant.id,
    actor: 'system',
    targetUserId: user.id,
    targetUpn: user.upn,
    activity: 'notificationSent',
    result: 'success',
    reason: 'passwordChanged',
    deviceId: deps.store.device.get().deviceId,
    details: { recipientKind: 'user' },
  });
  return [mail];
}
