import type { Clock } from '../clock';
import type { Hasher } from '../password/hasher';
import type { DirectoryConnectorSettings, Store } from '../store';
import { ldapBindPasswordName, type Vault } from '../vault';
import { createLdapDirectory, ldapDefaults } from './ldap';
import { createSimulatedDirectory } from './simulated';
import type { OnPremDirectory } from './types';

export interface DirectoryDeps {
  store: Store;
  clock: Clock;
  hasher: Hasher;
  /** Where an LDAP connector's bind password is read, at each connection. */
  vault: Pick<Vault, 'get'>;
}

/** An LDAP connector built from a tenant's stored settings, its password read from the vault when it connects. */
export function ldapDirectoryOf(settings: DirectoryConnectorSettings, deps: Pick<DirectoryDeps, 'vault' | 'clock'>) {
  const secretId = settings.secretId;
  return createLdapDirectory({
    // Everything but the tenant's id, its connector's name and its secret's: the connection as saved.
    config: { ...connectionOf(settings), timeoutMs: ldapDefaults.timeoutMs },
    bindPassword: async () => {
      if (secretId === null) return null;
      const stored = await deps.vault.get(ldapBindPasswordName(secretId));
      return stored ? stored.toString('utf8') : null;
    },
    clock: deps.clock,
  });
}

function connectionOf({
  tenantId: _tenantId,
  connector: _connector,
  secretId: _secretId,
  ...connection
}: DirectoryConnectorSettings) {
  return connection;
}

/**
 * The on-premises directory behind writeback (issue 9): for each tenant, the connector its On-premises
 * tab names now — the simulated directory (the default), or its LDAP server. The choice is read at
 * every call, so switching back to the simulated one needs no restart.
 */
export function createDirectory(deps: DirectoryDeps): OnPremDirectory {
  const simulated = createSimulatedDirectory(deps);
  const forTenant = (tenantId: number): OnPremDirectory => {
    const settings = deps.store.directoryConnectors.get(tenantId);
    return settings.connector === 'ldap' ? ldapDirectoryOf(settings, deps) : simulated;
  };
  return {
    kind: 'perTenant',
    forTenant,
    health: (tenantId) => forTenant(tenantId).health(tenantId),
    setPassword: (account, newPassword, ctx) => forTenant(account.tenantId).setPassword(account, newPassword, ctx),
    unlock: (account, ctx) => forTenant(account.tenantId).unlock(account, ctx),
    verifyPassword: (account, password) => forTenant(account.tenantId).verifyPassword(account, password),
    lockoutState: (account) => forTenant(account.tenantId).lockoutState(account),
  };
}

export type {
  DirectoryAccountRef,
  DirectoryContext,
  DirectoryFailure,
  DirectoryFailureReason,
  DirectoryHealth,
  DirectoryResult,
  OnPremDirectory,
  OnPremLockoutState,
  PasswordVerification,
  PreparedDirectoryWrite,
  TransactionalDirectory,
  WritebackAgentState,
} from './types';
export { connectorFor, directoryAccountRef } from './types';
export {
  checkLockout,
  createSimulatedDirectory,
  ensureDirectoryAccounts,
  onPremPasswordRefusal,
  onPremRepository,
  recordBadPassword,
  type OnPremLockoutCounters,
  type SimulatedDirectoryDeps,
} from './simulated';
export {
  resetPassword,
  unlockAccount,
  type ResetRequest,
  type WritebackDeps,
  type WritebackFailureReason,
  type WritebackRequest,
  type WritebackResult,
} from './writeback';
