import type { Clock } from '../clock';
import type { Store, Tenant, User } from '../store';

/**
 * §10 notifications after a self-service reset: the user (when the tenant notifies users), and every
 * Global Administrator when an administrator reset their own password (when the tenant says so).
 * They go to the outbox, the training room's mailbox; no password is ever in one.
 */
export function notifyPasswordReset(
  deps: { store: Store; clock: Clock },
  user: User,
  tenant: Tenant,
  admin: boolean,
  flowId: string,
): void {
  const at = deps.clock.now();
  const when = at.toISOString().replace('T', ' ').slice(0, 16) + ' UTC';
  if (tenant.ssprPolicy.notifyUsersOnReset) {
    deps.store.outbox.append({
      at,
      tenantId: tenant.id,
      channel: 'email',
      recipient: user.upn,
      subject: `Your ${tenant.name} password was reset`,
      body: [
        `The password for your ${tenant.name} account ${user.upn} was reset on ${when}.`,
        '',
        'If this was you, you can ignore this message.',
        "If it wasn't you, contact your helpdesk now: someone else may have reset your password.",
      ].join('\n'),
    });
    audit(deps, tenant, user, flowId, 'user');
  }
  if (admin && tenant.ssprPolicy.notifyAdminsOnAdminReset) {
    for (const globalAdmin of deps.store.users.withRole(tenant.id, 'Global Administrator')) {
      if (globalAdmin.id === user.id) continue;
      deps.store.outbox.append({
        at,
        tenantId: tenant.id,
        channel: 'email',
        recipient: globalAdmin.upn,
        subject: `An administrator reset their ${tenant.name} password`,
        body: [
          `${user.displayName} (${user.upn}), who holds an administrator role, reset their password with`,
          `self-service password reset on ${when}.`,
          '',
          'Your tenant notifies every Global Administrator when an administrator does this.',
          "If you don't expect it, review the sign-in and audit logs.",
        ].join('\n'),
      });
      audit(deps, tenant, user, flowId, 'globalAdministrator');
    }
  }
}

function audit(
  deps: { store: Store; clock: Clock },
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

/** §10: the user is told their password changed (when the tenant notifies users), in the outbox. */
export function notifyPasswordChanged(deps: { store: Store; clock: Clock }, user: User, tenant: Tenant): void {
  if (!tenant.ssprPolicy.notifyUsersOnReset) return;
  const at = deps.clock.now();
  const when = at.toISOString().replace('T', ' ').slice(0, 16) + ' UTC';
  deps.store.outbox.append({
    at,
    tenantId: tenant.id,
    channel: 'email',
    recipient: user.upn,
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
}
