import { maskOfficePhone } from './phone';
import { registrationsFor } from './registration';
import type { MethodDeps, VerificationMethod } from './types';
import { checkCall, startCall, type CallChallenge, type CallLine } from './voice-call';

/** Entra calls a registered office phone without asking for its number first: a desk line is not in a pocket. */
const line: CallLine = { method: 'officeCall', confirmNumber: false };

/** `officeCall`: the office number (and extension) rings and must press # (spec §5). */
export function createOfficeCallMethod(deps: MethodDeps): VerificationMethod<CallChallenge> {
  return {
    name: line.method,
    options: (user, _tenant, registered) =>
      registrationsFor(user, registered, 'officePhone').map((phone) => ({
        method: line.method,
        methodId: phone.id,
        display: maskOfficePhone(phone.phoneNumber, phone.extension),
        needs: 'nothing',
      })),
    start: (ctx, methodId, input) => startCall(deps, line, ctx, methodId, input),
    check: (_ctx, state, response) => checkCall(deps, state, response),
  };
}
