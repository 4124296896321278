// The one interface every verification method of spec §5 step 3 implements (Keycloak's Authenticator):
// list the user's choices, start a challenge, check a response. The flow owns the order and the gates.
import type { GateMethod } from '../../../shared/policy';
import type { Clock } from '../clock';
import type { Mailer } from '../delivery';
import type { Hasher } from '../password/hasher';
import type { Random } from '../random';
import type { AuthMethod, Store, Tenant, User } from '../store';
import type { SecretBox } from '../vault/types';
import type { OneTimeCodes } from './codes';
import type { VirtualDevices } from './devices';

/** What the engine hands the registry: time, randomness and delivery come in from outside. */
export interface MethodDeps {
  store: Store;
  clock: Clock;
  random: Random;
  hasher: Hasher;
  secretBox: SecretBox;
  /** The training room's phones and authenticator apps, shared with the training panel. */
  devices: VirtualDevices;
  /** E-mail: written to the outbox, then sent by the connector the settings name (issue 9). */
  mailer: Mailer;
}

/** What a method factory gets: the engine's deps plus the process's one-time codes. */
export interface ChallengeDeps extends MethodDeps {
  codes: OneTimeCodes;
}

/** Who is being verified, in which flow, on which machine. */
export interface GateContext {
  flowId: string;
  user: User;
  tenant: Tenant;
  deviceId: string;
}

/**
 * One choice on the "verification step" list; never a secret. `display` is data, not words: the
 * masked address or number, the authenticator's device name, or empty (security questions).
 */
export interface MethodOption {
  method: GateMethod;
  methodId: number;
  display: string;
  /** Mobile phone methods ask for the whole registered number before anything is sent. */
  needs: 'nothing' | 'phoneNumberConfirmation';
}

/** What the user typed before the challenge starts (the confirmed phone number). */
export interface StartInput {
  phoneNumber?: string;
}

/** The user's answer to a challenge; `poll` asks whether a call or push was answered yet. */
export type GateResponse = { kind: 'code'; code: string } | { kind: 'answers'; answers: string[] } | { kind: 'poll' };

/** Every challenge state names its method, flow, user and registration; the flow keeps it in memory. */
export interface ChallengeBase {
  method: GateMethod;
  flowId: string;
  userId: number;
  methodId: number;
}

export interface Blocked {
  kind: 'blocked';
  /** SSPR is blocked for this user until then (spec §6). */
  until: Date;
}

export type RefusalReason =
  'phoneNumberMismatch' | 'tooManySends' | 'methodNotRegistered' | 'notEnoughQuestions' | 'deliveryFailed';

export type StartResult<S> =
  | { kind: 'codeSent'; state: S; expiresAt: Date }
  | { kind: 'callPlaced'; state: S; timesOutAt: Date }
  | { kind: 'pushSent'; state: S; number: string; timesOutAt: Date }
  | { kind: 'questions'; state: S; questions: string[] }
  | { kind: 'ready'; state: S }
  | { kind: 'refused'; reason: 'tooManySends'; countsAsFailure: false; retryAt: Date }
  | { kind: 'refused'; reason: 'phoneNumberMismatch'; countsAsFailure: true }
  | { kind: 'refused'; reason: 'methodNotRegistered' | 'notEnoughQuestions'; countsAsFailure: false }
  /** The code was issued but its e-mail could not be sent (issue 9); the user may ask again or choose another method. */
  | { kind: 'refused'; reason: 'deliveryFailed'; countsAsFailure: false }
  | Blocked;

export type FailureReason =
  | 'wrongCode'
  | 'codeAlreadyUsed'
  | 'codeTriesExhausted'
  | 'wrongAnswers'
  | 'wrongNumber'
  | 'pushDenied'
  | 'pushDeniedAndReported'
  | 'callDeclined'
  | 'unexpectedResponse';

export type ExpiryReason =
  'codeExpired' | 'codeReplaced' | 'codeUsed' | 'callUnanswered' | 'pushUnanswered' | 'challengeGone' | 'methodChanged';

export type CheckResult<S> =
  | { kind: 'passed' }
  | {
      kind: 'failed';
      reason: FailureReason;
      /** Counts toward the SSPR lockout of spec §6. */
      countsAsFailure: boolean;
      retry: 'sameChallenge' | 'newChallengeNeeded';
      /** One-time codes only: tries left on this code. */
      triesLeft?: number;
      state: S;
    }
  | { kind: 'pending'; state: S }
  | { kind: 'expired'; reason: ExpiryReason }
  | Blocked;

export interface VerificationMethod<S extends ChallengeBase = ChallengeBase> {
  readonly name: GateMethod;
  /** The choices this user has for this method, masked for display. */
  options(user: User, tenant: Tenant, registered: readonly AuthMethod[]): MethodOption[];
  /** Starts a challenge on one of the user's registrations (a MethodOption's methodId). */
  start(ctx: GateContext, methodId: number, input: StartInput): Promise<StartResult<S>>;
  /** Checks a response against the state `start` (or the previous `check`) returned. */
  check(ctx: GateContext, state: S, response: GateResponse): Promise<CheckResult<S>>;
}
