import { dispatch } from '../../../electron/main/api/dispatch';
import { ManualClock } from '../../../electron/main/clock';
import type { Store } from '../../../electron/main/store';
import type { CallName, CallRequest, CallResponse } from '../../../shared/contract';
import type { FlowView } from '../../../shared/reset';
import { openStoreBeside, openTestEngine, type TestEngine } from '../support/engine';

/** A real engine on a manual clock, and a second connection to its store to read what users would see. */
export interface FlowHarness {
  t: TestEngine;
  store: Store;
  clock: ManualClock;
  call<N extends CallName>(name: N, request: CallRequest<N>): Promise<CallResponse<N>>;
  /** Starts a flow and passes "who are you" with the CAPTCHA's accessible answer. */
  identify(upn: string): Promise<{ flowId: string; view: FlowView }>;
  /** The latest six-digit code sent to an address or phone number: what the user reads. */
  codeSentTo(recipient: string): string;
  /**
   * Passes one code gate of the verify step: chooses the method (an SMS with the number typed in
   * full, §5.3) and answers with the code sent to `to`; returns the flow's next view.
   */
  passCodeGate(flowId: string, view: FlowView, gateMethod: 'email' | 'mobileSms', to: string): Promise<FlowView>;
  close(): void;
}

export async function openFlowHarness(): Promise<FlowHarness> {
  const clock = new ManualClock('2026-03-02T09:00:00Z');
  const t = await openTestEngine({ clock });
  const store = await openStoreBeside(t);
  const call = async <N extends CallName>(name: N, request: CallRequest<N>): Promise<CallResponse<N>> => {
    const answer = await dispatch(t.engine.handlers, name, request, { shell: 'browser' }, t.log);
    if (!answer.ok)
      throw new Error(`${name} refused: ${answer.error.code} ${JSON.stringify(answer.error.issues ?? [])}`);
    return answer.value as CallResponse<N>;
  };
  const harness: FlowHarness = {
    t,
    store,
    clock,
    call,
    async identify(upn) {
      const { flowId, view } = await call('reset.start', {});
      if (view.step !== 'identify') throw new Error('a new flow must start at "who are you"');
      const answer = String(view.captchaPuzzle.a + view.captchaPuzzle.b);
      return { flowId, view: await call('reset.identify', { flowId, upn, captcha: answer }) };
    },
    codeSentTo(recipient) {
      const [message] = store.outbox.list({ limit: 1, recipient });
      const code = message ? /\b(\d{6})\b/.exec(message.body)?.[1] : undefined;
      if (!code) throw new Error(`no code was sent to ${recipient}`);
      return code;
    },
    async passCodeGate(flowId, view, gateMethod, to) {
      if (view.step !== 'verify')
        throw new Error(`expected the verify step, got ${view.step}: ${JSON.stringify(view)}`);
      const option = view.options.find((candidate) => candidate.gateMethod === gateMethod);
      if (!option) throw new Error(`no ${gateMethod} option`);
      await call('reset.chooseMethod', {
        flowId,
        gateMethod,
        methodId: option.methodId,
        ...(gateMethod === 'mobileSms' ? { phoneNumber: to } : {}),
      });
      return call('reset.respond', { flowId, response: { code: harness.codeSentTo(to) } });
    },
    close() {
      store.close();
      t.close();
    },
  };
  return harness;
}
