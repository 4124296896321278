// "Manage my security info" (spec §7): the signed-in user's own registrations. A new method is
// proven before it is stored: the e-mail and SMS codes, the voice call and the authenticator's TOTP
// reuse the reset methods' machinery (codes.ts, devices.ts, app-code.ts), and a pending
// registration lives in this process's memory only, one per user, until it is proven or dropped.
import { normalizeAnswer } from '../../../shared/answers';
import { gateMethodKind, methodKinds, questionBank, type GateMethod, type MethodKind } from '../../../shared/policy';
import type {
  AddMethodRequest,
  PendingRegistration,
  SecurityInfo,
  SecurityInfoNotice,
} from '../../../shared/security-info';
import { CallFailure } from '../../../shared/errors';
import type { Clock } from '../clock';
import { matchingStep } from '../methods/app-code';
import { createOneTimeCodes, maxTriesPerCode, sendWithinAllowance, type CodeKey } from '../methods/codes';
import type { Mailer } from '../delivery';
import type { VirtualDevices } from '../methods/devices';
import { createGuessingProtection } from '../methods/guessing';
import { dialString } from '../methods/phone';
import { codeValidityMs } from '../methods/registration';
import type { Hasher } from '../password/hasher';
import { usableGateMethods } from '../policy/eligibility';
import type { Random } from '../random';
import type { AuthMethod, NewAuthMethod, OutboxChannel, Store, Tenant, User } from '../store';
import type { SecretBox } from '../vault/types';
import { auditSecurityInfo, notifySecurityInfoChanged, type ChangeKind } from './audit';
import { emailIssue, phoneNumberOf } from './contact';
import { directoryFacts, registrationStanding, type RegistrationStanding } from './due';
import { minAnswerLength, questionIssues, type AnswerInput } from './questions';
import { newTotpSecret, otpauthUri, qrSvgDataUrl } from './qr';

/** A pending registration is dropped after this long, proven or not. */
export const pendingLifetimeMs = 15 * 60_000;
/** Authenticator apps a user may hold (each other kind: one). */
export const maxAuthenticatorApps = 5;
/** A pending registration has no stored id yet: its codes are keyed on this one. */
const pendingMethodId = 0;

type Notice = NonNullable<SecurityInfoNotice>;
type Notices = Notice | null;

type Proof =
  | {
      kind: 'code';
      gateMethod: 'email' | 'mobileSms';
      challengeId: string;
      expiresAt: Date;
      channel: OutboxChannel;
      recipient: string;
    }
  | { kind: 'call'; gateMethod: 'mobileCall' | 'officeCall'; callId: string; timesOutAt: Date }
  | { kind: 'app'; qrImage: string; tries: number };

interface Pending {
  pendingId: string;
  userId: number;
  kind: PendingRegistration['kind'];
  replaces: number | null;
  display: string;
  /** What is stored once proven; the authenticator's secret only sealed. */
  method: NewAuthMethod;
  proof: Proof;
  expiresAt: Date;
}

export interface SecurityInfoDeps {
  store: Store;
  clock: Clock;
  random: Random;
  hasher: Hasher;
  secretBox: SecretBox;
  devices: VirtualDevices;
  /** E-mail: the outbox, then the connector the settings name (issue 9). */
  mailer: Mailer;
}

export type ProveResponse = { code: string } | { poll: true };

export interface SecurityInfoService {
  get(userId: number): SecurityInfo;
  add(userId: number, request: AddMethodRequest, replaces: number | null): Promise<SecurityInfo>;
  prove(userId: number, pendingId: string, response: ProveResponse): SecurityInfo;
  cancelPending(userId: number, pendingId: string): SecurityInfo;
  setQuestions(userId: number, answers: readonly AnswerInput[]): Promise<SecurityInfo>;
  remove(userId: number, methodId: number): SecurityInfo;
  /**
   * Where this user's pending registration sent its code, for the training room's mailbox and SMS
   * inbox (which otherwise show only registered addresses and numbers); null when none.
   */
  pendingDelivery(userId: number): { recipient: string; channel: OutboxChannel } | null;
}

interface Context {
  user: User;
  tenant: Tenant;
  methods: AuthMethod[];
  standing: RegistrationStanding;
  now: Date;
}

export function createSecurityInfoService(deps: SecurityInfoDeps): SecurityInfoService {
  const { store, clock, random, secretBox, devices } = deps;
  const codes = createOneTimeCodes(random);
  const guessing = createGuessingProtection(store);
  const pendings = new Map<number, Pending>();
  const deviceId = () => store.device.get().deviceId;

  function contextOf(userId: number): Context {
    const user = store.users.get(userId);
    const tenant = user ? store.tenants.get(user.tenantId) : null;
    if (!user || !tenant || !user.enabled)
      throw new CallFailure('unauthorized', 'Sign in to manage your security info.');
    const methods = store.methods.listForUser(user.id);
    const now = clock.now();
    const standing = registrationStanding({ ...directoryFacts(store, user), user, tenant, methods, now });
    return { user, tenant, methods, standing, now };
  }

  function allowedKinds(standing: RegistrationStanding): MethodKind[] {
    return methodKinds.filter((kind) => standing.allowedMethods.some((gate) => gateMethodKind[gate] === kind));
  }

  function livePending(userId: number, now: Date): Pending | null {
    const pending = pendings.get(userId);
    if (!pending) return null;
    if (now.getTime() >= pending.expiresAt.getTime()) {
      drop(pending);
      return null;
    }
    return pending;
  }

  function drop(pending: Pending): void {
    if (pending.proof.kind === 'call') devices.finish(pending.proof.callId);
    if (pendings.get(pending.userId) === pending) pendings.delete(pending.userId);
  }

  function view(ctx: Context, notice: Notices): SecurityInfo {
    const { user, tenant, standing } = ctx;
    const policy = tenant.ssprPolicy;
    const pending = livePending(user.id, ctx.now);
    return {
      upn: user.upn,
      methods: ctx.methods.map((method) => ({
        methodId: method.id,
        kind: method.kind,
        display: displayOf(method),
        registeredAt: method.registeredAt.toISOString(),
        usableFor: usableGateMethods(user, [method], standing.allowedMethods, policy.questionsRequiredToReset).map(
          (usable) => usable.gateMethod,
        ),
        questions: method.kind === 'securityQuestions' ? method.answers.map((answer) => answer.question) : null,
      })),
      allowedKinds: allowedKinds(standing),
      methodsRequired: standing.methodsRequired,
      methodsUsable: standing.methodsUsable,
      questions: {
        required: policy.questionsRequiredToRegister,
        bank: questionBank(policy),
        minAnswerLength,
      },
      pending: pending && pendingView(pending),
      notice,
    };
  }

  const fresh = (userId: number, notice: Notices) => view(contextOf(userId), notice);

  function audit(ctx: Context, entry: Parameters<typeof auditSecurityInfo>[2]): void {
    auditSecurityInfo(
      store,
      { at: clock.now(), tenant: ctx.tenant, user: ctx.user, actor: ctx.user.upn, deviceId: deviceId() },
      entry,
    );
  }

  /**
   * A failed proof (a wrong code, a declined call) counts toward §6 exactly like a failed reset
   * verification: one rule for every code this engine checks, and a script at an unlocked session
   * cannot probe the code machinery for free. It does not block registration itself: the block
   * guards the reset, and a user at a mandatory interrupt must still be able to finish. Expired
   * codes and unanswered calls are not guesses and do not count.
   */
  function failedProof(ctx: Context, pending: Pending, gateMethod: GateMethod, reason: string): void {
    audit(ctx, {
      activity: 'verificationFailed',
      result: 'failure',
      reason,
      method: gateMethod,
      details: { purpose: 'registration', kind: pending.kind },
    });
    guessing.recordFailure(ctx.user, gateMethod, ctx.now, { deviceId: deviceId() });
  }

  function completeRegistration(ctx: Context, pending: Pending, totpStep: number | null): Notices {
    const outcome = store.transaction((): Notices => {
      const current = store.methods.listForUser(ctx.user.id);
      if (pending.replaces !== null) {
        const old = current.find((method) => method.id === pending.replaces);
        if (!old) return { code: 'replacedGone' };
        store.methods.remove(old.id);
      } else if (pending.kind !== 'authenticatorApp' && current.some((method) => method.kind === pending.kind)) {
        return { code: 'alreadyRegistered' };
      }
      const added = store.methods.add(ctx.user.id, pending.method, ctx.now);
      // The code that proved the app is spent: it cannot also pass a reset gate.
      if (totpStep !== null) store.methods.claimTotpStep(added.id, totpStep);
      recordChange(ctx, added.kind, pending.replaces === null ? 'added' : 'changed', added.id, pending.replaces);
      return { code: pending.replaces === null ? 'registered' : 'changed' };
    });
    drop(pending);
    return outcome;
  }

  /** Inside the caller's transaction: audit, "all required" when reached, confirmation, notification. */
  function recordChange(
    ctx: Context,
    kind: MethodKind,
    change: ChangeKind,
    methodId: number,
    replaced: number | null,
  ): void {
    audit(ctx, {
      activity: change === 'removed' ? 'securityInfoRemoved' : 'securityInfoRegistered',
      result: 'success',
      reason: change,
      method: kind,
      details: { methodId, replacedMethodId: replaced },
    });
    if (change !== 'removed') {
      // Registering is reviewing: the reconfirmation period starts again (§7).
      store.users.setRegistrationConfirmed(ctx.user.id, ctx.now);
      const after = contextOf(ctx.user.id).standing;
      if (ctx.standing.methodsUsable < after.methodsRequired && after.methodsUsable >= after.methodsRequired) {
        audit(ctx, {
          activity: 'securityInfoRegistrationCompleted',
          result: 'success',
          reason: 'allRequired',
          method: null,
          details: { methodsRequired: after.methodsRequired, methodsUsable: after.methodsUsable },
        });
      }
    }
    notifySecurityInfoChanged(
      store,
      { at: ctx.now, tenant: ctx.tenant, user: ctx.user, deviceId: deviceId() },
      kind,
      change,
      ctx.methods,
    );
  }

  async function startProof(
    ctx: Context,
    request: AddMethodRequest,
    replaces: number | null,
  ): Promise<Pending | Notice> {
    const { user, tenant, now } = ctx;
    const pendingId = random.bytes(16).toString('base64url');
    const expiresAt = new Date(now.getTime() + pendingLifetimeMs);
    const base = { pendingId, userId: user.id, replaces, expiresAt };
    const codeKey = (method: 'email' | 'mobileSms'): CodeKey => ({
      userId: user.id,
      method,
      methodId: pendingMethodId,
    });

    switch (request.kind) {
      case 'email': {
        const address = request.address.trim();
        const issue = emailIssue(address, user.upn);
        if (issue) return { code: issue };
        const sent = sendWithinAllowance(store, 'email', address, now, () => {
          const issued = codes.issue(codeKey('email'), now, codeValidityMs(tenant));
          const mail = deps.mailer.record({
            at: now,
            tenantId: tenant.id,
            to: address,
            about: { userId: user.id, upn: user.upn },
            subject: `${tenant.name} account email verification code`,
            body: [
              `Please use the following code to verify this e-mail address for the ${tenant.name} account ${user.upn}.`,
              '',
              `Code: ${issued.code}`,
              '',
              `The code works once and expires in ${tenant.ssprPolicy.codeValidityMinutes} minutes.`,
              "If you didn't add this address to your security info, you can ignore this e-mail.",
            ].join('\n'),
          });
          return { issued, mail };
        });
        if (!sent.allowed) return tooManySends(ctx, 'email');
        const { issued, mail } = sent.sent;
        if (!(await deps.mailer.deliver(mail)).delivered) return { code: 'deliveryFailed' };
        audit(ctx, {
          activity: 'codeSent',
          result: 'success',
          reason: 'registration',
          method: 'email',
          details: { purpose: 'registration' },
        });
        return {
          ...base,
          kind: 'email',
          display: address,
          method: { kind: 'email', address },
          proof: {
            kind: 'code',
            gateMethod: 'email',
            challengeId: issued.challengeId,
            expiresAt: issued.expiresAt,
            channel: 'email',
            recipient: address,
          },
        };
      }
      case 'mobilePhone':
      case 'officePhone': {
        const number = phoneNumberOf(request.phoneNumber);
        if (number === null) return { code: 'invalidPhone' };
        if (request.kind === 'mobilePhone' && request.proof === 'sms') {
          const sent = sendWithinAllowance(store, 'sms', number, now, () => {
            const issued = codes.issue(codeKey('mobileSms'), now, codeValidityMs(tenant));
            store.outbox.append({
              at: now,
              tenantId: tenant.id,
              channel: 'sms',
              recipient: number,
              body: `Use verification code ${issued.code} to add this phone to your ${tenant.name} security info. It expires in ${tenant.ssprPolicy.codeValidityMinutes} minutes.`,
            });
            return issued;
          });
          if (!sent.allowed) return tooManySends(ctx, 'mobileSms');
          const issued = sent.sent;
          audit(ctx, {
            activity: 'codeSent',
            result: 'success',
            reason: 'registration',
            method: 'mobileSms',
            details: { purpose: 'registration' },
          });
          return {
            ...base,
            kind: 'mobilePhone',
            display: number,
            method: { kind: 'mobilePhone', phoneNumber: number },
            proof: {
              kind: 'code',
              gateMethod: 'mobileSms',
              challengeId: issued.challengeId,
              expiresAt: issued.expiresAt,
              channel: 'sms',
              recipient: number,
            },
          };
        }
        const extension = request.kind === 'officePhone' && request.extension ? request.extension : null;
        const gateMethod = request.kind === 'officePhone' ? 'officeCall' : 'mobileCall';
        const dialled = dialString(number, extension);
        const placed = sendWithinAllowance(store, 'voice', dialled, now, () => {
          const ringing = devices.ring({
            userId: user.id,
            methodId: pendingMethodId,
            dialled,
            caller: tenant.name,
            at: now,
          });
          store.outbox.append({
            at: now,
            tenantId: tenant.id,
            channel: 'voice',
            recipient: dialled,
            body: `Automated call from ${tenant.name}: you are adding this phone to your security info. Press the pound key (#) to finish, or hang up.`,
          });
          return ringing;
        });
        if (!placed.allowed) return tooManySends(ctx, gateMethod);
        const call = placed.sent;
        audit(ctx, {
          activity: 'codeSent',
          result: 'success',
          reason: 'registration',
          method: gateMethod,
          details: { purpose: 'registration' },
        });
        return {
          ...base,
          kind: request.kind,
          display: dialled,
          method:
            request.kind === 'officePhone'
              ? { kind: 'officePhone', phoneNumber: number, extension }
              : { kind: 'mobilePhone', phoneNumber: number },
          proof: { kind: 'call', gateMethod, callId: call.id, timesOutAt: call.timesOutAt },
        };
      }
      case 'authenticatorApp': {
        const secret = newTotpSecret(random);
        const qrImage = await qrSvgDataUrl(otpauthUri(tenant.name, user.upn, secret));
        const deviceName = request.deviceName.trim();
        return {
          ...base,
          kind: 'authenticatorApp',
          display: deviceName,
          method: { kind: 'authenticatorApp', sealedSecret: secretBox.seal(secret), deviceName },
          proof: { kind: 'app', qrImage, tries: 0 },
        };
      }
    }
  }

  function tooManySends(ctx: Context, method: GateMethod): Notice {
    audit(ctx, {
      activity: 'codeSent',
      result: 'failure',
      reason: 'tooManySends',
      method,
      details: { purpose: 'registration' },
    });
    return { code: 'tooManySends' };
  }

  return {
    get: (userId) => fresh(userId, null),

    async add(userId, request, replaces) {
      const ctx = contextOf(userId);
      const refused = (notice: Notice) => view(ctx, notice);
      if (!allowedKinds(ctx.standing).includes(request.kind)) return refused({ code: 'kindNotAllowed' });
      if (replaces !== null) {
        const old = ctx.methods.find((method) => method.id === replaces);
        if (!old) throw new CallFailure('not_found', 'That method is not one of yours.');
        if (old.kind !== request.kind) return refused({ code: 'replaceKindMismatch' });
      } else if (request.kind === 'authenticatorApp') {
        const apps = ctx.methods.filter((method) => method.kind === 'authenticatorApp').length;
        if (apps >= maxAuthenticatorApps) return refused({ code: 'tooManyApps' });
      } else if (ctx.methods.some((method) => method.kind === request.kind)) {
        return refused({ code: 'alreadyRegistered' });
      }
      // One pending registration per user: a new one (a resend too) replaces the earlier.
      const earlier = pendings.get(userId);
      if (earlier) drop(earlier);
      const started = await startProof(ctx, request, replaces);
      if (!('pendingId' in started)) return refused(started);
      pendings.set(userId, started);
      return view(ctx, null);
    },

    prove(userId, pendingId, response) {
      const ctx = contextOf(userId);
      const pending = livePending(userId, ctx.now);
      if (!pending || pending.pendingId !== pendingId) return view(ctx, { code: 'pendingGone' });
      const proof = pending.proof;
      switch (proof.kind) {
        case 'code': {
          if (!('code' in response)) return view(ctx, null);
          const key = { userId, method: proof.gateMethod, methodId: pendingMethodId };
          const verdict = codes.verify(key, proof.challengeId, response.code, ctx.now);
          switch (verdict.kind) {
            case 'passed':
              audit(ctx, {
                activity: 'verificationPassed',
                result: 'success',
                reason: 'registration',
                method: proof.gateMethod,
                details: { purpose: 'registration' },
              });
              return fresh(userId, completeRegistration(ctx, pending, null));
            case 'wrong':
              failedProof(ctx, pending, proof.gateMethod, 'wrongCode');
              return fresh(userId, { code: 'wrongCode', triesLeft: verdict.triesLeft });
            case 'triesExhausted':
              return view(ctx, { code: 'codeTriesExhausted', triesLeft: 0 });
            case 'expired':
            case 'replaced':
            case 'used':
              return view(ctx, { code: 'codeExpired' });
          }
          break;
        }
        case 'call': {
          const call = devices.call(proof.callId);
          if (call && call.status === 'ringing' && ctx.now.getTime() < call.timesOutAt.getTime())
            return view(ctx, null);
          if (call?.status === 'confirmed') {
            audit(ctx, {
              activity: 'verificationPassed',
              result: 'success',
              reason: 'registration',
              method: proof.gateMethod,
              details: { purpose: 'registration' },
            });
            return fresh(userId, completeRegistration(ctx, pending, null));
          }
          drop(pending);
          if (call?.status === 'declined') {
            failedProof(ctx, pending, proof.gateMethod, 'callDeclined');
            return fresh(userId, { code: 'callDeclined' });
          }
          audit(ctx, {
            activity: 'verificationFailed',
            result: 'failure',
            reason: 'callUnanswered',
            method: proof.gateMethod,
            details: { purpose: 'registration' },
          });
          return fresh(userId, { code: 'callUnanswered' });
        }
        case 'app': {
          if (!('code' in response)) return view(ctx, null);
          const sealed = pending.method.kind === 'authenticatorApp' ? pending.method.sealedSecret : null;
          const step = sealed === null ? null : matchingStep(secretBox.open(sealed), response.code, ctx.now);
          if (step === null) {
            proof.tries += 1;
            failedProof(ctx, pending, 'appCode', 'wrongCode');
            const triesLeft = maxTriesPerCode - proof.tries;
            // After three wrong codes the QR is spent: the user starts again with a new secret.
            if (triesLeft <= 0) drop(pending);
            return fresh(
              userId,
              triesLeft > 0 ? { code: 'wrongCode', triesLeft } : { code: 'codeTriesExhausted', triesLeft: 0 },
            );
          }
          audit(ctx, {
            activity: 'verificationPassed',
            result: 'success',
            reason: 'registration',
            method: 'appCode',
            details: { purpose: 'registration' },
          });
          return fresh(userId, completeRegistration(ctx, pending, step));
        }
      }
    },

    cancelPending(userId, pendingId) {
      const pending = pendings.get(userId);
      if (pending && pending.pendingId === pendingId) drop(pending);
      return fresh(userId, null);
    },

    async setQuestions(userId, answers) {
      const ctx = contextOf(userId);
      const policy = ctx.tenant.ssprPolicy;
      if (!allowedKinds(ctx.standing).includes('securityQuestions')) return view(ctx, { code: 'kindNotAllowed' });
      if (answers.length !== policy.questionsRequiredToRegister) return view(ctx, { code: 'questionCount' });
      const issues = questionIssues(answers, questionBank(policy));
      if (issues.length > 0) return view(ctx, { code: 'questionsRefused', issues });
      // Hashed as a reset compares them: normalised first (shared/answers.ts), through the slow hasher.
      const hashed = await Promise.all(
        answers.map(async (entry) => ({
          question: entry.question.trim(),
          answerHash: await deps.hasher.hash(normalizeAnswer(entry.answer)),
        })),
      );
      const after = contextOf(userId);
      const notice = store.transaction((): Notice => {
        const earlier = store.methods.listForUser(userId).find((method) => method.kind === 'securityQuestions');
        const added = store.methods.replace(userId, { kind: 'securityQuestions', answers: hashed }, after.now);
        recordChange(after, 'securityQuestions', earlier ? 'changed' : 'added', added.id, earlier?.id ?? null);
        return { code: 'questionsSaved' };
      });
      return fresh(userId, notice);
    },

    remove(userId, methodId) {
      const ctx = contextOf(userId);
      const method = ctx.methods.find((candidate) => candidate.id === methodId);
      // Someone else's id reads the same as no id at all.
      if (!method) throw new CallFailure('not_found', 'That method is not one of yours.');
      const pending = pendings.get(userId);
      if (pending && pending.replaces === methodId) drop(pending);
      store.transaction(() => {
        store.methods.remove(method.id);
        recordChange(ctx, method.kind, 'removed', method.id, null);
      });
      return fresh(userId, { code: 'removed' });
    },

    pendingDelivery(userId) {
      const pending = livePending(userId, clock.now());
      return pending && pending.proof.kind === 'code'
        ? { recipient: pending.proof.recipient, channel: pending.proof.channel }
        : null;
    },
  };
}

function pendingView(pending: Pending): PendingRegistration {
  const proof = pending.proof;
  return {
    pendingId: pending.pendingId,
    kind: pending.kind,
    replaces: pending.replaces,
    proof: proof.kind === 'code' ? 'codeSent' : proof.kind === 'call' ? 'callPlaced' : 'scanQr',
    display: pending.display,
    qrImage: proof.kind === 'app' ? proof.qrImage : null,
    expiresAt: (proof.kind === 'code'
      ? proof.expiresAt
      : proof.kind === 'call'
        ? proof.timesOutAt
        : pending.expiresAt
    ).toISOString(),
  };
}

/** The address or number as registered, the authenticator's device name, or empty. Never a secret. */
function displayOf(method: AuthMethod): string {
  switch (method.kind) {
    case 'email':
      return method.address;
    case 'mobilePhone':
      return method.phoneNumber;
    case 'officePhone':
      return dialString(method.phoneNumber, method.extension);
    case 'authenticatorApp':
      return method.deviceName ?? '';
    case 'securityQuestions':
      return '';
  }
}
