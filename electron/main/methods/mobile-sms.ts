import { checkCode, sendWithinAllowance, type CodeChallenge } from './codes';
import { maskPhone, samePhoneNumber } from './phone';
import {
  challengeBase,
  codeValidityMs,
  notRegistered,
  phoneNumberMismatch,
  registrationFor,
  registrationsFor,
  tooManySends,
} from './registration';
import type { ChallengeDeps, VerificationMethod } from './types';

export interface SmsChallenge extends CodeChallenge {
  method: 'mobileSms';
}

/** `mobileSms`: the whole registered number typed first, then a one-time code by text message (spec §5). */
export function createMobileSmsMethod(deps: ChallengeDeps): VerificationMethod<SmsChallenge> {
  return {
    name: 'mobileSms',
    options: (user, _tenant, registered) =>
      registrationsFor(user, registered, 'mobilePhone').map((phone) => ({
        method: 'mobileSms',
        methodId: phone.id,
        display: maskPhone(phone.phoneNumber),
        needs: 'phoneNumberConfirmation',
      })),
    async start(ctx, methodId, input) {
      const phone = registrationFor(deps.store, ctx.user, methodId, 'mobilePhone');
      if (!phone) return notRegistered;
      // A wrong number sends nothing, so the prompt cannot be used to text a stranger.
      if (!samePhoneNumber(input.phoneNumber ?? '', phone.phoneNumber)) return phoneNumberMismatch;
      const now = deps.clock.now();
      const base = challengeBase(ctx, 'mobileSms', methodId);
      const sent = sendWithinAllowance(deps.store, 'sms', phone.phoneNumber, now, () => {
        const issued = deps.codes.issue(base, now, codeValidityMs(ctx.tenant));
        deps.store.outbox.append({
          at: now,
          tenantId: ctx.tenant.id,
          channel: 'sms',
          recipient: phone.phoneNumber,
          body: `Use verification code ${issued.code} to reset your ${ctx.tenant.name} password. It expires in ${ctx.tenant.ssprPolicy.codeValidityMinutes} minutes.`,
        });
        return issued;
      });
      if (!sent.allowed) return tooManySends(sent.retryAt);
      const issued = sent.sent;
      return { kind: 'codeSent', expiresAt: issued.expiresAt, state: { ...base, challengeId: issued.challengeId } };
    },
    check: async (_ctx, state, response) => checkCode(deps.codes, state, response, deps.clock.now()),
  };
}
