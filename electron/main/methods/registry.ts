// Every gate method, built from the engine's deps; a new method is a new file and one line below.
// Each is wrapped so that no challenge starts or is checked for a blocked user, every failure counts
// (spec §6), and code sent / verification passed / failed are audited here, not by the flow (spec §10).
import type { GateMethod } from '../../../shared/policy';
import type { AuditActivity, AuditResult } from '../store';
import type { AuditDetail } from '../store/audit';
import { createAppCodeMethod } from './app-code';
import { createAppNotificationMethod } from './app-notification';
import { createOneTimeCodes } from './codes';
import { createEmailMethod } from './email';
import { createGuessingProtection, type GuessingProtection } from './guessing';
import { createMobileCallMethod } from './mobile-call';
import { createMobileSmsMethod } from './mobile-sms';
import { createOfficeCallMethod } from './office-call';
import { createSecurityQuestionsMethod } from './security-questions';
import type { ChallengeBase, ChallengeDeps, GateContext, MethodDeps, StartResult, VerificationMethod } from './types';

export type MethodRegistry = { readonly [M in GateMethod]: VerificationMethod };

export function createMethods(deps: MethodDeps): MethodRegistry {
  const all: ChallengeDeps = { ...deps, codes: createOneTimeCodes(deps.random) };
  const guessing = createGuessingProtection(deps.store);
  const guard = <S extends ChallengeBase>(method: VerificationMethod<S>) => guarded(method, deps, guessing);
  return {
    email: guard(createEmailMethod(all)),
    mobileSms: guard(createMobileSmsMethod(all)),
    mobileCall: guard(createMobileCallMethod(all)),
    officeCall: guard(createOfficeCallMethod(all)),
    appCode: guard(createAppCodeMethod(all)),
    appNotification: guard(createAppNotificationMethod(all)),
    securityQuestions: guard(createSecurityQuestionsMethod(all)),
  };
}

function guarded<S extends ChallengeBase>(
  method: VerificationMethod<S>,
  deps: MethodDeps,
  guessing: GuessingProtection,
): VerificationMethod<S> {
  const audit = (
    ctx: GateContext,
    activity: AuditActivity,
    result: AuditResult,
    reason: string | null,
    details: Record<string, AuditDetail> = {},
  ) =>
    deps.store.audit.append({
      at: deps.clock.now(),
      tenantId: ctx.tenant.id,
      actor: ctx.user.upn,
      targetUserId: ctx.user.id,
      targetUpn: ctx.user.upn,
      activity,
      result,
      reason,
      method: method.name,
      flowId: ctx.flowId,
      deviceId: ctx.deviceId,
      details,
    });

  /** Audits a failed verification and, when it counts, records it: the lockout may start now. */
  const failure = (ctx: GateContext, reason: string, counts: boolean) => {
    audit(ctx, 'verificationFailed', 'failure', reason, { countsTowardLockout: counts });
    if (!counts) return null;
    const block = guessing.recordFailure(ctx.user, method.name, deps.clock.now(), ctx);
    return block.blocked ? ({ kind: 'blocked', until: block.until } as const) : null;
  };

  const blockFor = (ctx: GateContext) => {
    if (ctx.user.tenantId !== ctx.tenant.id) throw new Error('The gate context mixes two tenants.');
    const block = guessing.isBlocked(ctx.user, deps.clock.now());
    return block.blocked ? ({ kind: 'blocked', until: block.until } as const) : null;
  };

  return {
    name: method.name,
    options: (user, tenant, registered) => method.options(user, tenant, registered),
    async start(ctx, methodId, input): Promise<StartResult<S>> {
      const blocked = blockFor(ctx);
      if (blocked) return blocked;
      const result = await method.start(ctx, methodId, input);
      if (result.kind === 'codeSent' || result.kind === 'callPlaced' || result.kind === 'pushSent') {
        audit(ctx, 'codeSent', 'success', null);
      } else if (result.kind === 'refused' && result.reason === 'tooManySends') {
        audit(ctx, 'codeSent', 'failure', 'tooManySends', { retryAt: result.retryAt.toISOString() });
      } else if (result.kind === 'refused' && result.countsAsFailure) {
        return failure(ctx, result.reason, true) ?? result;
      }
      return result;
    },
    async check(ctx, state, response) {
      // A state from another flow, user or method is a bug in the caller, never a guess.
      if (state.method !== method.name || state.userId !== ctx.user.id || state.flowId !== ctx.flowId) {
        throw new Error(`This ${state.method} challenge does not belong to this ${method.name} gate of this flow.`);
      }
      const blocked = blockFor(ctx);
      if (blocked) return blocked;
      const result = await method.check(ctx, state, response);
      switch (result.kind) {
        case 'passed':
          audit(ctx, 'verificationPassed', 'success', null);
          return result;
        case 'failed':
          return failure(ctx, result.reason, result.countsAsFailure) ?? result;
        case 'expired':
          failure(ctx, result.reason, false);
          return result;
        case 'pending':
        case 'blocked':
          return result;
      }
    },
  };
}
