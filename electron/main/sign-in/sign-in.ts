import { randomBytes } from 'node:crypto';
import type { SignInResult, UserTile } from '../../../shared/session';
import type { Clock } from '../clock';
import { connectorFor, directoryAccountRef, type OnPremDirectory, type PasswordVerification } from '../directory/types';
import type { Hasher } from '../password/hasher';
import type { AuditActivity, AuditResult, Store, User } from '../store';
import type { DeviceSession } from './device-session';
import { initialsOf } from './device-session';
import { afterWrongPassword, cleared, cloudLockedUntil, isCleared } from './lockout';

export function tileOf(user: Pick<User, 'upn' | 'displayName'>): UserTile {
  return { upn: user.upn, displayName: user.displayName, initials: initialsOf(user.displayName) };
}

export interface CredentialDeps {
  store: Store;
  hasher: Hasher;
  clock: Clock;
  directory: OnPremDirectory;
}

export type LockedOut = { outcome: 'lockedOut'; where: 'cloud' | 'onPremises'; until: Date };

/** What checking a password at this device found; every wrong one has been counted already. */
export type CredentialCheck =
  { outcome: 'verified' } | { outcome: 'wrongPassword' } | LockedOut | { outcome: 'noDomainController' };

/** A password mastered in the on-premises directory: synced users, and federated ones (their IdP binds to it). */
export function masteredOnPremises(user: Pick<User, 'source'>): boolean {
  return user.source !== 'cloud';
}

/**
 * Checks a user's password the way this device would (§6, §9, §11), for sign-in and for the
 * current password of a change:
 * - a cloud smart lockout in force refuses any password, the right one too;
 * - a password mastered on-premises is checked by the directory (a domain controller) when the
 *   device can reach one: its own lockout applies (5 wrong passwords lock for 30 minutes by
 *   default) and every wrong password counts there too;
 * - a hybrid-joined device with no domain controller in sight knows only the password it verified
 *   last (a cached logon): a password set since then must wait for a domain controller;
 * - a wrong password counts toward smart lockout; the right one clears it.
 * `actor` is the UPN for the audit trail; no password ever reaches it.
 */
export function createCredentialCheck(deps: CredentialDeps) {
  const { store, hasher, clock, directory } = deps;

  const audit = (user: User, activity: AuditActivity, result: AuditResult, reason: string | null, details = {}) =>
    store.audit.append({
      at: clock.now(),
      tenantId: user.tenantId,
      actor: user.upn,
      targetUserId: user.id,
      targetUpn: user.upn,
      activity,
      result,
      reason,
      deviceId: store.device.get().deviceId,
      details,
    });

  /**
   * Counts a wrong password in the cloud; a lockout that starts now is audited and answered as such.
   * Read, count and write in one IMMEDIATE transaction: another shell on the same database counting
   * a wrong password for the same user at the same moment waits, so neither count is lost.
   */
  const countWrong = (user: User, purpose: string, onPremLockedUntil: Date | null): CredentialCheck =>
    store.transaction(() => countWrongNow(user, purpose, onPremLockedUntil));

  const countWrongNow = (user: User, purpose: string, onPremLockedUntil: Date | null): CredentialCheck => {
    const now = clock.now();
    const fresh = store.users.get(user.id) ?? user;
    const counted = afterWrongPassword(fresh.cloudLockout, now);
    store.users.setCloudLockout(user.id, counted.lockout);
    audit(user, 'signInFailed', 'failure', 'wrongPassword', { purpose });
    if (counted.lockedNow && counted.lockout.lockedUntil) {
      const until = counted.lockout.lockedUntil;
      audit(user, 'accountLockedOut', 'success', 'cloudSmartLockout', {
        until: until.toISOString(),
        lockoutCount: counted.lockout.lockoutCount,
      });
      return { outcome: 'lockedOut', where: 'cloud', until };
    }
    if (onPremLockedUntil) {
      audit(user, 'accountLockedOut', 'success', 'onPremisesLockout', { until: onPremLockedUntil.toISOString() });
      return { outcome: 'lockedOut', where: 'onPremises', until: onPremLockedUntil };
    }
    return { outcome: 'wrongPassword' };
  };

  return async function checkCredentials(user: User, password: string, purpose: 'signIn' | 'changePassword') {
    const now = clock.now();
    const cloudUntil = cloudLockedUntil(user.cloudLockout, now);
    if (cloudUntil) {
      audit(user, 'signInFailed', 'failure', 'cloudSmartLockout', { purpose, until: cloudUntil.toISOString() });
      return { outcome: 'lockedOut', where: 'cloud', until: cloudUntil } satisfies LockedOut;
    }

    const device = store.device.get();
    const onPremises = masteredOnPremises(user);
    let domainController = !(device.joinType === 'hybrid-joined' && !device.domainControllerReachable);
    let verified = false;
    const connector = connectorFor(directory, user.tenantId);
    let answer: PasswordVerification | null = null;
    if (onPremises && domainController) {
      try {
        answer = await connector.verifyPassword(directoryAccountRef(user), password);
      } catch {
        // The directory did not answer (a server down, the agent's credentials refused): as Windows does
        // without a domain controller, only a password this device has verified before can sign in.
        domainController = false;
      }
    }
    if (answer) {
      switch (answer.outcome) {
        case 'lockedOut': {
          const until = answer.lockout.lockedUntil ?? now;
          audit(user, 'signInFailed', 'failure', 'onPremisesLockout', { purpose, until: until.toISOString() });
          return { outcome: 'lockedOut', where: 'onPremises', until } satisfies LockedOut;
        }
        case 'wrongPassword':
          return countWrong(user, purpose, answer.lockout.locked ? answer.lockout.lockedUntil : null);
        case 'disabled':
          return countWrong(user, purpose, null);
        case 'verified':
          verified = true;
          break;
        case 'accountNotFound':
          // A real directory without the account refuses it (deleted, or moved out of the base DN); the
          // simulated one has simply not synced it yet, and the tenant's copy of the password is all there is.
          if (connector.kind === 'ldap') return countWrong(user, purpose, null);
          verified = (await hasher.verify(password, user.passwordHash)).ok;
          break;
      }
    } else {
      const { ok, needsRehash } = await hasher.verify(password, user.passwordHash);
      // Parameters raised since this hash was made: store the same password at today's cost (§8).
      if (ok && needsRehash) store.users.rehashPassword(user.id, user.passwordHash, await hasher.hash(password));
      verified = ok;
    }
    if (!verified) return countWrong(user, purpose, null);

    if (onPremises && !domainController) {
      const known = store.device.verifiedPasswordSetAt(user.id);
      if (known === null || known.getTime() < user.passwordLastSet.getTime()) {
        audit(user, 'signInFailed', 'failure', 'noDomainController', { purpose });
        return { outcome: 'noDomainController' } satisfies CredentialCheck;
      }
    }
    if (!isCleared(user.cloudLockout)) store.users.setCloudLockout(user.id, cleared);
    store.device.recordPasswordVerified(user.id, user.passwordLastSet, now);
    return { outcome: 'verified' } satisfies CredentialCheck;
  };
}

export type CheckCredentials = ReturnType<typeof createCredentialCheck>;

/**
 * Sign-in at the lock screen (§11). An unknown or disabled account costs the same hash as a wrong
 * password and gets the same answer, so the screen reveals neither. A locked session is unlocked
 * only by its own user.
 */
export function createSignIn(deps: CredentialDeps & { session: DeviceSession; checkCredentials: CheckCredentials }) {
  const { store, hasher, clock, session } = deps;
  let decoy: Promise<string> | null = null;
  const decoyHash = () => (decoy ??= hasher.hash(randomBytes(16).toString('hex')));

  const auditAnonymous = (upn: string, reason: string) =>
    store.audit.append({
      at: clock.now(),
      actor: upn,
      targetUpn: upn,
      activity: 'signInFailed',
      result: 'failure',
      reason,
      deviceId: store.device.get().deviceId,
    });

  return async function signIn(upn: string, password: string): Promise<SignInResult> {
    const lockedBy = session.lockedBy();
    if (lockedBy && lockedBy.upn.toLowerCase() !== upn.trim().toLowerCase()) {
      auditAnonymous(upn, 'sessionLockedByOther');
      return { outcome: 'sessionLockedByOther', user: lockedBy };
    }
    const user = store.users.byUpn(upn);
    if (!user || !user.enabled) {
      await hasher.verify(password, await decoyHash());
      auditAnonymous(upn, 'accountNotFoundOrDisabled');
      return { outcome: 'wrongCredentials' };
    }
    const checked = await deps.checkCredentials(user, password, 'signIn');
    switch (checked.outcome) {
      case 'wrongPassword':
        return { outcome: 'wrongCredentials' };
      case 'lockedOut':
        return { outcome: 'lockedOut', where: checked.where, until: checked.until.toISOString() };
      case 'noDomainController':
        return { outcome: 'noDomainController' };
      case 'verified':
        break;
    }
    store.device.update({ lastUserUpn: user.upn });
    store.audit.append({
      at: clock.now(),
      tenantId: user.tenantId,
      actor: user.upn,
      targetUserId: user.id,
      targetUpn: user.upn,
      activity: 'signInSucceeded',
      result: 'success',
      reason: lockedBy ? 'unlocked' : null,
      deviceId: store.device.get().deviceId,
    });
    return { outcome: 'signedIn', session: session.signIn(user.id, tileOf(user)) };
  };
}
