import type { Handlers } from '../api/dispatch';
import { CallFailure } from '../../../shared/errors';
import type { DeviceSession } from '../sign-in/device-session';
import type { SecurityInfoService } from './service';

export type SecurityInfoCalls = Pick<
  Handlers,
  | 'securityInfo.get'
  | 'securityInfo.add'
  | 'securityInfo.prove'
  | 'securityInfo.cancelPending'
  | 'securityInfo.setQuestions'
  | 'securityInfo.remove'
>;

export interface SecurityInfoHandlerDeps {
  service: SecurityInfoService;
  session: DeviceSession;
}

/**
 * "Manage my security info" (§7) for the signed-in user only: the user comes from the device's
 * session, never from the request. A locked session, or one that must first change its password
 * (expired, must-change, or the P2 risk remediation), cannot touch security info.
 */
export function securityInfoHandlers(deps: SecurityInfoHandlerDeps): SecurityInfoCalls {
  const signedInUser = (): number => {
    const current = deps.session.current();
    if (!current)
      throw new CallFailure('unauthorized', 'Sign in first: nobody is signed in, or the session is locked.');
    if (current.step === 'changePassword' || current.step === 'riskRemediation') {
      throw new CallFailure('forbidden', 'Change your password first; then you can manage your security info.');
    }
    return current.userId;
  };
  return {
    'securityInfo.get': () => deps.service.get(signedInUser()),
    'securityInfo.add': ({ method, replaces }) => deps.service.add(signedInUser(), method, replaces ?? null),
    'securityInfo.prove': ({ pendingId, response }) => deps.service.prove(signedInUser(), pendingId, response),
    'securityInfo.cancelPending': ({ pendingId }) => deps.service.cancelPending(signedInUser(), pendingId),
    'securityInfo.setQuestions': ({ answers }) => deps.service.setQuestions(signedInUser(), answers),
    'securityInfo.remove': ({ methodId }) => deps.service.remove(signedInUser(), methodId),
  };
}
