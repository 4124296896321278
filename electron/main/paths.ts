// Where the app keeps its data and finds its shipped files, shared by the Electron shell, the browser
// shell and scripts/start.ts. No electron import: the browser shell must find the same folder.
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const APP_NAME = 'sspr-lockscreen';
export const DB_FILE_NAME = 'sspr.db';

export interface ShellArgs {
  /** The SQLite file to use instead of the one in the data folder. */
  dbPath?: string;
  /** Full screen, no window chrome: the lock screen as a kiosk shows it. */
  kiosk: boolean;
  /** The browser shell's loopback port; 0 or absent picks a free one. */
  port?: number;
  /** `--vault file` keeps a test run away from the user's real keychain. */
  vault?: VaultBackendChoice;
  /**
   * `--weak-hash-for-tests`: the browser shell hashes at a low scrypt cost so the end-to-end suite
   * fits its time budget on two cores. Never for real use: the shell says so on every start, and
   * hashes made this way are raised to the full cost at the next sign-in of a normal start (§8).
   */
  weakHashForTests?: true;
}

const vaultBackends = ['auto', 'keychain', 'file'] as const;
export type VaultBackendChoice = (typeof vaultBackends)[number];

export interface Platform {
  platform: NodeJS.Platform;
  env: NodeJS.ProcessEnv;
  home: string;
}

const hostPlatform = (): Platform => ({ platform: process.platform, env: process.env, home: homedir() });

/**
 * The folder Electron's `app.getPath('userData')` gives an app of this name, computed without
 * Electron so the browser shell opens the same database as the Electron shell.
 */
export function defaultDataDir(appName = APP_NAME, host: Platform = hostPlatform()): string {
  const { platform, env, home } = host;
  if (platform === 'win32') {
    return join(env['APPDATA'] || join(home, 'AppData', 'Roaming'), appName);
  }
  if (platform === 'darwin') {
    return join(home, 'Library', 'Application Support', appName);
  }
  return join(env['XDG_CONFIG_HOME'] || join(home, '.config'), appName);
}

/** `--db PATH` wins (relative to the working folder); otherwise the database lives in the data folder. */
export function resolveDbPath(argv: readonly string[], dataDir: string): string {
  const { dbPath } = parseShellArgs(argv);
  return dbPath ? resolve(dbPath) : join(dataDir, DB_FILE_NAME);
}

/**
 * Reads the shell's own flags from anywhere in argv and ignores the rest, because Electron and
 * Chromium put their own switches and the script path in the same list.
 */
export function parseShellArgs(argv: readonly string[]): ShellArgs {
  const args: ShellArgs = { kiosk: false };
  for (let index = 0; index < argv.length; index += 1) {
    const arg = argv[index] ?? '';
    if (arg === '--kiosk') {
      args.kiosk = true;
      continue;
    }
    if (arg === '--weak-hash-for-tests') {
      args.weakHashForTests = true;
      continue;
    }
    const [flag, inlineValue] = splitFlag(arg);
    if (flag !== '--db' && flag !== '--port' && flag !== '--vault') continue;
    let value = inlineValue;
    if (value === undefined) {
      value = argv[index + 1];
      index += 1;
    }
    if (value === undefined || value === '' || (inlineValue === undefined && value.startsWith('--'))) {
      throw new Error(`${flag} needs a value`);
    }
    if (flag === '--db') args.dbPath = value;
    else if (flag === '--port') args.port = parsePort(value);
    else args.vault = parseVaultBackend(value);
  }
  return args;
}

function splitFlag(arg: string): [string, string | undefined] {
  const equals = arg.indexOf('=');
  return equals === -1 ? [arg, undefined] : [arg.slice(0, equals), arg.slice(equals + 1)];
}

function parsePort(value: string): number {
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65535) throw new Error(`--port needs a number from 0 to 65535, not "${value}"`);
  return port;
}

function parseVaultBackend(value: string): VaultBackendChoice {
  const choice = vaultBackends.find((backend) => backend === value);
  if (!choice) throw new Error(`--vault must be auto, keychain or file, not "${value}"`);
  return choice;
}

/**
 * The shipped `resources/` folder (scenarios and the like). Packaged, Electron puts it under
 * `process.resourcesPath`; in development it sits at the repository root, found by walking up from
 * this module because the bundler may place this code in `out/main/` or in `out/main/chunks/`.
 */
export function resourcesDir(moduleUrl: string = import.meta.url): string {
  const packagedRoot = (process as NodeJS.Process & { resourcesPath?: string }).resourcesPath;
  if (packagedRoot) {
    const packaged = join(packagedRoot, 'resources');
    if (existsSync(packaged)) return packaged;
  }
  let dir = dirname(fileURLToPath(moduleUrl));
  for (;;) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'resources'))) {
      return join(dir, 'resources');
    }
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  // The built layout's answer (out/main/*.js → ../../resources), so the error names a sensible path.
  return resolve(dirname(fileURLToPath(moduleUrl)), '..', '..', 'resources');
}
