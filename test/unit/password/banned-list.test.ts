import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { characterCount, normalizeForBannedCheck } from '../../../shared/password/normalize';
import { globalBannedIndex, readGlobalBannedList } from '../../../electron/main/password/banned-list';
import { bannedListPath, buildBannedList } from '../../../scripts/build-banned-list';

describe('§8 the global banned-password list ships with the app', () => {
  const terms = readGlobalBannedList();

  it('holds at least 30,000 terms of real common-password data', () => {
    expect(terms.length).toBeGreaterThanOrEqual(30_000);
    expect(terms).toContain('password');
    expect(terms).toContain('qwerty');
  });

  it('is normalised, 4 to 16 characters, distinct and sorted by code unit', () => {
    for (const term of terms) {
      expect(normalizeForBannedCheck(term)).toBe(term);
      expect(characterCount(term)).toBeGreaterThanOrEqual(4);
      expect(characterCount(term)).toBeLessThanOrEqual(16);
    }
    expect(new Set(terms).size).toBe(terms.length);
    for (let i = 1; i < terms.length; i += 1) expect((terms[i - 1] ?? '') < (terms[i] ?? '')).toBe(true);
  });

  it('is exactly what the build script makes from the installed package (reproducible)', () => {
    const build = buildBannedList();
    expect(readFileSync(bannedListPath, 'utf8')).toBe(build.text);
    expect(buildBannedList().text).toBe(build.text);
    expect(build.termCount).toBe(terms.length);
  });

  it('is indexed once and then served from memory', () => {
    const index = globalBannedIndex();
    expect(globalBannedIndex()).toBe(index);
    expect(index.termCount).toBe(terms.length);
    expect(index.findMatches('letmein').map((match) => match.term)).toContain('letmein');
  });
});
