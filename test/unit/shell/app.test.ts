import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as electronModule from 'electron';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { callNames } from '../../../shared/contract';
import { FakeBrowserWindow, type fakeElectron } from './fake-electron';

vi.mock('electron', async () => (await import('./fake-electron')).fakeElectron());

const engineModule = vi.hoisted(() => ({
  // The lock screen the engine would show: `kiosk` is --kiosk or the Device tab's full-screen option.
  openEngine: vi.fn(async () => ({
    handlers: { 'lockScreen.get': vi.fn(async () => ({ kiosk: false })) },
    close: vi.fn(),
  })),
}));
vi.mock('../../../electron/main/engine', () => engineModule);

const vaultModule = vi.hoisted(() => ({
  openVault: vi.fn(async () => ({ state: () => ({ backend: 'file', detail: 'test' }) })),
}));
vi.mock('../../../electron/main/vault/vault', () => vaultModule);

const electron = electronModule as unknown as ReturnType<typeof fakeElectron>;
const originalArgv = process.argv;

async function launch(argv: string[]): Promise<void> {
  process.argv = ['/usr/bin/electron', '.', ...argv];
  vi.resetModules();
  await import('../../../electron/main/index');
  await vi.waitFor(() => {
    const settled =
      electron.app.quit.mock.calls.length > 0 ||
      electron.app.exit.mock.calls.length > 0 ||
      FakeBrowserWindow.created.at(-1)?.loadFile.mock.calls.length === 1;
    if (!settled) {
      throw new Error('still starting');
    }
  });
}

const tempDirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'sspr-app-'));
  tempDirs.push(dir);
  return dir;
}

beforeEach(() => {
  FakeBrowserWindow.created = [];
  vi.clearAllMocks();
  vi.spyOn(console, 'log').mockImplementation(() => undefined);
  vi.spyOn(console, 'error').mockImplementation(() => undefined);
  electron.app.requestSingleInstanceLock.mockReturnValue(true);
});

afterEach(() => {
  process.argv = originalArgv;
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
  for (const dir of tempDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('Electron shell start-up', () => {
  it('a second launch quits without opening the vault or the database', async () => {
    electron.app.requestSingleInstanceLock.mockReturnValue(false);
    await launch([]);
    expect(electron.app.quit).toHaveBeenCalled();
    expect(vaultModule.openVault).not.toHaveBeenCalled();
    expect(engineModule.openEngine).not.toHaveBeenCalled();
  });

  it('opens the engine as the electron shell with the kiosk flag and Electron’s better-sqlite3, then serves the contract before loading the page', async () => {
    const dir = tempDir();
    const dbPath = join(dir, 'data', 'sspr.db');
    vi.stubEnv('SSPR_ELECTRON_NATIVE_BINDING', '/cache/better_sqlite3.node');
    await launch(['--db', dbPath, '--kiosk']);

    expect(electron.app.enableSandbox).toHaveBeenCalled();
    expect(vaultModule.openVault).toHaveBeenCalledWith({ fileDir: join(dir, 'data'), backend: 'auto' });
    expect(engineModule.openEngine).toHaveBeenCalledWith(
      expect.objectContaining({ dbPath, shell: 'electron', kiosk: true, nativeBinding: '/cache/better_sqlite3.node' }),
    );
    const channels = electron.ipcMain.handle.mock.calls.map(([channel]) => channel as string);
    expect(channels.sort()).toEqual([...callNames].sort());
    const window = FakeBrowserWindow.created[0];
    expect(window?.options).toMatchObject({ kiosk: true, fullscreen: true });
    const registered = electron.ipcMain.handle.mock.invocationCallOrder.at(-1) ?? Infinity;
    expect(registered).toBeLessThan(window?.loadFile.mock.invocationCallOrder[0] ?? -Infinity);
  });

  it("issue 6 the Device tab's full-screen option, kept in the store, opens the window full screen but not as a kiosk", async () => {
    engineModule.openEngine.mockResolvedValueOnce({
      handlers: { 'lockScreen.get': vi.fn(async () => ({ kiosk: true })) },
      close: vi.fn(),
    });
    await launch(['--db', join(tempDir(), 'sspr.db')]);
    const window = FakeBrowserWindow.created[0];
    expect(window?.options).toMatchObject({ fullscreen: true });
    expect(window?.options['kiosk']).toBeUndefined();
  });

  it('without the variable the engine uses the Node build of better-sqlite3', async () => {
    const dir = tempDir();
    vi.stubEnv('SSPR_ELECTRON_NATIVE_BINDING', '');
    await launch(['--db', join(dir, 'sspr.db')]);
    expect(engineModule.openEngine).toHaveBeenCalledWith(
      expect.objectContaining({ nativeBinding: undefined, kiosk: false }),
    );
  });

  it('a database that cannot be opened is reported and the app exits with an error, showing no window', async () => {
    engineModule.openEngine.mockRejectedValueOnce(new Error('database is locked'));
    await launch(['--db', join(tempDir(), 'sspr.db')]);
    expect(electron.dialog.showErrorBox).toHaveBeenCalledWith(expect.any(String), 'database is locked');
    expect(electron.app.exit).toHaveBeenCalledWith(1);
    expect(FakeBrowserWindow.created).toHaveLength(0);
  });
});
