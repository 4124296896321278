import { create } from 'zustand';
import type { CallRequest } from '../../shared/contract';
import type { CallErrorCode } from '../../shared/errors';
import type { FlowView } from '../../shared/reset';
import { call, CallRefused } from '../api/client';

/** The flow calls that answer with the flow's next view. */
export type ViewCall =
  | 'reset.view'
  | 'reset.newCaptcha'
  | 'reset.identify'
  | 'reset.chooseAction'
  | 'reset.chooseMethod'
  | 'reset.respond'
  | 'reset.changeMethod'
  | 'reset.setPassword';

type OnFlowRequest<N extends ViewCall> = Omit<CallRequest<N>, 'flowId'>;

/** A call the main process refused before it reached the flow (a malformed entry, an engine that is gone). */
export interface FlowFailure {
  code: CallErrorCode;
  /** The request fields the schema refused, e.g. `upn`, `response.code`; never their values. */
  paths: string[];
}

/**
 * The reset wizard as the main process last described it (§5): the flow id and its view, nothing the
 * renderer worked out itself. The view holds masked addresses and numbers but never a code or a
 * password; passwords, codes and answers go from their inputs straight into a call's arguments.
 */
interface ResetFlowState {
  isOpen: boolean;
  /** The flow was started by the main process for the signed-in user (adoptFlow), not from the lock screen. */
  adopted: boolean;
  flowId: string | null;
  view: FlowView | null;
  /** The user ID the lock screen showed when the wizard opened, offered in "who are you". */
  suggestedUpn: string;
  busy: boolean;
  failure: FlowFailure | null;
  openWizard(suggestedUpn?: string): Promise<void>;
  /** Shows a flow the main process already started (the risk remediation of §7), at its current view. */
  adoptFlow(flowId: string): Promise<void>;
  /** Sends one flow call and shows the view it answers with; `quiet` calls (polls) don't show as busy. */
  send<N extends ViewCall>(name: N, request: OnFlowRequest<N>, options?: { quiet?: boolean }): Promise<void>;
  /** Ends the flow in the main process and closes the wizard. */
  closeWizard(): Promise<void>;
}

function failureOf(error: unknown): FlowFailure {
  if (error instanceof CallRefused) {
    return { code: error.error.code, paths: (error.error.issues ?? []).map((issue) => issue.path) };
  }
  return { code: 'internal', paths: [] };
}

export const useResetFlow = create<ResetFlowState>()((set, get) => {
  // Answers are applied in the order the calls were made: a poll sent before the user's own action
  // must not put back the view that action replaced.
  let issued = 0;
  let applied = 0;
  // Where the keyboard was when the wizard opened ("Reset password"); it goes back there on close.
  let opener: HTMLElement | null = null;

  return {
    isOpen: false,
    adopted: false,
    flowId: null,
    view: null,
    suggestedUpn: '',
    busy: false,
    failure: null,

    async openWizard(suggestedUpn = '') {
      const ticket = ++issued;
      if (!get().isOpen) opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
      set({ isOpen: true, adopted: false, flowId: null, view: null, suggestedUpn, busy: true, failure: null });
      try {
        const started = await call('reset.start', {});
        if (ticket < applied) {
          // Closed (or opened again) while starting: this flow has no screen, so end it now.
          await call('reset.cancel', { flowId: started.flowId }).catch(() => undefined);
          return;
        }
        applied = ticket;
        set({ flowId: started.flowId, view: started.view, busy: false });
      } catch (error) {
        set({ busy: false, failure: failureOf(error) });
      }
    },

    async adoptFlow(flowId) {
      if (get().flowId === flowId && get().isOpen) return;
      const ticket = ++issued;
      opener = null;
      set({ isOpen: true, adopted: true, flowId, view: null, suggestedUpn: '', busy: true, failure: null });
      try {
        const view = await call('reset.view', { flowId });
        if (ticket < applied || get().flowId !== flowId) return;
        applied = ticket;
        set({ view, busy: false });
      } catch (error) {
        set({ busy: false, failure: failureOf(error) });
      }
    },

    async send(name, request, options = {}) {
      const { flowId } = get();
      if (!flowId) return;
      const ticket = ++issued;
      if (!options.quiet) set({ busy: true, failure: null });
      try {
        const view = (await call(name, { ...request, flowId } as CallRequest<typeof name>, options)) as FlowView;
        if (get().flowId !== flowId) return;
        if (ticket < applied) {
          // A later call already answered with a newer view; this one only stops being busy.
          if (!options.quiet) set({ busy: false });
          return;
        }
        applied = ticket;
        set({ view, failure: null, ...(options.quiet ? {} : { busy: false }) });
      } catch (error) {
        // A poll that fails is simply tried again by the next one.
        if (options.quiet) return;
        set({ busy: false, failure: failureOf(error) });
      }
    },

    async closeWizard() {
      const { flowId } = get();
      applied = ++issued;
      set({ isOpen: false, flowId: null, view: null, busy: false, failure: null });
      // After React has drawn the lock screen again without the wizard (and without `inert`).
      const returnTo = opener;
      opener = null;
      setTimeout(() => returnTo?.focus(), 0);
      if (flowId) await call('reset.cancel', { flowId }).catch(() => undefined);
    },
  };
});

/** The user the current flow is about, once the main process has named one. */
export function flowUpn(view: FlowView | null): string | null {
  if (!view || !('upn' in view)) return null;
  return view.upn;
}
