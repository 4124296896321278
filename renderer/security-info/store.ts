import { create } from 'zustand';
import type { CallRequest } from '../../shared/contract';
import type { CallErrorCode } from '../../shared/errors';
import type { SecurityInfo } from '../../shared/security-info';
import { call, CallRefused } from '../api/client';

/** The calls that answer with the user's security info. */
type InfoCall =
  | 'securityInfo.get'
  | 'securityInfo.add'
  | 'securityInfo.prove'
  | 'securityInfo.cancelPending'
  | 'securityInfo.setQuestions'
  | 'securityInfo.remove';

/**
 * The signed-in user's security info as the main process last described it (§7). It holds
 * addresses and numbers the user typed and the authenticator's QR image, never a code, an answer or
 * the authenticator's secret: those go from their inputs straight into a call's arguments.
 */
interface SecurityInfoState {
  info: SecurityInfo | null;
  busy: boolean;
  /** A call the main process refused outright (signed out, a malformed entry, an engine that is gone). */
  failure: CallErrorCode | null;
  load(): Promise<void>;
  /** Sends one call and shows the info it answers with; `quiet` calls (polls) don't show as busy. */
  send<N extends InfoCall>(
    name: N,
    request: CallRequest<N>,
    options?: { quiet?: boolean },
  ): Promise<SecurityInfo | null>;
  /** Forgets the notice of the last answer (a new screen starts clean). */
  clearNotice(): void;
}

export const useSecurityInfo = create<SecurityInfoState>()((set, get) => {
  // Answers are applied in the order the calls were made: a poll sent before the user's own action
  // must not put back the info that action replaced.
  let issued = 0;
  let applied = 0;
  let loud = 0;
  return {
    info: null,
    busy: false,
    failure: null,

    async load() {
      await get().send('securityInfo.get', {});
    },

    async send(name, request, options = {}) {
      const ticket = ++issued;
      if (!options.quiet) {
        loud += 1;
        set({ busy: true, failure: null });
      }
      try {
        const info = await call(name, request as never, options);
        if (ticket < applied) return null;
        applied = ticket;
        set({ info: info as SecurityInfo, failure: null });
        return info as SecurityInfo;
      } catch (error) {
        if (ticket < applied) return null;
        applied = ticket;
        set({ failure: error instanceof CallRefused ? error.error.code : 'internal' });
        return null;
      } finally {
        if (!options.quiet) {
          loud -= 1;
          set({ busy: loud > 0 });
        }
      }
    },

    clearNotice() {
      const info = get().info;
      if (info?.notice) set({ info: { ...info, notice: null } });
    },
  };
});
