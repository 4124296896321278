import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import en from './locales/en.json';

type Translation = typeof en;

/**
 * Every string a user reads comes from here. English is complete and ships with the first script;
 * another language loads only on a machine that speaks it, so the lock screen stays light.
 */
const otherLanguages: Record<string, () => Promise<{ default: Partial<Translation> }>> = {
  de: () => import('./locales/de.json'),
  'pt-BR': () => import('./locales/pt-BR.json'),
};

export const supportedLanguages = ['en', ...Object.keys(otherLanguages)];

/** The bundle for a browser language: an exact match ("pt-BR"), else its base language ("de-DE" → "de"). */
function bundleFor(language: string): string | null {
  if (otherLanguages[language]) return language;
  const base = language.split('-')[0] ?? '';
  return Object.keys(otherLanguages).find((name) => name === base || name.split('-')[0] === base) ?? null;
}

export function setUpI18n(language = navigator.language): typeof i18next {
  // Screen readers pick their voice from the page's language.
  i18next.on('languageChanged', (chosen) => {
    document.documentElement.lang = chosen;
  });
  void i18next.use(initReactI18next).init({
    resources: { en: { translation: en } },
    partialBundledLanguages: true,
    lng: language,
    fallbackLng: 'en',
    supportedLngs: supportedLanguages,
    nonExplicitSupportedLngs: true,
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  const bundle = bundleFor(language);
  const load = bundle ? otherLanguages[bundle] : undefined;
  if (bundle && load) {
    void load().then((translation) => {
      i18next.addResourceBundle(bundle, 'translation', translation.default, true, true);
      // Screens already drawn in English redraw in the user's language.
      void i18next.changeLanguage(language.startsWith(bundle) ? language : bundle);
    });
  }
  return i18next;
}
