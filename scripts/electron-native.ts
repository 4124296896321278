// better-sqlite3 built for Electron's ABI, kept in its own cache so the Node build in
// node_modules/better-sqlite3/build (which the unit tests load) is never touched.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { copyFile, cp, mkdir, mkdtemp, rename, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ADDON_FILE = 'better_sqlite3.node';
/** What node-gyp needs from the package; its own build/ folder is deliberately not among them. */
const SOURCE_ENTRIES = ['package.json', 'binding.gyp', 'src', 'deps', 'lib'] as const;
const ELECTRON_HEADERS_URL = 'https://electronjs.org/headers';
const STEP_TIMEOUT_MS = 10 * 60 * 1000;

export interface ElectronTarget {
  electronVersion: string;
  platform: NodeJS.Platform;
  arch: string;
}

/** Builds the addon inside `workDir` (a copy of better-sqlite3) so `build/Release/<ADDON_FILE>` exists afterwards. */
export type AddonBuilder = (workDir: string, target: ElectronTarget, log: (line: string) => void) => Promise<void>;

export interface ElectronNativeOptions {
  electronVersion: string;
  arch?: string;
  platform?: NodeJS.Platform;
  /** Relative paths are taken from `projectDir`. */
  cacheDir?: string;
  projectDir?: string;
  build?: AddonBuilder;
  log?: (line: string) => void;
}

export function cachedAddonPath(target: ElectronTarget, cacheDir: string): string {
  const version = target.electronVersion.replace(/^v/, '');
  return join(cacheDir, `${version}-${target.platform}-${target.arch}`, ADDON_FILE);
}

/** Returns the path of a better_sqlite3.node for this Electron, building it once per version, platform and arch. */
export async function prepareElectronNative(options: ElectronNativeOptions): Promise<string> {
  const projectDir = options.projectDir ?? process.cwd();
  const target: ElectronTarget = {
    electronVersion: options.electronVersion.replace(/^v/, ''),
    platform: options.platform ?? process.platform,
    arch: options.arch ?? process.arch,
  };
  const cached = cachedAddonPath(target, resolve(projectDir, options.cacheDir ?? '.cache/electron-native'));
  if (existsSync(cached)) return cached;

  const log = options.log ?? ((line: string) => console.log(line));
  const build = options.build ?? buildWithPrebuildOrGyp;
  const packageDir = join(projectDir, 'node_modules', 'better-sqlite3');
  const workDir = await mkdtemp(join(tmpdir(), 'sspr-electron-native-'));
  try {
    for (const entry of SOURCE_ENTRIES) {
      const from = join(packageDir, entry);
      if (existsSync(from)) await cp(from, join(workDir, entry), { recursive: true });
    }
    log(
      `Preparing better-sqlite3 for Electron ${target.electronVersion} (${target.platform}-${target.arch}); first run only.`,
    );
    await build(workDir, target, log);
    const built = join(workDir, 'build', 'Release', ADDON_FILE);
    if (!existsSync(built)) throw new Error(`the build finished without producing ${ADDON_FILE}`);
    await mkdir(dirname(cached), { recursive: true });
    // Copy then rename, so an interrupted run never leaves a half-written addon that looks cached.
    const partial = `${cached}.partial-${process.pid}`;
    await copyFile(built, partial);
    await rename(partial, cached);
    return cached;
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}

/** A prebuilt binary when one is published for this Electron, otherwise a compile against Electron's headers. */
export const buildWithPrebuildOrGyp: AddonBuilder = async (workDir, target, log) => {
  // better-sqlite3 depends on prebuild-install; npm hoists it into the project's node_modules.
  const prebuildInstall = resolveFrom(fileURLToPath(import.meta.url), 'prebuild-install/bin.js');
  if (prebuildInstall) {
    const prebuilt = await run(
      process.execPath,
      [
        prebuildInstall,
        '--runtime',
        'electron',
        '--target',
        target.electronVersion,
        '--arch',
        target.arch,
        '--platform',
        target.platform,
      ],
      workDir,
    );
    if (prebuilt.code === 0 && existsSync(join(workDir, 'build', 'Release', ADDON_FILE))) return;
    log(
      `No prebuilt better-sqlite3 for Electron ${target.electronVersion} (${briefFailure(prebuilt.output)}); compiling it with node-gyp.`,
    );
  }
  const [command, ...args] = nodeGypCommand();
  const compiled = await run(
    command ?? 'npx',
    [
      ...args,
      'rebuild',
      '--release',
      '--runtime=electron',
      `--target=${target.electronVersion}`,
      `--dist-url=${ELECTRON_HEADERS_URL}`,
      `--arch=${target.arch}`,
    ],
    workDir,
  );
  if (compiled.code !== 0) throw new Error(`node-gyp could not build it: ${briefFailure(compiled.output)}`);
};

/** npm's own node-gyp, found beside the running Node, or from npx as a last resort. */
function nodeGypCommand(): string[] {
  const candidates = [
    resolveFrom(
      join(dirname(process.execPath), '..', 'lib', 'node_modules', 'npm', 'package.json'),
      'node-gyp/bin/node-gyp.js',
    ),
    '/usr/lib/node_modules/npm/node_modules/node-gyp/bin/node-gyp.js',
    '/usr/local/lib/node_modules/npm/node_modules/node-gyp/bin/node-gyp.js',
  ];
  const script = candidates.find((candidate): candidate is string => candidate !== null && existsSync(candidate));
  return script ? [process.execPath, script] : ['npx', '--yes', 'node-gyp'];
}

function resolveFrom(fromFile: string, request: string): string | null {
  try {
    return createRequire(fromFile).resolve(request);
  } catch {
    return null;
  }
}

/**
 * Settings npm hands to scripts (e.g. `nodedir` from ~/.npmrc) would make node-gyp and
 * prebuild-install target the running Node instead of Electron, so the build runs without them.
 */
export function buildEnvironment(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const overriding = /^npm_config_(nodedir|target|runtime|disturl|dist_url|arch|platform|build_from_source|devdir)$/i;
  return Object.fromEntries(Object.entries(env).filter(([name]) => !overriding.test(name)));
}

function run(command: string, args: string[], cwd: string): Promise<{ code: number; output: string }> {
  return new Promise((resolvePromise) => {
    const child = spawn(command, args, { cwd, env: buildEnvironment(process.env), stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const keep = (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-8000);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    const timer = setTimeout(() => child.kill('SIGTERM'), STEP_TIMEOUT_MS);
    child.on('error', (error) => {
      clearTimeout(timer);
      resolvePromise({ code: 1, output: `${output}\n${error.message}` });
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolvePromise({ code: code ?? 1, output });
    });
  });
}

/** One short phrase for why a download or build failed, picked out of a tool's output. */
export function briefFailure(output: string): string {
  const unresolved = /getaddrinfo (ENOTFOUND|EAI_AGAIN) (\S+)/.exec(output);
  if (unresolved) return `cannot resolve ${unresolved[2]} (${unresolved[1]})`;
  const network = /\b(ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENETUNREACH|EHOSTUNREACH|CERT_\w+|UNABLE_TO_\w+)\b/.exec(
    output,
  );
  if (network) return `network error ${network[1]}`;
  if (/network connectivity/.test(output)) return 'network download failed';
  if (/fetch failed/.test(output)) return 'download failed (fetch failed)';
  const lines = output
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.length > 0 && !/not ok$/.test(line));
  const errorLine = lines.find((line) => /error/i.test(line));
  return (errorLine ?? lines.at(-1) ?? 'no output').slice(0, 160);
}
