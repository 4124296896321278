// Spec §8 banned passwords, step 1: the normalisation both the password and every banned term go through.

/**
 * Look-alike characters and the letter each stands for. The first four are the spec's table; the
 * rest are the leetspeak substitutions people most often use to dodge a word list.
 */
export const lookAlikes: Readonly<Record<string, string>> = {
  /** Zero is the letter O with a slash or a narrower body. */
  '0': 'o',
  /** One is drawn as a lowercase L in most fonts (Microsoft's table maps it to l, not i). */
  '1': 'l',
  /** The dollar sign is an S with a stroke. */
  $: 's',
  /** The at sign wraps a lowercase a. */
  '@': 'a',
  /** Three is a mirrored capital E. */
  '3': 'e',
  /** Four has the open triangle of a capital A. */
  '4': 'a',
  /** Five has the curves of a capital S. */
  '5': 's',
  /** Seven is a capital T with a slanted stem. */
  '7': 't',
  /** The exclamation mark is an i upside down. */
  '!': 'i',
  /** The vertical bar is a lowercase L without serifs. */
  '|': 'l',
  /** The plus sign is a lowercase t without its hook. */
  '+': 't',
};

/**
 * NFKC first (full-width and ligature forms become plain letters), then lowercase, then the
 * look-alike table. The result is what banned terms and names are matched against.
 */
export function normalizeForBannedCheck(text: string): string {
  // Printable ASCII is already in NFKC: skipping it makes indexing a million-term list fast.
  const folded = (printableAscii.test(text) ? text : text.normalize('NFKC')).toLowerCase();
  return folded.replace(lookAlikePattern, (character) => lookAlikes[character] ?? character);
}

const printableAscii = /^[\x20-\x7e]*$/;
/** The keys of `lookAlikes` (its test checks every key goes through). */
const lookAlikePattern = /[013457$@!|+]/g;

/** The characters (Unicode code points, not UTF-16 units) of a string: an emoji is one character. */
export function codePointsOf(text: string): number[] {
  const points: number[] = [];
  for (let i = 0; i < text.length; i += 1) {
    const point = text.codePointAt(i) ?? 0;
    points.push(point);
    if (point > 0xffff) i += 1;
  }
  return points;
}

/** How many characters (code points) a string has: a surrogate pair counts once. */
export function characterCount(text: string): number {
  let count = text.length;
  for (let i = 0; i < text.length - 1; i += 1) {
    const unit = text.charCodeAt(i);
    if (unit >= 0xd800 && unit <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        count -= 1;
        i += 1;
      }
    }
  }
  return count;
}
