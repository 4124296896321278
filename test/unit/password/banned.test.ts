import { describe, expect, it } from 'vitest';
import {
  createScanMatcher,
  findNameMatches,
  matchKind,
  scoreBannedPassword,
  type BannedMatch,
  type BannedMatcher,
} from '../../../shared/password/banned';
import { codePointsOf, normalizeForBannedCheck } from '../../../shared/password/normalize';
import { evaluatePassword, type PasswordContext } from '../../../shared/password/rules';
import { buildBannedIndex } from '../../../electron/main/password/banned-index';
import { globalBannedIndex } from '../../../electron/main/password/banned-list';

const contoso: PasswordContext = {
  policy: { minLength: 8 },
  user: { upn: 'megan.bowen@contoso.com', displayName: 'Megan Bowen', givenName: 'Megan', surname: 'Bowen' },
  tenantName: 'Contoso',
};

// Every rule holds for both matchers: the naive scan (renderer) and the index (main process).
const implementations: Array<[string, (terms: string[]) => BannedMatcher]> = [
  ['scan', (terms) => createScanMatcher(terms, 'custom')],
  ['index', (terms) => buildBannedIndex(terms, 'custom')],
];

function kind(password: string, term: string): 'exact' | 'fuzzy' | null {
  const points = codePointsOf(password);
  const termPoints = codePointsOf(term);
  return matchKind(points, 0, points.length, termPoints, 0, termPoints.length);
}

describe.each(implementations)('§8 banned passwords (%s matcher)', (_, matcherFor) => {
  const banned = (password: string, terms: string[], context: PasswordContext = contoso) =>
    evaluatePassword(password, context, matcherFor(terms)).banned;

  it('§8 worked example: C0ntos0Blank12 scores 4 and is rejected', () => {
    const evaluation = evaluatePassword('C0ntos0Blank12', contoso, matcherFor(['blank']));
    expect(normalizeForBannedCheck('C0ntos0Blank12')).toBe('contosoblankl2');
    expect(evaluation.banned.score).toBe(4);
    expect(evaluation.banned.matchedTerms).toEqual(['contoso', 'blank']);
    expect(evaluation.ok).toBe(false);
    expect(evaluation.failures).toEqual([
      { code: 'banned', i18nKey: 'password.rules.banned', params: { score: 4, minScore: 5 } },
    ]);
  });

  it('§8 worked example: ContoS0Bl@nkf9! scores 5 and is accepted', () => {
    const evaluation = evaluatePassword('ContoS0Bl@nkf9!', contoso, matcherFor(['blank']));
    expect(evaluation.banned.score).toBe(5);
    expect(evaluation.banned.matchedTerms).toEqual(['contoso', 'blank']);
    expect(evaluation.ok).toBe(true);
  });

  it('a password with no match scores its length and is not refused', () => {
    const result = banned('Q7#zmvbnrk', ['blank']);
    expect(result).toMatchObject({ score: 10, matchedTerms: [] });
  });

  it('fuzzy match: one character inserted', () => {
    expect(banned('Q7#blaxnk', ['blank']).matchedTerms).toEqual(['blank']);
    expect(banned('Q7#blaxnk', ['blank']).score).toBe(4);
  });

  it('fuzzy match: one character deleted', () => {
    expect(banned('Q7#blnk#Z', ['blank'])).toMatchObject({ score: 6, matchedTerms: ['blank'] });
  });

  it('fuzzy match: one character substituted', () => {
    expect(banned('Q7#blink#Z', ['blank'])).toMatchObject({ score: 6, matchedTerms: ['blank'] });
  });

  it('two edits are no match', () => {
    expect(banned('Q7#bzinkZ', ['blank'])).toMatchObject({ score: 9, matchedTerms: [] });
  });

  it('a term at the start of the password', () => {
    expect(banned('Blank#7Qz', ['blank'])).toMatchObject({ score: 5, matchedTerms: ['blank'] });
  });

  it('a term at the end of the password', () => {
    expect(banned('#7QzBlank', ['blank'])).toMatchObject({ score: 5, matchedTerms: ['blank'] });
  });

  it('overlapping terms: each counts once and the shared characters count nothing', () => {
    expect(banned('Summerlin#7', ['summer', 'merlin'])).toMatchObject({ score: 4, matchedTerms: ['summer', 'merlin'] });
    expect(banned('Summerlin#7x', ['summer', 'merlin']).score).toBe(5);
  });

  it('a term matched only fuzzily', () => {
    const result = banned('Fabrixam#42x', ['fabrikam']);
    expect(result.matchedTerms).toEqual(['fabrikam']);
    expect(result.matches.find((match) => match.term === 'fabrikam')?.fuzzy).toBe(true);
    expect(result.score).toBe(5);
    expect(banned('Fabrixam#42', ['fabrikam']).score).toBe(4);
  });

  it('two terms plus three characters make 5 points: accepted', () => {
    const evaluation = evaluatePassword('Blank!Fabrikam9#', contoso, matcherFor(['blank', 'fabrikam']));
    expect(evaluation.banned).toMatchObject({ score: 5, matchedTerms: ['blank', 'fabrikam'] });
    expect(evaluation.ok).toBe(true);
  });

  it('two terms plus two characters make 4 points: rejected', () => {
    expect(evaluatePassword('BlankFabrikam9#', contoso, matcherFor(['blank', 'fabrikam'])).ok).toBe(false);
  });

  it('look-alike characters do not hide a term', () => {
    expect(banned('Q7#8L@NK!x', ['blank']).matchedTerms).toEqual(['blank']);
  });

  it('a password made of many banned terms is not rewarded for them: the cheapest cover counts', () => {
    const terms = ['password', 'pass', 'word', 'sword', 'assword', 'passw'];
    expect(banned('Password', terms)).toMatchObject({ score: 1, matchedTerms: ['password'] });
  });

  it('the same term twice counts once', () => {
    expect(banned('Blank7Blank', ['blank'])).toMatchObject({ score: 2, matchedTerms: ['blank'] });
  });

  it('a term shorter than 4 characters is ignored', () => {
    expect(banned('Q7#abcZzz', ['abc']).matchedTerms).toEqual([]);
  });

  it('non-ASCII terms and passwords: German and Portuguese letters, full-width forms', () => {
    expect(banned('Passwört#99', ['passwört'])).toMatchObject({ score: 4, matchedTerms: ['passwört'] });
    expect(banned('Senhaçäo#9', ['senhação']).matchedTerms).toEqual(['senhação']);
    expect(banned('Ｂｌａｎｋ#7Qz', ['blank'])).toMatchObject({ score: 5, matchedTerms: ['blank'] });
  });

  it('an emoji is one character in the score and one edit in a fuzzy match', () => {
    expect(banned('Bl😀nk#7Qz', ['blank'])).toMatchObject({ score: 5, matchedTerms: ['blank'] });
  });
});

describe('§8 banned passwords: names match as plain substrings', () => {
  it('given name, surname and tenant name of 4 characters or more match, never fuzzily', () => {
    const result = evaluatePassword('Bowen#Meg7', contoso).banned;
    expect(result.matchedTerms).toEqual(['bowen']);
    expect(evaluatePassword('Bowan#Meg7', contoso).banned.matchedTerms).toEqual([]);
  });

  it('a name shorter than 4 characters is ignored', () => {
    const context: PasswordContext = {
      ...contoso,
      user: { upn: 'li@x.com', givenName: 'Li', surname: 'Kim' },
      tenantName: 'Ada',
    };
    expect(evaluatePassword('LiKimAda#7', context).banned).toMatchObject({ score: 10, matchedTerms: [] });
    expect(findNameMatches('likimada', ['Li', 'Kim', 'Ada'])).toEqual([]);
  });

  it('a name of exactly 4 characters matches', () => {
    expect(findNameMatches('xxmayaxx', ['Maya'])).toEqual([
      { term: 'maya', start: 2, end: 6, kind: 'name', fuzzy: false },
    ]);
  });

  it('names go through the same normalisation as the password', () => {
    expect(findNameMatches(normalizeForBannedCheck('B0W3N!'), ['Bowen'])).toHaveLength(1);
  });
});

describe('§8 banned passwords: what a match is', () => {
  it('an exact occurrence is a match', () => {
    expect(kind('blank', 'blank')).toBe('exact');
  });

  it('one insertion, deletion or substitution is a fuzzy match', () => {
    expect(kind('blaxnk', 'blank')).toBe('fuzzy');
    expect(kind('blnk', 'blank')).toBe('fuzzy');
    expect(kind('blink', 'blank')).toBe('fuzzy');
  });

  it('an extra character at either end belongs to the password, not the match', () => {
    expect(kind('blank1', 'blank')).toBeNull();
    expect(kind('xblank', 'blank')).toBeNull();
  });

  it('an edit at the first or last character shrinks the match to the rest', () => {
    expect(kind('xlank', 'blank')).toBeNull();
    expect(kind('lank', 'blank')).toBe('fuzzy');
  });
});

describe('§8 banned passwords: the score', () => {
  const match = (term: string, start: number, end: number): BannedMatch => ({
    term,
    start,
    end,
    kind: 'custom',
    fuzzy: false,
  });

  it('covered characters count nothing, uncovered ones 1 each, each term 1', () => {
    expect(scoreBannedPassword('contosoblankl2', [match('contoso', 0, 7), match('blank', 7, 12)]).score).toBe(4);
  });

  it('matches nested in a longer one add nothing', () => {
    const result = scoreBannedPassword('password', [match('password', 0, 8), match('pass', 0, 4), match('word', 4, 8)]);
    expect(result).toMatchObject({ score: 1, matchedTerms: ['password'] });
  });

  it('an empty password scores 0', () => {
    expect(scoreBannedPassword('', []).score).toBe(0);
  });
});

describe('§8 banned passwords with the shipped global list', () => {
  const shipped = globalBannedIndex();
  const matcherWith = (custom: string[]): BannedMatcher => {
    const customIndex = buildBannedIndex(custom, 'custom');
    return { findMatches: (password) => [...shipped.findMatches(password), ...customIndex.findMatches(password)] };
  };

  it('the worked examples keep their verdicts', () => {
    expect(evaluatePassword('C0ntos0Blank12', contoso, matcherWith(['blank'])).ok).toBe(false);
    expect(evaluatePassword('ContoS0Bl@nkf9!', contoso, matcherWith(['blank'])).ok).toBe(true);
  });

  it.each(['P@ssw0rd1!', 'Summer2024!', 'Iloveyou2!', 'Qwerty!234', 'Welcome@1', 'Monkey123!'])(
    'refuses the common password %s',
    (password) => {
      const evaluation = evaluatePassword(password, contoso, matcherWith([]));
      expect(evaluation.failures.map((failure) => failure.code)).toContain('banned');
    },
  );

  it('accepts a long passphrase of uncommon words', () => {
    expect(evaluatePassword('Quixotic-Marmalade-Zeppelin-7', contoso, matcherWith([])).ok).toBe(true);
  });
});
