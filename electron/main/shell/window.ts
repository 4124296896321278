// The lock-screen window and everything that keeps its page in a box: web preferences, CSP,
// navigation, new windows, permissions and the single-instance rule.
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { app, BrowserWindow, shell, type IpcMainInvokeEvent, type Session, type WebContents } from 'electron';
import { CONTENT_SECURITY_POLICY } from '../../../shared/csp';
import type { Logger } from '../log';
import type { Handlers } from '../api/dispatch';

export { CONTENT_SECURITY_POLICY };

// This module is bundled into out/main/index.js; the preload and renderer builds sit beside it.
const builtMainDir = dirname(fileURLToPath(import.meta.url));
export const PRELOAD_PATH = join(builtMainDir, '../preload/index.cjs');
export const RENDERER_HTML_PATH = join(builtMainDir, '../renderer/index.html');

/** Schemes a helpdesk link may hand to the OS; anything else (file:, javascript:, custom handlers) is dropped. */
export const EXTERNAL_LINK_SCHEMES: readonly string[] = ['https:', 'mailto:'];

export type RendererEntry = { kind: 'file'; path: string; url: string } | { kind: 'devServer'; url: string };

/** The built page, or electron-vite's dev server when running unpackaged under `electron-vite dev`. */
export function rendererEntry(): RendererEntry {
  const devServerUrl = process.env['ELECTRON_RENDERER_URL'];
  if (!app.isPackaged && devServerUrl) return { kind: 'devServer', url: devServerUrl };
  return { kind: 'file', path: RENDERER_HTML_PATH, url: pathToFileURL(RENDERER_HTML_PATH).href };
}

/** Whether `url` is the app's own page: the same file (file://) or origin (dev server); the hash may differ. */
export function isAppPage(url: string, appUrl: string): boolean {
  const candidate = URL.canParse(url) ? new URL(url) : null;
  const own = new URL(appUrl);
  if (!candidate) return false;
  if (own.protocol === 'file:') {
    return candidate.protocol === 'file:' && candidate.host === own.host && candidate.pathname === own.pathname;
  }
  return candidate.origin === own.origin;
}

export function isExternalLinkAllowed(url: string): boolean {
  return URL.canParse(url) && EXTERNAL_LINK_SCHEMES.includes(new URL(url).protocol);
}

/** Response headers with the app's CSP in place of any the response brought. */
export function withContentSecurityPolicy(
  headers: Record<string, string | string[]> | undefined,
): Record<string, string | string[]> {
  const kept = Object.entries(headers ?? {}).filter(([name]) => name.toLowerCase() !== 'content-security-policy');
  return { ...Object.fromEntries(kept), 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] };
}

/** The page may use no device, notification or clipboard permission, and gets the CSP on every response. */
export function hardenSession(session: Session): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: withContentSecurityPolicy(details.responseHeaders) });
  });
}

export interface ContentsGuard {
  appUrl: string;
  /** A kiosk must not hand the user a browser, so it opens no external link at all. */
  openExternal: boolean;
  log: Logger;
}

/** The page stays on the app's own URL: no navigation away, no redirects, no new windows, no webviews. */
export function hardenContents(contents: WebContents, guard: ContentsGuard): void {
  contents.on('will-navigate', (event, url) => {
    if (!isAppPage(url, guard.appUrl)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!isAppPage(url, guard.appUrl)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    if (guard.openExternal && isExternalLinkAllowed(url)) {
      shell.openExternal(url).catch((error: unknown) => {
        guard.log.warn('could not open an external link', {
          error: error instanceof Error ? error.message : String(error),
        });
      });
    }
    return { action: 'deny' };
  });
}

/** Only the app's own top-level page in the app's own window may call the engine. */
export function isTrustedSender(event: IpcMainInvokeEvent, window: BrowserWindow, appUrl: string): boolean {
  if (window.isDestroyed() || event.sender.id !== window.webContents.id) return false;
  const frame = event.senderFrame;
  return frame !== null && frame.parent === null && isAppPage(frame.url, appUrl);
}

export interface LockScreenWindowOptions {
  kiosk: boolean;
  /** The Device tab's full-screen kiosk option: full screen without the rest of kiosk mode. */
  fullscreen?: boolean;
  log: Logger;
}

export interface LockScreenWindow {
  window: BrowserWindow;
  isTrustedSender(event: IpcMainInvokeEvent): boolean;
  /** Loads the page; call after the IPC handlers are registered, since the page calls at once. */
  load(): Promise<void>;
}

export function createLockScreenWindow(options: LockScreenWindowOptions): LockScreenWindow {
  const entry = rendererEntry();
  const window = new BrowserWindow({
    ...(options.kiosk
      ? { fullscreen: true, kiosk: true }
      : {
          width: 1280,
          height: 800,
          minWidth: 800,
          minHeight: 600,
          ...(options.fullscreen ? { fullscreen: true } : {}),
        }),
    show: false,
    autoHideMenuBar: true,
    backgroundColor: '#000000',
    title: 'Sign in',
    // Electron's security checklist for the page; the preload's `window.sspr` is its only way out. Written
    // out here, in the constructor call, so electronegativity reads each value (see the README).
    webPreferences: {
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
      // A middle click opens no window of its own (it would otherwise bypass the click handlers).
      disableBlinkFeatures: 'Auxclick',
      preload: PRELOAD_PATH,
    },
  });
  // The default menu offers reload and developer tools; a kiosk offers neither.
  if (options.kiosk) window.removeMenu();
  window.once('ready-to-show', () => window.show());
  hardenSession(window.webContents.session);
  hardenContents(window.webContents, { appUrl: entry.url, openExternal: !options.kiosk, log: options.log });
  return {
    window,
    isTrustedSender: (event) => isTrustedSender(event, window, entry.url),
    load: () => (entry.kind === 'file' ? window.loadFile(entry.path) : window.loadURL(entry.url)),
  };
}

/**
 * The Device tab's full-screen option reaches the window at once: each answer of `admin.device.set`
 * says whether the device asks for full screen, and `apply` takes the window there (or back). A
 * scenario loaded from the settings pane brings its own device settings (issue 8): the same follows.
 */
export function followFullScreenOption(handlers: Handlers, apply: (fullscreen: boolean) => void): Handlers {
  const setDevice = handlers['admin.device.set'];
  const loadScenario = handlers['admin.scenarios.load'];
  return {
    ...handlers,
    'admin.device.set': async (request, context) => {
      const device = await setDevice(request, context);
      apply(device.kioskOptions.fullscreen);
      return device;
    },
    'admin.scenarios.load': async (request, context) => {
      const loaded = await loadScenario(request, context);
      const device = await handlers['admin.device.get']({}, context);
      apply(device.kioskOptions.fullscreen);
      return loaded;
    },
  };
}

/**
 * One lock screen per device: a second launch hands over to the running one, which comes to the
 * front. Returns false when another instance holds the lock and this one should quit.
 */
export function claimSingleInstance(lockScreen: () => BrowserWindow | null): boolean {
  if (!app.requestSingleInstanceLock()) return false;
  app.on('second-instance', () => {
    const window = lockScreen();
    if (!window || window.isDestroyed()) return;
    if (window.isMinimized()) window.restore();
    window.show();
    window.focus();
  });
  return true;
}
