import type { CloudLockout } from '../store';

/**
 * Entra smart lockout at sign-in (§6), as Microsoft documents it: 10 wrong passwords lock the
 * account for 60 seconds; once it has been locked, each further wrong password locks it again, each
 * time for twice as long (60 s, 2 min, 4 min, 8 min, … at most 1 hour). The right password starts
 * everything over. While a lockout is in force nothing is counted and even the right password is refused.
 */
export const smartLockout = {
  threshold: 10,
  firstLockoutMs: 60_000,
  longestLockoutMs: 60 * 60_000,
} as const;

/** When the cloud lockout in force ends; null when none is. */
export function cloudLockedUntil(lockout: CloudLockout, now: Date): Date | null {
  return lockout.lockedUntil !== null && lockout.lockedUntil.getTime() > now.getTime() ? lockout.lockedUntil : null;
}

/** How long the next lockout lasts after `lockoutCount` earlier ones. */
export function lockoutLengthMs(lockoutCount: number): number {
  const doubled = smartLockout.firstLockoutMs * 2 ** Math.min(lockoutCount, 20);
  return Math.min(doubled, smartLockout.longestLockoutMs);
}

/** A wrong password: counted, and at the threshold (1 after a first lockout) the account locks. */
export function afterWrongPassword(lockout: CloudLockout, now: Date): { lockout: CloudLockout; lockedNow: boolean } {
  if (cloudLockedUntil(lockout, now)) return { lockout, lockedNow: false };
  const failedSignIns = lockout.failedSignIns + 1;
  const threshold = lockout.lockoutCount === 0 ? smartLockout.threshold : 1;
  if (failedSignIns < threshold) {
    return { lockout: { ...lockout, failedSignIns, lockedUntil: null }, lockedNow: false };
  }
  return {
    lockout: {
      failedSignIns: 0,
      lockedUntil: new Date(now.getTime() + lockoutLengthMs(lockout.lockoutCount)),
      lockoutCount: lockout.lockoutCount + 1,
    },
    lockedNow: true,
  };
}

/** The right password: smart lockout starts over. */
export const cleared: CloudLockout = { failedSignIns: 0, lockedUntil: null, lockoutCount: 0 };

export function isCleared(lockout: CloudLockout): boolean {
  return lockout.failedSignIns === 0 && lockout.lockedUntil === null && lockout.lockoutCount === 0;
}
