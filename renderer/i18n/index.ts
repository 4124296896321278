import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import en from './locales/en.json';
import { bundleFor, loadBundle, supportedLanguages } from './languages';

/**
 * Every string a user reads comes from here. English is complete and ships with the first script;
 * another language loads only on a machine that speaks it (boot.ts starts fetching it), so the lock
 * screen stays light. Resolves once the user's language is in, so the first screen is drawn in it.
 */
export function setUpI18n(language = navigator.language): Promise<void> {
  // Screen readers pick their voice from the page's language.
  i18next.on('languageChanged', (chosen) => {
    document.documentElement.lang = chosen;
  });
  void i18next.use(initReactI18next).init({
    resources: { en: { translation: en } },
    partialBundledLanguages: true,
    lng: language,
    fallbackLng: 'en',
    // i18next checks a code by its base language here ("pt-BR" → "pt", "de-DE" → "de"), so the list
    // names base languages; a region bundle ("pt-BR") is then found under its own code.
    supportedLngs: [...new Set(supportedLanguages.map((code) => code.split('-')[0] ?? code))],
    nonExplicitSupportedLngs: true,
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  const bundle = bundleFor(language);
  const strings = bundle ? loadBundle(bundle) : null;
  if (!bundle || !strings) return Promise.resolve();
  return strings.then(
    (translation) => {
      i18next.addResourceBundle(bundle, 'translation', translation, true, true);
      // Anything already drawn in English redraws in the user's language.
      void i18next.changeLanguage(language.startsWith(bundle) ? language : bundle);
    },
    // The bundle could not be fetched: the screens stay in English.
    () => undefined,
  );
}
