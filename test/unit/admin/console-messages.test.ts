import { describe, expect, it } from 'vitest';
import en from '../../../renderer/i18n/locales/en.json';
import de from '../../../renderer/i18n/locales/de.json';
import ptBr from '../../../renderer/i18n/locales/pt-BR.json';
import { leaves, lookup, placeholders, type Tree } from '../support/locale-tree';
import { reasonRules } from '../../../electron/main/policy/reasons';
import { stopOutcomes } from '../../../electron/main/policy/eligibility';
import { gateMethods, plans } from '../../../shared/policy';
import { tenantTabs } from '../../../shared/admin';
import { resetLinkBlockers } from '../../../shared/session';

// The admin console (issue 6) words what the main process decides: every rule of §3/§4 it can name,
// every stop, every method, plan and tab; in English, German and Brazilian Portuguese alike.

const locales: Record<string, Tree> = { en: en.admin, de: de.admin, 'pt-BR': ptBr.admin };

function text(tree: Tree, key: string): string {
  const found = lookup(tree, key) ?? lookup(tree, `${key}_other`);
  if (typeof found !== 'string') throw new Error(`no text for ${key}`);
  return found;
}

describe('the admin console speaks every language it ships', () => {
  it.each(['de', 'pt-BR'])('%s has the same admin keys as English, with the same placeholders', (language) => {
    const translated = locales[language] as Tree;
    const english = locales['en'] as Tree;
    expect(leaves(translated)).toEqual(leaves(english));
    for (const key of leaves(english)) {
      expect(placeholders(text(translated, key)), key).toEqual(placeholders(text(english, key)));
    }
  });

  it.each(Object.keys(locales))('%s words every §3/§4 rule and every stop the engine can name', (language) => {
    const messages = locales[language] as Tree;
    for (const rule of reasonRules) expect(typeof lookup(messages, `reasons.${rule}`), rule).toBe('string');
    for (const outcome of stopOutcomes) expect(typeof lookup(messages, `outcomes.${outcome}`), outcome).toBe('string');
  });

  it.each(Object.keys(locales))('%s names every gate method, plan and tab, and every §9 blocker', (language) => {
    const messages = locales[language] as Tree;
    for (const method of gateMethods) expect(typeof lookup(messages, `methods.${method}`), method).toBe('string');
    for (const plan of plans) expect(typeof lookup(messages, `plans.${plan}`), plan).toBe('string');
    for (const tab of tenantTabs) expect(typeof lookup(messages, `tabs.${tab}`), tab).toBe('string');
    const diagnostic = (language === 'en' ? en : language === 'de' ? de : ptBr).session.diagnostic.blockers;
    for (const blocker of resetLinkBlockers) expect(diagnostic[blocker].title, blocker).toBeTruthy();
  });
});
