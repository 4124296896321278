import { describe, expect, it } from 'vitest';
import en from '../../../renderer/i18n/locales/en.json';
import de from '../../../renderer/i18n/locales/de.json';
import ptBr from '../../../renderer/i18n/locales/pt-BR.json';
import { leaves, lookup, placeholders, type Tree } from '../support/locale-tree';
import { lastDayOf, lastDays, sinceDaysBefore } from '../../../renderer/admin/tables/ranges';
import { auditActivities } from '../../../electron/main/store';
import { stopOutcomes } from '../../../electron/main/policy/eligibility';
import { gateMethods, methodKinds, plans, riskLevels, userSources } from '../../../shared/policy';

// Console B's pages (issue 6) word what the main process answers: every audit activity, every §3
// stop, every method, plan, risk and source; in English, German and Brazilian Portuguese alike.

const locales: Record<string, Tree> = { en: en.adminPages, de: de.adminPages, 'pt-BR': ptBr.adminPages };

describe('the console pages in three languages', () => {
  const named: [string, readonly string[]][] = [
    ['activities', auditActivities],
    ['outcomes', stopOutcomes],
    ['reasons', stopOutcomes],
    ['kinds', methodKinds],
    ['gates', gateMethods],
    ['plans', plans],
    ['risk', riskLevels],
    ['sources', userSources],
  ];

  it.each(Object.entries(locales))(
    '%s words every audit activity, §3 stop, method, plan, risk and source',
    (_, tree) => {
      for (const [section, names] of named) {
        for (const name of names)
          expect(lookup(tree, `${section}.${name}`), `${section}.${name}`).toEqual(expect.any(String));
      }
    },
  );

  it('German and Portuguese have the same keys and placeholders as English', () => {
    const english = leaves(locales['en'] ?? {});
    for (const language of ['de', 'pt-BR']) {
      const tree = locales[language] ?? {};
      expect(leaves(tree), language).toEqual(english);
      for (const key of english) {
        const text = lookup(locales['en'] ?? {}, key) ?? lookup(locales['en'] ?? {}, `${key}_other`);
        const translated = lookup(tree, key) ?? lookup(tree, `${key}_other`);
        expect(placeholders(String(translated)), `${language} ${key}`).toEqual(placeholders(String(text)));
      }
    }
  });

  it('Portuguese has the "many" plural form wherever it has "other" (Intl names it for pt-BR)', () => {
    const missing: string[] = [];
    const walk = (tree: Tree, prefix: string) => {
      for (const [key, value] of Object.entries(tree)) {
        if (typeof value === 'object') walk(value, `${prefix}${key}.`);
        else if (key.endsWith('_other') && tree[key.replace(/_other$/, '_many')] === undefined)
          missing.push(prefix + key);
      }
    };
    walk(locales['pt-BR'] ?? {}, '');
    expect(missing).toEqual([]);
  });
});

describe('§10 report and audit ranges', () => {
  const now = new Date('2026-03-14T23:30:00Z');

  it('the last 7 days are whole UTC days ending with today, until exclusive', () => {
    expect(lastDays(now, 7)).toEqual({ since: '2026-03-08T00:00:00.000Z', until: '2026-03-15T00:00:00.000Z' });
    expect(lastDayOf(lastDays(now, 7).until)).toBe('2026-03-14');
  });

  it('one day is today alone, even a minute after midnight', () => {
    expect(lastDays(new Date('2026-03-14T00:01:00Z'), 1)).toEqual({
      since: '2026-03-14T00:00:00.000Z',
      until: '2026-03-15T00:00:00.000Z',
    });
  });

  it('the audit log counts its "last N days" back from the engine\'s time, to the minute', () => {
    expect(sinceDaysBefore(now, 1)).toBe('2026-03-13T23:30:00.000Z');
    expect(sinceDaysBefore(now, 30)).toBe('2026-02-12T23:30:00.000Z');
  });
});
