// The page's only door to the main process: one function per contract call, nothing else.
// Every check happens in the main process; this file only forwards.
import { contextBridge, ipcRenderer } from 'electron';
import { callNames, type SsprApi } from '../../shared/contract';

const api = Object.fromEntries(
  callNames.map((name) => [name, (request: unknown) => ipcRenderer.invoke(name, request)]),
) as SsprApi;

contextBridge.exposeInMainWorld('sspr', api);
