// The browser shell's entry (out/main/browser-shell.js): the engine under plain Node, served to a
// browser over loopback. `npm start` uses it when the Electron runtime is missing; the end-to-end
// tests use it to drive the real renderer in Chromium.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { mkdirSync } from 'node:fs';
import { openEngine } from '../engine';
import { openVault } from '../vault/vault';
import { consoleLogger } from '../log';
import { defaultDataDir, parseShellArgs, resolveDbPath, resourcesDir } from '../paths';
import { startBrowserShell } from './server';
import type { HashCost } from '../password/hasher';

/** The end-to-end suite's scrypt cost (`--weak-hash-for-tests`), the unit tests' order of magnitude. */
const testHashCost: HashCost = { N: 2 ** 12, r: 8, p: 1 };

const log = consoleLogger('browser-shell');

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const args = parseShellArgs(argv);
  const dbPath = resolveDbPath(argv, defaultDataDir());
  const dataDir = dirname(dbPath);
  mkdirSync(dataDir, { recursive: true });
  const vault = await openVault({ fileDir: dataDir, backend: args.vault });
  if (args.weakHashForTests) {
    console.error(
      `WARNING: --weak-hash-for-tests: passwords are hashed at a test cost (scrypt N=${testHashCost.N}), not for real use.`,
    );
  }
  const engine = await openEngine({
    dbPath,
    resourcesDir: resourcesDir(),
    vault,
    shell: 'browser',
    kiosk: args.kiosk,
    log,
    ...(args.weakHashForTests ? { hashCost: testHashCost } : {}),
  });
  const rendererDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'renderer');
  const shell = await startBrowserShell({ handlers: engine.handlers, rendererDir, log, port: args.port ?? 0 });
  console.log(`SSPR browser shell: ${shell.url}`);
  log.info('serving', { database: dbPath, vault: vault.state().backend });

  const stop = () => {
    void shell.close().then(() => {
      engine.close();
      process.exit(0);
    });
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  log.error('could not start', { error: error instanceof Error ? error.message : String(error) });
  process.exit(1);
});
