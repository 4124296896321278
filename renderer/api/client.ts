import type { CallName, CallRequest, CallResponse, SsprApi } from '../../shared/contract';
import type { CallError, Envelope } from '../../shared/errors';

declare global {
  interface Window {
    /** Set by the Electron preload; absent in the browser shell. */
    sspr?: SsprApi;
  }
}

const TOKEN_KEY = 'sspr.shellToken';

/** The browser shell hands its per-launch token in the address fragment; keep it for reloads, then hide it. */
function takeShellToken(): string {
  const fromHash = /(?:^#|&)token=([^&]+)/.exec(window.location.hash)?.[1];
  if (fromHash) {
    sessionStorage.setItem(TOKEN_KEY, fromHash);
    history.replaceState(null, '', window.location.pathname + window.location.search);
    return fromHash;
  }
  return sessionStorage.getItem(TOKEN_KEY) ?? '';
}

/** The browser shell's transport: every call is a POST of its name; the page needs no copy of the contract. */
function httpInvoke(): (name: CallName, request: unknown) => Promise<Envelope<unknown>> {
  const token = takeShellToken();
  return async (name, request) => {
    try {
      const response = await fetch(`/api/call/${encodeURIComponent(name)}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
        body: JSON.stringify(request ?? {}),
      });
      return (await response.json()) as Envelope<unknown>;
    } catch {
      return { ok: false, error: { code: 'unavailable', message: 'The app engine is not answering.' } };
    }
  };
}

const electronApi = window.sspr;
const invoke: (name: CallName, request: unknown) => Promise<Envelope<unknown>> = electronApi
  ? (name, request) => (electronApi[name] as (request: unknown) => Promise<Envelope<unknown>>)(request)
  : httpInvoke();

export class CallRefused extends Error {
  constructor(readonly error: CallError) {
    super(error.message);
    this.name = 'CallRefused';
  }
}

type AnsweredListener = (name: CallName) => void;
const answeredListeners = new Set<AnsweredListener>();

/**
 * Tells `listener` the name of every call the main process has answered, except `quiet` ones (polls),
 * so one part of the page can look again as soon as another part acted: the training phone shows the
 * text the wizard just sent, the wizard sees the push the phone just approved. Returns the unsubscribe.
 */
export function onCallAnswered(listener: AnsweredListener): () => void {
  answeredListeners.add(listener);
  return () => answeredListeners.delete(listener);
}

/**
 * Calls the main process and unwraps its envelope; a refusal becomes a CallRefused the screens can word.
 * `quiet` marks a poll: it only looks, so nobody else is told it was answered.
 */
export async function call<N extends CallName>(
  name: N,
  request: CallRequest<N>,
  options: { quiet?: boolean } = {},
): Promise<CallResponse<N>> {
  const envelope = (await invoke(name, request)) as Envelope<CallResponse<N>>;
  if (!envelope.ok) throw new CallRefused(envelope.error);
  if (!options.quiet) for (const listener of answeredListeners) listener(name);
  return envelope.value;
}
