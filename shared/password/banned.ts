// Spec §8 banned passwords, steps 2 to 4: what counts as a match, and the 5-point score.
import { characterCount, codePointsOf, normalizeForBannedCheck } from './normalize';

/** A password needs at least this many points (spec §8 step 4). */
export const bannedMinScore = 5;
/** Names shorter than this are not matched (spec §8 step 3). */
export const nameMinLength = 4;
/** Terms shorter than this are ignored: the lists hold 4 to 16 characters, and one edit from a shorter term matches almost anything. */
export const bannedTermMinLength = 4;

export type BannedMatchKind = 'global' | 'custom' | 'name';

/**
 * One place where a banned term or name lies in the normalised password. `start` and `end` count
 * characters (code points) of the normalised password, `end` exclusive.
 */
export interface BannedMatch {
  term: string;
  start: number;
  end: number;
  kind: BannedMatchKind;
  /** The matched text differs from the term by one insertion, deletion or substitution. */
  fuzzy: boolean;
}

/**
 * Finds the banned terms of a list in a normalised password: every span that matches some term
 * (`matchKind`), once, with one term that matches it (several may). One per span keeps the work
 * bounded when a large list matches almost every short span; the score needs no more.
 */
export interface BannedMatcher {
  findMatches(normalizedPassword: string): BannedMatch[];
}

export interface BannedResult {
  /** False only for a password over the maximum length, which is refused before this check runs. */
  evaluated: boolean;
  score: number;
  minScore: number;
  /** The distinct terms and names the score counted, in password order. They are fragments of the password: never log them. */
  matchedTerms: string[];
  /** Every match found, including those the cheapest cover did not need. */
  matches: BannedMatch[];
}

export const noBannedMatcher: BannedMatcher = { findMatches: () => [] };

/** Whether two code point ranges are at most one insertion, deletion or substitution apart. */
export function withinOneEdit(
  a: ArrayLike<number>,
  aStart: number,
  aEnd: number,
  b: ArrayLike<number>,
  bStart: number,
  bEnd: number,
): boolean {
  const aLength = aEnd - aStart;
  const bLength = bEnd - bStart;
  if (aLength - bLength > 1 || bLength - aLength > 1) return false;
  const shorter = Math.min(aLength, bLength);
  let same = 0;
  while (same < shorter && a[aStart + same] === b[bStart + same]) same += 1;
  if (same === shorter) return true;
  // The first difference is the one edit: skip it on the longer side (both sides for a substitution).
  let i = aStart + same + (aLength >= bLength ? 1 : 0);
  let j = bStart + same + (bLength >= aLength ? 1 : 0);
  while (i < aEnd) {
    if (a[i] !== b[j]) return false;
    i += 1;
    j += 1;
  }
  return true;
}

/**
 * Whether password[start..end) is a match of the term, and how. An exact occurrence always is. A
 * fuzzy one (one edit away) counts only when no shorter span inside it is also within one edit:
 * so `blank1` is no match of `blank` (its `blank` is, and the `1` still scores), and `xlank` is
 * none either (its `lank`, one deletion from `blank`, is).
 */
export function matchKind(
  password: ArrayLike<number>,
  start: number,
  end: number,
  term: ArrayLike<number>,
  termStart: number,
  termEnd: number,
): 'exact' | 'fuzzy' | null {
  const length = end - start;
  if (length === termEnd - termStart) {
    let same = 0;
    while (same < length && password[start + same] === term[termStart + same]) same += 1;
    if (same === length) return 'exact';
  }
  if (!withinOneEdit(password, start, end, term, termStart, termEnd)) return null;
  const shortest = Math.max(1, termEnd - termStart - 1);
  for (let inner = length - 1; inner >= shortest; inner -= 1) {
    for (let from = start; from + inner <= end; from += 1) {
      if (withinOneEdit(password, from, from + inner, term, termStart, termEnd)) return null;
    }
  }
  return 'fuzzy';
}

/**
 * The naive matcher: every term against every place in the password; a span takes the first term
 * in list order that matches it. Fine for a tenant's custom list in the renderer; the main process
 * uses the index in electron/main/password/banned-index.ts.
 */
export function createScanMatcher(terms: readonly string[], kind: Exclude<BannedMatchKind, 'name'>): BannedMatcher {
  const normalizedTerms = [...new Set(terms.map(normalizeForBannedCheck))].filter(
    (term) => characterCount(term) >= bannedTermMinLength,
  );
  const termPoints = normalizedTerms.map(codePointsOf);
  const spanWidth = termPoints.reduce((longest, term) => Math.max(longest, term.length), 0) + 2;
  return {
    findMatches(normalizedPassword) {
      const password = codePointsOf(normalizedPassword);
      const matches: BannedMatch[] = [];
      const taken = new Set<number>();
      termPoints.forEach((term, index) => {
        for (let start = 0; start < password.length; start += 1) {
          for (let length = Math.max(1, term.length - 1); length <= term.length + 1; length += 1) {
            const end = start + length;
            if (end > password.length) break;
            if (taken.has(start * spanWidth + length)) continue;
            const how = matchKind(password, start, end, term, 0, term.length);
            if (!how) continue;
            taken.add(start * spanWidth + length);
            matches.push({ term: normalizedTerms[index] ?? '', start, end, kind, fuzzy: how === 'fuzzy' });
          }
        }
      });
      return matches;
    },
  };
}

/** Spec §8 step 3: given name, surname and tenant name match as plain substrings, never fuzzily. */
export function findNameMatches(normalizedPassword: string, names: readonly (string | undefined)[]): BannedMatch[] {
  const password = codePointsOf(normalizedPassword);
  const matches: BannedMatch[] = [];
  const seen = new Set<string>();
  for (const name of names) {
    if (!name || characterCount(name.trim()) < nameMinLength) continue;
    const term = normalizeForBannedCheck(name.trim());
    if (seen.has(term)) continue;
    seen.add(term);
    const points = codePointsOf(term);
    for (let start = 0; start + points.length <= password.length; start += 1) {
      if (sameRange(password, start, points)) {
        matches.push({ term, start, end: start + points.length, kind: 'name', fuzzy: false });
      }
    }
  }
  return matches;
}

function sameRange(password: readonly number[], start: number, term: readonly number[]): boolean {
  if (start + term.length > password.length) return false;
  for (let offset = 0; offset < term.length; offset += 1) {
    if (password[start + offset] !== term[offset]) return false;
  }
  return true;
}

/**
 * Spec §8 step 4. Each matched term or name counts 1 point, each character no match covers counts 1.
 * Where matches overlap or nest, the score is the cheapest cover: the fewest points with which the
 * password can be written as matches (which may overlap) and single characters. Counting every
 * match found instead would reward a password for holding many banned terms: `password` alone
 * holds `password`, `pass`, `word`, `sword`… and would reach 5 points. A term the cheapest cover
 * uses more than once is charged once (each distinct term counts once).
 */
export function scoreBannedPassword(normalizedPassword: string, matches: readonly BannedMatch[]): BannedResult {
  const length = characterCount(normalizedPassword);
  // Match indexes grouped by start: byStart[firstAt[x] .. firstAt[x + 1]) start at x.
  const firstAt = new Int32Array(length + 2);
  const usable = (match: BannedMatch): boolean => match.start >= 0 && match.end <= length && match.start < match.end;
  for (const match of matches) if (usable(match)) firstAt[match.start + 2] = (firstAt[match.start + 2] ?? 0) + 1;
  for (let x = 2; x < firstAt.length; x += 1) firstAt[x] = (firstAt[x] ?? 0) + (firstAt[x - 1] ?? 0);
  const byStart = new Int32Array(matches.length);
  matches.forEach((match, index) => {
    if (!usable(match)) return;
    const slot = firstAt[match.start + 1] ?? 0;
    byStart[slot] = index;
    firstAt[match.start + 1] = slot + 1;
  });
  // cost[x]: the fewest points that account for the first x characters; via[x]: the match that got there (-1: one character).
  const cost = new Float64Array(length + 1).fill(Infinity);
  const via = new Int32Array(length + 1).fill(-1);
  const from = new Int32Array(length + 1).fill(-1);
  cost[0] = 0;
  for (let x = 0; x < length; x += 1) {
    const here = cost[x] ?? Infinity;
    if (here + 1 < (cost[x + 1] ?? Infinity)) {
      cost[x + 1] = here + 1;
      via[x + 1] = -1;
      from[x + 1] = x;
    }
    for (let at = firstAt[x] ?? 0; at < (firstAt[x + 1] ?? 0); at += 1) {
      const index = byStart[at] ?? 0;
      const end = matches[index]?.end ?? x;
      // A match may end past a point the cover needs: every prefix it spans is accounted for too.
      for (let y = x + 1; y <= end; y += 1) {
        if (here + 1 < (cost[y] ?? Infinity)) {
          cost[y] = here + 1;
          via[y] = index;
          from[y] = x;
        }
      }
    }
  }
  const used: string[] = [];
  let repeats = 0;
  for (let x = length; x > 0; x = from[x] ?? 0) {
    const match = matches[via[x] ?? -1];
    if (!match) continue;
    if (used.includes(match.term)) repeats += 1;
    else used.push(match.term);
  }
  const score = (cost[length] ?? length) - repeats;
  return {
    evaluated: true,
    score,
    minScore: bannedMinScore,
    matchedTerms: used.reverse(),
    matches: [...matches],
  };
}
