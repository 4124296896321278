import type { IpcMainInvokeEvent } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { callNames, type CallName } from '../../../shared/contract';
import type { Envelope } from '../../../shared/errors';
import type { Handlers } from '../../../electron/main/api/dispatch';
import { memoryLogger } from '../../../electron/main/log';
import { registerContract } from '../../../electron/main/shell/ipc';

type InvokeListener = (event: IpcMainInvokeEvent, ...args: unknown[]) => Promise<Envelope<unknown>>;

const lockedOut = { user: null, locked: false };

/** Every call answered by a spy; the ones these tests call return contract-shaped values. */
function fakeHandlers() {
  const spies = Object.fromEntries(callNames.map((name) => [name, vi.fn(() => lockedOut)])) as Record<
    CallName,
    ReturnType<typeof vi.fn>
  >;
  spies['app.getInfo'] = vi.fn(() => ({
    productName: 'SSPR',
    version: '0.1.0',
    shell: 'electron' as const,
    kiosk: false,
    vault: { backend: 'file' as const, detail: 'test' },
  }));
  spies['lockScreen.get'] = vi.fn(() => ({
    tenantName: 'Contoso',
    branding: { accentColor: '#0078d4', backgroundColor: '#000', logoText: 'Contoso' },
    helpdesk: { link: null, text: null },
    lastUser: null,
    kiosk: false,
  }));
  spies['session.signIn'] = vi.fn(() => ({ outcome: 'wrongCredentials' as const }));
  return spies as typeof spies & Handlers;
}

function wire(trusted: boolean) {
  const listeners = new Map<string, InvokeListener>();
  const ipcMain = {
    handle: vi.fn((channel: string, listener: InvokeListener) => {
      listeners.set(channel, listener);
    }),
    removeHandler: vi.fn((channel: string) => {
      listeners.delete(channel);
    }),
  };
  const handlers = fakeHandlers();
  const log = memoryLogger();
  const unregister = registerContract(ipcMain, handlers, log, () => trusted);
  const invoke = (name: CallName | string, request: unknown) => {
    const listener = listeners.get(name);
    if (!listener) throw new Error(`no handler for ${name}`);
    const event = { senderFrame: { url: 'https://evil.example/page?secret=1' } } as unknown as IpcMainInvokeEvent;
    return listener(event, request);
  };
  return { ipcMain, listeners, handlers, log, invoke, unregister };
}

describe('contract over IPC', () => {
  it('registers exactly one handler per contract call', () => {
    const { ipcMain } = wire(true);
    const channels = ipcMain.handle.mock.calls.map(([channel]) => channel);
    expect(channels).toHaveLength(callNames.length);
    expect([...channels].sort()).toEqual([...callNames].sort());
  });

  it('a call from an untrusted frame is refused as unauthorized and no handler runs', async () => {
    const { invoke, handlers, log } = wire(false);
    for (const name of callNames) {
      expect(await invoke(name, {})).toEqual({ ok: false, error: expect.objectContaining({ code: 'unauthorized' }) });
    }
    for (const handler of Object.values(handlers)) expect(handler).not.toHaveBeenCalled();
    expect(log.lines.join('\n')).not.toContain('secret=1');
  });

  it('a malformed payload is refused as invalid_request before the handler runs', async () => {
    const { invoke, handlers } = wire(true);
    const envelope = await invoke('session.signIn', { upn: 'not-an-upn', password: 'Secret#1', extra: true });
    expect(envelope).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
    expect(JSON.stringify(envelope)).not.toContain('Secret#1');
    expect(await invoke('session.get', undefined)).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
    expect(handlers['session.signIn']).not.toHaveBeenCalled();
    expect(handlers['session.get']).not.toHaveBeenCalled();
  });

  it('a trusted, valid call reaches its handler with the electron shell as context', async () => {
    const { invoke, handlers } = wire(true);
    const envelope = await invoke('session.signIn', { upn: 'adele@contoso.com', password: 'Secret#1' });
    expect(envelope).toEqual({ ok: true, value: { outcome: 'wrongCredentials' } });
    expect(handlers['session.signIn']).toHaveBeenCalledWith(
      { upn: 'adele@contoso.com', password: 'Secret#1' },
      { shell: 'electron' },
    );
  });

  it('unregistering removes every contract channel', () => {
    const { unregister, listeners } = wire(true);
    unregister();
    expect(listeners.size).toBe(0);
  });
});
