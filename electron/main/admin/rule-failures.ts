import type { RuleFailure } from '../../../shared/reset';

/** The §8 rules a password broke, with the figures their messages need (numbers and words, never the password). */
export function ruleFailures(failures: ReadonlyArray<{ code: string; params: object }>): RuleFailure[] {
  return failures.map((failure) => ({
    code: failure.code,
    params: Object.fromEntries(
      Object.entries(failure.params).filter((entry): entry is [string, number | string] =>
        ['number', 'string'].includes(typeof entry[1]),
      ),
    ),
  }));
}
