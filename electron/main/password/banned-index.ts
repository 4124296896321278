// Spec §8 banned passwords, step 2 at scale: which terms lie within edit distance 1 of some part of a
// password, answered without scanning every term. Built once per list; queries only read it.
//
// Two lookups share one hashed table:
// - Short terms (under 8 characters) by their deletion neighbourhood (symmetric delete, as SymSpell):
//   each is stored under itself and under every string one deletion away. Two strings are within
//   distance 1 exactly when they are equal, one equals a deletion of the other, or a deletion of each
//   is equal; so each part of the password and its one-deletion variants find every candidate.
// - Long terms (8 characters or more) by their two halves: one edit leaves one half intact, so a
//   match starts with the term's first half or ends with its second. A half of 4 characters or more
//   is rare enough in a password that few candidates come back, with 2 keys per term instead of ~13.
// Every candidate is then confirmed against the real term (`matchKind`), so hash collisions only
// cost time.
//
// Keys are 32-bit hashes, never strings: a million terms as a Map of strings would cost gigabytes.
// The table is one open-addressed array of 32-bit slots and the terms one packed array of code
// points: no object per term or key.
import { bannedTermMinLength, matchKind, type BannedMatch, type BannedMatcher } from '../../../shared/password/banned';
import { characterCount, codePointsOf, normalizeForBannedCheck } from '../../../shared/password/normalize';

export type BannedListKind = 'global' | 'custom';

export interface BannedIndex extends BannedMatcher {
  readonly kind: BannedListKind;
  /** Distinct terms after normalisation. */
  readonly termCount: number;
  /** Keys stored in the table. */
  readonly keyCount: number;
  /** Bytes held by the index's typed arrays. */
  readonly byteLength: number;
  /** Matches in a password already split into code points. */
  findMatchesInPoints(password: ArrayLike<number>): BannedMatch[];
}

export interface BuildOptions {
  /** The terms are already normalised and distinct (the shipped list is): skip that pass. */
  normalized?: boolean;
}

/** Terms this long are found through their halves; shorter ones through their deletion neighbourhood. */
const halvesFrom = 8;
/** Polynomial hash base: odd, so multiplication is invertible modulo 2^32 and no character is lost. */
const base = 0x01000193;
/** Keys per slot at most: half the table stays empty, so a lookup that finds nothing stops at once. */
const maxLoad = 0.5;
/** Bits of the lookup filter per key: about one lookup in eight that finds nothing still reads the table. */
const filterBitsPerKey = 8;
/** A term id takes at most this many bits of a table entry; 3 more hold the deleted position. */
const maxIdBits = 22;
const positionBits = 3;
const positionMask = 2 ** positionBits - 1;
/** The position of a key that is a whole term or a half: no character deleted. */
const wholeTerm = positionMask;
const termTextsKept = 4096;
/** Key tags keep a first half, a second half and a whole or shortened term of the same text apart. */
const firstHalfTag = 64;
const secondHalfTag = 128;

export function buildBannedIndex(
  terms: Iterable<string>,
  kind: BannedListKind,
  options: BuildOptions = {},
): BannedIndex {
  const termList = (options.normalized ? [...terms] : [...new Set([...terms].map(normalizeForBannedCheck))]).filter(
    (term) => characterCount(term) >= bannedTermMinLength,
  );
  const termCount = termList.length;
  if (termCount >= 2 ** maxIdBits) throw new Error(`A banned list may hold at most ${2 ** maxIdBits - 1} terms`);

  const { chars, offsets, longest } = packTerms(termList);
  termList.length = 0;
  const powers = powerTable(longest + 2);

  // Which key lengths exist, so a query skips lengths no term can answer.
  const neighbourhoodLengths = new Uint8Array(halvesFrom + 1);
  const firstHalfLengths = new Uint8Array(longest + 1);
  const secondHalfLengths = new Uint8Array(longest + 1);
  let shortTerms = 0;
  let keyCount = 0;
  for (let id = 0; id < termCount; id += 1) {
    const start = offsets[id] ?? 0;
    const end = offsets[id + 1] ?? 0;
    const length = end - start;
    if (length >= halvesFrom) {
      keyCount += 2;
      firstHalfLengths[length >> 1] = 1;
      secondHalfLengths[length - (length >> 1)] = 1;
    } else {
      shortTerms += 1;
      keyCount += length + 1;
      neighbourhoodLengths[length] = 1;
      neighbourhoodLengths[length - 1] = 1;
    }
  }

  // Open addressing with linear probing: a lookup that finds nothing, the usual case, reads one slot.
  const slotBits = Math.max(4, Math.ceil(Math.log2(Math.max(keyCount, 1) / maxLoad)));
  const slotMask = 2 ** slotBits - 1;
  const idBits = Math.max(1, Math.ceil(Math.log2(termCount + 1)));
  const tagShift = idBits + positionBits;
  const fingerprintMask = 2 ** (32 - tagShift) - 1;
  const idMask = 2 ** idBits - 1;
  // Each slot: fingerprint | deleted position (or wholeTerm) | term id + 1 (0 is an empty slot).
  const table = new Uint32Array(slotMask + 1);
  // A bit per 8 keys' worth of hash space, set for every key: most lookups find nothing, and this
  // says so from a few megabytes that stay in cache instead of the whole table.
  const filterBits = Math.max(10, Math.ceil(Math.log2(Math.max(keyCount, 1) * filterBitsPerKey)));
  const filter = new Uint32Array(2 ** (filterBits - 5));
  const insert = (hash: number, position: number, id: number): void => {
    const bit = hash >>> (32 - filterBits);
    filter[bit >>> 5] = (filter[bit >>> 5] ?? 0) | (1 << (bit & 31));
    let slot = hash >>> (32 - slotBits);
    while (table[slot] !== 0) slot = (slot + 1) & slotMask;
    table[slot] = (((hash & fingerprintMask) << tagShift) | (position << idBits) | (id + 1)) >>> 0;
  };
  const prefix = new Int32Array(longest + 1);
  for (let id = 0; id < termCount; id += 1) {
    const start = offsets[id] ?? 0;
    const length = (offsets[id + 1] ?? 0) - start;
    prefix[0] = 0;
    for (let i = 0; i < length; i += 1) prefix[i + 1] = (Math.imul(prefix[i] ?? 0, base) + (chars[start + i] ?? 0)) | 0;
    if (length >= halvesFrom) {
      const half = length >> 1;
      insert(finish(prefix[half] ?? 0, firstHalfTag + half), wholeTerm, id);
      insert(finish(rangeHash(prefix, powers, half, length), secondHalfTag + length - half), wholeTerm, id);
      continue;
    }
    insert(finish(prefix[length] ?? 0, length), wholeTerm, id);
    // Every position, even where two equal neighbours give the same string: a substitution matches at its own position only.
    for (let k = 0; k < length; k += 1) insert(finish(deletionHash(prefix, powers, 0, k, length), length - 1), k, id);
  }

  // Which characters some term holds: a Basic Multilingual Plane bitmap, and a set for the rest.
  const commonCharacters = new Uint8Array(0x10000);
  const rareCharacters = new Set<number>();
  for (const point of chars) {
    if (point < 0x10000) commonCharacters[point] = 1;
    else rareCharacters.add(point);
  }
  const inAnyTerm = (point: number): boolean =>
    point < 0x10000 ? commonCharacters[point] === 1 : rareCharacters.has(point);

  const byteLength =
    chars.byteLength + offsets.byteLength + table.byteLength + filter.byteLength + commonCharacters.byteLength;
  // The text of recently matched terms; bounded, so a long-running process does not keep a million strings.
  const termText = new Map<number, string>();
  const textOf = (id: number): string => {
    let text = termText.get(id);
    if (text === undefined) {
      if (termText.size >= termTextsKept) termText.clear();
      text = String.fromCodePoint(...chars.subarray(offsets[id] ?? 0, offsets[id + 1] ?? 0));
      termText.set(id, text);
    }
    return text;
  };
  const shortest = shortTerms > 0 ? neighbourhoodLengths.findIndex((present) => present === 1) : 0;

  const findMatchesInPoints = (password: ArrayLike<number>): BannedMatch[] => {
    const n = password.length;
    const matches: BannedMatch[] = [];
    if (termCount === 0 || n === 0) return matches;
    const hashPrefix = new Int32Array(n + 1);
    for (let i = 0; i < n; i += 1) hashPrefix[i + 1] = (Math.imul(hashPrefix[i] ?? 0, base) + (password[i] ?? 0)) | 0;
    // A character no term holds can only be the one edit: a span with two is no match, with one only its deletion can be.
    const strangersBefore = new Int32Array(n + 1);
    const nextStranger = new Int32Array(n + 1).fill(n);
    for (let i = 0; i < n; i += 1) {
      strangersBefore[i + 1] = (strangersBefore[i] ?? 0) + (inAnyTerm(password[i] ?? 0) ? 0 : 1);
    }
    for (let i = n - 1; i >= 0; i -= 1) nextStranger[i] = inAnyTerm(password[i] ?? 0) ? (nextStranger[i + 1] ?? n) : i;
    // One match per span: spans[start * spanWidth + length] is set once a term matched there.
    const spanWidth = longest + 2;
    const spans = new Uint8Array(n * spanWidth);

    /** Confirms a candidate against the real term; true once the span holds a match. */
    const confirm = (id: number, start: number, end: number): boolean => {
      const how = matchKind(password, start, end, chars, offsets[id] ?? 0, offsets[id + 1] ?? 0);
      if (!how) return false;
      spans[start * spanWidth + end - start] = 1;
      matches.push({ term: textOf(id), start, end, kind, fuzzy: how === 'fuzzy' });
      return true;
    };

    /**
     * Short terms under one key of the span password[start..end): `deleted` is the offset of the
     * deleted character, or -1 for the span itself. A term's deletion variant answers only a
     * deletion at the same offset (a substitution there); a whole term answers any.
     */
    const trySpan = (hash: number, start: number, end: number, deleted: number): boolean => {
      const bit = hash >>> (32 - filterBits);
      if (((filter[bit >>> 5] ?? 0) & (1 << (bit & 31))) === 0) return false;
      const fingerprint = hash & fingerprintMask;
      for (let slot = hash >>> (32 - slotBits); ; slot = (slot + 1) & slotMask) {
        const entry = table[slot] ?? 0;
        if (entry === 0) return false;
        if (entry >>> tagShift !== fingerprint) continue;
        const position = (entry >>> idBits) & positionMask;
        if (deleted >= 0 && position !== wholeTerm && position !== deleted) continue;
        if (confirm((entry & idMask) - 1, start, end)) return true;
      }
    };
    if (shortTerms > 0) {
      for (let start = 0; start < n; start += 1) {
        for (let length = Math.max(1, shortest); length <= halvesFrom && start + length <= n; length += 1) {
          const end = start + length;
          const strangers = (strangersBefore[end] ?? 0) - (strangersBefore[start] ?? 0);
          if (strangers > 1) break;
          if (strangers === 1) {
            const k = nextStranger[start] ?? n;
            if (k > start && k < end - 1 && neighbourhoodLengths[length - 1]) {
              trySpan(finish(deletionHash(hashPrefix, powers, start, k, end), length - 1), start, end, k - start);
            }
            continue;
          }
          if (neighbourhoodLengths[length]) {
            if (trySpan(finish(rangeHash(hashPrefix, powers, start, end), length), start, end, -1)) continue;
          }
          // Only inner deletions: a span whose first or last character is the edit holds a shorter match (matchKind).
          if (length >= 3 && neighbourhoodLengths[length - 1]) {
            for (let k = start + 1; k < end - 1; k += 1) {
              const hash = finish(deletionHash(hashPrefix, powers, start, k, end), length - 1);
              if (trySpan(hash, start, end, k - start)) break;
            }
          }
        }
      }
    }

    // Long terms: a first half starting at each position, a second half ending at each position.
    const tryHalf = (hash: number, at: number, first: boolean): void => {
      const bit = hash >>> (32 - filterBits);
      if (((filter[bit >>> 5] ?? 0) & (1 << (bit & 31))) === 0) return;
      const fingerprint = hash & fingerprintMask;
      for (let slot = hash >>> (32 - slotBits); ; slot = (slot + 1) & slotMask) {
        const entry = table[slot] ?? 0;
        if (entry === 0) return;
        if (entry >>> tagShift !== fingerprint) continue;
        const id = (entry & idMask) - 1;
        const termStart = offsets[id] ?? 0;
        const termLength = (offsets[id + 1] ?? 0) - termStart;
        for (let length = termLength - 1; length <= termLength + 1; length += 1) {
          const start = first ? at : at - length;
          if (start < 0 || start + length > n || spans[start * spanWidth + length]) continue;
          // A span that also starts with the first half was tried from that half.
          if (!first && startsWith(password, start, chars, termStart, termLength >> 1)) continue;
          confirm(id, start, start + length);
        }
      }
    };
    for (let half = 1; half < firstHalfLengths.length; half += 1) {
      if (!firstHalfLengths[half]) continue;
      for (let start = 0; start + half <= n; start += 1) {
        if (strangersBefore[start + half] !== strangersBefore[start]) continue;
        tryHalf(finish(rangeHash(hashPrefix, powers, start, start + half), firstHalfTag + half), start, true);
      }
    }
    for (let half = 1; half < secondHalfLengths.length; half += 1) {
      if (!secondHalfLengths[half]) continue;
      for (let end = half; end <= n; end += 1) {
        if (strangersBefore[end] !== strangersBefore[end - half]) continue;
        tryHalf(finish(rangeHash(hashPrefix, powers, end - half, end), secondHalfTag + half), end, false);
      }
    }
    return matches;
  };

  return {
    kind,
    termCount,
    keyCount,
    byteLength,
    findMatchesInPoints,
    findMatches: (normalizedPassword) => findMatchesInPoints(codePointsOf(normalizedPassword)),
  };
}

/** Several lists answered as one matcher (the global list and the tenant's custom list). */
export function combineMatchers(indexes: readonly BannedIndex[]): BannedMatcher {
  return {
    findMatches(normalizedPassword) {
      const points = codePointsOf(normalizedPassword);
      return indexes.flatMap((index) => index.findMatchesInPoints(points));
    },
  };
}

/** All terms' code points in one array; 16-bit unless a term holds a character beyond the BMP. */
function packTerms(terms: readonly string[]): {
  chars: Uint16Array | Uint32Array;
  offsets: Uint32Array;
  longest: number;
} {
  const offsets = new Uint32Array(terms.length + 1);
  let total = 0;
  let longest = 0;
  let wide = false;
  terms.forEach((term, id) => {
    const length = characterCount(term);
    if (length !== term.length) wide = true;
    total += length;
    offsets[id + 1] = total;
    longest = Math.max(longest, length);
  });
  const chars = wide ? new Uint32Array(total) : new Uint16Array(total);
  terms.forEach((term, id) => {
    let at = offsets[id] ?? 0;
    for (let i = 0; i < term.length; i += 1) {
      const point = term.codePointAt(i) ?? 0;
      chars[at++] = point;
      if (point > 0xffff) i += 1;
    }
  });
  return { chars, offsets, longest };
}

/** Hash of text[start..end) from the prefix hashes of the whole text. */
function rangeHash(prefix: Int32Array, powers: Int32Array, start: number, end: number): number {
  return ((prefix[end] ?? 0) - Math.imul(prefix[start] ?? 0, powers[end - start] ?? 0)) | 0;
}

/** Hash of text[start..end) without the character at k. */
function deletionHash(prefix: Int32Array, powers: Int32Array, start: number, k: number, end: number): number {
  const left = rangeHash(prefix, powers, start, k);
  const right = rangeHash(prefix, powers, k + 1, end);
  return (Math.imul(left, powers[end - k - 1] ?? 0) + right) | 0;
}

/** Mixes in the tag and spreads the bits (murmur3's finaliser), so buckets fill evenly. */
function finish(hash: number, tag: number): number {
  let h = (hash ^ Math.imul(tag, 0x9e3779b1)) | 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

function powerTable(size: number): Int32Array {
  const powers = new Int32Array(size + 1);
  powers[0] = 1;
  for (let i = 1; i <= size; i += 1) powers[i] = Math.imul(powers[i - 1] ?? 0, base);
  return powers;
}

function startsWith(
  password: ArrayLike<number>,
  start: number,
  chars: ArrayLike<number>,
  termStart: number,
  length: number,
): boolean {
  for (let i = 0; i < length; i += 1) if (password[start + i] !== chars[termStart + i]) return false;
  return true;
}
