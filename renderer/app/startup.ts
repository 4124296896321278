import type { AppInfo, LockScreen, Session } from '../../shared/contract';
import { call } from '../api/client';

/** What the lock screen needs from the main process before it can be drawn. */
export interface LockScreenStart {
  info: AppInfo;
  lockScreen: LockScreen;
  session: Session;
}

let early: Promise<LockScreenStart> | null = null;

export async function fetchLockScreenStart(): Promise<LockScreenStart> {
  const [info, lockScreen, session] = await Promise.all([
    call('app.getInfo', {}),
    call('lockScreen.get', {}),
    call('session.get', {}),
  ]);
  return { info, lockScreen, session };
}

/** boot.ts asks before the main bundle is evaluated, so the answers are in by the time React is. */
export function startLockScreenEarly(): void {
  early ??= fetchLockScreenStart();
  // Whoever takes the answers handles a refusal; until then it is not an unhandled rejection.
  early.catch(() => undefined);
}

/** The early answers, once: the first load takes them, every later load asks again. */
export function takeEarlyLockScreen(): Promise<LockScreenStart> | null {
  const taken = early;
  early = null;
  return taken;
}
