import { describe, expect, it } from 'vitest';
import { validateCustomList } from '../../../shared/password/custom-list';

describe('§8 the tenant custom banned list: 1 to 1000 terms of 4 to 16 characters', () => {
  it('accepts a list within the bounds, trimmed', () => {
    expect(validateCustomList(['blank', '  contoso  ', 'abcd', 'sixteencharacter'])).toEqual({
      ok: true,
      terms: ['blank', 'contoso', 'abcd', 'sixteencharacter'],
      duplicatesDropped: 0,
    });
  });

  it('refuses an empty list', () => {
    expect(validateCustomList([])).toEqual({
      ok: false,
      errors: [{ code: 'empty', i18nKey: 'password.customList.empty', params: { minTerms: 1 } }],
    });
  });

  it('refuses 1001 distinct terms and accepts 1000', () => {
    const terms = Array.from({ length: 1001 }, (_, i) => `term${String(i).padStart(4, '0')}`);
    expect(validateCustomList(terms.slice(0, 1000)).ok).toBe(true);
    expect(validateCustomList(terms)).toEqual({
      ok: false,
      errors: [{ code: 'tooMany', i18nKey: 'password.customList.tooMany', params: { maxTerms: 1000, count: 1001 } }],
    });
  });

  it('refuses a 3-character term, naming its position', () => {
    expect(validateCustomList(['blank', 'abc'])).toEqual({
      ok: false,
      errors: [
        {
          code: 'termTooShort',
          i18nKey: 'password.customList.termTooShort',
          params: { position: 2, term: 'abc', length: 3, minLength: 4 },
        },
      ],
    });
  });

  it('refuses a 17-character term, naming its position', () => {
    expect(validateCustomList(['seventeencharacte', 'blank'])).toEqual({
      ok: false,
      errors: [
        {
          code: 'termTooLong',
          i18nKey: 'password.customList.termTooLong',
          params: { position: 1, term: 'seventeencharacte', length: 17, maxLength: 16 },
        },
      ],
    });
  });

  it('names every offending term, each by its own position, even when two are equal', () => {
    const result = validateCustomList(['abc', 'blank', 'abc', '   ']);
    expect(result.ok).toBe(false);
    if (!result.ok)
      expect(result.errors.map((error) => error.params)).toMatchObject([
        { position: 1 },
        { position: 3 },
        { position: 4 },
      ]);
  });

  it('drops duplicates ignoring case, keeping the first spelling', () => {
    expect(validateCustomList(['Blank', 'BLANK', 'blank ', 'Contoso'])).toEqual({
      ok: true,
      terms: ['Blank', 'Contoso'],
      duplicatesDropped: 2,
    });
  });

  it('counts characters, not UTF-16 units', () => {
    expect(validateCustomList(['😀😀😀😀']).ok).toBe(true);
    expect(validateCustomList(['passwört']).ok).toBe(true);
  });
});
