import type { Handlers } from '../api/dispatch';
import { CallFailure } from '../../../shared/errors';
import type { Hasher } from '../password/hasher';
import type { Store } from '../store';
import { DeviceSession } from './device-session';
import { createSignIn } from './sign-in';

export type SessionCalls = Pick<
  Handlers,
  | 'session.get'
  | 'session.signIn'
  | 'session.lock'
  | 'session.signOut'
  | 'session.checkPassword'
  | 'session.changePassword'
  | 'session.postponeRegistration'
  | 'session.confirmSecurityInfo'
>;

export interface SessionDeps {
  store: Store;
  hasher: Hasher;
  session: DeviceSession;
}

/** The lock screen's calls (§11): sign-in, lock, sign-out and what comes after the right password. */
export function sessionHandlers(deps: SessionDeps): SessionCalls {
  const signIn = createSignIn(deps);
  const notYet = (): never => {
    // TODO(issue 5, sign-in helper): replaced by the session service.
    throw new CallFailure('unavailable', 'Not built yet.');
  };
  return {
    'session.get': () => deps.session.get(),
    'session.signIn': ({ upn, password }) => signIn(upn, password),
    'session.lock': () => deps.session.lock(),
    'session.signOut': () => deps.session.signOut(),
    'session.checkPassword': notYet,
    'session.changePassword': notYet,
    'session.postponeRegistration': notYet,
    'session.confirmSecurityInfo': notYet,
  };
}
