// The helpdesk's actions on one user (issue 6 "Users"): reset with a temporary password the admin
// types (checked under §8, must be changed at next sign-in, written back for a synced user through
// the same all-or-nothing writeback as self-service), unlock (cloud and on-premises lockouts and the
// SSPR block), revoke methods, pre-register a phone or e-mail (§7, through security-info's own
// pre-registration), risk level, enable/disable, roles and license. Each is audited with the local
// administrator as actor; none puts a secret in a response, an audit event or a log line.
import type { AdminUserAction, HelpdeskResetResult, HelpdeskResult } from '../../../shared/admin';
import { CallFailure } from '../../../shared/errors';
import type { Clock } from '../clock';
import { resetPassword } from '../directory/writeback';
import { connectorFor, directoryAccountRef, type DirectoryResult, type OnPremDirectory } from '../directory/types';
import type { Hasher } from '../password/hasher';
import type { PasswordPolicyService } from '../password/policy';
import { notifySecurityInfoChanged } from '../security-info/audit';
import { preRegister, type PreRegisterRefusal } from '../security-info/pre-register';
import type { Store, Tenant, User } from '../store';
import { auditChanges, changedFields } from './changes';
import type { AdminActor } from './entry-guard';
import { ruleFailures } from './rule-failures';
import type { UserDirectory } from './user-directory';

export interface HelpdeskDeps {
  store: Store;
  clock: Clock;
  hasher: Hasher;
  directory: OnPremDirectory;
  passwords: PasswordPolicyService;
  users: UserDirectory;
}

const preRegisterMessages: Record<PreRegisterRefusal, string> = {
  userNotFound: 'There is no such user.',
  invalidEmail: 'That is not an e-mail address.',
  emailIsUpn: "The alternate e-mail address can't be the user's own UPN.",
  invalidPhone: 'Type the number with its country code, for example +1 425 555 0100.',
  invalidExtension: 'An extension is 1 to 10 digits.',
  alreadyRegistered: 'The user already has a method of this kind. Remove it first, then add the new one.',
};

export function createHelpdesk(deps: HelpdeskDeps) {
  const { store, clock } = deps;

  const userAndTenant = (userId: number): { user: User; tenant: Tenant } => {
    const user = store.users.get(userId);
    const tenant = user ? store.tenants.get(user.tenantId) : null;
    if (!user || !tenant) throw new CallFailure('not_found', 'There is no such user.');
    return { user, tenant };
  };

  const audit = (
    admin: AdminActor,
    user: User,
    activity: 'adminPasswordReset' | 'accountUnlocked' | 'securityInfoRemoved' | 'notificationSent',
    result: 'success' | 'failure',
    reason: string | null,
    extra: {
      method?: 'email' | 'mobilePhone' | 'officePhone' | 'authenticatorApp' | 'securityQuestions' | null;
      details?: Record<string, string | number | boolean | null>;
    } = {},
  ): void => {
    store.audit.append({
      at: clock.now(),
      tenantId: user.tenantId,
      actor: activity === 'notificationSent' ? 'system' : admin.actor,
      targetUserId: user.id,
      targetUpn: user.upn,
      activity,
      result,
      reason,
      method: extra.method ?? null,
      deviceId: admin.deviceId,
      details: extra.details ?? {},
    });
  };

  const done = (userId: number): HelpdeskResult => {
    const { user, tenant } = userAndTenant(userId);
    return { ok: true, user: deps.users.details(user, tenant) };
  };

  /** §10: the user hears that the helpdesk reset their password; the message never holds it. */
  function notifyReset(admin: AdminActor, user: User, tenant: Tenant): void {
    if (!tenant.ssprPolicy.notifyUsersOnReset) return;
    const at = clock.now();
    const when = at.toISOString().replace('T', ' ').slice(0, 16) + ' UTC';
    store.outbox.append({
      at,
      tenantId: tenant.id,
      channel: 'email',
      recipient: user.upn,
      subject: `Your ${tenant.name} password was reset by your administrator`,
      body: [
        `An administrator reset the password for your ${tenant.name} account ${user.upn} on ${when}.`,
        'Sign in with the temporary password your administrator gave you; you will be asked to choose a new one.',
        '',
        "If you didn't ask for this, contact your helpdesk now.",
      ].join('\n'),
    });
    audit(admin, user, 'notificationSent', 'success', 'adminPasswordReset', { details: { recipientKind: 'user' } });
  }

  /**
   * Whether the account is locked (or counting wrong passwords) on-premises. A real directory keeps
   * its own lockout, so it is asked; one that does not answer is unlocked through it anyway, which
   * fails as "agent down" with nothing changed. The simulated directory's lockout is the store's copy.
   */
  async function onPremisesLocked(directory: OnPremDirectory, user: User): Promise<boolean> {
    if (directory.kind !== 'ldap') {
      return user.onPremLockout.lockedUntil !== null || user.onPremLockout.failedSignIns > 0;
    }
    try {
      const lockout = await directory.lockoutState(directoryAccountRef(user));
      return lockout !== null && (lockout.locked || lockout.badPasswordCount > 0);
    } catch {
      return true;
    }
  }

  /** Clears what the cloud side keeps: smart lockout, the on-premises counters' copy, and the SSPR block. */
  function clearCloudSide(user: User): void {
    store.users.clearLockouts(user.id);
    store.users.setSsprBlockedUntil(user.id, null);
    store.users.clearVerificationFailures(user.id);
  }

  async function unlock(admin: AdminActor, userId: number): Promise<HelpdeskResult> {
    const { user } = userAndTenant(userId);
    const now = clock.now();
    const cloudLocked = user.cloudLockout.lockedUntil !== null && user.cloudLockout.lockedUntil > now;
    const ssprBlocked = user.ssprBlockedUntil !== null && user.ssprBlockedUntil > now;
    const directory = connectorFor(deps.directory, user.tenantId);
    const onPremLocked = user.source !== 'cloud' && (await onPremisesLocked(directory, user));
    const details = { cloud: cloudLocked, onPremises: onPremLocked, sspr: ssprBlocked };
    const failed = (result: Extract<DirectoryResult, { ok: false }>): HelpdeskResult => {
      audit(admin, user, 'accountUnlocked', 'failure', result.reason, { details });
      return { ok: false, code: result.reason, message: result.message };
    };

    if (!onPremLocked) {
      store.transaction(() => {
        clearCloudSide(user);
        audit(admin, user, 'accountUnlocked', 'success', 'helpdesk', { details });
      });
      return done(userId);
    }
    // On-premises first, through the agent; the cloud side only when the directory took it (both or neither).
    const ctx = { actor: admin.actor, flowId: null, deviceId: admin.deviceId };
    const ref = directoryAccountRef(user);
    const transactional = directory.transactional?.database === store.db ? directory.transactional : null;
    if (transactional) {
      const prepared = await transactional.prepareUnlock(ref, ctx);
      if (!prepared.ok) return failed(prepared);
      const written = store.transaction((): DirectoryResult => {
        const result = prepared.commit();
        if (!result.ok) return result;
        clearCloudSide(user);
        audit(admin, user, 'accountUnlocked', 'success', 'helpdesk', { details });
        return result;
      });
      return written.ok ? done(userId) : failed(written);
    }
    const result = await directory.unlock(ref, ctx);
    if (!result.ok) return failed(result);
    store.transaction(() => {
      clearCloudSide(user);
      audit(admin, user, 'accountUnlocked', 'success', 'helpdesk', { details });
    });
    return done(userId);
  }

  function revoke(admin: AdminActor, userId: number, methodIds: 'all' | number): HelpdeskResult {
    const { user, tenant } = userAndTenant(userId);
    const before = store.methods.listForUser(user.id);
    const revoked = methodIds === 'all' ? before : before.filter((method) => method.id === methodIds);
    // Another user's method id reads the same as no method at all.
    if (methodIds !== 'all' && revoked.length === 0) throw new CallFailure('not_found', 'The user has no such method.');
    store.transaction(() => {
      for (const method of revoked) {
        store.methods.remove(method.id);
        audit(admin, user, 'securityInfoRemoved', 'success', 'revokedByAdmin', {
          method: method.kind,
          details: { methodId: method.id },
        });
        notifySecurityInfoChanged(
          store,
          { at: clock.now(), tenant, user, deviceId: admin.deviceId },
          method.kind,
          'removed',
          before,
        );
      }
    });
    return done(userId);
  }

  /** A change to one field of the user, audited old → new as `userUpdated`. */
  function update<T extends object>(
    admin: AdminActor,
    user: User,
    before: T,
    after: () => T,
    fields: readonly (keyof T & string)[],
    write: () => void,
  ): HelpdeskResult {
    store.transaction(() => {
      write();
      auditChanges(
        store,
        'userUpdated',
        { admin, at: clock.now(), tenantId: user.tenantId, targetUserId: user.id, targetUpn: user.upn, area: 'user' },
        changedFields(before, after(), fields),
      );
    });
    return done(user.id);
  }

  return {
    /**
     * Helpdesk reset (§8, §5 writeback, §10): the temporary password is checked like any new one,
     * written (and written back for a synced or federated user, all or nothing), the user must
     * change it at the next sign-in, both lockouts are cleared, and the user is notified.
     */
    async resetPassword(admin: AdminActor, userId: number, temporaryPassword: string): Promise<HelpdeskResetResult> {
      const { user, tenant } = userAndTenant(userId);
      const evaluation = await deps.passwords.evaluate({
        password: temporaryPassword,
        user: {
          upn: user.upn,
          displayName: user.displayName,
          ...(user.givenName ? { givenName: user.givenName } : {}),
          ...(user.surname ? { surname: user.surname } : {}),
        },
        tenant: { name: tenant.name },
        policy: tenant.passwordPolicy,
        customTerms: tenant.passwordPolicy.bannedTerms,
        history: store.users.passwordHistory(user.id, tenant.passwordPolicy.historyCount),
      });
      if (!evaluation.ok) {
        const failures = ruleFailures(evaluation.failures);
        audit(admin, user, 'adminPasswordReset', 'failure', 'passwordRefused', {
          details: { rules: failures.map((failure) => failure.code).join(', ') },
        });
        return {
          ok: false,
          code: 'passwordRefused',
          failures,
          reason: null,
          message: 'The temporary password breaks the password policy.',
        };
      }
      const written = await resetPassword(
        { store, directory: deps.directory, hasher: deps.hasher, clock },
        {
          user,
          tenant,
          newPassword: temporaryPassword,
          flowId: null,
          deviceId: admin.deviceId,
          actor: admin.actor,
          // In the password's own transaction: a crash leaves the reset and its audit event whole or none (issue 7).
          onSuccess: (wroteBack) => {
            store.users.setMustChange(user.id, true);
            audit(admin, user, 'adminPasswordReset', 'success', null, { details: { wroteBack, mustChange: true } });
            notifyReset(admin, user, tenant);
          },
        },
      );
      if (!written.ok) {
        audit(admin, user, 'adminPasswordReset', 'failure', written.reason);
        return { ok: false, code: 'writebackFailed', failures: [], reason: written.reason, message: written.message };
      }
      const after = userAndTenant(userId);
      return { ok: true, user: deps.users.details(after.user, after.tenant), wroteBack: written.wroteBack };
    },

    async act(admin: AdminActor, userId: number, change: AdminUserAction): Promise<HelpdeskResult> {
      const { user } = userAndTenant(userId);
      /** One field of the user's row written, audited old → new. */
      const updateUser = (field: 'risk' | 'enabled' | 'license', write: () => void) =>
        update(admin, user, user, () => userAndTenant(userId).user, [field], write);
      switch (change.action) {
        case 'unlock':
          return unlock(admin, userId);
        case 'revokeMethod':
          return revoke(admin, userId, change.methodId);
        case 'revokeAllMethods':
          return revoke(admin, userId, 'all');
        case 'preRegister': {
          const { method } = change;
          const result = preRegister(
            { store, clock },
            {
              actor: admin.actor,
              userId,
              method:
                method.kind === 'officePhone'
                  ? { kind: 'officePhone', phoneNumber: method.phoneNumber, extension: method.extension ?? null }
                  : method,
            },
          );
          return result.ok
            ? done(userId)
            : { ok: false, code: result.refusal, message: preRegisterMessages[result.refusal] };
        }
        case 'setRisk':
          return updateUser('risk', () => store.users.setRisk(userId, change.risk));
        case 'setEnabled':
          return updateUser('enabled', () => store.users.setEnabled(userId, change.enabled));
        case 'setLicense':
          return updateUser('license', () => store.users.setLicense(userId, change.license));
        case 'addRole':
        case 'removeRole': {
          const roles = { roles: store.users.roles(userId) };
          return update(
            admin,
            user,
            roles,
            () => ({ roles: store.users.roles(userId) }),
            ['roles'],
            () =>
              change.action === 'addRole'
                ? store.users.addRole(userId, change.role)
                : store.users.removeRole(userId, change.role),
          );
        }
      }
    },
  };
}

export type Helpdesk = ReturnType<typeof createHelpdesk>;
