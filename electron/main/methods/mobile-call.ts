import { maskPhone } from './phone';
import { registrationsFor } from './registration';
import type { MethodDeps, VerificationMethod } from './types';
import { checkCall, startCall, type CallChallenge, type CallLine } from './voice-call';

const line: CallLine = { method: 'mobileCall', confirmNumber: true };

/** `mobileCall`: the whole registered number typed first, then the phone rings and must press # (spec §5). */
export function createMobileCallMethod(deps: MethodDeps): VerificationMethod<CallChallenge> {
  return {
    name: line.method,
    options: (user, _tenant, registered) =>
      registrationsFor(user, registered, 'mobilePhone').map((phone) => ({
        method: line.method,
        methodId: phone.id,
        display: maskPhone(phone.phoneNumber),
        needs: 'phoneNumberConfirmation',
      })),
    start: (ctx, methodId, input) => startCall(deps, line, ctx, methodId, input),
    check: (_ctx, state, response) => checkCall(deps, state, response),
  };
}
