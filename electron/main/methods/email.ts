import { checkCode, sendWithinAllowance, type CodeChallenge } from './codes';
import {
  challengeBase,
  codeValidityMs,
  notRegistered,
  registrationFor,
  registrationsFor,
  tooManySends,
} from './registration';
import type { ChallengeDeps, VerificationMethod } from './types';

export interface EmailChallenge extends CodeChallenge {
  method: 'email';
}

/**
 * `a*****@f*****.com`: the first character of the local part and of the domain, then the top-level domain.
 * The runs of stars are fixed, so the mask tells nothing of the lengths.
 */
export function maskEmail(address: string): string {
  const at = address.lastIndexOf('@');
  const local = address.slice(0, at);
  const domain = address.slice(at + 1);
  const dot = domain.lastIndexOf('.');
  const topLevel = dot > 0 ? `.${domain.slice(dot + 1)}` : '';
  return `${firstCharacter(local)}*****@${firstCharacter(domain)}*****${topLevel}`;
}

/** `email`: a one-time code to the alternate address (spec §5), through the mailer: the outbox, and SMTP when chosen. */
export function createEmailMethod(deps: ChallengeDeps): VerificationMethod<EmailChallenge> {
  return {
    name: 'email',
    options: (user, _tenant, registered) =>
      registrationsFor(user, registered, 'email').map((email) => ({
        method: 'email',
        methodId: email.id,
        display: maskEmail(email.address),
        needs: 'nothing',
      })),
    async start(ctx, methodId) {
      const email = registrationFor(deps.store, ctx.user, methodId, 'email');
      if (!email) return notRegistered;
      const now = deps.clock.now();
      const base = challengeBase(ctx, 'email', methodId);
      const sent = sendWithinAllowance(deps.store, 'email', email.address, now, () => {
        const issued = deps.codes.issue(base, now, codeValidityMs(ctx.tenant));
        const mail = deps.mailer.record({
          at: now,
          tenantId: ctx.tenant.id,
          to: email.address,
          about: { userId: ctx.user.id, upn: ctx.user.upn },
          subject: `${ctx.tenant.name} account email verification code`,
          body: [
            `Please use the following code to reset the password of your ${ctx.tenant.name} account ${ctx.user.upn}.`,
            '',
            `Code: ${issued.code}`,
            '',
            `The code works once and expires in ${ctx.tenant.ssprPolicy.codeValidityMinutes} minutes.`,
            "If you didn't ask to reset your password, you can ignore this e-mail: your password stays as it is.",
          ].join('\n'),
        });
        return { issued, mail };
      });
      if (!sent.allowed) return tooManySends(sent.retryAt);
      const { issued, mail } = sent.sent;
      // Sent after the transaction that wrote it: a slow server holds no store lock.
      const delivery = await deps.mailer.deliver(mail);
      if (!delivery.delivered) return { kind: 'refused', reason: 'deliveryFailed', countsAsFailure: false };
      return { kind: 'codeSent', expiresAt: issued.expiresAt, state: { ...base, challengeId: issued.challengeId } };
    },
    check: async (_ctx, state, response) => checkCode(deps.codes, state, response, deps.clock.now()),
  };
}

function firstCharacter(text: string): string {
  return Array.from(text)[0] ?? '';
}
