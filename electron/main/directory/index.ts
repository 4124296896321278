import type { Clock } from '../clock';
import type { Hasher } from '../password/hasher';
import type { Store } from '../store';
import { createSimulatedDirectory } from './simulated';
import type { OnPremDirectory } from './types';

/** The on-premises directory behind writeback: the simulated one until an LDAP connector is configured (issue 9). */
export function createDirectory(store: Store, clock: Clock, hasher: Hasher): OnPremDirectory {
  return createSimulatedDirectory({ store, clock, hasher });
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
export { directoryAccountRef } from './types';
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
