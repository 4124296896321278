import type { CallName, CallRequest, CallResponse } from '../../../shared/contract';
import { call } from '../../api/client';
import { adminCall } from '../tabs/tab-form';

/**
 * A console call: when the main process refuses it because the console closed itself after its
 * idle minutes, the console goes back to the credential prompt at once (Console A's `adminCall`).
 */
export function consoleCall<N extends CallName>(name: N, request: CallRequest<N>): Promise<CallResponse<N>> {
  return adminCall(() => call(name, request));
}
