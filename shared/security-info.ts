import { z } from 'zod';
import { GateMethod, MethodKind } from './policy';

/**
 * "Manage my security info" (spec §7) as the main process shows it to the signed-in user. Every
 * method is proven while it is registered; until then it is a pending registration that holds
 * no usable method. Nothing here carries a secret: addresses and numbers are the user's own (they
 * typed them), codes are never echoed, the authenticator's secret reaches the screen only inside
 * the QR image (rendered in the main process), answers never come back.
 */

export const RegisteredMethod = z.object({
  methodId: z.number().int(),
  kind: MethodKind,
  /** The address or number as registered, the authenticator's device name, or empty. */
  display: z.string(),
  registeredAt: z.string(),
  /** The reset gates this registration can serve under the tenant's policy (may be empty). */
  usableFor: z.array(GateMethod),
  /** Security questions: the questions registered (never the answers). */
  questions: z.array(z.string()).nullable(),
});
export type RegisteredMethod = z.infer<typeof RegisteredMethod>;

export const PendingRegistration = z.object({
  pendingId: z.string().regex(/^[A-Za-z0-9_-]{22}$/),
  kind: z.enum(['email', 'mobilePhone', 'officePhone', 'authenticatorApp']),
  /** Replacing this registration once proven ("Change"), or null when adding. */
  replaces: z.number().int().nullable(),
  /** How it is being proven. */
  proof: z.enum(['codeSent', 'callPlaced', 'scanQr']),
  display: z.string(),
  /** scanQr: the `otpauth://` URI as an SVG data URL, made in the main process. */
  qrImage: z.string().nullable(),
  expiresAt: z.string().nullable(),
});
export type PendingRegistration = z.infer<typeof PendingRegistration>;

export const SecurityInfoNotice = z
  .object({
    code: z.string(),
    triesLeft: z.number().int().optional(),
    /** Security questions: which entries broke which §7 rule (index into the submitted list). */
    issues: z.array(z.object({ index: z.number().int(), rule: z.string() })).optional(),
  })
  .nullable();
export type SecurityInfoNotice = z.infer<typeof SecurityInfoNotice>;

export const SecurityInfo = z.object({
  upn: z.string(),
  methods: z.array(RegisteredMethod),
  /** The kinds the tenant's policy lets this user register (spec §2 Authentication methods, §4). */
  allowedKinds: z.array(MethodKind),
  /** §2 Registration: usable methods required; how many of them this user holds. */
  methodsRequired: z.number().int(),
  methodsUsable: z.number().int(),
  questions: z.object({
    required: z.number().int(),
    bank: z.array(z.string()),
    minAnswerLength: z.number().int(),
  }),
  pending: PendingRegistration.nullable(),
  notice: SecurityInfoNotice,
});
export type SecurityInfo = z.infer<typeof SecurityInfo>;

const PhoneNumber = z.string().trim().min(3).max(32);

export const AddMethodRequest = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('email'), address: z.string().trim().min(3).max(254) }).strict(),
  z.object({ kind: z.literal('mobilePhone'), phoneNumber: PhoneNumber, proof: z.enum(['sms', 'call']) }).strict(),
  z
    .object({
      kind: z.literal('officePhone'),
      phoneNumber: PhoneNumber,
      extension: z.string().trim().max(10).regex(/^\d*$/, 'must be digits').optional(),
    })
    .strict(),
  z.object({ kind: z.literal('authenticatorApp'), deviceName: z.string().trim().min(1).max(64) }).strict(),
]);
export type AddMethodRequest = z.infer<typeof AddMethodRequest>;
