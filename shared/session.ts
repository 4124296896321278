import { z } from 'zod';
import { RuleFailure } from './reset';

/**
 * The lock screen's session as the main process decides it (spec §7, §11). After the right
 * password the user does not simply land on the desktop: the main process says what comes first
 * (a password change, the risk remediation, the registration interrupt or the reconfirmation),
 * and no call of the renderer can skip it.
 */

export const UserTile = z.object({
  upn: z.string(),
  displayName: z.string(),
  initials: z.string(),
});
export type UserTile = z.infer<typeof UserTile>;

/** A reset flow's id: 16 random bytes, base64url. */
export const FlowId = z.string().regex(/^[A-Za-z0-9_-]{22}$/, 'is not a flow id');

/** What the signed-in user faces next, in the order §11 and §7 give. */
export const SessionStep = z.discriminatedUnion('step', [
  /** §11: an expired or must-change password is changed first (current + new twice, §8). */
  z.object({ step: z.literal('changePassword'), reason: z.enum(['expired', 'mustChange']) }),
  /**
   * §7 with P2: a high-risk user passes an MFA gate and changes the password. It runs as a reset
   * flow already past "who are you" (one gate, no security questions); the wizard shows it.
   */
  z.object({ step: z.literal('riskRemediation'), flowId: FlowId }),
  /** §7: fewer usable methods than required. `mandatory` once the grace period is over. */
  z.object({
    step: z.literal('registration'),
    mandatory: z.boolean(),
    graceEndsAt: z.string().nullable(),
    methodsRequired: z.number().int(),
    methodsRegistered: z.number().int(),
  }),
  /** §7: the reconfirmation period has passed: review the methods, then confirm. */
  z.object({ step: z.literal('reconfirm'), lastConfirmedAt: z.string().nullable() }),
  z.object({ step: z.literal('desktop') }),
]);
export type SessionStep = z.infer<typeof SessionStep>;

/** Who is signed in on this device; a locked session keeps its user until the password is typed again. */
export const Session = z.object({
  user: UserTile.nullable(),
  locked: z.boolean(),
  /** Null when nobody is signed in. */
  next: SessionStep.nullable(),
});
export type Session = z.infer<typeof Session>;

export const SignInResult = z.discriminatedUnion('outcome', [
  z.object({ outcome: z.literal('signedIn'), session: Session }),
  /** Unknown account, disabled account and wrong password all read the same (§11). */
  z.object({ outcome: z.literal('wrongCredentials') }),
  /** §6: cloud smart lockout, or the on-premises directory's own lockout for a synced user. */
  z.object({ outcome: z.literal('lockedOut'), where: z.enum(['cloud', 'onPremises']), until: z.string() }),
  /**
   * §9: a hybrid-joined device with no line of sight to a domain controller cannot check a
   * password set since this device last saw one (the reset worked; signing in waits for the DC).
   */
  z.object({ outcome: z.literal('noDomainController') }),
  /** A locked session is unlocked only by its own user (or signed out). */
  z.object({ outcome: z.literal('sessionLockedByOther'), user: UserTile }),
]);
export type SignInResult = z.infer<typeof SignInResult>;

export const ChangePasswordResult = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), session: Session }),
  z.object({
    ok: z.literal(false),
    code: z.enum(['wrongCurrentPassword', 'passwordsDiffer', 'passwordRefused', 'writebackFailed', 'lockedOut']),
    failures: z.array(RuleFailure),
    until: z.string().nullable(),
  }),
]);
export type ChangePasswordResult = z.infer<typeof ChangePasswordResult>;

/**
 * Each §9 reason the "Reset password" link is hidden, by the device setting that causes it. The
 * renderer turns each code into plain words for the "Why don't I see Reset password?" diagnostic.
 */
export const resetLinkBlockers = [
  'allowPasswordResetOff',
  'notJoined',
  'osTooOld',
  'lockScreenAppNotificationsOff',
  'hideFastUserSwitching',
  'dontDisplayLastUserName',
  'noLockScreen',
  'blockNonAdminUserInstall',
  'lostMode',
  'customShell',
  'requireSmartCard',
  'ctrlAltDelWithHiddenLockedUser',
  'remoteSession',
] as const;
export const ResetLinkBlocker = z.enum(resetLinkBlockers);
export type ResetLinkBlocker = z.infer<typeof ResetLinkBlocker>;

export const ResetLink = z.object({
  /** Every §9 condition holds: the link may show. */
  available: z.boolean(),
  /** The kiosk option: shown from the start rather than after a wrong password. */
  showAlways: z.boolean(),
  /** Every setting that hides it, in the order of §9 (empty when available). */
  blockers: z.array(ResetLinkBlocker),
  /** Shown, not hidden: a hybrid device with no domain controller in sight (§9). */
  warnings: z.array(z.enum(['noDomainController'])),
});
export type ResetLink = z.infer<typeof ResetLink>;
