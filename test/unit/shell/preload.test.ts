import * as electronModule from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { callNames } from '../../../shared/contract';

vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: vi.fn() },
  ipcRenderer: { invoke: vi.fn(async (channel: string) => ({ ok: true, value: channel })) },
}));

const electron = electronModule as unknown as {
  contextBridge: { exposeInMainWorld: ReturnType<typeof vi.fn> };
  ipcRenderer: { invoke: ReturnType<typeof vi.fn> };
};

async function exposedApi(): Promise<Record<string, unknown>> {
  await import('../../../electron/preload/index');
  expect(electron.contextBridge.exposeInMainWorld).toHaveBeenCalledTimes(1);
  const [key, api] = electron.contextBridge.exposeInMainWorld.mock.calls[0] ?? [];
  expect(key).toBe('sspr');
  return api as Record<string, unknown>;
}

describe('preload', () => {
  it('exposes exactly one function per contract call and nothing else', async () => {
    const api = await exposedApi();
    expect(Object.keys(api).sort()).toEqual([...callNames].sort());
    for (const value of Object.values(api)) expect(typeof value).toBe('function');
    expect(api).not.toHaveProperty('invoke');
    expect(api).not.toHaveProperty('ipcRenderer');
  });

  it('each function invokes its own channel with the request as given', async () => {
    const api = await exposedApi();
    for (const name of callNames) {
      const request = { probe: name };
      const call = api[name] as (request: unknown) => Promise<unknown>;
      expect(await call(request)).toEqual({ ok: true, value: name });
      expect(electron.ipcRenderer.invoke).toHaveBeenLastCalledWith(name, request);
    }
    expect(electron.ipcRenderer.invoke).toHaveBeenCalledTimes(callNames.length);
  });
});
