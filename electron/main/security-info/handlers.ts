import type { Handlers } from '../api/dispatch';
import { CallFailure } from '../../../shared/errors';
import type { DeviceSession } from '../sign-in/device-session';
import type { Store } from '../store';

export type SecurityInfoCalls = Pick<
  Handlers,
  | 'securityInfo.get'
  | 'securityInfo.add'
  | 'securityInfo.prove'
  | 'securityInfo.cancelPending'
  | 'securityInfo.setQuestions'
  | 'securityInfo.remove'
>;

export interface SecurityInfoDeps {
  store: Store;
  session: DeviceSession;
}

/** "Manage my security info" (§7) for the signed-in user only. */
export function securityInfoHandlers(_deps: SecurityInfoDeps): SecurityInfoCalls {
  const notYet = (): never => {
    // TODO(issue 5, security-info helper): replaced by the security-info service.
    throw new CallFailure('unavailable', 'Not built yet.');
  };
  return {
    'securityInfo.get': notYet,
    'securityInfo.add': notYet,
    'securityInfo.prove': notYet,
    'securityInfo.cancelPending': notYet,
    'securityInfo.setQuestions': notYet,
    'securityInfo.remove': notYet,
  };
}
