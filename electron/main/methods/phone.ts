// Phone numbers as the wizard shows and confirms them (spec §5 step 3).
import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * The international digits of a number as typed: NFKC (full-width digits), spaces, dashes, dots and
 * brackets ignored, a leading `+` or `00` dropped. The country code must be there: "+1 425 555 0101",
 * "001 425 555 0101" and "14255550101" are one number; "425 555 0101" is not that number.
 */
export function phoneDigits(typed: string): string | null {
  const compact = typed
    .normalize('NFKC')
    .trim()
    .replace(/[\s\-.()]/gu, '');
  const international = compact.startsWith('+')
    ? compact.slice(1)
    : compact.startsWith('00')
      ? compact.slice(2)
      : compact;
  return /^\d{6,20}$/u.test(international) ? international : null;
}

/** Whether the typed number is the registered one, compared in constant time. */
export function samePhoneNumber(typed: string, registered: string): boolean {
  const typedDigits = phoneDigits(typed);
  const registeredDigits = phoneDigits(registered);
  const same = timingSafeEqual(digest(typedDigits ?? 'typed'), digest(registeredDigits ?? 'registered'));
  return same && typedDigits !== null;
}

/** Only the last two digits show, behind a fixed run of stars that does not tell the number's length. */
export function maskPhone(number: string): string {
  return `******** ${number.replace(/\D/gu, '').slice(-2)}`;
}

/** The office number masked the same way; the extension is said to be there, not shown. */
export function maskOfficePhone(number: string, extension: string | null): string {
  return extension ? `${maskPhone(number)} ext. ****` : maskPhone(number);
}

/** What the simulated phone network dials: the number, then the extension. */
export function dialString(number: string, extension: string | null): string {
  return extension ? `${number} x${extension}` : number;
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}
