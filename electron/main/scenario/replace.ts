// Issue 8: a scenario replaces the whole lab on this device (the settings pane's "Load", the command
// line's `scenario load`): every tenant with its users, methods, groups, directory accounts, flow
// state and outbox, and the device's settings. All or nothing: the slow hashing runs first, then one
// transaction writes everything, so a scenario that fails anywhere leaves the database as it was.
import { ensureDirectoryAccounts } from '../directory';
import type { Store } from '../store';
import { ldapBindPasswordName, type Vault } from '../vault';
import type { DeviceSettingsPatch } from '../store/device';
import { prepareScenario, type ScenarioDeps } from './load';
import type { Scenario } from './schema';

export interface ReplaceDeps extends ScenarioDeps {
  /** Who loads it, for the audit trail: the local administrator, or the command line's user. */
  actor: string;
  deviceId?: string;
  /** Where the scenario came from: a pack id or a file name (never its content). */
  source: string;
  /** The vault, whose LDAP bind passwords go with the old lab's connectors (issue 9). */
  vault: Pick<Vault, 'delete'>;
}

/** The device row as a new database has it (migration 1): the scenario's `device` applies on top. */
export const deviceDefaults: Required<DeviceSettingsPatch> = {
  name: 'SSPR-KIOSK',
  allowPasswordReset: false,
  joinType: 'entra-joined',
  osVersion: '10.0.26100',
  disableLockScreenAppNotifications: false,
  hideFastUserSwitching: false,
  dontDisplayLastUserName: false,
  noLockScreen: false,
  blockNonAdminUserInstall: false,
  lostMode: false,
  customShell: false,
  requireSmartCard: false,
  doNotRequireCtrlAltDel: 'notConfigured',
  dontDisplayLockedUserId: null,
  remoteSession: 'none',
  domainControllerReachable: true,
  alwaysShowResetLink: false,
  fullscreen: false,
  trainingPanel: false,
  captcha: true,
  lastUserUpn: null,
};

/** Later than any event's time, so the purge takes the whole chain. */
const endOfTime = new Date('9999-12-31T23:59:59.999Z');

/**
 * Replaces everything in the store with the scenario and records a `scenarioLoaded` event.
 *
 * The old audit events go, as retention deletes them: the chain's anchor moves past them, so the log
 * still verifies, and the `scenarioLoaded` event (the first of the new chain) says how many went.
 * Keeping them is not possible without harm: they point at tenants and users by id, so deleting the
 * old lab would set those references to null through the foreign keys (editing sealed events and
 * breaking the chain), and the new lab's tenants reuse the ids, so its reports would count the old
 * lab's resets. Issue 8 loads labs for training rooms; the device's own settings (the console's
 * credential, its throttle and the audit retention) stay.
 */
export async function replaceWithScenario(
  store: Store,
  scenario: Scenario,
  deps: ReplaceDeps,
): Promise<{ tenants: number; users: number }> {
  const write = await prepareScenario(scenario, deps);
  const counts = {
    tenants: scenario.tenants.length,
    users: scenario.tenants.reduce((total, tenant) => total + tenant.users.length, 0),
  };
  const oldSecrets = store.directoryConnectors.secretIds();
  const replaced = store.transaction(() => {
    const purged = store.audit.purgeBefore(endOfTime);
    if (store.audit.count() > 0) {
      throw new Error('The audit log could not be cleared without the vault’s audit key, so nothing was replaced.');
    }
    // Cascades to every row of the old lab: domains, users and their methods, answers, history, roles,
    // memberships, failures and cached logons, groups, the on-premises directory, the outbox.
    store.db.prepare('DELETE FROM tenants').run();
    store.device.update(deviceDefaults);
    write(store);
    ensureDirectoryAccounts(store);
    store.audit.append({
      at: deps.clock.now(),
      actor: deps.actor,
      activity: 'scenarioLoaded',
      result: 'success',
      reason: scenario.name,
      deviceId: deps.deviceId ?? store.device.get().deviceId,
      details: { scenario: scenario.name, source: deps.source, ...counts, auditEventsPurged: purged },
    });
    return counts;
  });
  // The rows that named them are gone; an entry that cannot be deleted is unused, never wrong.
  for (const secretId of oldSecrets) {
    await deps.vault.delete(ldapBindPasswordName(secretId)).catch(() => undefined);
  }
  return replaced;
}
