import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  ADDON_FILE,
  briefFailure,
  buildEnvironment,
  cachedAddonPath,
  prepareElectronNative,
  type AddonBuilder,
} from '../../../scripts/electron-native';
import { findElectronRuntime } from '../../../scripts/start';

const tempDirs: string[] = [];
function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  tempDirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of tempDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A project folder with a stand-in better-sqlite3 whose Node build must stay as it is. */
function fakeProject(): string {
  const project = tempDir('sspr-native-');
  const pkg = join(project, 'node_modules', 'better-sqlite3');
  for (const dir of ['src', 'deps', 'lib', join('build', 'Release')]) mkdirSync(join(pkg, dir), { recursive: true });
  writeFileSync(join(pkg, 'package.json'), '{"name":"better-sqlite3"}');
  writeFileSync(join(pkg, 'binding.gyp'), '{}');
  writeFileSync(join(pkg, 'src', 'better_sqlite3.cpp'), '// source');
  writeFileSync(join(pkg, 'build', 'Release', ADDON_FILE), 'node build');
  return project;
}

const quiet = () => undefined;

describe('better-sqlite3 for Electron', () => {
  it('is cached per Electron version, platform and arch', () => {
    expect(cachedAddonPath({ electronVersion: '45.4.1', platform: 'linux', arch: 'x64' }, '/c')).toBe(
      join('/c', '45.4.1-linux-x64', ADDON_FILE),
    );
    expect(cachedAddonPath({ electronVersion: 'v45.4.1', platform: 'win32', arch: 'arm64' }, '/c')).toBe(
      join('/c', '45.4.1-win32-arm64', ADDON_FILE),
    );
  });

  it('an addon already in the cache is returned without building', async () => {
    const project = fakeProject();
    const cached = join(project, '.cache', 'electron-native', '45.4.1-linux-x64', ADDON_FILE);
    mkdirSync(join(cached, '..'), { recursive: true });
    writeFileSync(cached, 'electron build');
    const build = vi.fn<AddonBuilder>();
    const path = await prepareElectronNative({
      electronVersion: '45.4.1',
      platform: 'linux',
      arch: 'x64',
      projectDir: project,
      build,
      log: quiet,
    });
    expect(path).toBe(cached);
    expect(build).not.toHaveBeenCalled();
  });

  it('builds in a copy, caches the result and leaves the Node build in node_modules alone', async () => {
    const project = fakeProject();
    const build = vi.fn<AddonBuilder>(async (workDir) => {
      expect(existsSync(join(workDir, 'src', 'better_sqlite3.cpp'))).toBe(true);
      expect(existsSync(join(workDir, 'build'))).toBe(false);
      await mkdir(join(workDir, 'build', 'Release'), { recursive: true });
      await writeFile(join(workDir, 'build', 'Release', ADDON_FILE), 'electron build');
    });
    const path = await prepareElectronNative({
      electronVersion: '45.4.1',
      platform: 'linux',
      arch: 'x64',
      projectDir: project,
      build,
      log: quiet,
    });
    expect(path).toBe(join(project, '.cache', 'electron-native', '45.4.1-linux-x64', ADDON_FILE));
    expect(readFileSync(path, 'utf8')).toBe('electron build');
    expect(build).toHaveBeenCalledWith(
      expect.any(String),
      { electronVersion: '45.4.1', platform: 'linux', arch: 'x64' },
      quiet,
    );
    expect(readFileSync(join(project, 'node_modules', 'better-sqlite3', 'build', 'Release', ADDON_FILE), 'utf8')).toBe(
      'node build',
    );
  });

  it('a build that produces no addon fails and caches nothing', async () => {
    const project = fakeProject();
    const options = {
      electronVersion: '45.4.1',
      platform: 'linux' as const,
      arch: 'x64',
      projectDir: project,
      log: quiet,
    };
    await expect(prepareElectronNative({ ...options, build: async () => undefined })).rejects.toThrow(
      /without producing/,
    );
    expect(existsSync(join(project, '.cache', 'electron-native', '45.4.1-linux-x64'))).toBe(false);
  });

  it('npm’s nodedir and target settings do not leak into the Electron build', () => {
    const env = buildEnvironment({
      PATH: '/bin',
      npm_config_nodedir: '/usr',
      npm_config_target: '20.0.0',
      npm_config_runtime: 'node',
      npm_config_cache: '/c',
    });
    expect(env).toEqual({ PATH: '/bin', npm_config_cache: '/c' });
  });

  it('names a failed download in a few words', () => {
    expect(briefFailure('prebuild-install warn install getaddrinfo ENOTFOUND github.com')).toBe(
      'cannot resolve github.com (ENOTFOUND)',
    );
    expect(briefFailure('gyp ERR! stack is related to network connectivity. In most cases\ngyp ERR! not ok')).toBe(
      'network download failed',
    );
    expect(briefFailure('TypeError: fetch failed\n    at x')).toBe('download failed (fetch failed)');
  });
});

describe('Electron runtime detection', () => {
  function electronDir(): string {
    return tempDir('sspr-electron-');
  }

  it('is missing when path.txt was never written (the postinstall did not run)', () => {
    expect(findElectronRuntime(electronDir(), {})).toBeNull();
  });

  it('is missing when path.txt names a binary that is not in dist/', () => {
    const dir = electronDir();
    writeFileSync(join(dir, 'path.txt'), 'electron');
    expect(findElectronRuntime(dir, {})).toBeNull();
  });

  it('is the binary path.txt names inside dist/', () => {
    const dir = electronDir();
    writeFileSync(join(dir, 'path.txt'), 'electron');
    mkdirSync(join(dir, 'dist'));
    writeFileSync(join(dir, 'dist', 'electron'), '');
    expect(findElectronRuntime(dir, {})).toBe(join(dir, 'dist', 'electron'));
  });

  it('ELECTRON_EXEC_PATH, electron-vite’s own override, wins when it exists', () => {
    const dir = electronDir();
    const binary = join(dir, 'custom-electron');
    writeFileSync(binary, '');
    expect(findElectronRuntime(dir, { ELECTRON_EXEC_PATH: binary })).toBe(binary);
    expect(findElectronRuntime(dir, { ELECTRON_EXEC_PATH: join(dir, 'missing') })).toBeNull();
  });
});
