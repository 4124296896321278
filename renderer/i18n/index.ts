import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import en from './locales/en.json';

/** Every string a user reads comes from here; English is complete, other languages fill in by key. */
export const resources = { en: { translation: en } } as const;

export function setUpI18n(language = navigator.language): typeof i18next {
  void i18next.use(initReactI18next).init({
    resources,
    lng: language,
    fallbackLng: 'en',
    supportedLngs: Object.keys(resources),
    nonExplicitSupportedLngs: true,
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  return i18next;
}
