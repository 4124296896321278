// `npm start`: build, then run the app in Electron when its runtime is here, or else in the browser
// shell (the same engine under plain Node) opened in a local Chromium. Extra arguments such as
// `--kiosk` and `--db PATH` reach whichever shell runs.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { lookup } from 'node:dns/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { briefFailure, prepareElectronNative } from './electron-native';

const projectDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const requireFromScripts = createRequire(import.meta.url);
const electronViteBin = join(projectDir, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js');
const CONFIG = 'electron.config.ts';
const INSTALL_TIMEOUT_MS = 120_000;
const SHELL_ADDRESS = /SSPR browser shell: (http:\/\/127\.0\.0\.1:\d+\/\S*)/;

export type RuntimeProbe = { found: true; executable: string; version: string } | { found: false; reason: string };

/** The Electron package's folder, found without loading its index.js (which would start a download). */
export function electronPackageDir(): string {
  return dirname(requireFromScripts.resolve('electron/package.json'));
}

export function installedElectronVersion(electronDir: string = electronPackageDir()): string {
  return (JSON.parse(readFileSync(join(electronDir, 'package.json'), 'utf8')) as { version: string }).version;
}

/** The Electron binary `npm install` would have fetched: `path.txt` names it inside `dist/`. */
export function findElectronRuntime(electronDir: string, env: NodeJS.ProcessEnv = process.env): string | null {
  const override = env['ELECTRON_EXEC_PATH'];
  if (override) return existsSync(override) ? override : null;
  const pathFile = join(electronDir, 'path.txt');
  if (!existsSync(pathFile)) return null;
  const executable = join(electronDir, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(executable) ? executable : null;
}

/** Finds the runtime, or runs Electron's own install step once (the package's postinstall is not allowed to). */
async function probeElectronRuntime(): Promise<RuntimeProbe> {
  const electronDir = electronPackageDir();
  const version = installedElectronVersion(electronDir);
  const present = findElectronRuntime(electronDir);
  if (present) return { found: true, executable: present, version };

  console.log(`Electron ${version} runtime not installed; fetching it (first run only)...`);
  const started = Date.now();
  const install = await runQuietly(process.execPath, [join(electronDir, 'install.js')], INSTALL_TIMEOUT_MS);
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  const installed = findElectronRuntime(electronDir);
  if (installed) return { found: true, executable: installed, version };
  const reason = install.timedOut
    ? `no answer within ${INSTALL_TIMEOUT_MS / 1000} s`
    : await explainDownloadFailure(install.output);
  return { found: false, reason: `could not download it: ${reason}, after ${seconds} s` };
}

/** @electron/get only says "fetch failed"; a name lookup tells an offline machine from a server error. */
async function explainDownloadFailure(output: string): Promise<string> {
  const reason = briefFailure(output);
  if (!reason.includes('fetch failed')) return reason;
  const host = 'github.com';
  const dnsError = await lookup(host).then(
    () => null,
    (error: NodeJS.ErrnoException) => error.code ?? 'lookup failed',
  );
  return dnsError ? `cannot resolve ${host} (${dnsError})` : reason;
}

// Children to stop on Ctrl+C or when one of them ends the session.
const children = new Set<ChildProcess>();
const cleanups: Array<() => void> = [];
let stopping = false;

function track(child: ChildProcess): ChildProcess {
  children.add(child);
  child.on('exit', () => children.delete(child));
  return child;
}

function stopAll(exitCode: number): void {
  if (stopping) return;
  stopping = true;
  for (const child of children) child.kill('SIGTERM');
  const finish = () => {
    for (const cleanup of cleanups) cleanup();
    process.exit(exitCode);
  };
  if (children.size === 0) finish();
  for (const child of children) child.on('exit', () => children.size === 0 && finish());
  // A child that ignores SIGTERM does not keep the terminal hostage.
  setTimeout(() => {
    for (const child of children) child.kill('SIGKILL');
    finish();
  }, 5000).unref();
}

function runInherited(command: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  return new Promise((resolveCode) => {
    const child = track(spawn(command, args, { cwd: projectDir, env, stdio: 'inherit' }));
    child.on('error', () => resolveCode(1));
    child.on('exit', (code, signal) => resolveCode(code ?? (signal ? 1 : 0)));
  });
}

function runQuietly(
  command: string,
  args: string[],
  timeoutMs: number,
): Promise<{ code: number; output: string; timedOut: boolean }> {
  return new Promise((resolveRun) => {
    const child = track(spawn(command, args, { cwd: projectDir, stdio: ['ignore', 'pipe', 'pipe'] }));
    let output = '';
    let timedOut = false;
    const keep = (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-8000);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGTERM');
    }, timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      resolveRun({ code: 1, output: `${output}\n${error.message}`, timedOut });
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolveRun({ code: code ?? 1, output, timedOut });
    });
  });
}

async function runElectron(
  executable: string,
  version: string,
  nativeBinding: string,
  shellArgs: string[],
): Promise<never> {
  // electron-vite's preview sets ELECTRON_CLI_ARGS from the arguments after `--` (it overwrites the variable even when there are none).
  const code = await runInherited(
    process.execPath,
    [electronViteBin, 'preview', '--skipBuild', '--config', CONFIG, '--', ...shellArgs],
    {
      ...process.env,
      ELECTRON_EXEC_PATH: executable,
      SSPR_ELECTRON_NATIVE_BINDING: nativeBinding,
    },
  );
  if (!stopping) console.log(`Electron ${version} exited with code ${code}.`);
  process.exit(code);
}

function findChromium(env: NodeJS.ProcessEnv = process.env): string | null {
  if (existsSync('/usr/bin/chromium')) return '/usr/bin/chromium';
  const folders = (env['PATH'] ?? '').split(delimiter).filter(Boolean);
  for (const name of ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable']) {
    const found = folders.map((folder) => join(folder, name)).find((candidate) => existsSync(candidate));
    if (found) return found;
  }
  return null;
}

function openInChromium(chromium: string, address: string): void {
  const profile = mkdtempSync(join(tmpdir(), 'sspr-chromium-'));
  // Chromium's helper processes may still be writing the profile as the browser exits: retry, never fail the exit.
  cleanups.push(() => {
    try {
      rmSync(profile, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
    } catch (error) {
      console.log(
        `Could not remove the temporary Chromium profile ${profile}: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  });
  const args = [
    `--app=${address}`,
    `--user-data-dir=${profile}`,
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ];
  // Chromium refuses to start as root with its sandbox on; the page is our own loopback app.
  if (process.getuid?.() === 0) args.push('--no-sandbox');
  const browser = track(spawn(chromium, args, { stdio: 'ignore' }));
  browser.on('error', (error) =>
    console.log(`Could not open Chromium (${error.message}); open the address above in a browser.`),
  );
  // Closing the app window ends the session, as closing the Electron window does.
  browser.on('exit', () => stopAll(0));
}

async function runBrowserShell(shellArgs: string[]): Promise<void> {
  const entry = join(projectDir, 'out', 'main', 'browser-shell.js');
  const shellProcess = spawn(process.execPath, [entry, ...shellArgs], {
    cwd: projectDir,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  track(shellProcess);
  let opened = false;
  createInterface({ input: shellProcess.stdout }).on('line', (line) => {
    console.log(line);
    const address = SHELL_ADDRESS.exec(line)?.[1];
    if (!address || opened) return;
    opened = true;
    const chromium = findChromium();
    const display = process.env['DISPLAY'] || process.env['WAYLAND_DISPLAY'];
    if (chromium && display) openInChromium(chromium, address);
    else
      console.log(
        `${chromium ? 'No display here' : 'No Chromium found'}: open the address above in a browser on this machine.`,
      );
  });
  shellProcess.on('exit', (code, signal) => {
    if (!stopping) stopAll(code ?? (signal ? 1 : 0));
  });
}

async function main(): Promise<void> {
  process.on('SIGINT', () => stopAll(0));
  process.on('SIGTERM', () => stopAll(0));
  const shellArgs = process.argv.slice(2);

  const built = await runInherited(process.execPath, [electronViteBin, 'build', '--config', CONFIG]);
  if (built !== 0) {
    console.error(`The build failed (exit code ${built}); nothing was started.`);
    process.exit(built);
  }

  const runtime = await probeElectronRuntime();
  if (runtime.found) {
    const nativeBinding = await prepareElectronNative({
      electronVersion: runtime.version,
      arch: process.arch,
      projectDir,
    }).then(
      (path) => ({ path }),
      (error: unknown) => ({ error: error instanceof Error ? error.message : String(error) }),
    );
    if ('path' in nativeBinding) return runElectron(runtime.executable, runtime.version, nativeBinding.path, shellArgs);
    console.log(
      `Electron runtime found, but better-sqlite3 could not be built for it (${nativeBinding.error}); serving the app in the browser shell instead.`,
    );
  } else {
    console.log(`Electron runtime unavailable (${runtime.reason}); serving the app in the browser shell instead.`);
  }
  await runBrowserShell(shellArgs);
}

// Imported by tests for its runtime probe; only `tsx scripts/start.ts` starts the app.
if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    stopAll(1);
  });
}
