// A voice call that asks the phone to press # (spec §5): shared by the mobile and the office phone methods.
import type { Store } from '../store';
import { sendWithinAllowance } from './codes';
import { dialString, samePhoneNumber } from './phone';
import {
  challengeBase,
  notRegistered,
  phoneNumberMismatch,
  registrationFor,
  tooManySends,
  unexpectedResponse,
} from './registration';
import type {
  ChallengeBase,
  CheckResult,
  GateContext,
  GateResponse,
  MethodDeps,
  StartInput,
  StartResult,
} from './types';

export interface CallChallenge extends ChallengeBase {
  method: 'mobileCall' | 'officeCall';
  callId: string;
}

export interface CallLine {
  method: CallChallenge['method'];
  /** Mobile calls need the whole number typed first; office calls do not. */
  confirmNumber: boolean;
}

/** The registered phone this line calls, with its extension. */
function phoneOf(store: Store, ctx: GateContext, line: CallLine, methodId: number) {
  if (line.method === 'mobileCall') {
    const mobile = registrationFor(store, ctx.user, methodId, 'mobilePhone');
    return mobile && { number: mobile.phoneNumber, extension: null };
  }
  const office = registrationFor(store, ctx.user, methodId, 'officePhone');
  return office && { number: office.phoneNumber, extension: office.extension };
}

export async function startCall(
  deps: MethodDeps,
  line: CallLine,
  ctx: GateContext,
  methodId: number,
  input: StartInput,
): Promise<StartResult<CallChallenge>> {
  const phone = phoneOf(deps.store, ctx, line, methodId);
  if (!phone) return notRegistered;
  if (line.confirmNumber && !samePhoneNumber(input.phoneNumber ?? '', phone.number)) return phoneNumberMismatch;
  const now = deps.clock.now();
  const dialled = dialString(phone.number, phone.extension);
  const placed = sendWithinAllowance(deps.store, 'voice', dialled, now, () => {
    const call = deps.devices.ring({ userId: ctx.user.id, methodId, dialled, caller: ctx.tenant.name, at: now });
    deps.store.outbox.append({
      at: now,
      tenantId: ctx.tenant.id,
      channel: 'voice',
      recipient: dialled,
      body: `Automated call from ${ctx.tenant.name}: someone is resetting your password. Press the pound key (#) to confirm it is you, or hang up.`,
    });
    return call;
  });
  if (!placed.allowed) return tooManySends(placed.retryAt);
  const call = placed.sent;
  return {
    kind: 'callPlaced',
    timesOutAt: call.timesOutAt,
    state: { ...challengeBase(ctx, line.method, methodId), callId: call.id },
  };
}

export async function checkCall(
  deps: MethodDeps,
  state: CallChallenge,
  response: GateResponse,
): Promise<CheckResult<CallChallenge>> {
  if (response.kind !== 'poll') return unexpectedResponse(state);
  const call = deps.devices.call(state.callId);
  if (!call) return { kind: 'expired', reason: 'challengeGone' };
  if (call.status === 'ringing' && deps.clock.now() < call.timesOutAt) return { kind: 'pending', state };
  deps.devices.finish(call.id);
  switch (call.status) {
    case 'confirmed':
      return { kind: 'passed' };
    case 'declined':
      return { kind: 'failed', reason: 'callDeclined', countsAsFailure: true, retry: 'newChallengeNeeded', state };
    case 'ringing':
      return { kind: 'expired', reason: 'callUnanswered' };
  }
}
