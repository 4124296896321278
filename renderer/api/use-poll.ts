import { useEffect } from 'react';
import type { CallName } from '../../shared/contract';
import { onCallAnswered } from './client';

/**
 * Runs `poll` every `intervalMs` while the component is mounted, never two at once, and at once when
 * another part of the page has a call answered that `wakesOn` names (see `onCallAnswered`). `poll`
 * returns false to stop. A new `poll` (its inputs changed) starts over with a look at once.
 */
export function usePoll(
  poll: () => Promise<unknown>,
  options: { intervalMs: number; firstAfterMs: number; wakesOn: (name: CallName) => boolean },
): void {
  const { intervalMs, firstAfterMs, wakesOn } = options;
  useEffect(() => {
    let stopped = false;
    let running = false;
    let again = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const run = async () => {
      clearTimeout(timer);
      if (running) {
        again = true;
        return;
      }
      running = true;
      const more = await poll();
      running = false;
      if (stopped || more === false) {
        stopped = true;
        return;
      }
      if (again) {
        again = false;
        void run();
        return;
      }
      timer = setTimeout(() => void run(), intervalMs);
    };
    timer = setTimeout(() => void run(), firstAfterMs);
    const unsubscribe = onCallAnswered((name) => {
      if (!stopped && wakesOn(name)) void run();
    });
    return () => {
      stopped = true;
      clearTimeout(timer);
      unsubscribe();
    };
  }, [poll, intervalMs, firstAfterMs, wakesOn]);
}

/** The training devices panel's own calls: what the user does on the phone. */
export const isTrainingCall = (name: CallName): boolean => name.startsWith('training.');
/** Everything else: what the user does in the wizard or the app, which may make a device ring. */
export const isAppCall = (name: CallName): boolean => !isTrainingCall(name);
