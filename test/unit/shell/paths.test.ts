import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { defaultDataDir, parseShellArgs, resolveDbPath, resourcesDir } from '../../../electron/main/paths';

const tempDirs: string[] = [];
function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  tempDirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of tempDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('data folder', () => {
  it('on Linux is Electron’s userData: $XDG_CONFIG_HOME or ~/.config, then the app name', () => {
    expect(
      defaultDataDir('sspr-lockscreen', {
        platform: 'linux',
        env: { XDG_CONFIG_HOME: '/x/config' },
        home: '/home/adele',
      }),
    ).toBe(join('/x/config', 'sspr-lockscreen'));
    expect(defaultDataDir(undefined, { platform: 'linux', env: {}, home: '/home/adele' })).toBe(
      join('/home/adele', '.config', 'sspr-lockscreen'),
    );
  });

  it('on Windows is %APPDATA%\\sspr-lockscreen', () => {
    expect(
      defaultDataDir(undefined, {
        platform: 'win32',
        env: { APPDATA: 'C:/Users/adele/AppData/Roaming' },
        home: 'C:/Users/adele',
      }),
    ).toBe(join('C:/Users/adele/AppData/Roaming', 'sspr-lockscreen'));
  });

  it('on macOS is ~/Library/Application Support/sspr-lockscreen', () => {
    expect(defaultDataDir(undefined, { platform: 'darwin', env: {}, home: '/Users/adele' })).toBe(
      join('/Users/adele', 'Library', 'Application Support', 'sspr-lockscreen'),
    );
  });
});

describe('shell arguments', () => {
  it('reads --db in both spellings, --kiosk and --port, ignoring Electron’s own arguments', () => {
    expect(parseShellArgs(['/usr/bin/electron', '.', '--db', 'a.db', '--kiosk', '--port=8123'])).toEqual({
      dbPath: 'a.db',
      kiosk: true,
      port: 8123,
    });
    expect(parseShellArgs(['--db=/tmp/b.db', '--enable-logging'])).toEqual({ dbPath: '/tmp/b.db', kiosk: false });
    expect(parseShellArgs(['--weak-hash-for-tests'])).toEqual({ kiosk: false, weakHashForTests: true });
    expect(parseShellArgs(['--vault', 'file'])).toEqual({ kiosk: false, vault: 'file' });
  });

  it('refuses a flag without its value or a port that is not one', () => {
    expect(() => parseShellArgs(['--db'])).toThrow(/--db needs a value/);
    expect(() => parseShellArgs(['--db', '--kiosk'])).toThrow(/--db needs a value/);
    expect(() => parseShellArgs(['--port', 'eighty'])).toThrow(/--port/);
    expect(() => parseShellArgs(['--port=70000'])).toThrow(/--port/);
    expect(() => parseShellArgs(['--vault=cloud'])).toThrow(/--vault/);
  });

  it('the database is --db (made absolute) or sspr.db in the data folder', () => {
    expect(resolveDbPath(['--db', 'rel/x.db'], '/data')).toBe(resolve('rel/x.db'));
    expect(resolveDbPath([], '/data')).toBe(join('/data', 'sspr.db'));
  });
});

describe('resources folder', () => {
  it('in development is the repository’s resources/, from the source or a built chunk', () => {
    const repo = tempDir('sspr-paths-');
    writeFileSync(join(repo, 'package.json'), '{}');
    mkdirSync(join(repo, 'resources'));
    mkdirSync(join(repo, 'out', 'main', 'chunks'), { recursive: true });
    expect(resourcesDir(pathToFileURL(join(repo, 'out', 'main', 'index.js')).href)).toBe(join(repo, 'resources'));
    expect(resourcesDir(pathToFileURL(join(repo, 'out', 'main', 'chunks', 'paths-abc.js')).href)).toBe(
      join(repo, 'resources'),
    );
  });

  it('when packaged is process.resourcesPath/resources', () => {
    const packaged = tempDir('sspr-packaged-');
    mkdirSync(join(packaged, 'resources'));
    // Electron sets process.resourcesPath; under vitest it is absent, so stand it in for this one check.
    Object.defineProperty(process, 'resourcesPath', { value: packaged, configurable: true });
    try {
      expect(resourcesDir(pathToFileURL('/nowhere/app.asar/out/main/index.js').href)).toBe(join(packaged, 'resources'));
    } finally {
      Reflect.deleteProperty(process, 'resourcesPath');
    }
  });
});
