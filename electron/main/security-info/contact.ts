import { z } from 'zod';
import { phoneDigits } from '../methods/phone';

const emailAddress = z.email();

/** Why an alternate e-mail address is refused (§1), or null when it may be registered. */
export function emailIssue(address: string, upn: string): 'invalidEmail' | 'emailIsUpn' | null {
  const trimmed = address.trim();
  if (!emailAddress.safeParse(trimmed).success) return 'invalidEmail';
  // §1: the alternate address is never the account's own.
  return trimmed.toLowerCase() === upn.trim().toLowerCase() ? 'emailIsUpn' : null;
}

/**
 * The number as the store keeps it (`+` and digits, spaces allowed): as typed when it is already
 * in that form, else `+` and its international digits. Null when it is no international number
 * (the country code is needed: a reset call or SMS goes to exactly this number).
 */
export function phoneNumberOf(typed: string): string | null {
  const digits = phoneDigits(typed);
  if (digits === null || digits.length < 7) return null;
  const spaced = typed.normalize('NFKC').trim().replace(/\s+/gu, ' ');
  return /^\+\d[\d ]*$/u.test(spaced) && spaced.length <= 32 ? spaced : `+${digits}`;
}
