import { createHash, timingSafeEqual } from 'node:crypto';
import { authenticatorDisplay } from './app-code';
import { sendWithinAllowance } from './codes';
import {
  challengeBase,
  notRegistered,
  registrationFor,
  registrationsFor,
  tooManySends,
  unexpectedResponse,
} from './registration';
import type { ChallengeBase, GateContext, MethodDeps, MethodOption, VerificationMethod } from './types';

export interface PushChallenge extends ChallengeBase {
  method: 'appNotification';
  pushId: string;
  /** The two digits the wizard shows; the app must send them back (number matching). */
  number: string;
}

/** The push channel's address for one authenticator registration, as the outbox and its throttle know it. */
export function pushAddress(methodId: number): string {
  return `authenticator-app:${methodId}`;
}

/** `appNotification`: a push with number matching; deny fails, deny and report is audited; 60 s to answer (spec §5). */
export function createAppNotificationMethod(deps: MethodDeps): VerificationMethod<PushChallenge> {
  return {
    name: 'appNotification',
    options: (user, _tenant, registered): MethodOption[] =>
      registrationsFor(user, registered, 'authenticatorApp').map((app) => ({
        method: 'appNotification',
        methodId: app.id,
        display: authenticatorDisplay(app.deviceName),
        needs: 'nothing',
      })),
    async start(ctx, methodId) {
      const app = registrationFor(deps.store, ctx.user, methodId, 'authenticatorApp');
      if (!app) return notRegistered;
      const now = deps.clock.now();
      const number = String(10 + deps.random.int(90));
      const sent = sendWithinAllowance(deps.store, 'push', pushAddress(methodId), now, () => {
        const push = deps.devices.sendPush({
          userId: ctx.user.id,
          methodId,
          deviceName: app.deviceName,
          tenantName: ctx.tenant.name,
          upn: ctx.user.upn,
          at: now,
          onReport: () => reportSuspiciousActivity(deps, ctx),
        });
        deps.store.outbox.append({
          at: now,
          tenantId: ctx.tenant.id,
          channel: 'push',
          recipient: pushAddress(methodId),
          body: `${ctx.tenant.name} (${ctx.user.upn}): are you trying to reset your password? Enter the number shown to approve.`,
        });
        return push;
      });
      if (!sent.allowed) return tooManySends(sent.retryAt);
      const push = sent.sent;
      return {
        kind: 'pushSent',
        number,
        timesOutAt: push.timesOutAt,
        state: { ...challengeBase(ctx, 'appNotification', methodId), pushId: push.id, number },
      };
    },
    async check(_ctx, state, response) {
      if (response.kind !== 'poll') return unexpectedResponse(state);
      const push = deps.devices.push(state.pushId);
      if (!push) return { kind: 'expired', reason: 'challengeGone' };
      if (push.status.kind === 'waiting' && deps.clock.now() < push.timesOutAt) return { kind: 'pending', state };
      deps.devices.finish(push.id);
      const failed = { kind: 'failed', countsAsFailure: true, retry: 'newChallengeNeeded', state } as const;
      switch (push.status.kind) {
        case 'answered':
          return sameNumber(push.status.number, state.number)
            ? { kind: 'passed' }
            : { ...failed, reason: 'wrongNumber' };
        case 'denied':
          return { ...failed, reason: push.status.reported ? 'pushDeniedAndReported' : 'pushDenied' };
        case 'waiting':
          return { kind: 'expired', reason: 'pushUnanswered' };
      }
    },
  };
}

/** Written when the user taps "deny and report", whether or not the wizard asks again. */
function reportSuspiciousActivity(deps: MethodDeps, ctx: GateContext): void {
  deps.store.audit.append({
    at: deps.clock.now(),
    tenantId: ctx.tenant.id,
    actor: ctx.user.upn,
    targetUserId: ctx.user.id,
    targetUpn: ctx.user.upn,
    activity: 'suspiciousActivityReported',
    result: 'success',
    reason: 'unrecognisedPasswordResetPushReported',
    method: 'appNotification',
    flowId: ctx.flowId,
    deviceId: ctx.deviceId,
  });
}

function sameNumber(answered: string, shown: string): boolean {
  const digest = (text: string) => createHash('sha256').update(text).digest();
  return timingSafeEqual(digest(answered), digest(shown));
}
