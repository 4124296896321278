import type { Clock } from '../clock';
import type { Hasher } from '../password/hasher';
import type { Store, Tenant, User } from '../store';
import {
  connectorFor,
  directoryAccountRef,
  type DirectoryContext,
  type DirectoryFailure,
  type DirectoryFailureReason,
  type DirectoryResult,
  type OnPremDirectory,
  type TransactionalDirectory,
} from './types';

export interface WritebackDeps {
  store: Store;
  directory: OnPremDirectory;
  hasher: Hasher;
  clock: Clock;
}

export interface WritebackRequest {
  user: User;
  tenant: Tenant;
  flowId: string | null;
  deviceId: string | null;
  /** Who acts, for the audit trail: the user's UPN in self-service. */
  actor: string;
}

export interface ResetRequest extends WritebackRequest {
  newPassword: string;
  /**
   * The caller's own writes for a reset that worked (its audit event, notifications, must-change):
   * they run inside the transaction that writes the tenant, so a crash leaves the reset whole or
   * not at all (issue 7). `wroteBack` says whether the directory was written too.
   */
  onSuccess?: (wroteBack: boolean) => void;
}

/** `notAllowed`: the tenant no longer writes back (or unlocks), or the user is not mastered on-premises. */
export type WritebackFailureReason = DirectoryFailureReason | 'notAllowed';

export type WritebackResult =
  | { ok: true; /** Whether the on-premises directory was written too. */ wroteBack: boolean }
  | { ok: false; reason: WritebackFailureReason; message: string };

type Failure = Extract<WritebackResult, { ok: false }>;

/**
 * The tenant's and the directory's current view of the request: the flow may hold copies from
 * minutes ago, and the admin may have switched writeback off since.
 */
function current(store: Store, request: WritebackRequest): { user: User; tenant: Tenant } | null {
  const user = store.users.get(request.user.id);
  const tenant = store.tenants.get(request.tenant.id);
  if (!user || !tenant) return null;
  if (user.tenantId !== tenant.id) throw new Error(`User ${user.id} does not belong to tenant ${tenant.id}.`);
  return { user, tenant };
}

const userGone: Failure = { ok: false, reason: 'accountNotFound', message: 'The user no longer exists.' };

function writebackAllowed(tenant: Tenant): boolean {
  return tenant.directorySync && tenant.ssprPolicy.writeback;
}

/** The directory joins the store's transactions only when it lives in the store's own database. */
function sameDatabase(store: Store, directory: OnPremDirectory): TransactionalDirectory | null {
  const transactional = directory.transactional;
  return transactional && transactional.database === store.db ? transactional : null;
}

/**
 * Sets a new password after the flow has passed its gates (spec §5 "Writeback and atomicity"); the
 * caller checks the password against §8 before and audits `passwordReset` after. A cloud user's
 * password is the tenant's alone. A synced or federated user's goes to the on-premises directory
 * first, and the tenant changes only if the directory took it; this function audits
 * `writebackSucceeded` or `writebackFailed` itself. Either way both lockouts are cleared.
 *
 * Consistency:
 * - The slow hash is made once, before anything is written and outside any transaction.
 * - A transactional directory (the simulated one, same SQLite file) checks its policy first, then
 *   its write and the tenant's write commit in one transaction: both or neither.
 * - Any other directory (LDAP) cannot join the transaction: directory first, tenant second. If the
 *   tenant write then fails, the directory already holds the new password and cannot take it back;
 *   `writebackSucceeded` is audited with `tenantUpdateFailed: true` so an admin can reconcile, and
 *   the error is thrown. That is the most a write across two systems without 2PC can promise.
 */
export async function resetPassword(deps: WritebackDeps, request: ResetRequest): Promise<WritebackResult> {
  const { store, hasher, clock } = deps;
  const now = current(store, request);
  if (!now) return userGone;
  const { user, tenant } = now;
  const directory = connectorFor(deps.directory, tenant.id);

  const writeTenant = (passwordHash: string): void => {
    store.users.setPasswordHash(user.id, passwordHash, clock.now());
    store.users.clearLockouts(user.id);
  };

  if (user.source === 'cloud') {
    const passwordHash = await hasher.hash(request.newPassword);
    store.transaction(() => {
      writeTenant(passwordHash);
      request.onSuccess?.(false);
    });
    return { ok: true, wroteBack: false };
  }

  const audit = (activity: 'writebackSucceeded' | 'writebackFailed', extra: AuditExtra): void => {
    store.audit.append({
      at: clock.now(),
      tenantId: tenant.id,
      actor: request.actor,
      targetUserId: user.id,
      targetUpn: user.upn,
      activity,
      result: activity === 'writebackSucceeded' ? 'success' : 'failure',
      reason: extra.reason ?? null,
      flowId: request.flowId,
      deviceId: request.deviceId,
      details: { operation: 'passwordReset', directory: directory.kind, ...extra.details },
    });
  };
  const failed = (failure: Failure | DirectoryFailure): Failure => {
    audit('writebackFailed', { reason: failure.reason, details: { message: failure.message } });
    return { ok: false, reason: failure.reason, message: failure.message };
  };

  if (!writebackAllowed(tenant)) {
    return failed({
      ok: false,
      reason: 'notAllowed',
      message: 'Password writeback is off for this tenant, so a password mastered on-premises cannot be reset here.',
    });
  }

  const passwordHash = await hasher.hash(request.newPassword);
  const ref = directoryAccountRef(user);
  const ctx: DirectoryContext = { actor: request.actor, flowId: request.flowId, deviceId: request.deviceId };
  const transactional = sameDatabase(store, directory);

  if (transactional) {
    const prepared = await transactional.prepareSetPassword(ref, request.newPassword, passwordHash, ctx);
    if (!prepared.ok) return failed(prepared);
    let written: DirectoryResult;
    try {
      written = store.transaction(() => {
        const result = prepared.commit();
        if (!result.ok) return result;
        writeTenant(passwordHash);
        audit('writebackSucceeded', {});
        request.onSuccess?.(true);
        return result;
      });
    } catch (error) {
      // Both sides rolled back together, so nothing changed anywhere; the attempt is still audited.
      auditQuietly(() => audit('writebackFailed', { reason: 'directoryError', details: { rolledBack: true } }));
      throw error;
    }
    return written.ok ? { ok: true, wroteBack: true } : failed(written);
  }

  let result: DirectoryResult;
  try {
    result = await directory.setPassword(ref, request.newPassword, ctx);
  } catch (error) {
    auditQuietly(() => audit('writebackFailed', { reason: 'directoryError', details: { directoryThrew: true } }));
    throw error;
  }
  if (!result.ok) return failed(result);
  try {
    store.transaction(() => {
      writeTenant(passwordHash);
      audit('writebackSucceeded', {});
      request.onSuccess?.(true);
    });
  } catch (error) {
    auditQuietly(() => audit('writebackSucceeded', { details: { tenantUpdateFailed: true } }));
    throw error;
  }
  return { ok: true, wroteBack: true };
}

interface AuditExtra {
  reason?: string;
  details?: Record<string, string | boolean>;
}

/** On the way out with an error: the error is what must surface, not a second one from the audit. */
function auditQuietly(write: () => void): void {
  try {
    write();
  } catch {
    // The original error is rethrown by the caller.
  }
}

/**
 * "Unlock without reset" (spec §5.2, §6): the directory clears the on-premises lockout (through the
 * writeback agent, which must be connected), then the cloud lockout is cleared; the password stays.
 * The caller audits `accountUnlocked` in `onSuccess` (in the same transaction); on failure nothing
 * is written. Same consistency as a reset.
 */
export async function unlockAccount(
  deps: Pick<WritebackDeps, 'store' | 'directory'>,
  request: WritebackRequest & { onSuccess?: () => void },
): Promise<WritebackResult> {
  const { store } = deps;
  const now = current(store, request);
  if (!now) return userGone;
  const { user, tenant } = now;
  const directory = connectorFor(deps.directory, tenant.id);
  if (user.source === 'cloud' || !writebackAllowed(tenant) || !tenant.ssprPolicy.allowUnlock) {
    return {
      ok: false,
      reason: 'notAllowed',
      message: 'Unlocking without a reset needs an on-premises account, password writeback and unlock turned on.',
    };
  }
  const ref = directoryAccountRef(user);
  const ctx: DirectoryContext = { actor: request.actor, flowId: request.flowId, deviceId: request.deviceId };
  const transactional = sameDatabase(store, directory);

  if (transactional) {
    const prepared = await transactional.prepareUnlock(ref, ctx);
    if (!prepared.ok) return prepared;
    const written = store.transaction(() => {
      const result = prepared.commit();
      if (result.ok) {
        store.users.clearLockouts(user.id);
        request.onSuccess?.();
      }
      return result;
    });
    return written.ok ? { ok: true, wroteBack: true } : written;
  }

  const result = await directory.unlock(ref, ctx);
  if (!result.ok) return result;
  store.transaction(() => {
    store.users.clearLockouts(user.id);
    request.onSuccess?.();
  });
  return { ok: true, wroteBack: true };
}
