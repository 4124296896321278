import { create } from 'zustand';
import { call } from '../../api/client';
import { useAppStore } from '../../app/store';

/**
 * Where the way into the admin console stands on this screen. Whether the console is open is decided
 * in the main process (the renderer holds no token); this only says what to draw: nothing, the
 * credential prompt, or the console.
 */
export type AdminPhase = 'closed' | 'prompt' | 'console';

interface AdminEntryState {
  phase: AdminPhase;
  /** The main process closed the console after its idle minutes; the prompt says so. */
  closedForIdle: boolean;
  /** The gear button or the shortcut: ask for the credential. */
  ask(): void;
  /** The prompt was cancelled. */
  dismiss(): void;
  /** The main process accepted the credential (or set it on first run). */
  entered(): void;
  /** "Lock console": closed in the main process, and the lock screen read again so it shows every change. */
  lockConsole(): Promise<void>;
  /** A console call was refused because the console had closed itself: ask for the credential again. */
  idleClosed(): void;
}

export const useAdminEntry = create<AdminEntryState>()((set, get) => ({
  phase: 'closed',
  closedForIdle: false,

  ask() {
    if (get().phase === 'closed') set({ phase: 'prompt', closedForIdle: false });
  },

  dismiss() {
    const fromConsole = get().closedForIdle;
    set({ phase: 'closed', closedForIdle: false });
    // Back from a console that locked itself: the lock screen shows what was changed there.
    const { refreshLockScreen } = useAppStore.getState();
    if (fromConsole) refreshLockScreen().catch(() => undefined);
  },

  entered() {
    set({ phase: 'console', closedForIdle: false });
  },

  async lockConsole() {
    try {
      await call('admin.close', {});
    } finally {
      set({ phase: 'closed', closedForIdle: false });
      await useAppStore.getState().refreshLockScreen();
    }
  },

  idleClosed() {
    if (get().phase === 'console') set({ phase: 'prompt', closedForIdle: true });
  },
}));
