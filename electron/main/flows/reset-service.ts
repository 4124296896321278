// The reset flows of this device, keyed by flow id: each contract call finds its flow, applies one
// transition of reset-flow.ts, and answers with the view of the new state. Calls on one flow run one
// at a time; a flow idle for 15 minutes is gone (§5).
import { tenantLook, type GateMethod } from '../../../shared/policy';
import type { FlowTenant, FlowView, PasswordFeedback, RuleFailure } from '../../../shared/reset';
import type { Clock } from '../clock';
import type { Random } from '../random';
import type { Store, Tenant, User } from '../store';
import type { MethodRegistry, GateContext, GateResponse, CheckResult, ChallengeBase } from '../methods';
import { evaluateEligibility, methodsForNextGate, usableGateMethods } from '../policy';
import type { PasswordPolicyService } from '../password/policy';
import type { OnPremDirectory } from '../directory/types';
import { resetPassword, unlockAccount } from '../directory/writeback';
import type { Hasher } from '../password/hasher';
import { captchaSolved, type CaptchaIssuer } from './captcha';
import { notifyPasswordReset } from './notify';
import type { Mailer, RecordedMail } from '../delivery';
import {
  afterIdentify,
  allGatesPassed,
  challengeDropped,
  challengeStarted,
  chooseAction,
  gatePassed,
  nextGate,
  passwordSet,
  stopped,
  type FlowAction,
  type FlowState,
  type FlowUser,
} from './reset-flow';

export const flowIdleLimitMs = 15 * 60_000;
/**
 * §6 "the who are you step is behind the CAPTCHA": a training room may turn the device's CAPTCHA
 * off, but it comes back for every new "who are you" while this device has seen a failed
 * verification (or an SSPR block) in the last 30 minutes (the default lockout window), so a script
 * that guesses cannot walk through the gates unchallenged.
 */
export const captchaReturnsForMs = 30 * 60_000;
/** A device shows one lock screen; this only bounds memory against a runaway caller. */
const maxFlows = 200;

/**
 * `reset`: "Reset password" on the lock screen. `riskRemediation`: a signed-in high-risk user of a
 * P2 tenant (§7), started past "who are you", one MFA gate, and the user's risk is cleared when the
 * new password is set.
 */
export type FlowPurpose = 'reset' | 'riskRemediation';

/** The gate methods that are multifactor: security questions and e-mail are SSPR-only, not MFA. */
export const mfaGateMethods: readonly GateMethod[] = [
  'mobileSms',
  'mobileCall',
  'officeCall',
  'appCode',
  'appNotification',
];

interface Flow {
  id: string;
  purpose: FlowPurpose;
  lastActivity: number;
  state: FlowState;
  /** A one-line notice for the next view (a wrong code, a refused send); never a secret. */
  notice: FlowView['notice'];
  wroteBack: boolean;
  queue: Promise<unknown>;
}

export interface ResetServiceDeps {
  store: Store;
  clock: Clock;
  random: Random;
  hasher: Hasher;
  methods: MethodRegistry;
  directory: OnPremDirectory;
  passwords: PasswordPolicyService;
  captcha: CaptchaIssuer;
  /** E-mail notifications (§10): the outbox, then the connector the settings name (issue 9). */
  mailer: Mailer;
}

export type ChallengeResponse = { code: string } | { answers: string[] } | { poll: true };

export function createResetService(deps: ResetServiceDeps) {
  const flows = new Map<string, Flow>();
  const now = () => deps.clock.now();
  const deviceId = () => deps.store.device.get().deviceId;

  function newFlowId(): string {
    return deps.random.bytes(16).toString('base64url');
  }

  /** The device's CAPTCHA option, or the CAPTCHA come back after failures on this device (§6). */
  function captchaRequired(): boolean {
    const device = deps.store.device.get();
    if (device.captcha) return true;
    // A failure exactly 30 minutes old has left the window, as in §6's own count.
    const since = new Date(now().getTime() - captchaReturnsForMs + 1);
    return deps.store.audit.failuresOnDeviceSince(device.deviceId, since) > 0;
  }

  function freshCaptchaState(upnTyped: string | null): FlowState {
    const { challenge, answers } = deps.captcha.issue(now());
    return { step: 'identify', captcha: challenge, answers, upnTyped };
  }

  function sweep(): void {
    const limit = now().getTime() - flowIdleLimitMs;
    for (const [id, flow] of flows) if (flow.lastActivity <= limit) expire(id, flow);
    while (flows.size >= maxFlows) {
      const oldest = flows.keys().next().value;
      if (oldest === undefined) break;
      flows.delete(oldest);
    }
  }

  function expire(id: string, flow: Flow): void {
    flows.delete(id);
    const user = 'user' in flow.state ? flow.state.user : null;
    if (user && flow.state.step !== 'done' && flow.state.step !== 'stopped') {
      deps.store.audit.append({
        at: now(),
        tenantId: user.tenantId,
        actor: user.upn,
        targetUserId: user.userId,
        targetUpn: user.upn,
        activity: 'flowExpired',
        result: 'failure',
        reason: 'idleFor15Minutes',
        flowId: id,
        deviceId: deviceId(),
      });
    }
  }

  /** Runs one call on a flow, after any call still running on it; an unknown or idle flow is expired. */
  async function onFlow(flowId: string, apply: (flow: Flow) => Promise<void> | void): Promise<FlowView> {
    sweep();
    const flow = flows.get(flowId);
    if (!flow) return { step: 'expired', notice: null };
    const run = flow.queue.then(async () => {
      if (!flows.has(flowId)) return;
      flow.notice = null;
      flow.lastActivity = now().getTime();
      await apply(flow);
    });
    flow.queue = run.catch(() => undefined);
    await run;
    return flows.has(flowId) ? viewOf(flow) : { step: 'expired', notice: null };
  }

  function tenantAndUser(who: FlowUser): { user: User; tenant: Tenant } | null {
    const user = deps.store.users.get(who.userId);
    const tenant = deps.store.tenants.get(who.tenantId);
    return user && tenant ? { user, tenant } : null;
  }

  function gateContext(flowId: string, who: FlowUser): GateContext | null {
    const found = tenantAndUser(who);
    return found ? { flowId, user: found.user, tenant: found.tenant, deviceId: deviceId() } : null;
  }

  function auditFlow(
    flow: Flow,
    who: { userId: number | null; tenantId: number | null; upn: string },
    activity:
      'flowStarted' | 'methodChosen' | 'resetBlocked' | 'passwordReset' | 'accountUnlocked' | 'userRiskRemediated',
    result: 'success' | 'failure',
    reason: string | null,
    method: GateMethod | null = null,
    details: Record<string, number> = {},
  ): void {
    deps.store.audit.append({
      at: now(),
      tenantId: who.tenantId,
      actor: who.upn,
      targetUserId: who.userId,
      targetUpn: who.upn,
      activity,
      result,
      reason,
      method,
      flowId: flow.id,
      deviceId: deviceId(),
      details,
    });
  }

  /** §3 in order for the UPN typed; the same lookups run whether or not the account exists (§3.1). */
  function identifyUser(upn: string): {
    eligibility: ReturnType<typeof evaluateEligibility>;
    user: User | null;
    tenant: Tenant | null;
  } {
    const byUpn = deps.store.users.byUpn(upn);
    const tenant = deps.store.tenants.forUpn(upn);
    const user = byUpn && tenant && byUpn.tenantId === tenant.id ? byUpn : null;
    const userId = user?.id ?? -1;
    const eligibility = evaluateEligibility({
      user,
      tenant,
      domains: tenant ? deps.store.tenants.domains(tenant.id) : [],
      roles: deps.store.users.roles(userId),
      groupMemberships: deps.store.groups.ofUser(userId).map((group) => group.id),
      methods: deps.store.methods.listForUser(userId),
      now: now(),
    });
    return { eligibility, user, tenant };
  }

  /** The branding and helpdesk the wizard shows once the UPN picked a tenant (§1, §2 Customization); null: none known. */
  function flowTenant(tenantId: number | null): FlowTenant | null {
    const tenant = tenantId === null ? null : deps.store.tenants.get(tenantId);
    return tenant ? { name: tenant.name, ...tenantLook(tenant.name, tenant.customization) } : null;
  }

  function viewOf(flow: Flow): FlowView {
    const state = flow.state;
    switch (state.step) {
      case 'identify':
        return {
          step: 'identify',
          notice: flow.notice,
          captchaRequired: captchaRequired(),
          captchaImage: state.captcha.image,
          captchaPuzzle: state.captcha.puzzle,
          upn: state.upnTyped,
        };
      case 'stopped':
        return {
          step: 'stopped',
          notice: flow.notice,
          outcome: state.outcome,
          until: state.until?.toISOString() ?? null,
          upn: state.user?.upn ?? null,
          tenant: flowTenant(state.tenantId),
        };
      case 'chooseAction':
        return {
          step: 'chooseAction',
          notice: flow.notice,
          upn: state.user.upn,
          tenant: flowTenant(state.user.tenantId),
        };
      case 'verify': {
        const { gate, choices } = nextGate(state);
        const context = gateContext(flow.id, state.user);
        const registered = context ? deps.store.methods.listForUser(context.user.id) : [];
        const options = context
          ? choices.flatMap((choice) =>
              deps.methods[choice.gateMethod]
                .options(context.user, context.tenant, registered)
                .filter((option) => option.methodId === choice.methodId)
                .map((option) => ({
                  gateMethod: option.method,
                  methodId: option.methodId,
                  display: option.display,
                  needsPhoneNumber: option.needs === 'phoneNumberConfirmation',
                })),
            )
          : [];
        const challenge = state.challenge;
        return {
          step: 'verify',
          notice: flow.notice,
          upn: state.user.upn,
          tenant: flowTenant(state.user.tenantId),
          action: state.action,
          gate,
          gatesRequired: state.user.gatesRequired,
          admin: state.user.admin,
          options,
          challenge: challenge
            ? {
                gateMethod: challenge.method,
                methodId: challenge.methodId,
                kind: challenge.started,
                display:
                  options.find(
                    (option) => option.methodId === challenge.methodId && option.gateMethod === challenge.method,
                  )?.display ?? '',
                pushNumber: challenge.pushNumber,
                questions: challenge.questions,
                expiresAt: challenge.expiresAt?.toISOString() ?? null,
              }
            : null,
        };
      }
      case 'newPassword':
        return {
          step: 'newPassword',
          notice: flow.notice,
          upn: state.user.upn,
          tenant: flowTenant(state.user.tenantId),
        };
      case 'done':
        return {
          step: 'done',
          notice: flow.notice,
          upn: state.user.upn,
          tenant: flowTenant(state.user.tenantId),
          action: state.action,
          wroteBack: flow.wroteBack,
        };
    }
  }

  async function check(flow: Flow, response: GateResponse): Promise<void> {
    const state = flow.state;
    if (state.step !== 'verify' || !state.challenge) {
      flow.notice = { code: 'notNow' };
      return;
    }
    const context = gateContext(flow.id, state.user);
    if (!context) {
      flow.state = stopped('accountNotFound', null, null);
      return;
    }
    const method = deps.methods[state.challenge.method];
    const result: CheckResult<ChallengeBase> = await method.check(context, state.challenge.state, response);
    switch (result.kind) {
      case 'passed':
        flow.state = gatePassed(state);
        if (flow.state.step === 'done') await finishUnlock(flow, flow.state.user);
        return;
      case 'pending':
        flow.state = challengeStarted(state, { ...state.challenge, state: result.state });
        flow.notice = { code: 'waiting' };
        return;
      case 'failed':
        flow.notice = {
          code: result.reason,
          ...(result.triesLeft === undefined ? {} : { triesLeft: result.triesLeft }),
        };
        flow.state =
          result.retry === 'sameChallenge'
            ? challengeStarted(state, { ...state.challenge, state: result.state })
            : challengeDropped(state);
        return;
      case 'expired':
        flow.notice = { code: result.reason };
        flow.state = challengeDropped(state);
        return;
      case 'blocked':
        flow.state = stopped('ssprLockout', result.until, state.user);
        return;
    }
  }

  async function finishUnlock(flow: Flow, who: FlowUser): Promise<void> {
    const found = tenantAndUser(who);
    if (!found) return;
    const result = await unlockAccount(
      { store: deps.store, directory: deps.directory },
      {
        user: found.user,
        tenant: found.tenant,
        flowId: flow.id,
        deviceId: deviceId(),
        actor: who.upn,
        // In the unlock's own transaction: an unlock is never without its audit event (issue 7).
        onSuccess: () => auditFlow(flow, who, 'accountUnlocked', 'success', null),
      },
    );
    if (!result.ok) {
      auditFlow(flow, who, 'accountUnlocked', 'failure', result.reason);
      // Nothing changed, and the unlock is not kept pending: the user proves who they are again
      // (in this flow) to retry, so a later retry never rides on gates passed before the failure.
      flow.state = { step: 'verify', user: who, action: 'unlock', passed: [], challenge: null };
      flow.notice = { code: 'unlockFailed', reason: result.reason };
    }
  }

  return {
    /** "Reset password" on the lock screen: a new flow at "who are you". */
    start(): { flowId: string; view: FlowView } {
      sweep();
      const flow: Flow = {
        id: newFlowId(),
        purpose: 'reset',
        lastActivity: now().getTime(),
        state: freshCaptchaState(null),
        notice: null,
        wroteBack: false,
        queue: Promise.resolve(),
      };
      flows.set(flow.id, flow);
      return { flowId: flow.id, view: viewOf(flow) };
    },

    /**
     * §7 with P2: a flow for the signed-in high-risk user, already past "who are you" (the session
     * knows who they are): one gate with an MFA method (no security questions, no e-mail), then
     * the new password. A user with no such method is stopped, with the helpdesk.
     */
    startRemediation(userId: number): { flowId: string } {
      sweep();
      const user = deps.store.users.get(userId);
      const tenant = user ? deps.store.tenants.get(user.tenantId) : null;
      if (!user || !tenant) throw new Error(`There is no user ${userId} to remediate.`);
      const usable = usableGateMethods(
        user,
        deps.store.methods.listForUser(user.id),
        mfaGateMethods,
        tenant.ssprPolicy.questionsRequiredToReset,
      );
      const flowUser: FlowUser = {
        userId: user.id,
        tenantId: user.tenantId,
        upn: user.upn,
        admin: false,
        gatesRequired: 1,
        canUnlock: false,
        writeback: user.source !== 'cloud',
        usable,
      };
      const flow: Flow = {
        id: newFlowId(),
        purpose: 'riskRemediation',
        lastActivity: now().getTime(),
        state: usable.length > 0 ? afterIdentify(flowUser) : stopped('noMfaMethod', null, flowUser),
        notice: null,
        wroteBack: false,
        queue: Promise.resolve(),
      };
      flows.set(flow.id, flow);
      const who = { userId: user.id, tenantId: user.tenantId, upn: user.upn };
      if (usable.length > 0) auditFlow(flow, who, 'flowStarted', 'success', 'riskRemediation');
      else auditFlow(flow, who, 'resetBlocked', 'failure', 'noMfaMethod');
      return { flowId: flow.id };
    },

    /** Whether `flowId` is a live risk-remediation flow for this user (not expired, not cancelled). */
    remediationAlive(flowId: string, userId: number): boolean {
      sweep();
      const flow = flows.get(flowId);
      return flow?.purpose === 'riskRemediation' && 'user' in flow.state && flow.state.user?.userId === userId;
    },

    view: (flowId: string) => onFlow(flowId, () => undefined),

    newCaptcha: (flowId: string) =>
      onFlow(flowId, (flow) => {
        if (flow.state.step === 'identify') flow.state = freshCaptchaState(flow.state.upnTyped);
      }),

    identify: (flowId: string, upn: string, captchaResponse: string | undefined) =>
      onFlow(flowId, (flow) => {
        const state = flow.state;
        if (state.step !== 'identify') {
          flow.notice = { code: 'notNow' };
          return;
        }
        // A wrong CAPTCHA gets a new one and is not a failed verification (§5.1). The device's CAPTCHA
        // option, read now, may turn it off for a training room (issue 6 Device tab) until failures bring it back (§6).
        if (captchaRequired() && !captchaSolved(state.answers, captchaResponse ?? '')) {
          flow.state = freshCaptchaState(upn);
          flow.notice = { code: 'captchaWrong' };
          return;
        }
        const { eligibility, user, tenant } = identifyUser(upn);
        const who = { userId: user?.id ?? null, tenantId: user?.tenantId ?? null, upn };
        if (!eligibility.eligible) {
          // §10's usage report counts users who tried with nothing registered: the counts are kept with the stop.
          const counts = eligibility.reasons.find((reason) => reason.rule === 'methods.notEnough')?.params;
          auditFlow(flow, who, 'resetBlocked', 'failure', eligibility.outcome, null, {
            ...(typeof counts?.['registered'] === 'number' ? { methodsRegistered: counts['registered'] } : {}),
            ...(typeof counts?.['usable'] === 'number' ? { methodsUsable: counts['usable'] } : {}),
          });
          flow.state = stopped(eligibility.outcome, eligibility.until ?? null, null, tenant?.id ?? null);
          return;
        }
        if (!user) return;
        const flowUser: FlowUser = {
          userId: user.id,
          tenantId: user.tenantId,
          upn: user.upn,
          admin: eligibility.admin,
          gatesRequired: eligibility.gatesRequired,
          canUnlock: eligibility.canUnlock,
          writeback: eligibility.writeback,
          usable: eligibility.usableMethods,
        };
        auditFlow(flow, who, 'flowStarted', 'success', null);
        flow.state = afterIdentify(flowUser);
      }),

    chooseAction: (flowId: string, action: FlowAction) =>
      onFlow(flowId, (flow) => {
        if (flow.state.step !== 'chooseAction') {
          flow.notice = { code: 'notNow' };
          return;
        }
        flow.state = chooseAction(flow.state, action);
      }),

    chooseMethod: (flowId: string, gateMethod: GateMethod, methodId: number, phoneNumber?: string) =>
      onFlow(flowId, async (flow) => {
        const state = flow.state;
        if (state.step !== 'verify') {
          flow.notice = { code: 'notNow' };
          return;
        }
        const allowed = methodsForNextGate(
          state.user.usable,
          state.passed.map((gate) => gate.methodId),
        ).some((option) => option.gateMethod === gateMethod && option.methodId === methodId);
        if (!allowed) {
          flow.notice = { code: 'methodNotOffered' };
          return;
        }
        const context = gateContext(flow.id, state.user);
        if (!context) {
          flow.state = stopped('accountNotFound', null, null);
          return;
        }
        auditFlow(flow, state.user, 'methodChosen', 'success', null, gateMethod);
        const started = await deps.methods[gateMethod].start(context, methodId, phoneNumber ? { phoneNumber } : {});
        switch (started.kind) {
          case 'refused':
            flow.state = challengeDropped(state);
            flow.notice =
              started.reason === 'tooManySends'
                ? { code: 'tooManySends', retryAt: started.retryAt.toISOString() }
                : { code: started.reason };
            return;
          case 'blocked':
            flow.state = stopped('ssprLockout', started.until, state.user);
            return;
          default:
            flow.state = challengeStarted(state, {
              method: gateMethod,
              methodId,
              started: started.kind,
              state: started.state,
              pushNumber: started.kind === 'pushSent' ? started.number : null,
              questions: started.kind === 'questions' ? started.questions : null,
              expiresAt:
                started.kind === 'codeSent'
                  ? started.expiresAt
                  : started.kind === 'callPlaced' || started.kind === 'pushSent'
                    ? started.timesOutAt
                    : null,
            });
        }
      }),

    respond: (flowId: string, response: ChallengeResponse) =>
      onFlow(flowId, (flow) =>
        check(
          flow,
          'code' in response
            ? { kind: 'code', code: response.code }
            : 'answers' in response
              ? { kind: 'answers', answers: response.answers }
              : { kind: 'poll' },
        ),
      ),

    /** Back to the list of methods for this gate (to pick another, or to ask for a new code). */
    changeMethod: (flowId: string) =>
      onFlow(flowId, (flow) => {
        if (flow.state.step === 'verify') flow.state = challengeDropped(flow.state);
      }),

    /** Live feedback while the new password is typed: the rules of §8 but the history (it needs the slow hash). */
    async checkPassword(flowId: string, password: string): Promise<PasswordFeedback | null> {
      sweep();
      const flow = flows.get(flowId);
      if (!flow || flow.state.step !== 'newPassword') return null;
      flow.lastActivity = now().getTime();
      const found = tenantAndUser(flow.state.user);
      if (!found) return null;
      const evaluation = deps.passwords.evaluateRules({
        password,
        user: passwordUser(found.user),
        tenant: { name: found.tenant.name },
        policy: found.tenant.passwordPolicy,
        customTerms: found.tenant.passwordPolicy.bannedTerms,
      });
      return feedbackOf(evaluation, found.tenant.passwordPolicy.minLength);
    },

    setPassword: (flowId: string, newPassword: string, confirmPassword: string) =>
      onFlow(flowId, async (flow) => {
        const state = flow.state;
        // The one door to a new password: the state, and the gates themselves, are checked again here.
        if (state.step !== 'newPassword' || !allGatesPassed(state.user, state.passed)) {
          flow.notice = { code: 'notNow' };
          return;
        }
        if (newPassword !== confirmPassword) {
          flow.notice = { code: 'passwordsDiffer' };
          return;
        }
        const found = tenantAndUser(state.user);
        if (!found) {
          flow.state = stopped('accountNotFound', null, null);
          return;
        }
        const { user, tenant } = found;
        const evaluation = await deps.passwords.evaluate({
          password: newPassword,
          user: passwordUser(user),
          tenant: { name: tenant.name },
          policy: tenant.passwordPolicy,
          customTerms: tenant.passwordPolicy.bannedTerms,
          history: deps.store.users.passwordHistory(user.id, tenant.passwordPolicy.historyCount),
        });
        if (!evaluation.ok) {
          flow.notice = { code: 'passwordRefused', failures: ruleFailures(evaluation.failures) };
          return;
        }
        // Everything a reset that worked writes, in the transaction that writes the password (and the
        // directory): a crash leaves the password, its audit event and the notifications all or none (issue 7).
        let notifications: RecordedMail[] = [];
        const succeeded = () => {
          deps.store.users.setMustChange(user.id, false);
          auditFlow(flow, state.user, 'passwordReset', 'success', flow.purpose === 'reset' ? null : flow.purpose);
          if (flow.purpose === 'riskRemediation') {
            // §7 with P2: an MFA gate and a new password remediate the user's risk.
            deps.store.users.setRisk(user.id, 'none');
            auditFlow(flow, state.user, 'userRiskRemediated', 'success', 'mfaAndPasswordChange');
          }
          notifications = notifyPasswordReset(deps, user, tenant, state.user.admin, flow.id);
        };
        const written = await resetPassword(
          { store: deps.store, directory: deps.directory, hasher: deps.hasher, clock: deps.clock },
          {
            user,
            tenant,
            newPassword,
            flowId: flow.id,
            deviceId: deviceId(),
            actor: user.upn,
            onSuccess: succeeded,
          },
        );
        if (!written.ok) {
          auditFlow(flow, state.user, 'passwordReset', 'failure', written.reason);
          flow.notice = { code: 'writebackFailed', reason: written.reason };
          return;
        }
        // Written with the password; sent once it is committed, without keeping the user waiting.
        deps.mailer.deliverLater(notifications);
        flow.wroteBack = written.wroteBack;
        flow.state = passwordSet(state);
      }),

    cancel(flowId: string): FlowView {
      flows.delete(flowId);
      return { step: 'expired', notice: null };
    },

    /** For tests and the admin views: how many flows are alive. */
    size: () => flows.size,
  };
}

export type ResetService = ReturnType<typeof createResetService>;

function passwordUser(user: User) {
  return {
    upn: user.upn,
    displayName: user.displayName,
    ...(user.givenName ? { givenName: user.givenName } : {}),
    ...(user.surname ? { surname: user.surname } : {}),
  };
}

/** The rules a password broke, with the figures their messages need (numbers and words, no lists). */
function ruleFailures(failures: ReadonlyArray<{ code: string; params: object }>): RuleFailure[] {
  return failures.map((failure) => ({
    code: failure.code,
    params: Object.fromEntries(
      Object.entries(failure.params).filter((entry): entry is [string, number | string] =>
        ['number', 'string'].includes(typeof entry[1]),
      ),
    ),
  }));
}

function feedbackOf(
  evaluation: { ok: boolean; failures: Array<{ code: string; params: object }>; banned: { score: number } },
  minLength: number,
): PasswordFeedback {
  return {
    ok: evaluation.ok,
    failures: ruleFailures(evaluation.failures),
    bannedScore: evaluation.banned.score,
    minLength,
  };
}
