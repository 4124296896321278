import type { PasswordFeedback, RuleFailure } from '../../../shared/reset';
import type { ChangePasswordResult } from '../../../shared/session';
import type { Clock } from '../clock';
import { resetPassword } from '../directory/writeback';
import type { OnPremDirectory } from '../directory/types';
import type { Hasher } from '../password/hasher';
import type { PasswordPolicyService, PasswordUser } from '../password/policy';
import type { Store, Tenant, User } from '../store';
import { notifyPasswordChanged } from '../flows/notify';
import type { Mailer, RecordedMail } from '../delivery';
import type { CheckCredentials } from './sign-in';

export interface ChangePasswordDeps {
  store: Store;
  hasher: Hasher;
  clock: Clock;
  directory: OnPremDirectory;
  passwords: PasswordPolicyService;
  checkCredentials: CheckCredentials;
  mailer: Mailer;
}

export function passwordUserOf(user: User): PasswordUser {
  return {
    upn: user.upn,
    displayName: user.displayName,
    ...(user.givenName ? { givenName: user.givenName } : {}),
    ...(user.surname ? { surname: user.surname } : {}),
  };
}

/** The rules a password broke with the figures their messages need (never the password itself). */
function ruleFailures(failures: ReadonlyArray<{ code: string; params: object }>): RuleFailure[] {
  return failures.map((failure) => ({
    code: failure.code,
    params: Object.fromEntries(
      Object.entries(failure.params).filter((entry): entry is [string, number | string] =>
        ['number', 'string'].includes(typeof entry[1]),
      ),
    ),
  }));
}

const refused = (
  code: Extract<ChangePasswordResult, { ok: false }>['code'],
  failures: RuleFailure[] = [],
  until: Date | null = null,
): Extract<ChangePasswordResult, { ok: false }> => ({
  ok: false,
  code,
  failures,
  until: until?.toISOString() ?? null,
});

/**
 * §11 and §8: the signed-in user changes their own password (the must-change or expired step, or
 * "Change a password" from the desktop). The current password is checked like a sign-in, so a wrong
 * one counts toward both lockouts; the new one passes every rule of §8, history included, and is
 * written the way a reset writes it (to the on-premises directory first for a synced user, all or
 * nothing). Then must-change is cleared, the last-set time is now, the change is audited and the
 * user notified. No password reaches a log, an audit event or an answer.
 */
export function createPasswordChange(deps: ChangePasswordDeps) {
  const { store, clock, passwords } = deps;

  const audit = (user: User, result: 'success' | 'failure', reason: string | null) =>
    store.audit.append({
      at: clock.now(),
      tenantId: user.tenantId,
      actor: user.upn,
      targetUserId: user.id,
      targetUpn: user.upn,
      activity: 'passwordChanged',
      result,
      reason,
      deviceId: store.device.get().deviceId,
    });

  return {
    /** Live feedback while typing: every rule of §8 but the history (it needs the slow hash). */
    feedback(user: User, tenant: Tenant, password: string): PasswordFeedback {
      const evaluation = passwords.evaluateRules({
        password,
        user: passwordUserOf(user),
        tenant: { name: tenant.name },
        policy: tenant.passwordPolicy,
        customTerms: tenant.passwordPolicy.bannedTerms,
      });
      return {
        ok: evaluation.ok,
        failures: ruleFailures(evaluation.failures),
        bannedScore: evaluation.banned.score,
        minLength: tenant.passwordPolicy.minLength,
      };
    },

    async change(
      user: User,
      tenant: Tenant,
      currentPassword: string,
      newPassword: string,
      confirmPassword: string,
    ): Promise<Extract<ChangePasswordResult, { ok: false }> | { ok: true }> {
      if (newPassword !== confirmPassword) return refused('passwordsDiffer');
      const checked = await deps.checkCredentials(user, currentPassword, 'changePassword');
      switch (checked.outcome) {
        case 'lockedOut':
          audit(user, 'failure', checked.where === 'cloud' ? 'cloudSmartLockout' : 'onPremisesLockout');
          return refused('lockedOut', [], checked.until);
        case 'wrongPassword':
        case 'noDomainController':
          audit(user, 'failure', 'wrongCurrentPassword');
          return refused('wrongCurrentPassword');
        case 'verified':
          break;
      }
      const evaluation = await passwords.evaluate({
        password: newPassword,
        user: passwordUserOf(user),
        tenant: { name: tenant.name },
        policy: tenant.passwordPolicy,
        customTerms: tenant.passwordPolicy.bannedTerms,
        history: store.users.passwordHistory(user.id, tenant.passwordPolicy.historyCount),
      });
      if (!evaluation.ok) {
        audit(user, 'failure', 'passwordRefused');
        return refused('passwordRefused', ruleFailures(evaluation.failures));
      }
      let notifications: RecordedMail[] = [];
      const written = await resetPassword(
        { store, directory: deps.directory, hasher: deps.hasher, clock },
        {
          user,
          tenant,
          newPassword,
          flowId: null,
          deviceId: store.device.get().deviceId,
          actor: user.upn,
          // In the password's own transaction: a crash leaves the change, its audit event and the
          // notification whole or none (issue 7).
          onSuccess: () => {
            store.users.setMustChange(user.id, false);
            const changed = store.users.get(user.id);
            // This device saw the new password: it may sign in with it later without a domain controller.
            if (changed) store.device.recordPasswordVerified(user.id, changed.passwordLastSet, clock.now());
            audit(user, 'success', null);
            notifications = notifyPasswordChanged({ store, clock, mailer: deps.mailer }, user, tenant);
          },
        },
      );
      if (!written.ok) {
        audit(user, 'failure', written.reason);
        return refused('writebackFailed');
      }
      deps.mailer.deliverLater(notifications);
      return { ok: true };
    },
  };
}
