import { z } from 'zod';
import { Branding, GateMethod, HelpdeskContact } from './policy';

/**
 * What the reset wizard may show, as the main process decides it (§5). Each view is the state of a
 * flow with every secret left out: masked addresses and numbers, the questions but never the
 * answers, the push's number (the user compares it on the phone), never a code.
 */
/** One refused password rule with the figures its message needs (never the password or a matched term). */
export const RuleFailure = z.object({
  code: z.string(),
  params: z.record(z.string(), z.union([z.number(), z.string()])),
});
export type RuleFailure = z.infer<typeof RuleFailure>;

export const FlowNotice = z
  .object({
    code: z.string(),
    triesLeft: z.number().int().optional(),
    retryAt: z.string().optional(),
    reason: z.string().optional(),
    failures: z.array(RuleFailure).optional(),
  })
  .nullable();

const base = { notice: FlowNotice };

/**
 * The tenant of the UPN typed at "who are you" (§1: the domain picks it), as the wizard shows it from
 * then on: its logo text, colours and helpdesk (§2 Customization), not the device's tenant's.
 */
export const FlowTenant = z.object({ name: z.string(), branding: Branding, helpdesk: HelpdeskContact });
export type FlowTenant = z.infer<typeof FlowTenant>;

/** Steps after "who are you" know the user, so their tenant (null only if it has gone since: the device's). */
const identified = { ...base, upn: z.string(), tenant: FlowTenant.nullable() };

export const GateOption = z.object({
  gateMethod: GateMethod,
  methodId: z.number().int(),
  display: z.string(),
  needsPhoneNumber: z.boolean(),
});
export type GateOption = z.infer<typeof GateOption>;

export const ActiveChallengeView = z.object({
  gateMethod: GateMethod,
  methodId: z.number().int(),
  kind: z.enum(['codeSent', 'callPlaced', 'pushSent', 'questions', 'ready']),
  display: z.string(),
  pushNumber: z.string().nullable(),
  questions: z.array(z.string()).nullable(),
  expiresAt: z.string().nullable(),
});

export const FlowView = z.discriminatedUnion('step', [
  z.object({
    step: z.literal('identify'),
    ...base,
    /**
     * The device's CAPTCHA option (on by default; a training room may turn it off): when off, none is
     * asked, unless a failed verification on this device in the last 30 minutes brought it back (§6).
     */
    captchaRequired: z.boolean(),
    captchaImage: z.string(),
    captchaPuzzle: z.object({ a: z.number().int(), b: z.number().int() }),
    upn: z.string().nullable(),
  }),
  z.object({
    step: z.literal('stopped'),
    ...base,
    outcome: z.string(),
    until: z.string().nullable(),
    upn: z.string().nullable(),
    /** The user's tenant, or the UPN domain's when no account matched (the same either way); null: the device's. */
    tenant: FlowTenant.nullable(),
  }),
  z.object({ step: z.literal('chooseAction'), ...identified }),
  z.object({
    step: z.literal('verify'),
    ...identified,
    action: z.enum(['reset', 'unlock']),
    gate: z.number().int(),
    gatesRequired: z.number().int(),
    admin: z.boolean(),
    options: z.array(GateOption),
    challenge: ActiveChallengeView.nullable(),
  }),
  z.object({ step: z.literal('newPassword'), ...identified }),
  z.object({
    step: z.literal('done'),
    ...identified,
    action: z.enum(['reset', 'unlock']),
    wroteBack: z.boolean(),
  }),
  z.object({ step: z.literal('expired'), ...base }),
]);
export type FlowView = z.infer<typeof FlowView>;

export const PasswordFeedback = z.object({
  ok: z.boolean(),
  failures: z.array(RuleFailure),
  bannedScore: z.number(),
  minLength: z.number().int(),
});
export type PasswordFeedback = z.infer<typeof PasswordFeedback>;
