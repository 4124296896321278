import type { writebackAgentStates } from '../../../shared/policy';
import type { Database, User } from '../store';

/** Why the directory did not do what was asked; the UI says "try again" for each (spec §5). */
export type DirectoryFailureReason = 'agentDown' | 'passwordRefused' | 'accountNotFound' | 'directoryError';

export interface DirectoryFailure {
  ok: false;
  reason: DirectoryFailureReason;
  /** Plain words for the audit trail and the admin; never a password. */
  message: string;
}

export type DirectoryResult = { ok: true } | DirectoryFailure;

/**
 * Which directory account a tenant user maps to. The simulated directory follows the sync link
 * (`userId`); an LDAP connector searches the domain for `(userPrincipalName=…)`.
 */
export interface DirectoryAccountRef {
  tenantId: number;
  userId: number;
  userPrincipalName: string;
}

/** On whose behalf the writeback agent writes: goes to the directory's own log, never a secret. */
export interface DirectoryContext {
  actor: string;
  flowId: string | null;
  deviceId: string | null;
}

export type WritebackAgentState = (typeof writebackAgentStates)[number];

export interface DirectoryHealth {
  /** The directory's DNS name (e.g. `CONTOSO.LOCAL`); null when the tenant has none. */
  directoryName: string | null;
  agent: WritebackAgentState;
  /** Whether a password or an unlock could be written now. */
  writable: boolean;
  message: string;
}

/** The account's on-premises lockout at sign-in (spec §6), as AD's badPwdCount and lockoutTime give it. */
export interface OnPremLockoutState {
  locked: boolean;
  /** When the lockout ends; null when not locked. */
  lockedUntil: Date | null;
  badPasswordCount: number;
}

/** What a bind with the account's password answers (spec §6, §11 sign-in of synced users). */
export type PasswordVerification =
  | { outcome: 'verified' }
  | { outcome: 'wrongPassword'; lockout: OnPremLockoutState }
  | { outcome: 'lockedOut'; lockout: OnPremLockoutState }
  | { outcome: 'disabled' }
  | { outcome: 'accountNotFound' };

/**
 * The on-premises directory behind password writeback, shaped after what LDAP offers: a real
 * connector binds as the agent's DN, sets a password by replacing `unicodePwd` (or the password
 * modify extended operation) with the policy-hints control so the domain's history applies, unlocks
 * by writing `lockoutTime = 0`, and verifies a password by binding as the user.
 */
export interface OnPremDirectory {
  /** One connector (`simulated`, `ldap`), or the app's `perTenant` choice of one for each tenant (issue 9). */
  readonly kind: 'simulated' | 'ldap' | 'perTenant';
  /**
   * The connector that serves this tenant now, read from the tenant's settings at each call, so a
   * switch needs no restart; absent on a single connector, which serves every tenant itself.
   */
  forTenant?(tenantId: number): OnPremDirectory;
  /** The tenant's directory and its writeback agent, read fresh. */
  health(tenantId: number): Promise<DirectoryHealth>;
  /**
   * Sets the password if the agent is connected and the domain's own policy accepts it. Setting a
   * password also unlocks the account (an SSPR reset unlocks on-premises too).
   */
  setPassword(account: DirectoryAccountRef, newPassword: string, ctx: DirectoryContext): Promise<DirectoryResult>;
  /** Clears the lockout (lockoutTime and badPwdCount), leaving the password as it is. */
  unlock(account: DirectoryAccountRef, ctx: DirectoryContext): Promise<DirectoryResult>;
  /**
   * A sign-in against the directory, with a domain controller's bookkeeping: a locked or disabled
   * account is refused, a wrong password counts toward the lockout, a right one resets the count.
   */
  verifyPassword(account: DirectoryAccountRef, password: string): Promise<PasswordVerification>;
  /** The account's lockout now; null when the directory has no such account. */
  lockoutState(account: DirectoryAccountRef): Promise<OnPremLockoutState | null>;
  /** Present only when the directory lives in the store's own database and can join its transactions. */
  readonly transactional?: TransactionalDirectory;
}

/** A directory write whose slow checks are done; `commit` is synchronous so it can run inside a store transaction. */
export interface PreparedDirectoryWrite {
  ok: true;
  /** Checks again what may have changed since (the agent, the account), then writes; writes nothing on failure. */
  commit(): DirectoryResult;
}

/**
 * The capability that makes a reset all-or-nothing: the directory's write and the tenant's write
 * commit or roll back together. Only a directory stored in the same SQLite file can offer it.
 */
export interface TransactionalDirectory {
  /** The database whose transactions `commit` may join. */
  readonly database: Database;
  /** `passwordHash` is the slow hash of `newPassword`, made once for both sides. */
  prepareSetPassword(
    account: DirectoryAccountRef,
    newPassword: string,
    passwordHash: string,
    ctx: DirectoryContext,
  ): Promise<PreparedDirectoryWrite | DirectoryFailure>;
  prepareUnlock(
    account: DirectoryAccountRef,
    ctx: DirectoryContext,
  ): Promise<PreparedDirectoryWrite | DirectoryFailure>;
}

/** The one connector that serves the tenant: what writes, and whether it can join the store's transaction. */
export function connectorFor(directory: OnPremDirectory, tenantId: number): OnPremDirectory {
  return directory.forTenant?.(tenantId) ?? directory;
}

/** The account a tenant user is synced to. */
export function directoryAccountRef(user: Pick<User, 'id' | 'tenantId' | 'upn'>): DirectoryAccountRef {
  return { tenantId: user.tenantId, userId: user.id, userPrincipalName: user.upn };
}
