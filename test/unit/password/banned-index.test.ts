import { describe, expect, it } from 'vitest';
import { buildBannedIndex, combineMatchers } from '../../../electron/main/password/banned-index';
import { customBannedIndex } from '../../../electron/main/password/banned-list';
import { seededRandom } from '../../support/seeded-random';

function randomText(random: () => number, alphabet: string, min: number, max: number): string {
  const length = min + Math.floor(random() * (max - min + 1));
  let text = '';
  for (let i = 0; i < length; i += 1) text += alphabet[Math.floor(random() * alphabet.length)] ?? '';
  return text;
}

/** Textbook Levenshtein distance (over UTF-16 units: the test alphabets are all in the BMP), independent of the code under test. */
function levenshtein(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= b.length; j += 1) {
      current[j] = Math.min(
        (previous[j] ?? 0) + 1,
        (current[j - 1] ?? 0) + 1,
        (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

/**
 * The reference: every substring of the password against every term. A span matches a term when
 * it equals it, or is within distance 1 and holds no shorter substring also within distance 1.
 * Only substrings 1 shorter to 1 longer than the term can be within distance 1.
 */
function naiveSpans(password: string, terms: readonly string[]): Set<string> {
  const spans = new Set<string>();
  const within = (from: number, to: number, term: string): boolean =>
    Math.abs(to - from - term.length) <= 1 && levenshtein(password.slice(from, to), term) <= 1;
  for (const term of terms) {
    if (term.length < 4) continue;
    for (let start = 0; start < password.length; start += 1) {
      for (let end = start + term.length - 1; end <= Math.min(password.length, start + term.length + 1); end += 1) {
        if (password.slice(start, end) === term) {
          spans.add(`${start}-${end}`);
          continue;
        }
        if (!within(start, end, term)) continue;
        let minimal = true;
        for (let from = start; from < end && minimal; from += 1) {
          for (let to = from + 1; to <= end && minimal; to += 1) {
            if (to - from < end - start && within(from, to, term)) minimal = false;
          }
        }
        if (minimal) spans.add(`${start}-${end}`);
      }
    }
  }
  return spans;
}

// The reference is slow by design (every span against every term); it gets its own time limit.
describe('§8 banned passwords: the index returns what a naive scan returns', () => {
  it.each([
    ['short terms (4..7) over a small alphabet', 'abcd', 4, 7, 'abcde'],
    ['long terms (8..16) over two letters', 'ab', 8, 16, 'abc'],
    ['mixed lengths (4..16)', 'abcdef', 4, 16, 'abcdefg'],
    ['non-ASCII terms', 'äöüß', 4, 9, 'äöüßa'],
  ])(
    '%s, on 600 seeded random passwords',
    (_, alphabet, min, max, passwordAlphabet) => {
      const random = seededRandom(alphabet.length * 7919 + min);
      const terms = [...new Set(Array.from({ length: 150 }, () => randomText(random, alphabet, min, max)))];
      const index = buildBannedIndex(terms, 'custom', { normalized: true });
      let compared = 0;
      for (let i = 0; i < 600; i += 1) {
        const password = randomText(random, passwordAlphabet, 1, 30);
        const found = index.findMatches(password);
        const spans = new Set(found.map((match) => `${match.start}-${match.end}`));
        expect(spans.size).toBe(found.length);
        expect([...spans].sort()).toEqual([...naiveSpans(password, terms)].sort());
        for (const match of found) {
          const text = password.slice(match.start, match.end);
          expect(terms).toContain(match.term);
          expect(levenshtein(text, match.term)).toBe(match.fuzzy ? 1 : 0);
        }
        compared += spans.size;
      }
      expect(compared).toBeGreaterThan(400);
    },
    60_000,
  );

  it('finds a term in a password far longer than any term', () => {
    const index = buildBannedIndex(['contoso', 'fabrikamtoys'], 'custom');
    const password = `${'x'.repeat(120)}contoso${'y'.repeat(60)}fabrikxmtoys${'z'.repeat(60)}`;
    const found = index.findMatches(password).map((match) => [match.term, match.start, match.end, match.fuzzy]);
    expect(found).toContainEqual(['contoso', 120, 127, false]);
    expect(found).toContainEqual(['fabrikamtoys', 187, 199, true]);
  });

  it('an empty list matches nothing', () => {
    expect(buildBannedIndex([], 'custom').findMatches('anything')).toEqual([]);
  });

  it('normalises the terms it is given, and ignores terms under 4 characters', () => {
    const index = buildBannedIndex(['Bl@nk', 'ab'], 'custom');
    expect(index.termCount).toBe(1);
    expect(index.findMatches('blank').filter((match) => !match.fuzzy)).toEqual([
      { term: 'blank', start: 0, end: 5, kind: 'custom', fuzzy: false },
    ]);
  });

  it('combines the global and the custom list, each match with its kind', () => {
    const matcher = combineMatchers([buildBannedIndex(['summer'], 'global'), buildBannedIndex(['contoso'], 'custom')]);
    const exact = matcher.findMatches('summercontoso').filter((match) => !match.fuzzy);
    expect(exact.map((match) => [match.term, match.kind])).toEqual([
      ['summer', 'global'],
      ['contoso', 'custom'],
    ]);
  });
});

describe('§8 banned passwords: each list is indexed once', () => {
  it('the same custom list gives the same index, even reordered or re-cased', () => {
    const first = customBannedIndex(['Blank', 'Fabrikam']);
    expect(customBannedIndex(['Blank', 'Fabrikam'])).toBe(first);
    expect(customBannedIndex(['fabrikam', 'BLANK'])).toBe(first);
  });

  it('a changed custom list gets a new index; an empty one none', () => {
    expect(customBannedIndex(['Blank', 'Tailspin'])).not.toBe(customBannedIndex(['Blank', 'Fabrikam']));
    expect(customBannedIndex([])).toBeNull();
  });
});
