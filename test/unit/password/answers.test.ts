import { describe, expect, it } from 'vitest';
import { normalizeAnswer } from '../../../shared/answers';

describe('§5 security answers compare trimmed, case-insensitive and NFKC-normalised', () => {
  it('trims and case-folds', () => {
    expect(normalizeAnswer('  Reykjavik ')).toBe('reykjavik');
    expect(normalizeAnswer('REYKJAVIK')).toBe(normalizeAnswer('reykjavik'));
  });

  it('collapses runs of inner whitespace to one space', () => {
    expect(normalizeAnswer('Tortellini \t in\n\n  brodo')).toBe('tortellini in brodo');
    expect(normalizeAnswer('Fiat\u00a0Panda\u3000 4x4')).toBe('fiat panda 4x4');
  });

  it('treats compatibility forms as their plain letters (NFKC)', () => {
    expect(normalizeAnswer('\uff26\uff49\uff41\uff54')).toBe('fiat');
    expect(normalizeAnswer('\ufb01sh')).toBe('fish');
    expect(normalizeAnswer('Cafe\u0301')).toBe(normalizeAnswer('Caf\u00e9'));
  });

  it('is idempotent', () => {
    for (const answer of ['  \u0130stanbul ', 'STRASSE', '\u212bngstr\u00f6m', 'Pavarotti in the Park']) {
      expect(normalizeAnswer(normalizeAnswer(answer))).toBe(normalizeAnswer(answer));
    }
  });
});
