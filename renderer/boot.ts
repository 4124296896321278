// The page's one entry, a few KB: it fills in and focuses index.html's early curtain and asks for the
// lock screen's answers, the user's language and the clock's date formats, then loads the main bundle
// (React and the app). Loaded this way, the browser compiles and runs the main bundle only after the
// curtain can take a key, and the answers are in by the time React is.
import { startLockScreenEarly } from './app/startup';
import { preloadLanguage } from './i18n/languages';
import { showEarlyCurtain } from './app/early-curtain';

showEarlyCurtain(navigator.language);
startLockScreenEarly();
preloadLanguage(navigator.language);
// A page's first Intl call loads ICU's data, tens of milliseconds the clock's first render would
// otherwise spend; here the main thread is only waiting for the bundle.
new Intl.DateTimeFormat(navigator.language, { hour: 'numeric', minute: '2-digit' }).format(new Date());
new Intl.DateTimeFormat(navigator.language, { weekday: 'long', month: 'long', day: 'numeric' }).format(new Date());
void import('./main');
