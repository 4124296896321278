// Issue 8: the settings pane's Scenarios page. It lists the packs of resources/scenarios/ with their
// trainer notes and loads one by its id (never a path: the renderer sends no file), replacing
// everything on this device; the engine then drops what it held in memory of the old lab.
import { CallFailure } from '../../../shared/errors';
import type { ScenarioLoadResult, ScenarioPackView } from '../../../shared/scenarios';
import type { TrainingClock } from '../clock';
import type { Hasher } from '../password/hasher';
import { listPacks, PackNotFound, readPack } from '../scenario/packs';
import { replaceWithScenario } from '../scenario/replace';
import type { Vault } from '../vault';
import type { Scenario } from '../scenario/schema';
import type { Store } from '../store';
import type { SecretBox } from '../vault/types';
import type { AdminActor } from './entry-guard';

export interface ScenarioConsole {
  list(): ScenarioPackView[];
  load(packId: string, admin: AdminActor): Promise<ScenarioLoadResult>;
}

export interface ScenarioConsoleDeps {
  store: Store;
  hasher: Hasher;
  secretBox: SecretBox;
  clock: TrainingClock;
  resourcesDir: string;
  /** The old lab's LDAP bind passwords leave it with their connectors. */
  vault: Pick<Vault, 'delete'>;
  /** Called once the new lab is committed: the engine drops its flows, sessions and training devices. */
  onLoaded(): void;
}

export function createScenarioConsole(deps: ScenarioConsoleDeps): ScenarioConsole {
  const { store, clock } = deps;
  // One load at a time: a second waits for the first rather than racing it to the transaction.
  let queue: Promise<unknown> = Promise.resolve();

  const readOrRefuse = async (packId: string): Promise<Scenario> => {
    try {
      return await readPack(deps.resourcesDir, packId);
    } catch (error) {
      if (error instanceof PackNotFound) throw new CallFailure('not_found', error.message);
      throw new CallFailure('conflict', `${messageOf(error)} Nothing was changed.`);
    }
  };

  const load = async (packId: string, admin: AdminActor): Promise<ScenarioLoadResult> => {
    const scenario = await readOrRefuse(packId);
    let counts: { tenants: number; users: number };
    try {
      // A new lab starts at the device's own time: the training clock's offset goes with the old lab.
      counts = await replaceWithScenario(store, scenario, {
        hasher: deps.hasher,
        secretBox: deps.secretBox,
        clock: { now: () => clock.baseNow() },
        actor: admin.actor,
        deviceId: admin.deviceId,
        source: `pack ${packId}`,
        vault: deps.vault,
      });
    } catch (error) {
      throw new CallFailure(
        'conflict',
        `The scenario ${scenario.name} could not be loaded: ${messageOf(error)} Nothing was changed.`,
      );
    }
    clock.resetOffset();
    deps.onLoaded();
    return { id: packId, name: scenario.name, ...counts };
  };

  return {
    list: () => listPacks(deps.resourcesDir),
    load: (packId, admin) => {
      const run = queue.then(() => load(packId, admin));
      queue = run.catch(() => undefined);
      return run;
    },
  };
}

function messageOf(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return /[.!?]$/.test(message) ? message : `${message}.`;
}
