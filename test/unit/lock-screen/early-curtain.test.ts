import { describe, expect, it } from 'vitest';
import en from '../../../renderer/i18n/locales/en.json';
import de from '../../../renderer/i18n/locales/de.json';
import ptBr from '../../../renderer/i18n/locales/pt-BR.json';
import { earlyHints } from '../../../renderer/i18n/early-hints';
import { supportedLanguages } from '../../../renderer/i18n/languages';

// Issue 4: index.html's early curtain says what React's says, in every language the app speaks.
describe("the early curtain's hint", () => {
  it("is the locale files' lock.dismissHint, for every supported language", () => {
    expect(Object.keys(earlyHints).sort()).toEqual([...supportedLanguages].sort());
    expect(earlyHints['en']).toBe(en.lock.dismissHint);
    expect(earlyHints['de']).toBe(de.lock.dismissHint);
    expect(earlyHints['pt-BR']).toBe(ptBr.lock.dismissHint);
  });
});
