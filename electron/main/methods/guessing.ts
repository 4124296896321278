// Protection against guessing (spec §6): failed verifications within a sliding window block SSPR for the
// user; the numbers are the tenant's Protection settings (lockoutThreshold / WindowMinutes / Minutes).
import type { GateMethod } from '../../../shared/policy';
import type { Store, User } from '../store';

export type SsprBlock = { blocked: true; until: Date } | { blocked: false };

/** Where a failure happened, for the audit trail. */
export interface FailureContext {
  flowId?: string | null;
  deviceId?: string | null;
}

export interface GuessingProtection {
  /** Counts one failed verification; starts the lockout (audited) when the window holds the limit. */
  recordFailure(user: User, method: GateMethod | null, at: Date, context?: FailureContext): SsprBlock;
  /** Whether SSPR is blocked for the user now; a block that has ended is audited once and forgotten. */
  isBlocked(user: User, now: Date): SsprBlock;
}

const minute = 60_000;

export function createGuessingProtection(store: Store): GuessingProtection {
  const protectionOf = (user: User) => {
    const tenant = store.tenants.get(user.tenantId);
    if (!tenant) throw new Error(`There is no tenant ${user.tenantId}.`);
    return tenant.ssprPolicy;
  };

  // Read fresh from the store: the User a flow holds may be minutes old.
  const blockedUntil = (user: User) => store.users.get(user.id)?.ssprBlockedUntil ?? null;

  const isBlocked = (user: User, now: Date): SsprBlock =>
    store.transaction((): SsprBlock => {
      const until = blockedUntil(user);
      if (until === null) return { blocked: false };
      if (now < until) return { blocked: true, until };
      store.users.setSsprBlockedUntil(user.id, null);
      store.users.clearVerificationFailures(user.id);
      store.audit.append({
        at: until,
        tenantId: user.tenantId,
        actor: 'system',
        targetUserId: user.id,
        targetUpn: user.upn,
        activity: 'ssprLockoutEnded',
        result: 'success',
        details: { observedAt: now.toISOString() },
      });
      return { blocked: false };
    });

  return {
    isBlocked,
    recordFailure: (user, method, at, context = {}) =>
      store.transaction((): SsprBlock => {
        const current = isBlocked(user, at);
        store.users.recordVerificationFailure(user.id, at, method);
        if (current.blocked) return current;
        const { lockoutThreshold, lockoutWindowMinutes, lockoutMinutes } = protectionOf(user);
        // A failure exactly one window old has left it: the window is (at - window, at].
        const since = new Date(at.getTime() - lockoutWindowMinutes * minute + 1);
        const failures = store.users.verificationFailuresSince(user.id, since);
        if (failures < lockoutThreshold) return { blocked: false };
        const until = new Date(at.getTime() + lockoutMinutes * minute);
        store.users.setSsprBlockedUntil(user.id, until);
        store.audit.append({
          at,
          tenantId: user.tenantId,
          actor: user.upn,
          targetUserId: user.id,
          targetUpn: user.upn,
          activity: 'ssprLockoutStarted',
          result: 'failure',
          reason: 'tooManyFailedVerifications',
          method,
          flowId: context.flowId ?? null,
          deviceId: context.deviceId ?? null,
          details: { failures, windowMinutes: lockoutWindowMinutes, lockoutMinutes, until: until.toISOString() },
        });
        return { blocked: true, until };
      }),
  };
}
