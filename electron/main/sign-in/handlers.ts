import type { Mailer } from '../delivery';
import type { Handlers } from '../api/dispatch';
import { CallFailure } from '../../../shared/errors';
import type { Clock } from '../clock';
import type { OnPremDirectory } from '../directory/types';
import type { Hasher } from '../password/hasher';
import type { PasswordPolicyService } from '../password/policy';
import type { Store, Tenant, User } from '../store';
import { createPasswordChange } from './change-password';
import type { DeviceSession } from './device-session';
import { createCredentialCheck, createSignIn } from './sign-in';

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
  clock: Clock;
  directory: OnPremDirectory;
  passwords: PasswordPolicyService;
  session: DeviceSession;
  mailer: Mailer;
}

/**
 * The lock screen's calls (§11): sign-in, lock, sign-out and what comes after the right password.
 * Each call that acts for the signed-in user checks the step the main process says they are at;
 * the renderer cannot skip one.
 */
export function sessionHandlers(deps: SessionDeps): SessionCalls {
  const { store, clock, session } = deps;
  const checkCredentials = createCredentialCheck(deps);
  const signIn = createSignIn({ ...deps, checkCredentials });
  const passwordChange = createPasswordChange({ ...deps, checkCredentials });

  /** The signed-in user at one of `steps`, or a refusal that says why in plain words. */
  const signedInAt = (...steps: string[]): { user: User; tenant: Tenant } => {
    const current = session.current();
    if (!current) throw new CallFailure('unauthorized', 'Nobody is signed in on this device.');
    if (!steps.includes(current.step)) {
      throw new CallFailure('conflict', `This can't be done now: the session is at "${current.step}".`);
    }
    const user = store.users.get(current.userId);
    const tenant = user ? store.tenants.get(user.tenantId) : null;
    if (!user || !tenant) throw new CallFailure('unauthorized', 'The signed-in account is gone.');
    return { user, tenant };
  };

  const audit = (user: User, activity: 'registrationPostponed' | 'securityInfoReconfirmed') =>
    store.audit.append({
      at: clock.now(),
      tenantId: user.tenantId,
      actor: user.upn,
      targetUserId: user.id,
      targetUpn: user.upn,
      activity,
      result: 'success',
      deviceId: store.device.get().deviceId,
    });

  return {
    'session.get': () => session.get(),
    'session.signIn': ({ upn, password }) => signIn(upn, password),
    'session.lock': () => session.lock(),
    'session.signOut': () => session.signOut(),

    'session.checkPassword': ({ password }) => {
      const { user, tenant } = signedInAt('changePassword', 'desktop');
      return { feedback: passwordChange.feedback(user, tenant, password) };
    },

    'session.changePassword': async ({ currentPassword, newPassword, confirmPassword }) => {
      const { user, tenant } = signedInAt('changePassword', 'desktop');
      const result = await passwordChange.change(user, tenant, currentPassword, newPassword, confirmPassword);
      return result.ok ? { ok: true, session: session.get() } : result;
    },

    'session.postponeRegistration': () => {
      const { user } = signedInAt('registration');
      const next = session.get().next;
      if (next?.step === 'registration' && next.mandatory) {
        throw new CallFailure(
          'conflict',
          'The grace period for registering security info is over: registration cannot be postponed any more.',
        );
      }
      session.update({ postponedRegistration: true });
      audit(user, 'registrationPostponed');
      return session.get();
    },

    'session.confirmSecurityInfo': () => {
      const { user } = signedInAt('reconfirm');
      const now = clock.now();
      store.users.setRegistrationConfirmed(user.id, now);
      session.update({ confirmedSecurityInfo: true });
      audit(user, 'securityInfoReconfirmed');
      return session.get();
    },
  };
}
