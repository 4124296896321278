import { describe, expect, it } from 'vitest';
import { characterCount, lookAlikes, normalizeForBannedCheck } from '../../../shared/password/normalize';

describe('§8 banned passwords: normalisation', () => {
  it('lowercases, then substitutes the spec table: 0→o, 1→l, $→s, @→a', () => {
    expect(normalizeForBannedCheck('P@$$W0RD1')).toBe('passwordl');
  });

  it.each([
    ['0', 'o'],
    ['1', 'l'],
    ['$', 's'],
    ['@', 'a'],
    ['3', 'e'],
    ['4', 'a'],
    ['5', 's'],
    ['7', 't'],
    ['!', 'i'],
    ['|', 'l'],
    ['+', 't'],
  ])('maps %s to %s', (from, to) => {
    expect(lookAlikes[from]).toBe(to);
    expect(normalizeForBannedCheck(`x${from}x`)).toBe(`x${to}x`);
  });

  it('leaves digits and symbols outside the table alone', () => {
    expect(normalizeForBannedCheck('2689#%&*')).toBe('2689#%&*');
  });

  it('applies NFKC first, so full-width letters and digits become plain ones', () => {
    expect(normalizeForBannedCheck('Ｃ０ｎｔｏｓｏ')).toBe('contoso');
    expect(normalizeForBannedCheck('ﬁsh')).toBe('fish');
  });

  it('keeps accented letters, lowercased (é is not e)', () => {
    expect(normalizeForBannedCheck('PÄSSWÖRT')).toBe('pässwört');
  });

  it('a composed and a decomposed é normalise alike', () => {
    expect(normalizeForBannedCheck('Caf\u00e9')).toBe(normalizeForBannedCheck('Cafe\u0301'));
  });

  it('counts characters as code points: an emoji is one character', () => {
    expect(characterCount('a😀b')).toBe(3);
  });
});
