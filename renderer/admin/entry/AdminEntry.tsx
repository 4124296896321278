import { lazy, Suspense, useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useAdminEntry } from './entry-store';
import './entry.css';

// The prompt (and Fluent UI with it) loads only when someone asks for the console.
const CredentialPrompt = lazy(() =>
  import('./CredentialPrompt').then((module) => ({ default: module.CredentialPrompt })),
);

/** Ctrl+Shift+S, as the README documents it. */
export function isAdminShortcut(event: KeyboardEvent): boolean {
  return event.ctrlKey && event.shiftKey && !event.altKey && !event.metaKey && event.code === 'KeyS';
}

/**
 * The lock screen's discreet way into the admin console: a small gear at the top right and the
 * shortcut Ctrl+Shift+S. Both only ask for the local admin credential; the main process decides.
 * Kept tiny (plain HTML, an inline glyph) because it ships with the lock screen's first script.
 */
export function AdminEntry({ showButton, enabled }: { showButton: boolean; enabled: boolean }) {
  const { t } = useTranslation();
  const phase = useAdminEntry((state) => state.phase);
  const ask = useAdminEntry((state) => state.ask);
  const dismiss = useAdminEntry((state) => state.dismiss);
  const button = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (!enabled) return;
    const onKeyDown = (event: KeyboardEvent) => {
      if (!isAdminShortcut(event)) return;
      event.preventDefault();
      ask();
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [enabled, ask]);

  function cancel() {
    dismiss();
    setTimeout(() => button.current?.focus(), 0);
  }

  return (
    <>
      {showButton && enabled && (
        <button
          ref={button}
          type="button"
          className="admin-entry"
          aria-label={t('admin.entry.button')}
          title={t('admin.entry.buttonTitle')}
          aria-keyshortcuts="Control+Shift+S"
          aria-haspopup="dialog"
          onClick={ask}
        >
          <svg viewBox="0 0 20 20" width="20" height="20" aria-hidden="true" focusable="false">
            <path
              fill="currentColor"
              d="M1.91 7.38A8.5 8.5 0 0 1 3.7 4.3a.5.5 0 0 1 .54-.13l1.92.68a1 1 0 0 0 1.32-.76l.36-2a.5.5 0 0 1 .4-.4 9 9 0 0 1 3.55 0q.32.08.38.4l.37 2a1 1 0 0 0 1.32.76l1.92-.68a.5.5 0 0 1 .54.13 8.5 8.5 0 0 1 1.78 3.08q.08.31-.15.54l-1.56 1.32a1 1 0 0 0 0 1.52l1.56 1.32a.5.5 0 0 1 .15.54 8.5 8.5 0 0 1-1.78 3.08.5.5 0 0 1-.54.13l-1.92-.68a1 1 0 0 0-1.32.76l-.37 2a.5.5 0 0 1-.38.4 8.5 8.5 0 0 1-3.56 0 .5.5 0 0 1-.39-.4l-.36-2a1 1 0 0 0-1.32-.76l-1.92.68a.5.5 0 0 1-.54-.13 8.5 8.5 0 0 1-1.78-3.08.5.5 0 0 1 .15-.54l1.56-1.32a1 1 0 0 0 0-1.52L2.06 7.92a.5.5 0 0 1-.15-.54m1.06 0 1.3 1.1a2 2 0 0 1 0 3.04l-1.3 1.1q.45 1.19 1.25 2.16l1.6-.58a2 2 0 0 1 2.63 1.53l.3 1.67a8 8 0 0 0 2.5 0l.3-1.67a2 2 0 0 1 2.64-1.53l1.6.58a8 8 0 0 0 1.24-2.16l-1.3-1.1a2 2 0 0 1 0-3.04l1.3-1.1a8 8 0 0 0-1.25-2.16l-1.6.58a2 2 0 0 1-2.63-1.53l-.3-1.67a8 8 0 0 0-2.5 0l-.3 1.67A2 2 0 0 1 5.81 5.8l-1.6-.58a8 8 0 0 0-1.24 2.16M7.5 10a2.5 2.5 0 1 1 5 0 2.5 2.5 0 0 1-5 0m1 0a1.5 1.5 0 1 0 3 0 1.5 1.5 0 0 0-3 0"
            />
          </svg>
        </button>
      )}
      {phase === 'prompt' && (
        <Suspense fallback={null}>
          <CredentialPrompt onCancel={cancel} />
        </Suspense>
      )}
    </>
  );
}
