import type { Clock } from '../clock';
import type { Hasher } from '../password/hasher';
import type { Database, Store } from '../store';
import {
  createOnPremRepository,
  type OnPremAccount,
  type OnPremDomain,
  type OnPremLockoutPolicy,
  type OnPremPasswordPolicy,
  type OnPremRepository,
} from '../store/onprem';
import type {
  DirectoryAccountRef,
  DirectoryContext,
  DirectoryFailure,
  DirectoryHealth,
  DirectoryResult,
  OnPremDirectory,
  OnPremLockoutState,
  PasswordVerification,
  PreparedDirectoryWrite,
  TransactionalDirectory,
} from './types';

const minuteMs = 60_000;

/**
 * Where the on-premises lockout lives: the counter and the lockout end are the synced user's
 * `onPremLockout` columns (the only copy, which the scenario seeds and `users.clearLockouts`
 * clears); the time of the last bad password is the account's `badPasswordTime`. The numbers
 * (5 bad passwords within 30 minutes lock for 30 minutes by default) are the domain's policy row.
 */
export interface OnPremLockoutCounters {
  badPasswordCount: number;
  badPasswordTime: Date | null;
  lockedUntil: Date | null;
}

/** The count that still stands: a lockout that ended, or a last bad password older than the window, starts it over. */
function standingCount(counters: OnPremLockoutCounters, policy: OnPremLockoutPolicy, now: Date): number {
  if (counters.lockedUntil !== null && counters.lockedUntil.getTime() <= now.getTime()) return 0;
  const last = counters.badPasswordTime;
  if (last !== null && now.getTime() - last.getTime() >= policy.observationMinutes * minuteMs) return 0;
  return counters.badPasswordCount;
}

/** Whether the account is locked out on-premises now (spec §6). */
export function checkLockout(
  counters: OnPremLockoutCounters,
  policy: OnPremLockoutPolicy,
  now: Date,
): OnPremLockoutState {
  const locked = counters.lockedUntil !== null && counters.lockedUntil.getTime() > now.getTime();
  return {
    locked,
    lockedUntil: locked ? counters.lockedUntil : null,
    badPasswordCount: standingCount(counters, policy, now),
  };
}

/** A wrong password at sign-in: counts, and at the threshold locks for the lockout duration (spec §6). */
export function recordBadPassword(
  counters: OnPremLockoutCounters,
  policy: OnPremLockoutPolicy,
  now: Date,
): OnPremLockoutCounters & { lockedNow: boolean } {
  // A domain controller refuses a locked account before looking at the password, so nothing more counts.
  if (checkLockout(counters, policy, now).locked) return { ...counters, lockedNow: false };
  const badPasswordCount = standingCount(counters, policy, now) + 1;
  const lockedNow = policy.threshold > 0 && badPasswordCount >= policy.threshold;
  return {
    badPasswordCount,
    badPasswordTime: now,
    lockedUntil: lockedNow ? new Date(now.getTime() + policy.durationMinutes * minuteMs) : null,
    lockedNow,
  };
}

/** AD complexity splits the display name into tokens at these; tokens under 3 characters are ignored. */
const nameDelimiters = /[,.\-_#\s]+/u;
/** Upper case, lower case, digits 0-9, symbols, and letters with no case (e.g. CJK). */
const characterCategories = [/\p{Lu}/u, /\p{Ll}/u, /[0-9]/, /[^\p{L}\p{N}]/u, /[\p{Lo}\p{Lm}\p{Lt}]/u];

/**
 * The Default Domain Policy's own rules, which the domain applies to a password the agent sets
 * (writeback sends the policy-hints control, so even a reset honours history): minimum length,
 * complexity ("Password must meet complexity requirements") and "Enforce password history".
 * Returns why the password is refused, or null.
 */
export async function onPremPasswordRefusal(
  policy: OnPremPasswordPolicy,
  account: Pick<OnPremAccount, 'samAccountName' | 'displayName'>,
  newPassword: string,
  history: readonly string[],
  hasher: Hasher,
): Promise<string | null> {
  if ([...newPassword].length < policy.minLength) {
    return `it must be at least ${policy.minLength} characters long`;
  }
  if (policy.complexity) {
    const lower = newPassword.toLowerCase();
    const sam = account.samAccountName.toLowerCase();
    const nameTokens = account.displayName
      .split(nameDelimiters)
      .filter((token) => token.length >= 3)
      .map((token) => token.toLowerCase());
    if ((sam.length >= 3 && lower.includes(sam)) || nameTokens.some((token) => lower.includes(token))) {
      return "it contains the account name or part of the user's name";
    }
    if (characterCategories.filter((category) => category.test(newPassword)).length < 3) {
      return 'it must mix three of: capital letters, small letters, digits and symbols';
    }
  }
  // One slow hash per remembered password, one at a time: a match ends the search.
  for (const hash of history.slice(0, policy.historyLength)) {
    if ((await hasher.verify(newPassword, hash)).ok) {
      return `it is one of the last ${policy.historyLength} passwords of this account`;
    }
  }
  return null;
}

const repositories = new WeakMap<Database, OnPremRepository>();

/** The on-premises tables' repository for this store, prepared once per database. */
export function onPremRepository(store: Pick<Store, 'db'>): OnPremRepository {
  let repository = repositories.get(store.db);
  if (!repository) {
    repository = createOnPremRepository(store.db);
    repositories.set(store.db, repository);
  }
  return repository;
}

/**
 * Gives every synced and federated user who lacks one an on-premises account with the user's
 * current password and history (and the tenant its domain). Idempotent; returns how many it made.
 * Migration 3 did this for databases that existed before it; call this after loading a scenario.
 */
export function ensureDirectoryAccounts(store: Store): number {
  const onprem = onPremRepository(store);
  return store.transaction(() => {
    for (const tenantId of onprem.tenantsWithoutDomain()) onprem.ensureDomain(tenantId);
    let created = 0;
    for (const userId of onprem.usersWithoutAccount()) {
      const user = store.users.get(userId);
      if (!user) continue;
      onprem.provisionAccount(user);
      created++;
    }
    return created;
  });
}

export interface SimulatedDirectoryDeps {
  store: Store;
  clock: Clock;
  hasher: Hasher;
}

interface Target {
  account: OnPremAccount;
  domain: OnPremDomain;
}

const failure = (reason: DirectoryFailure['reason'], message: string): DirectoryFailure => ({
  ok: false,
  reason,
  message,
});
const agentDown = () =>
  failure(
    'agentDown',
    'The writeback agent cannot reach the on-premises directory, so nothing was written. Try again later.',
  );
const accountNotFound = () =>
  failure('accountNotFound', 'The on-premises directory has no account synced to this user.');

/**
 * The training room's Active Directory over the store's on-premises tables. It lives in the same
 * SQLite file as the tenant, so it offers `transactional`: a reset commits both sides or neither.
 * The writeback agent's state is read from the tenant's policy on every call, so switching it in
 * the settings takes effect at once.
 */
export function createSimulatedDirectory(
  deps: SimulatedDirectoryDeps,
): OnPremDirectory & { readonly transactional: TransactionalDirectory } {
  const { store, clock, hasher } = deps;
  const onprem = onPremRepository(store);

  const find = (ref: DirectoryAccountRef): Target | null => {
    const account = onprem.accountForUser(ref.userId);
    const domain = account ? onprem.domain(account.domainId) : null;
    if (!account || !domain || domain.tenantId !== ref.tenantId) return null;
    return { account, domain };
  };

  /** The agent must be connected and the account there; read fresh each time. */
  const reachable = (ref: DirectoryAccountRef): Target | DirectoryFailure => {
    const tenant = store.tenants.get(ref.tenantId);
    if (!tenant) return accountNotFound();
    if (tenant.ssprPolicy.writebackAgent !== 'connected') return agentDown();
    return find(ref) ?? accountNotFound();
  };

  const countersOf = (account: OnPremAccount): OnPremLockoutCounters | null => {
    const user = account.userId === null ? null : store.users.get(account.userId);
    if (!user) return null;
    return {
      badPasswordCount: user.onPremLockout.failedSignIns,
      lockedUntil: user.onPremLockout.lockedUntil,
      badPasswordTime: account.badPasswordTime,
    };
  };

  const clearLockout = (account: OnPremAccount): void => {
    if (account.userId !== null) store.users.setOnPremLockout(account.userId, { failedSignIns: 0, lockedUntil: null });
    onprem.setBadPasswordTime(account.id, null);
  };

  /** The write itself, run inside a store transaction: checks the agent and the account again first. */
  const prepared = (
    ref: DirectoryAccountRef,
    accountId: number,
    write: (target: Target, now: Date) => void,
  ): PreparedDirectoryWrite => ({
    ok: true,
    commit: () =>
      store.transaction((): DirectoryResult => {
        const target = reachable(ref);
        if ('ok' in target) return target;
        if (target.account.id !== accountId) {
          return failure('directoryError', 'The on-premises account changed while the password was checked.');
        }
        write(target, clock.now());
        return { ok: true };
      }),
  });

  /** The domain's own policy on the new password; a refusal names the rule it broke. */
  const refusal = async ({ account, domain }: Target, newPassword: string): Promise<DirectoryFailure | null> => {
    const history = onprem.passwordHistory(account.id, domain.passwordPolicy.historyLength);
    const broken = await onPremPasswordRefusal(domain.passwordPolicy, account, newPassword, history, hasher);
    return broken === null
      ? null
      : failure('passwordRefused', `${domain.dnsName} refused the new password: ${broken}.`);
  };

  const writePassword =
    (passwordHash: string, ctx: DirectoryContext) =>
    ({ account }: Target, now: Date): void => {
      onprem.setPassword(account.id, passwordHash, now);
      // A password set through SSPR also unlocks the account on-premises.
      clearLockout(account);
      onprem.logOperation({ at: now, account, operation: 'passwordSet', ...ctx });
    };

  const prepareSetPassword = async (
    ref: DirectoryAccountRef,
    newPassword: string,
    passwordHash: string,
    ctx: DirectoryContext,
  ): Promise<PreparedDirectoryWrite | DirectoryFailure> => {
    const target = reachable(ref);
    if ('ok' in target) return target;
    return (await refusal(target, newPassword)) ?? prepared(ref, target.account.id, writePassword(passwordHash, ctx));
  };

  const prepareUnlock = async (
    ref: DirectoryAccountRef,
    ctx: DirectoryContext,
  ): Promise<PreparedDirectoryWrite | DirectoryFailure> => {
    const target = reachable(ref);
    if ('ok' in target) return target;
    return prepared(ref, target.account.id, ({ account }, now) => {
      clearLockout(account);
      onprem.logOperation({ at: now, account, operation: 'accountUnlocked', ...ctx });
    });
  };

  return {
    kind: 'simulated',

    health: async (tenantId: number): Promise<DirectoryHealth> => {
      const tenant = store.tenants.get(tenantId);
      const domain = onprem.domainForTenant(tenantId);
      const agent = tenant?.ssprPolicy.writebackAgent ?? 'down';
      if (!tenant || !domain) {
        return { directoryName: null, agent, writable: false, message: 'This tenant has no on-premises directory.' };
      }
      const writable = agent === 'connected';
      const message = writable
        ? `The agent is connected to ${domain.dnsName}.`
        : `The agent cannot reach ${domain.dnsName}.`;
      return { directoryName: domain.dnsName, agent, writable, message };
    },

    setPassword: async (ref, newPassword, ctx) => {
      // The policy is checked before hashing, so a refused password costs no hash.
      const target = reachable(ref);
      if ('ok' in target) return target;
      const refused = await refusal(target, newPassword);
      if (refused) return refused;
      const passwordHash = await hasher.hash(newPassword);
      return prepared(ref, target.account.id, writePassword(passwordHash, ctx)).commit();
    },

    unlock: async (ref, ctx) => {
      const result = await prepareUnlock(ref, ctx);
      return result.ok ? result.commit() : result;
    },

    verifyPassword: async (ref, password): Promise<PasswordVerification> => {
      const before = find(ref);
      if (!before) return { outcome: 'accountNotFound' };
      const counters = countersOf(before.account);
      const lockout = counters && checkLockout(counters, before.domain.lockoutPolicy, clock.now());
      if (lockout?.locked) return { outcome: 'lockedOut', lockout };
      if (!before.account.enabled) return { outcome: 'disabled' };
      const { ok } = await hasher.verify(password, before.account.passwordHash);
      // Counted after the hash, on fresh counters: another attempt may have counted meanwhile.
      return store.transaction((): PasswordVerification => {
        const target = find(ref);
        if (!target) return { outcome: 'accountNotFound' };
        const { account, domain } = target;
        const now = clock.now();
        const current = countersOf(account);
        if (current === null || account.userId === null) {
          return ok
            ? { outcome: 'verified' }
            : { outcome: 'wrongPassword', lockout: { locked: false, lockedUntil: null, badPasswordCount: 0 } };
        }
        const state = checkLockout(current, domain.lockoutPolicy, now);
        if (state.locked) return { outcome: 'lockedOut', lockout: state };
        if (ok) {
          // A domain controller sets badPwdCount back to 0 on a successful logon.
          if (current.badPasswordCount > 0 || current.lockedUntil !== null) {
            store.users.setOnPremLockout(account.userId, { failedSignIns: 0, lockedUntil: null });
          }
          return { outcome: 'verified' };
        }
        const next = recordBadPassword(current, domain.lockoutPolicy, now);
        store.users.setOnPremLockout(account.userId, {
          failedSignIns: next.badPasswordCount,
          lockedUntil: next.lockedUntil,
        });
        onprem.setBadPasswordTime(account.id, next.badPasswordTime);
        if (next.lockedNow) onprem.logOperation({ at: now, account, operation: 'accountLockedOut', actor: 'system' });
        return { outcome: 'wrongPassword', lockout: checkLockout(next, domain.lockoutPolicy, now) };
      });
    },

    lockoutState: async (ref) => {
      const target = find(ref);
      if (!target) return null;
      const counters = countersOf(target.account);
      if (!counters) return { locked: false, lockedUntil: null, badPasswordCount: 0 };
      return checkLockout(counters, target.domain.lockoutPolicy, clock.now());
    },

    transactional: { database: store.db, prepareSetPassword, prepareUnlock },
  };
}
