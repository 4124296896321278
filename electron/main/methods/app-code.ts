import { generateSync, verifySync } from 'otplib';
import { challengeBase, notRegistered, registrationFor, registrationsFor, unexpectedResponse } from './registration';
import type { ChallengeBase, MethodDeps, MethodOption, VerificationMethod } from './types';

export interface AppCodeChallenge extends ChallengeBase {
  method: 'appCode';
}

/** RFC 6238 as every authenticator app does it: SHA-1, 6 digits, 30 s (otplib's defaults, pinned here). */
const totp = { algorithm: 'sha1', digits: 6, period: 30 } as const;

/** The code the training panel's authenticator shows at `now`; the secret is the opened (base32) one. */
export function totpNow(secret: string, now: Date): string {
  return generateSync({ ...totp, secret, epoch: Math.floor(now.getTime() / 1000) });
}

/**
 * The display of an authenticator registration, shared by the code and the notification methods: the
 * device's name as the user gave it, or nothing. The words around it are the renderer's, translated.
 */
export function authenticatorDisplay(deviceName: string | null): string {
  return deviceName ?? '';
}

/** `appCode`: the 6-digit TOTP, one step of drift either way, and never the same step twice (spec §5). */
export function createAppCodeMethod(deps: MethodDeps): VerificationMethod<AppCodeChallenge> {
  return {
    name: 'appCode',
    options: (user, _tenant, registered): MethodOption[] =>
      registrationsFor(user, registered, 'authenticatorApp').map((app) => ({
        method: 'appCode',
        methodId: app.id,
        display: authenticatorDisplay(app.deviceName),
        needs: 'nothing',
      })),
    async start(ctx, methodId) {
      if (!registrationFor(deps.store, ctx.user, methodId, 'authenticatorApp')) return notRegistered;
      return { kind: 'ready', state: challengeBase(ctx, 'appCode', methodId) };
    },
    async check(ctx, state, response) {
      if (response.kind !== 'code') return unexpectedResponse(state);
      const app = registrationFor(deps.store, ctx.user, state.methodId, 'authenticatorApp');
      if (!app) return { kind: 'expired', reason: 'methodChanged' };
      const step = matchingStep(deps.secretBox.open(app.sealedSecret), response.code, deps.clock.now());
      if (step === null)
        return { kind: 'failed', reason: 'wrongCode', countsAsFailure: true, retry: 'sameChallenge', state };
      // Atomic: of two requests racing with one code, one claims its step and the other is refused.
      if (!deps.store.methods.claimTotpStep(app.id, step)) {
        return { kind: 'failed', reason: 'codeAlreadyUsed', countsAsFailure: true, retry: 'sameChallenge', state };
      }
      return { kind: 'passed' };
    },
  };
}

/** The time step the code belongs to, within one step either way of `now`; null when it matches none. */
export function matchingStep(secret: string, typed: string, now: Date): number | null {
  const token = typed.replace(/\s+/gu, '');
  // otplib throws on anything but 6 digits: such a code is simply wrong.
  if (!/^\d{6}$/u.test(token)) return null;
  const result = verifySync({
    ...totp,
    secret,
    token,
    epoch: Math.floor(now.getTime() / 1000),
    epochTolerance: totp.period,
  });
  return result.valid && 'timeStep' in result ? result.timeStep : null;
}
