import { tenantLook } from '../../../shared/policy';
import type { LockScreen } from '../../../shared/contract';
import type { Store } from '../store';
import type { Vault } from '../vault/types';
import type { Hasher } from '../password/hasher';
import { DeviceSession } from '../sign-in/device-session';
import { tileOf } from '../sign-in/sign-in';
import { sessionHandlers } from '../sign-in/handlers';
import { createStepPlanner } from '../sign-in/next-step';
import { resetLinkOf } from '../sign-in/reset-link';
import type { Clock } from '../clock';
import type { OnPremDirectory } from '../directory/types';
import type { PasswordPolicyService } from '../password/policy';
import { securityInfoHandlers } from '../security-info/handlers';
import type { AdminCalls } from '../admin/handlers';
import type { SecurityInfoService } from '../security-info/service';
import type { Handlers } from './dispatch';
import { CallFailure } from '../../../shared/errors';
import packageJson from '../../../package.json';
import type { ResetService } from '../flows/reset-service';
import type { Training } from '../training/training';
import type { Mailer } from '../delivery';

export interface HandlerDeps {
  store: Store;
  vault: Vault;
  hasher: Hasher;
  clock: Clock;
  directory: OnPremDirectory;
  passwords: PasswordPolicyService;
  resets: ResetService;
  securityInfo: SecurityInfoService;
  training: Training;
  /** The admin console's rows, made once per engine: the console stays open while a scenario renews the rest. */
  admin: AdminCalls;
  shell: 'electron' | 'browser';
  kiosk: boolean;
  /** E-mail (issue 9): the password-changed notification goes through it. */
  mailer: Mailer;
}

/**
 * One handler per contract row; each is thin and calls into the engine's modules. The lock
 * screen's session calls live with sign-in, the security-info calls with registration.
 */
export function createHandlers(deps: HandlerDeps): Handlers {
  const session = new DeviceSession(createStepPlanner({ store: deps.store, clock: deps.clock, flows: deps.resets }));

  return {
    'app.getInfo': () => ({
      productName: 'Reset password',
      version: packageJson.version,
      shell: deps.shell,
      kiosk: deps.kiosk,
      vault: deps.vault.state(),
    }),
    'lockScreen.get': () => lockScreenOf(deps.store, deps.kiosk),
    ...sessionHandlers({
      store: deps.store,
      hasher: deps.hasher,
      clock: deps.clock,
      directory: deps.directory,
      passwords: deps.passwords,
      session,
      mailer: deps.mailer,
    }),
    ...securityInfoHandlers({ service: deps.securityInfo, session }),
    ...deps.admin,
    'reset.start': () => {
      // §9: the renderer is untrusted, so the link's rules hold here too.
      if (!resetLinkOf(deps.store.device.get()).available) {
        throw new CallFailure('forbidden', 'Password reset is not offered on this device.');
      }
      return deps.resets.start();
    },
    'reset.view': ({ flowId }) => deps.resets.view(flowId),
    'reset.newCaptcha': ({ flowId }) => deps.resets.newCaptcha(flowId),
    'reset.identify': ({ flowId, upn, captcha }) => deps.resets.identify(flowId, upn, captcha),
    'reset.chooseAction': ({ flowId, action }) => deps.resets.chooseAction(flowId, action),
    'reset.chooseMethod': ({ flowId, gateMethod, methodId, phoneNumber }) =>
      deps.resets.chooseMethod(flowId, gateMethod, methodId, phoneNumber),
    'reset.respond': ({ flowId, response }) => deps.resets.respond(flowId, response),
    'reset.changeMethod': ({ flowId }) => deps.resets.changeMethod(flowId),
    'reset.checkPassword': async ({ flowId, password }) => ({
      feedback: await deps.resets.checkPassword(flowId, password),
    }),
    'reset.setPassword': ({ flowId, newPassword, confirmPassword }) =>
      deps.resets.setPassword(flowId, newPassword, confirmPassword),
    'reset.cancel': ({ flowId }) => deps.resets.cancel(flowId),
    'training.state': () => deps.training.state(),
    'training.devices': ({ upn }) => deps.training.devices(upn),
    'training.answerCall': ({ upn, callId, confirm }) => deps.training.answerCall(upn, callId, confirm),
    'training.respondToPush': ({ upn, pushId, response }) => deps.training.respondToPush(upn, pushId, response),
    'training.advanceClock': ({ minutes }) => deps.training.advanceClock(minutes),
  };
}

function lockScreenOf(store: Store, kiosk: boolean): LockScreen {
  const tenant = store.tenants.first();
  if (!tenant) throw new CallFailure('unavailable', 'This device has no tenant: load a scenario.');
  const device = store.device.get();
  // DontDisplayLastUserName = 1 hides the last user's tile, as Windows does (§9).
  const lastUser = device.dontDisplayLastUserName || !device.lastUserUpn ? null : store.users.byUpn(device.lastUserUpn);
  return {
    tenantName: tenant.name,
    ...tenantLook(tenant.name, tenant.customization),
    lastUser: lastUser ? tileOf(lastUser) : null,
    kiosk: kiosk || device.fullscreen,
    resetLink: resetLinkOf(device),
  };
}
