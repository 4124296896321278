// The Electron shell's entry (out/main/index.js): app lifecycle only. The engine does the work and
// knows nothing of Electron; shell/window.ts keeps the page boxed in, shell/ipc.ts serves the contract.
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { app, dialog, ipcMain, type BrowserWindow } from 'electron';
import { openEngine, type Engine } from './engine';
import { consoleLogger } from './log';
import { defaultDataDir, parseShellArgs, resolveDbPath, resourcesDir } from './paths';
import { registerContract } from './shell/ipc';
import { claimSingleInstance, createLockScreenWindow, followFullScreenOption } from './shell/window';
import { openVault } from './vault/vault';

const log = consoleLogger('electron');
let lockScreen: BrowserWindow | null = null;
let engine: Engine | null = null;

// Every renderer is sandboxed, whatever a window's own preferences say.
app.enableSandbox();

if (!claimSingleInstance(() => lockScreen)) {
  app.quit();
} else {
  app.on('window-all-closed', () => app.quit());
  app.on('will-quit', () => {
    engine?.close();
    engine = null;
  });
  app
    .whenReady()
    .then(start)
    .catch((error: unknown) => {
      const message = error instanceof Error ? error.message : String(error);
      log.error('could not start', { error: message });
      dialog.showErrorBox('The sign-in screen could not start', message);
      app.exit(1);
    });
}

async function start(): Promise<void> {
  const args = parseShellArgs(process.argv);
  const dbPath = resolveDbPath(process.argv, defaultDataDir());
  // The vault's key file sits beside the database, as in the browser shell, so both shells open the same data.
  const dataDir = dirname(dbPath);
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  const vault = await openVault({ fileDir: dataDir, backend: args.vault ?? 'auto' });
  const opened = await openEngine({
    dbPath,
    resourcesDir: resourcesDir(),
    vault,
    shell: 'electron',
    kiosk: args.kiosk,
    log,
    // Set by `npm start`: better-sqlite3 built for Electron's ABI, kept apart from the Node build the tests use.
    nativeBinding: process.env['SSPR_ELECTRON_NATIVE_BINDING'] || undefined,
  });
  engine = opened;
  // The Device tab's full-screen option: the window starts full screen, and follows the option when it changes.
  // A store without a tenant cannot answer; the page then says why, in a normal window.
  const startsFullScreen = await Promise.resolve(opened.handlers['lockScreen.get']({}, { shell: 'electron' })).then(
    (shown) => shown.kiosk,
    () => false,
  );
  const screen = createLockScreenWindow({ kiosk: args.kiosk, fullscreen: startsFullScreen, log });
  lockScreen = screen.window;
  screen.window.on('closed', () => {
    lockScreen = null;
  });
  const handlers = followFullScreenOption(opened.handlers, (fullscreen) => {
    if (!args.kiosk && !screen.window.isDestroyed()) screen.window.setFullScreen(fullscreen);
  });
  registerContract(ipcMain, handlers, log, screen.isTrustedSender);
  await screen.load();
  log.info('lock screen shown', { database: dbPath, kiosk: args.kiosk, vault: vault.state().backend });
}
