import type { GateMethod } from '../../../shared/policy';
import type { AuthMethod, Store, Tenant, User } from '../store';
import type { ChallengeBase, CheckResult, GateContext, StartResult } from './types';

type Registration<K extends AuthMethod['kind']> = Extract<AuthMethod, { kind: K }>;

/** The user's own registration with this id and kind, read fresh (it may have changed since the list was shown). */
export function registrationFor<K extends AuthMethod['kind']>(
  store: Store,
  user: User,
  methodId: number,
  kind: K,
): Registration<K> | null {
  const method = store.methods.get(methodId);
  if (!method || method.userId !== user.id || method.kind !== kind) return null;
  return method as Registration<K>;
}

/** The user's registrations a gate method draws on (spec §1: phone and app registrations serve two methods each). */
export function registrationsFor<K extends AuthMethod['kind']>(
  user: User,
  registered: readonly AuthMethod[],
  kind: K,
): Registration<K>[] {
  return registered.filter((method): method is Registration<K> => method.userId === user.id && method.kind === kind);
}

/** The state every challenge starts from. */
export function challengeBase<M extends GateMethod>(
  ctx: GateContext,
  method: M,
  methodId: number,
): ChallengeBase & { method: M } {
  return { method, flowId: ctx.flowId, userId: ctx.user.id, methodId };
}

/** Minutes of validity of a one-time code, from the tenant's Protection settings (spec §2). */
export function codeValidityMs(tenant: Tenant): number {
  return tenant.ssprPolicy.codeValidityMinutes * 60_000;
}

export const notRegistered = {
  kind: 'refused',
  reason: 'methodNotRegistered',
  countsAsFailure: false,
} as const satisfies StartResult<never>;

export const phoneNumberMismatch = {
  kind: 'refused',
  reason: 'phoneNumberMismatch',
  countsAsFailure: true,
} as const satisfies StartResult<never>;

export function tooManySends(retryAt: Date): StartResult<never> {
  return { kind: 'refused', reason: 'tooManySends', countsAsFailure: false, retryAt };
}

/** A response of the wrong kind for this method (a flow or renderer bug): refused, compares nothing. */
export function unexpectedResponse<S>(state: S): CheckResult<S> {
  return { kind: 'failed', reason: 'unexpectedResponse', countsAsFailure: false, retry: 'sameChallenge', state };
}
