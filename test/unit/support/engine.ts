import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { openEngine, type Engine, type EngineOptions } from '../../../electron/main/engine';
import { openVault } from '../../../electron/main/vault/vault';
import { createSecretBox } from '../../../electron/main/vault/secret-box';
import type { Vault } from '../../../electron/main/vault/types';
import { memoryLogger } from '../../../electron/main/log';
import { openStore, type Store } from '../../../electron/main/store';

/** Test-only scrypt cost: the real one (N=2^17) is exercised by the hasher's own tests and the e2e suite. */
export const fastHashCost = { N: 1024, r: 8, p: 1 };

export interface TestEngine {
  engine: Engine;
  dir: string;
  dbPath: string;
  log: ReturnType<typeof memoryLogger>;
  /** The engine's vault (a key file in `dir`). */
  vault: Vault;
  close(): void;
}

/**
 * A second connection to a test engine's database, with the vault's data key, so the outbox's sealed
 * messages read as the training devices show them (issue 7); the caller closes it.
 */
export async function openStoreBeside(t: Pick<TestEngine, 'dbPath' | 'vault'>): Promise<Store> {
  return openStore(t.dbPath, { secretBox: createSecretBox(await t.vault.dataKey()) });
}

/** A real engine over a new database in a temp folder, seeded with the demo tenant. */
export async function openTestEngine(options: Partial<EngineOptions> = {}): Promise<TestEngine> {
  const dir = mkdtempSync(join(tmpdir(), 'sspr-engine-'));
  const dbPath = join(dir, 'sspr.db');
  const log = memoryLogger();
  const vault = await openVault({ fileDir: dir, backend: 'file' });
  const engine = await openEngine({
    dbPath,
    resourcesDir: resolve('resources'),
    vault,
    shell: 'browser',
    hashCost: fastHashCost,
    log,
    ...options,
  });
  return {
    engine,
    dir,
    dbPath,
    log,
    vault,
    close() {
      engine.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
