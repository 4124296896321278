// Spec §8 enforced: the pure rules, the banned-password index, the history against the slow hashes
// and the strength hint, for reset, change, registration and helpdesk reset alike. The password
// never leaves this module in a log, an error or a thrown message.
import type { PasswordPolicy } from '../../../shared/policy';
import type { BannedMatcher } from '../../../shared/password/banned';
import {
  evaluatePassword,
  historyFailure,
  withFailure,
  type PasswordContext,
  type PasswordEvaluation,
} from '../../../shared/password/rules';
import { combineMatchers, type BannedIndex } from './banned-index';
import { customBannedIndex } from './banned-list';
import type { Hasher } from './hasher';
import { createStrengthMeter, type StrengthHint, type StrengthMeter } from './strength';

export interface PasswordUser {
  upn: string;
  displayName?: string;
  givenName?: string;
  surname?: string;
}

export interface EvaluateRequest {
  password: string;
  user: PasswordUser;
  tenant: { name: string };
  policy: Pick<PasswordPolicy, 'minLength' | 'historyCount'>;
  /** The tenant's custom banned list (already validated when the admin saved it); empty for none. */
  customTerms?: readonly string[];
  /** The user's stored password hashes, newest first; the first `policy.historyCount` are checked. */
  history?: readonly string[];
}

export interface Evaluation extends PasswordEvaluation {
  /** Advice for the meter; `ok` never depends on it. */
  strength: StrengthHint;
}

export interface PasswordPolicyService {
  /** Every rule of spec §8, history included. */
  evaluate(request: EvaluateRequest): Promise<Evaluation>;
  /** The rules that need no stored hash (for feedback while typing); history is left out. */
  evaluateRules(request: Omit<EvaluateRequest, 'history'>): PasswordEvaluation;
}

export interface PasswordPolicyDependencies {
  globalList: BannedIndex;
  hasher: Pick<Hasher, 'verify'>;
  /** Built on first use when absent: loading zxcvbn's dictionaries takes a moment. */
  strengthMeter?: StrengthMeter;
}

export function createPasswordPolicy({
  globalList,
  hasher,
  strengthMeter,
}: PasswordPolicyDependencies): PasswordPolicyService {
  let meter = strengthMeter;

  const evaluateRules = (request: Omit<EvaluateRequest, 'history'>): PasswordEvaluation => {
    const custom = customBannedIndex(request.customTerms ?? []);
    const matcher: BannedMatcher = combineMatchers(custom ? [globalList, custom] : [globalList]);
    const context: PasswordContext = {
      policy: { minLength: request.policy.minLength },
      user: request.user,
      tenantName: request.tenant.name,
    };
    return evaluatePassword(request.password, context, matcher);
  };

  return {
    evaluateRules,
    async evaluate(request) {
      let evaluation = evaluateRules(request);
      if (await reusesRecentPassword(hasher, request.password, request.history ?? [], request.policy.historyCount)) {
        evaluation = withFailure(evaluation, historyFailure(request.policy.historyCount));
      }
      meter ??= createStrengthMeter();
      const { user, tenant } = request;
      const userInputs = [user.upn, user.displayName, user.givenName, user.surname, tenant.name].filter(
        (input): input is string => Boolean(input),
      );
      return { ...evaluation, strength: meter.estimate(request.password, userInputs) };
    },
  };
}

/**
 * One slow verify per remembered hash, one after another: each scrypt at the default cost takes
 * 128 MiB, so running 24 at once could exhaust memory. History count 0 turns the rule off.
 */
async function reusesRecentPassword(
  hasher: Pick<Hasher, 'verify'>,
  password: string,
  history: readonly string[],
  historyCount: number,
): Promise<boolean> {
  for (const stored of history.slice(0, Math.max(0, historyCount))) {
    const { ok } = await hasher.verify(password, stored);
    if (ok) return true;
  }
  return false;
}
