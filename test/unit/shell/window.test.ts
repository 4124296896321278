import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as electronModule from 'electron';
import type { IpcMainInvokeEvent } from 'electron';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { memoryLogger } from '../../../electron/main/log';
import type { Handlers } from '../../../electron/main/api/dispatch';
import {
  CONTENT_SECURITY_POLICY,
  PRELOAD_PATH,
  RENDERER_HTML_PATH,
  claimSingleInstance,
  createLockScreenWindow,
  followFullScreenOption,
  isAppPage,
  rendererEntry,
  withContentSecurityPolicy,
} from '../../../electron/main/shell/window';
import { FakeBrowserWindow, type fakeElectron } from './fake-electron';

vi.mock('electron', async () => (await import('./fake-electron')).fakeElectron());

const electron = electronModule as unknown as ReturnType<typeof fakeElectron>;
const appUrl = pathToFileURL(RENDERER_HTML_PATH).href;

function openWindow(kiosk = false) {
  const screen = createLockScreenWindow({ kiosk, log: memoryLogger() });
  const window = FakeBrowserWindow.created.at(-1);
  if (!window) throw new Error('no window was created');
  return { screen, window, contents: window.webContents };
}

function navigationEvent() {
  return { preventDefault: vi.fn() };
}

type OpenHandler = (details: { url: string }) => { action: string };

beforeEach(() => {
  FakeBrowserWindow.created = [];
  electron.app.isPackaged = true;
  electron.shell.openExternal.mockClear();
  electron.app.requestSingleInstanceLock.mockReset().mockReturnValue(true);
});

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('lock-screen window', () => {
  it('runs the page with exactly the secure web preferences and the built preload', () => {
    const { window } = openWindow();
    expect(window.options['webPreferences']).toStrictEqual({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
      disableBlinkFeatures: 'Auxclick',
      preload: PRELOAD_PATH,
    });
  });

  it('finds the preload and renderer beside the built main file', () => {
    const mainDir = dirname(fileURLToPath(new URL('../../../electron/main/shell/window.ts', import.meta.url)));
    expect(PRELOAD_PATH).toBe(join(mainDir, '..', 'preload', 'index.cjs'));
    expect(RENDERER_HTML_PATH).toBe(join(mainDir, '..', 'renderer', 'index.html'));
  });

  it('a kiosk shows the lock screen full screen in kiosk mode without a menu', () => {
    const { window } = openWindow(true);
    expect(window.options).toMatchObject({ fullscreen: true, kiosk: true });
    expect(window.removeMenu).toHaveBeenCalled();
  });

  it('outside kiosk mode the lock screen is a normal sized window', () => {
    const { window } = openWindow(false);
    expect(window.options['kiosk']).toBeUndefined();
    expect(window.options['fullscreen']).toBeUndefined();
    expect(window.options).toMatchObject({ width: 1280, height: 800 });
    expect(window.removeMenu).not.toHaveBeenCalled();
  });

  it("issue 6 the Device tab's full-screen option opens the window full screen, but not as a kiosk: the menu and links stay", () => {
    createLockScreenWindow({ kiosk: false, fullscreen: true, log: memoryLogger() });
    const window = FakeBrowserWindow.created.at(-1);
    expect(window?.options).toMatchObject({ fullscreen: true, width: 1280 });
    expect(window?.options['kiosk']).toBeUndefined();
    expect(window?.removeMenu).not.toHaveBeenCalled();
  });

  it('issue 6 each answer of admin.device.set takes the window to full screen or back at once; other calls are left alone', async () => {
    const applied: boolean[] = [];
    const answers = [true, false];
    const lockScreenGet = vi.fn(async () => ({ kiosk: true }));
    const handlers = followFullScreenOption(
      {
        'admin.device.set': async () => ({ kioskOptions: { fullscreen: answers.shift() } }),
        'lockScreen.get': lockScreenGet,
      } as unknown as Handlers,
      (fullscreen) => applied.push(fullscreen),
    );
    await handlers['admin.device.set']({ patch: { fullscreen: true } }, { shell: 'electron' });
    await handlers['admin.device.set']({ patch: { fullscreen: false } }, { shell: 'electron' });
    await handlers['lockScreen.get']({}, { shell: 'electron' });
    expect(applied).toEqual([true, false]);
    expect(lockScreenGet).toHaveBeenCalledTimes(1);
  });

  it('issue 8 a scenario loaded from the settings pane takes the window to its device’s full-screen option', async () => {
    const applied: boolean[] = [];
    const handlers = followFullScreenOption(
      {
        'admin.scenarios.load': async () => ({ id: 'lockout-drill', name: 'Lockout drill', tenants: 1, users: 6 }),
        'admin.device.get': async () => ({ kioskOptions: { fullscreen: true } }),
      } as unknown as Handlers,
      (fullscreen) => applied.push(fullscreen),
    );
    expect(await handlers['admin.scenarios.load']({ packId: 'lockout-drill' }, { shell: 'electron' })).toMatchObject({
      name: 'Lockout drill',
    });
    expect(applied).toEqual([true]);
  });

  it('loads the built page from disk when packaged, ignoring a dev server address', async () => {
    vi.stubEnv('ELECTRON_RENDERER_URL', 'http://localhost:5173');
    const { screen, window } = openWindow();
    await screen.load();
    expect(window.loadFile).toHaveBeenCalledWith(RENDERER_HTML_PATH);
    expect(window.loadURL).not.toHaveBeenCalled();
  });

  it('uses electron-vite’s dev server only when unpackaged', () => {
    vi.stubEnv('ELECTRON_RENDERER_URL', 'http://localhost:5173');
    electron.app.isPackaged = false;
    expect(rendererEntry()).toEqual({ kind: 'devServer', url: 'http://localhost:5173' });
  });

  it('shows the window once it is ready, not blank before', () => {
    const { window } = openWindow();
    expect(window.options['show']).toBe(false);
    window.emit('ready-to-show');
    expect(window.show).toHaveBeenCalled();
  });
});

describe('navigation and new windows', () => {
  it('the page cannot navigate away from the app', () => {
    const { contents } = openWindow();
    for (const url of ['https://evil.example/', 'file:///etc/passwd', 'http://127.0.0.1:8080/']) {
      const event = navigationEvent();
      contents.emit('will-navigate', event, url);
      expect(event.preventDefault, url).toHaveBeenCalled();
    }
  });

  it('the page may move within its own URL', () => {
    const { contents } = openWindow();
    const event = navigationEvent();
    contents.emit('will-navigate', event, `${appUrl}#/reset`);
    expect(event.preventDefault).not.toHaveBeenCalled();
  });

  it('redirects away from the app are blocked', () => {
    const { contents } = openWindow();
    const event = navigationEvent();
    contents.emit('will-redirect', event, 'https://evil.example/');
    expect(event.preventDefault).toHaveBeenCalled();
  });

  it('webviews are never attached', () => {
    const { contents } = openWindow();
    const event = navigationEvent();
    contents.emit('will-attach-webview', event, {}, {});
    expect(event.preventDefault).toHaveBeenCalled();
  });

  it('every new window is denied', () => {
    const { contents } = openWindow();
    const handler = contents.setWindowOpenHandler.mock.calls[0]?.[0] as OpenHandler;
    for (const url of [
      'https://help.contoso.com/',
      'mailto:helpdesk@contoso.com',
      'about:blank',
      'file:///etc/passwd',
    ]) {
      expect(handler({ url })).toEqual({ action: 'deny' });
    }
  });

  it('only https and mailto helpdesk links reach the operating system', () => {
    const { contents } = openWindow();
    const handler = contents.setWindowOpenHandler.mock.calls[0]?.[0] as OpenHandler;
    const allowed = ['https://help.contoso.com/reset', 'mailto:helpdesk@contoso.com'];
    const refused = [
      'http://help.contoso.com/',
      'file:///C:/Windows/System32/cmd.exe',
      'javascript:alert(1)',
      'ms-settings:',
      'smb://share/x',
      'not a url',
    ];
    for (const url of [...allowed, ...refused]) handler({ url });
    expect(electron.shell.openExternal.mock.calls.map(([url]) => url)).toEqual(allowed);
  });

  it('a kiosk opens no external link at all', () => {
    const { contents } = openWindow(true);
    const handler = contents.setWindowOpenHandler.mock.calls[0]?.[0] as OpenHandler;
    expect(handler({ url: 'https://help.contoso.com/' })).toEqual({ action: 'deny' });
    expect(electron.shell.openExternal).not.toHaveBeenCalled();
  });
});

describe('session', () => {
  it('denies every permission request and check', () => {
    const { contents } = openWindow();
    const request = contents.session.setPermissionRequestHandler.mock.calls[0]?.[0] as (
      contents: unknown,
      permission: string,
      callback: (granted: boolean) => void,
    ) => void;
    const check = contents.session.setPermissionCheckHandler.mock.calls[0]?.[0] as (...args: unknown[]) => boolean;
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal']) {
      const callback = vi.fn();
      request(contents, permission, callback);
      expect(callback).toHaveBeenCalledWith(false);
      expect(check(contents, permission, 'file://')).toBe(false);
    }
  });

  it('puts the strict CSP on every response, replacing one the response brought', () => {
    const { contents } = openWindow();
    const listener = contents.session.webRequest.onHeadersReceived.mock.calls[0]?.[0] as (
      details: { responseHeaders?: Record<string, string[]> },
      callback: (response: { responseHeaders?: Record<string, string | string[]> }) => void,
    ) => void;
    const callback = vi.fn();
    listener(
      { responseHeaders: { 'content-security-policy': ['default-src *'], 'X-Frame-Options': ['DENY'] } },
      callback,
    );
    expect(callback).toHaveBeenCalledWith({
      responseHeaders: { 'X-Frame-Options': ['DENY'], 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] },
    });
    listener({}, callback);
    expect(callback).toHaveBeenLastCalledWith({
      responseHeaders: { 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] },
    });
  });

  it('the CSP allows only the app’s own scripts and no framing, plugins, forms or base changes', () => {
    const directives = CONTENT_SECURITY_POLICY.split(';').map((directive) => directive.trim());
    expect(directives).toEqual(
      expect.arrayContaining([
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data:",
        "font-src 'self' data:",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'none'",
        "frame-ancestors 'none'",
      ]),
    );
    expect(withContentSecurityPolicy(undefined)).toEqual({ 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] });
  });
});

describe('trusted sender', () => {
  function invokeEvent(senderId: number, frame: { url: string; parent: unknown } | null): IpcMainInvokeEvent {
    return { sender: { id: senderId }, senderFrame: frame } as unknown as IpcMainInvokeEvent;
  }

  it('only the app’s own top-level page in its own window is trusted', () => {
    const { screen, contents } = openWindow();
    expect(screen.isTrustedSender(invokeEvent(contents.id, { url: appUrl, parent: null }))).toBe(true);
    expect(screen.isTrustedSender(invokeEvent(contents.id, { url: `${appUrl}#/reset`, parent: null }))).toBe(true);
    expect(screen.isTrustedSender(invokeEvent(contents.id + 100, { url: appUrl, parent: null }))).toBe(false);
    expect(screen.isTrustedSender(invokeEvent(contents.id, { url: appUrl, parent: {} }))).toBe(false);
    expect(screen.isTrustedSender(invokeEvent(contents.id, { url: 'https://evil.example/', parent: null }))).toBe(
      false,
    );
    expect(screen.isTrustedSender(invokeEvent(contents.id, { url: 'file:///tmp/other.html', parent: null }))).toBe(
      false,
    );
    expect(screen.isTrustedSender(invokeEvent(contents.id, null))).toBe(false);
  });

  it('a closed window trusts no one', () => {
    const { screen, window, contents } = openWindow();
    window.isDestroyed.mockReturnValue(true);
    expect(screen.isTrustedSender(invokeEvent(contents.id, { url: appUrl, parent: null }))).toBe(false);
  });

  it('the dev server is trusted by origin', () => {
    expect(isAppPage('http://localhost:5173/#/x', 'http://localhost:5173')).toBe(true);
    expect(isAppPage('http://localhost:5174/', 'http://localhost:5173')).toBe(false);
  });
});

describe('single instance', () => {
  it('a second launch is told to quit when another instance holds the lock', () => {
    electron.app.requestSingleInstanceLock.mockReturnValue(false);
    expect(claimSingleInstance(() => null)).toBe(false);
    expect(electron.app.requestSingleInstanceLock).toHaveBeenCalled();
  });

  it('a second launch brings the running lock screen to the front', () => {
    const { window } = openWindow();
    window.isMinimized.mockReturnValue(true);
    expect(claimSingleInstance(() => window as unknown as Electron.BrowserWindow)).toBe(true);
    electron.app.emit('second-instance', {}, ['electron', '.'], '/');
    expect(window.restore).toHaveBeenCalled();
    expect(window.show).toHaveBeenCalled();
    expect(window.focus).toHaveBeenCalled();
  });
});
