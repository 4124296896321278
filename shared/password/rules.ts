// Spec §8: the password rules, pure, so the renderer can show feedback as the user types and the
// main process enforces the same rules (plus history, which needs the slow hash).
import { passwordMaxLength } from '../policy';
import {
  bannedMinScore,
  findNameMatches,
  noBannedMatcher,
  scoreBannedPassword,
  type BannedMatcher,
  type BannedResult,
} from './banned';
import { characterCount, normalizeForBannedCheck } from './normalize';

/** Characters from at least this many of the four classes (spec §8). */
export const complexityClassesRequired = 3;
/** A UPN local part or display-name token shorter than this is not looked for (as Active Directory does). */
export const identityTokenMinLength = 3;

export const characterClasses = ['lower', 'upper', 'digit', 'symbol'] as const;
export type CharacterClass = (typeof characterClasses)[number];

export type PasswordFailure =
  | { code: 'length.tooShort'; i18nKey: 'password.rules.length.tooShort'; params: { minLength: number } }
  | { code: 'length.tooLong'; i18nKey: 'password.rules.length.tooLong'; params: { maxLength: number } }
  | {
      code: 'complexity';
      i18nKey: 'password.rules.complexity';
      params: { required: number; present: number; missing: CharacterClass[] };
    }
  | { code: 'containsUpn'; i18nKey: 'password.rules.containsUpn'; params: Record<string, never> }
  | { code: 'containsDisplayName'; i18nKey: 'password.rules.containsDisplayName'; params: Record<string, never> }
  | { code: 'history'; i18nKey: 'password.rules.history'; params: { historyCount: number } }
  | { code: 'banned'; i18nKey: 'password.rules.banned'; params: { score: number; minScore: number } };

export type PasswordFailureCode = PasswordFailure['code'];

/** Who and where the password is for; names feed the UPN, display-name and banned-name rules. */
export interface PasswordContext {
  policy: { minLength: number; maxLength?: number };
  user: { upn: string; displayName?: string; givenName?: string; surname?: string };
  tenantName?: string;
}

export interface PasswordEvaluation {
  ok: boolean;
  failures: PasswordFailure[];
  banned: BannedResult;
}

export function evaluatePassword(
  password: string,
  context: PasswordContext,
  bannedMatcher: BannedMatcher = noBannedMatcher,
): PasswordEvaluation {
  const failures: PasswordFailure[] = [];
  const length = characterCount(password);
  const maxLength = Math.min(context.policy.maxLength ?? passwordMaxLength, passwordMaxLength);
  const minLength = Math.min(Math.max(context.policy.minLength, 1), maxLength);
  if (length < minLength) {
    failures.push({ code: 'length.tooShort', i18nKey: 'password.rules.length.tooShort', params: { minLength } });
  }
  const tooLong = length > maxLength;
  if (tooLong) {
    failures.push({ code: 'length.tooLong', i18nKey: 'password.rules.length.tooLong', params: { maxLength } });
  }

  const present = characterClassesOf(password);
  if (present.size < complexityClassesRequired) {
    failures.push({
      code: 'complexity',
      i18nKey: 'password.rules.complexity',
      params: {
        required: complexityClassesRequired,
        present: present.size,
        missing: characterClasses.filter((kind) => !present.has(kind)),
      },
    });
  }

  // An over-long password is already refused; skipping the substring rules bounds the work a pasted megabyte costs.
  if (tooLong) return { ok: false, failures, banned: notEvaluated() };

  if (containsUpnLocalPart(password, context.user.upn)) {
    failures.push({ code: 'containsUpn', i18nKey: 'password.rules.containsUpn', params: {} });
  }
  if (containsDisplayName(password, context.user.displayName)) {
    failures.push({ code: 'containsDisplayName', i18nKey: 'password.rules.containsDisplayName', params: {} });
  }

  const normalized = normalizeForBannedCheck(password);
  const matches = [
    ...bannedMatcher.findMatches(normalized),
    ...findNameMatches(normalized, [context.user.givenName, context.user.surname, context.tenantName]),
  ];
  const banned = scoreBannedPassword(normalized, matches);
  if (banned.score < banned.minScore) {
    failures.push({
      code: 'banned',
      i18nKey: 'password.rules.banned',
      params: { score: banned.score, minScore: banned.minScore },
    });
  }
  return { ok: failures.length === 0, failures, banned };
}

/** History is checked by the main process against the slow hashes; it adds its failure with this. */
export function historyFailure(historyCount: number): PasswordFailure {
  return { code: 'history', i18nKey: 'password.rules.history', params: { historyCount } };
}

/** The evaluation with one more failure, so callers never forget to clear `ok`. */
export function withFailure(evaluation: PasswordEvaluation, failure: PasswordFailure): PasswordEvaluation {
  return { ...evaluation, ok: false, failures: [...evaluation.failures, failure] };
}

/**
 * Lower and upper are Unicode's cased letters (é is lower, É upper; a titlecase letter counts as
 * upper), digit is any decimal digit, symbol is any other visible character. Letters without case
 * (CJK, Arabic…) count in none of the four classes, as the spec lists only four.
 */
export function characterClassesOf(password: string): Set<CharacterClass> {
  const present = new Set<CharacterClass>();
  for (const character of password) {
    const code = character.charCodeAt(0);
    // ASCII by its code, the rest by its Unicode category.
    if (code < 0x80) {
      if (code >= 0x61 && code <= 0x7a) present.add('lower');
      else if (code >= 0x41 && code <= 0x5a) present.add('upper');
      else if (code >= 0x30 && code <= 0x39) present.add('digit');
      else if (code > 0x20 && code < 0x7f) present.add('symbol');
    } else if (lowercase.test(character)) present.add('lower');
    else if (uppercase.test(character)) present.add('upper');
    else if (decimalDigit.test(character)) present.add('digit');
    else if (!notSymbol.test(character)) present.add('symbol');
  }
  return present;
}

const lowercase = /\p{Ll}/u;
const uppercase = /[\p{Lu}\p{Lt}]/u;
const decimalDigit = /\p{Nd}/u;
const notSymbol = /[\p{L}\p{White_Space}\p{Cc}]/u;

/** Case-insensitive comparison that also treats full-width and ligature forms as their plain letters. */
function fold(text: string): string {
  return text.normalize('NFKC').toLowerCase();
}

/** The whole local part, as Active Directory checks the whole account name, when it has 3 characters or more. */
export function containsUpnLocalPart(password: string, upn: string): boolean {
  const at = upn.lastIndexOf('@');
  const localPart = fold(at === -1 ? upn : upn.slice(0, at)).trim();
  return characterCount(localPart) >= identityTokenMinLength && fold(password).includes(localPart);
}

/**
 * As Active Directory does: the display name splits at commas, periods, hyphens, underscores, number
 * signs and white space, and any token of 3 characters or more found in the password fails it.
 */
export function containsDisplayName(password: string, displayName: string | undefined): boolean {
  if (!displayName) return false;
  const folded = fold(password);
  return displayNameTokens(displayName).some((token) => folded.includes(token));
}

export function displayNameTokens(displayName: string): string[] {
  return fold(displayName)
    .split(/[,.\-_#\s]+/u)
    .filter((token) => characterCount(token) >= identityTokenMinLength);
}

function notEvaluated(): BannedResult {
  return { evaluated: false, score: 0, minScore: bannedMinScore, matchedTerms: [], matches: [] };
}
