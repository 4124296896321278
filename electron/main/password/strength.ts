// Spec §8: "a strength meter guides the user but does not replace these rules". zxcvbn-ts with the
// common, English, German and Brazilian Portuguese dictionaries; its hint never decides `ok`.
// The dictionaries are loaded when the first meter is built, not when the engine starts: reading
// and unpacking them takes about half a second that a lock screen should not wait for.
import { createRequire } from 'node:module';
import type * as Core from '@zxcvbn-ts/core';
import type { OptionsType } from '@zxcvbn-ts/core';
import type * as Common from '@zxcvbn-ts/language-common';
import type * as German from '@zxcvbn-ts/language-de';
import type * as English from '@zxcvbn-ts/language-en';
import type * as Portuguese from '@zxcvbn-ts/language-pt-br';

const load = createRequire(import.meta.url);

export type StrengthScore = 0 | 1 | 2 | 3 | 4;

/** Advice only: i18n keys under `password.strength`, never the password or a part of it. */
export interface StrengthHint {
  score: StrengthScore;
  warningKey?: string;
  suggestionKeys: string[];
}

export interface StrengthMeter {
  /** `userInputs`: the user's names, UPN and tenant, which zxcvbn treats as easy to guess. */
  estimate(password: string, userInputs?: readonly string[]): StrengthHint;
}

/** zxcvbn's matching grows fast with length: the hint reads the first 64 characters, where a weak password shows. */
const estimatedLength = 64;

export function createStrengthMeter(): StrengthMeter {
  const { ZxcvbnFactory } = load('@zxcvbn-ts/core') as typeof Core;
  const common = load('@zxcvbn-ts/language-common') as typeof Common;
  const english = load('@zxcvbn-ts/language-en') as typeof English;
  const german = load('@zxcvbn-ts/language-de') as typeof German;
  const portuguese = load('@zxcvbn-ts/language-pt-br') as typeof Portuguese;
  const options: OptionsType = {
    // No translations: zxcvbn then returns its keys, which the renderer translates.
    dictionary: {
      ...common.dictionary,
      ...english.dictionary,
      // German's v3 package names its lists without a language suffix; keep them apart from the others.
      ...Object.fromEntries(Object.entries(german.dictionary).map(([name, words]) => [`${name}-de`, words])),
      ...portuguese.dictionary,
    },
    graphs: common.adjacencyGraphs,
    // The default (100) tries so many look-alike readings that one password can take a second; 8 gives the same scores.
    l33tMaxSubstitutions: 8,
  };
  const zxcvbn = new ZxcvbnFactory(options);
  return {
    estimate(password, userInputs = []) {
      const result = zxcvbn.check(password.slice(0, estimatedLength), [...userInputs]);
      const hint: StrengthHint = {
        score: result.score,
        suggestionKeys: result.feedback.suggestions.map((key) => `password.strength.suggestions.${key}`),
      };
      if (result.feedback.warning) hint.warningKey = `password.strength.warnings.${result.feedback.warning}`;
      return hint;
    },
  };
}
