// Spec §8: the tenant's custom banned-password list, checked when the admin saves it.
import { characterCount } from './normalize';

export const customListMaxTerms = 1000;
export const customTermMinLength = 4;
export const customTermMaxLength = 16;

export type CustomListError =
  | { code: 'empty'; i18nKey: 'password.customList.empty'; params: { minTerms: 1 } }
  | { code: 'tooMany'; i18nKey: 'password.customList.tooMany'; params: { maxTerms: number; count: number } }
  | {
      code: 'termTooShort';
      i18nKey: 'password.customList.termTooShort';
      params: { position: number; term: string; length: number; minLength: number };
    }
  | {
      code: 'termTooLong';
      i18nKey: 'password.customList.termTooLong';
      params: { position: number; term: string; length: number; maxLength: number };
    };

export type CustomListValidation =
  { ok: true; terms: string[]; duplicatesDropped: number } | { ok: false; errors: CustomListError[] };

/**
 * 1 to 1000 terms of 4 to 16 characters each, after trimming. Positions count from 1 in the list as
 * the admin typed it, so each error names exactly one entry. Duplicates (ignoring case) are not an
 * error: the first spelling is kept, and the 1000 limit counts the distinct terms.
 */
export function validateCustomList(entries: readonly string[]): CustomListValidation {
  const errors: CustomListError[] = [];
  const terms: string[] = [];
  const seen = new Set<string>();
  entries.forEach((entry, index) => {
    const term = entry.trim();
    const length = characterCount(term);
    const position = index + 1;
    if (length < customTermMinLength) {
      errors.push({
        code: 'termTooShort',
        i18nKey: 'password.customList.termTooShort',
        params: { position, term, length, minLength: customTermMinLength },
      });
      return;
    }
    if (length > customTermMaxLength) {
      errors.push({
        code: 'termTooLong',
        i18nKey: 'password.customList.termTooLong',
        params: { position, term, length, maxLength: customTermMaxLength },
      });
      return;
    }
    const key = term.normalize('NFKC').toLowerCase();
    if (seen.has(key)) return;
    seen.add(key);
    terms.push(term);
  });
  if (entries.length === 0) {
    errors.unshift({ code: 'empty', i18nKey: 'password.customList.empty', params: { minTerms: 1 } });
  }
  if (terms.length > customListMaxTerms) {
    errors.unshift({
      code: 'tooMany',
      i18nKey: 'password.customList.tooMany',
      params: { maxTerms: customListMaxTerms, count: terms.length },
    });
  }
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, terms, duplicatesDropped: entries.length - terms.length };
}
