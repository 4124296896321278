// The contract served over Electron IPC: one `ipcMain.handle` per row, each going through dispatch.
import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import { callNames } from '../../../shared/contract';
import type { Envelope } from '../../../shared/errors';
import { dispatch, type Handlers } from '../api/dispatch';
import type { Logger } from '../log';

export type SenderCheck = (event: IpcMainInvokeEvent) => boolean;

const refused: Envelope<never> = {
  ok: false,
  error: { code: 'unauthorized', message: 'Calls are accepted from the lock screen page only.' },
};

/**
 * Registers every contract call and returns a function that removes them again. A call from any
 * frame other than the app's own page is refused before dispatch, so no handler ever sees it.
 */
export function registerContract(
  ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>,
  handlers: Handlers,
  log: Logger,
  isTrustedSender: SenderCheck,
): () => void {
  for (const name of callNames) {
    ipcMain.handle(name, async (event: IpcMainInvokeEvent, request: unknown): Promise<Envelope<unknown>> => {
      if (!isTrustedSender(event)) {
        log.warn('refused a call from outside the lock screen page', { call: name, origin: senderOrigin(event) });
        return refused;
      }
      return dispatch(handlers, name, request, { shell: 'electron' }, log);
    });
  }
  return () => {
    for (const name of callNames) ipcMain.removeHandler(name);
  };
}

/** The origin only: a full URL could carry a query or fragment the log has no business keeping. */
function senderOrigin(event: IpcMainInvokeEvent): string {
  const url = event.senderFrame?.url ?? '';
  return URL.canParse(url) ? new URL(url).origin : '(unknown)';
}
