import type en from './locales/en.json';

type Translation = typeof en;

/** English ships with the first script; another language loads only on a machine that speaks it. */
const otherLanguages: Record<string, () => Promise<{ default: Partial<Translation> }>> = {
  de: () => import('./locales/de.json'),
  'pt-BR': () => import('./locales/pt-BR.json'),
};

export const supportedLanguages = ['en', ...Object.keys(otherLanguages)];

/** The bundle for a browser language: an exact match ("pt-BR"), else its base language ("de-DE" → "de"). */
export function bundleFor(language: string): string | null {
  if (otherLanguages[language]) return language;
  const base = language.split('-')[0] ?? '';
  return Object.keys(otherLanguages).find((name) => name === base || name.split('-')[0] === base) ?? null;
}

const loading = new Map<string, Promise<Partial<Translation>>>();

/** The strings of a bundle, fetched once: boot.ts asks first, setUpI18n takes the same promise. */
export function loadBundle(bundle: string): Promise<Partial<Translation>> | null {
  const load = otherLanguages[bundle];
  if (!load) return null;
  let strings = loading.get(bundle);
  if (!strings) {
    strings = load().then((module) => module.default);
    loading.set(bundle, strings);
  }
  return strings;
}

/** Starts fetching the strings for a browser language, if it is not English. */
export function preloadLanguage(language: string): void {
  const bundle = bundleFor(language);
  // A failed fetch is setUpI18n's to notice; the lock screen then stays in English.
  if (bundle) loadBundle(bundle)?.catch(() => undefined);
}
