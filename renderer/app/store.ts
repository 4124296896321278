import { create } from 'zustand';
import type { AppInfo, LockScreen, Session, SignInResult } from '../../shared/contract';
import type { CallErrorCode } from '../../shared/errors';
import { call, CallRefused } from '../api/client';
import { fetchLockScreenStart, takeEarlyLockScreen } from './startup';

/**
 * What the screens show, as the main process last said it. No password or code is ever kept here:
 * a password travels from its input straight into the call and is forgotten.
 */
interface AppState {
  status: 'loading' | 'ready' | 'failed';
  failure: CallErrorCode | null;
  info: AppInfo | null;
  lockScreen: LockScreen | null;
  session: Session;
  load(): Promise<void>;
  /** Every outcome but `signedIn` is for the sign-in form to word; a signed-in session is applied here. */
  signIn(upn: string, password: string): Promise<SignInResult>;
  /** Asks the main process where the session is now (after a step is done elsewhere: registration, the wizard). */
  refreshSession(): Promise<void>;
  /** Applies a session the main process answered with (e.g. after a password change). */
  applySession(session: Session): void;
  /** Reads the lock screen again (the device's settings or the tenant's branding changed in the admin console). */
  refreshLockScreen(): Promise<void>;
  lock(): Promise<void>;
  signOut(): Promise<void>;
}

const signedOut: Session = { user: null, locked: false, next: null };
let inFlight: Promise<void> | null = null;

export const useAppStore = create<AppState>()((set) => ({
  status: 'loading',
  failure: null,
  info: null,
  lockScreen: null,
  session: signedOut,

  load() {
    // One load at a time: main.tsx starts it (taking boot.ts's answers) before React's first render, App's effect joins it.
    inFlight ??= loadOnce().finally(() => {
      inFlight = null;
    });
    return inFlight;
  },

  async signIn(upn, password) {
    const result = await call('session.signIn', { upn, password });
    if (result.outcome === 'signedIn') {
      const lockScreen = await call('lockScreen.get', {});
      set({ session: result.session, lockScreen });
    }
    return result;
  },

  async refreshSession() {
    set({ session: await call('session.get', {}) });
  },

  applySession(session) {
    set({ session });
  },

  async refreshLockScreen() {
    const [info, lockScreen] = await Promise.all([call('app.getInfo', {}), call('lockScreen.get', {})]);
    set({ info, lockScreen });
  },

  async lock() {
    set({ session: await call('session.lock', {}) });
  },

  async signOut() {
    set({ session: await call('session.signOut', {}) });
  },
}));

async function loadOnce(): Promise<void> {
  const set = useAppStore.setState;
  set({ status: 'loading', failure: null });
  try {
    const { info, lockScreen, session } = await (takeEarlyLockScreen() ?? fetchLockScreenStart());
    set({ status: 'ready', info, lockScreen, session });
  } catch (error) {
    set({ status: 'failed', failure: error instanceof CallRefused ? error.error.code : 'internal' });
  }
}
