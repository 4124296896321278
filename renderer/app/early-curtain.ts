// The lock screen's first frame, before React: index.html carries the curtain's markup (the clock and
// its hint), and boot.ts fills it in and gives it the focus, so a key or a click counts from the first
// frame (issue 4: an interactive lock screen within 500 ms). React's LockScreen then draws the same
// curtain in its place and, if it was lifted meanwhile, opens straight on the sign-in.
import { bundleFor } from '../i18n/languages';
import { earlyHints } from '../i18n/early-hints';

/** The tenant's look as the last start drew it (branding is not secret), so the first frame wears it. */
export interface EarlyLook {
  accentColor: string;
  backgroundColor: string;
  logoText: string;
}

const lookKey = 'sspr.lockScreenLook';
const colour = /^#[0-9a-fA-F]{3,8}$/;
let lifted = false;
let release: (() => void) | null = null;

export function showEarlyCurtain(language: string): void {
  const screen = document.querySelector<HTMLElement>('.early-curtain');
  const curtain = screen?.querySelector<HTMLButtonElement>('.curtain');
  if (!screen || !curtain) return;
  const look = rememberedLook();
  if (look) {
    screen.style.setProperty('--brand-accent', look.accentColor);
    screen.style.setProperty('--brand-background', look.backgroundColor);
    const brand = screen.querySelector('.lock-brand');
    if (brand) brand.textContent = look.logoText;
  }
  const now = new Date();
  const time = screen.querySelector('.clock-time');
  if (time) {
    time.textContent = new Intl.DateTimeFormat(language, { hour: 'numeric', minute: '2-digit' }).format(now);
    time.setAttribute('datetime', now.toISOString());
  }
  const date = screen.querySelector('.clock-date');
  if (date) {
    date.textContent = new Intl.DateTimeFormat(language, { weekday: 'long', month: 'long', day: 'numeric' }).format(
      now,
    );
  }
  const hint = earlyHints[bundleFor(language) ?? 'en'] ?? earlyHints['en'] ?? '';
  const hintText = screen.querySelector('.curtain-hint');
  if (hintText) hintText.textContent = hint;
  curtain.setAttribute('aria-label', hint);
  curtain.focus();

  const lift = () => {
    lifted = true;
    screen.classList.add('lifted');
  };
  const onKey = (event: KeyboardEvent) => {
    if (event.key !== 'Tab' && event.key !== 'Shift') lift();
  };
  window.addEventListener('keydown', onKey);
  curtain.addEventListener('click', lift);
  release = () => window.removeEventListener('keydown', onKey);
}

/**
 * Whether a key or click lifted the early curtain, once: the first screen React draws takes the
 * answer (the lock screen opens on the sign-in; a signed-in desktop just drops it) and the early
 * curtain stops listening.
 */
export function liftedEarly(): boolean {
  release?.();
  release = null;
  const answer = lifted;
  lifted = false;
  return answer;
}

export function rememberLook(look: EarlyLook): void {
  try {
    localStorage.setItem(lookKey, JSON.stringify(look));
  } catch {
    // Storage may be off (a private window); the next start then shows the default colours.
  }
}

function rememberedLook(): EarlyLook | null {
  try {
    const look = JSON.parse(localStorage.getItem(lookKey) ?? 'null') as Partial<EarlyLook> | null;
    if (
      look &&
      colour.test(look.accentColor ?? '') &&
      colour.test(look.backgroundColor ?? '') &&
      typeof look.logoText === 'string'
    ) {
      return {
        accentColor: look.accentColor ?? '',
        backgroundColor: look.backgroundColor ?? '',
        logoText: look.logoText,
      };
    }
  } catch {
    // A malformed entry is ignored.
  }
  return null;
}
