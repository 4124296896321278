// The page's first script (its own entry, a few KB, put ahead of the main bundle by electron.config.ts):
// it runs while the main bundle is still on its way, so that by the time React is ready the lock
// screen's answers, the user's language and the clock's date formats are too.
import { startLockScreenEarly } from './app/startup';
import { preloadLanguage } from './i18n/languages';

startLockScreenEarly();
preloadLanguage(navigator.language);
// A page's first Intl call loads ICU's data, tens of milliseconds the clock's first render would
// otherwise spend; here the main thread is only waiting for the bundle.
new Intl.DateTimeFormat(navigator.language, { hour: 'numeric', minute: '2-digit' }).format(new Date());
new Intl.DateTimeFormat(navigator.language, { weekday: 'long', month: 'long', day: 'numeric' }).format(new Date());
