import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';

/** Dates and numbers in the console's language (the tests run in UTC, the app in the device's zone). */
export function useFormat() {
  const { i18n } = useTranslation();
  const language = i18n.language;
  return useMemo(() => {
    const dateTime = new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeStyle: 'short' });
    const dateTimeSeconds = new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeStyle: 'medium' });
    const day = new Intl.DateTimeFormat(language, { day: 'numeric', month: 'short', timeZone: 'UTC' });
    const number = new Intl.NumberFormat(language);
    return {
      dateTime: (iso: string) => dateTime.format(new Date(iso)),
      dateTimeSeconds: (iso: string) => dateTimeSeconds.format(new Date(iso)),
      /** A report's day (`YYYY-MM-DD`, a UTC day as the engine groups them). */
      day: (ymd: string) => day.format(new Date(`${ymd}T00:00:00Z`)),
      number: (value: number) => number.format(value),
    };
  }, [language]);
}
