// The reset wizard of spec §5 as a state machine in the main process. Its states are data; each
// transition is one function that takes the current state and returns the next one, so the whole
// flow reads on one screen and the model-based test can walk every edge. The renderer only shows
// what `viewOf` says is next: no sequence of calls can reach `newPassword` without every gate
// passed in this flow, for this user, before the flow expired.
import type { GateMethod } from '../../../shared/policy';
import type { ChallengeBase, StartResult } from '../methods/types';
import type { StopOutcome } from '../policy/eligibility';
import type { CaptchaAnswers, CaptchaChallenge } from './captcha';

export type FlowAction = 'reset' | 'unlock';

/**
 * Why a flow stopped: a rule of §3 or §6, or (risk remediation, §7 P2) a high-risk user who holds
 * no method that can serve as the MFA gate.
 */
export type FlowStopOutcome = StopOutcome | 'noMfaMethod';

/** The user this flow is for, fixed when "who are you" passes; it never changes afterwards. */
export interface FlowUser {
  userId: number;
  tenantId: number;
  upn: string;
  admin: boolean;
  gatesRequired: 1 | 2;
  canUnlock: boolean;
  writeback: boolean;
  /** One entry per usable gate method per registration, from the eligibility check. */
  usable: Array<{ gateMethod: GateMethod; methodId: number }>;
}

export interface PassedGate {
  method: GateMethod;
  methodId: number;
}

/** A challenge under way on one registration; its state is the method's own (codes only as hashes). */
export interface ActiveChallenge {
  method: GateMethod;
  methodId: number;
  started: Exclude<StartResult<ChallengeBase>, { kind: 'refused' } | { kind: 'blocked' }>['kind'];
  state: ChallengeBase;
  /** What the wizard shows while it waits: the push's two-digit number, the questions asked. */
  pushNumber: string | null;
  questions: string[] | null;
  expiresAt: Date | null;
}

export type FlowState =
  | { step: 'identify'; captcha: CaptchaChallenge; answers: CaptchaAnswers; upnTyped: string | null }
  | { step: 'stopped'; outcome: FlowStopOutcome; until: Date | null; user: FlowUser | null; tenantId: number | null }
  | { step: 'chooseAction'; user: FlowUser }
  | { step: 'verify'; user: FlowUser; action: FlowAction; passed: PassedGate[]; challenge: ActiveChallenge | null }
  | { step: 'newPassword'; user: FlowUser; passed: PassedGate[] }
  | { step: 'done'; user: FlowUser; action: FlowAction };

export type FlowStep = FlowState['step'];

/** The gate the user is on (1-based), and the methods it may still use: never one already used. */
export function nextGate(state: Extract<FlowState, { step: 'verify' }>): {
  gate: number;
  choices: Array<{ gateMethod: GateMethod; methodId: number }>;
} {
  const usedRegistrations = new Set(state.passed.map((gate) => gate.methodId));
  return {
    gate: state.passed.length + 1,
    choices: state.user.usable.filter((option) => !usedRegistrations.has(option.methodId)),
  };
}

/** After "who are you": unlock-capable users choose; everyone else goes straight to the gates. */
export function afterIdentify(user: FlowUser): FlowState {
  return user.canUnlock
    ? { step: 'chooseAction', user }
    : { step: 'verify', user, action: 'reset', passed: [], challenge: null };
}

export function chooseAction(state: Extract<FlowState, { step: 'chooseAction' }>, action: FlowAction): FlowState {
  return { step: 'verify', user: state.user, action, passed: [], challenge: null };
}

export function challengeStarted(
  state: Extract<FlowState, { step: 'verify' }>,
  challenge: ActiveChallenge,
): Extract<FlowState, { step: 'verify' }> {
  return { ...state, challenge };
}

/** A gate passed: the next gate, or the new password (reset), or done (unlock). */
export function gatePassed(state: Extract<FlowState, { step: 'verify' }>): FlowState {
  if (!state.challenge) return state;
  const passed = [...state.passed, { method: state.challenge.method, methodId: state.challenge.methodId }];
  if (passed.length < state.user.gatesRequired) {
    return { ...state, passed, challenge: null };
  }
  return state.action === 'unlock'
    ? { step: 'done', user: state.user, action: 'unlock' }
    : { step: 'newPassword', user: state.user, passed };
}

export function challengeDropped(
  state: Extract<FlowState, { step: 'verify' }>,
): Extract<FlowState, { step: 'verify' }> {
  return { ...state, challenge: null };
}

/**
 * A stop of §3 or §6. `tenantId` is the tenant whose helpdesk the stop shows: the user's, or the
 * tenant of the UPN's domain when no account matched (the same whether or not the account exists).
 */
export function stopped(
  outcome: FlowStopOutcome,
  until: Date | null,
  user: FlowUser | null,
  tenantId: number | null = user?.tenantId ?? null,
): FlowState {
  return { step: 'stopped', outcome, until, user, tenantId };
}

export function passwordSet(state: Extract<FlowState, { step: 'newPassword' }>): FlowState {
  return { step: 'done', user: state.user, action: 'reset' };
}

/** Whether every gate this user needs has passed in this flow, with different registrations. */
export function allGatesPassed(user: FlowUser, passed: readonly PassedGate[]): boolean {
  return passed.length >= user.gatesRequired && new Set(passed.map((gate) => gate.methodId)).size === passed.length;
}
