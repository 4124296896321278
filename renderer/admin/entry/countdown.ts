import { useCallback, useEffect, useState } from 'react';

/** A wait as the prompt shows it: minutes and seconds, e.g. 0:30 or 15:00. */
export function formatWait(seconds: number): string {
  const minutes = Math.floor(seconds / 60);
  return `${minutes}:${String(seconds % 60).padStart(2, '0')}`;
}

/**
 * Counts down a wait the main process gave in seconds, and counts the waits that ran out. The
 * main process stays the judge: the count is only what the screen shows, and a new answer from it
 * restarts the count.
 */
export function useCountdown(): { secondsLeft: number; elapsed: number; waitFor: (seconds: number) => void } {
  const [deadline, setDeadline] = useState<number | null>(null);
  const [now, setNow] = useState(() => Date.now());
  /** How many waits have run out; a screen reacts to its change. */
  const [elapsed, setElapsed] = useState(0);

  useEffect(() => {
    if (deadline === null) return;
    const timer = setInterval(() => {
      const tick = Date.now();
      setNow(tick);
      if (tick >= deadline) {
        setDeadline(null);
        setElapsed((count) => count + 1);
      }
    }, 250);
    return () => clearInterval(timer);
  }, [deadline]);

  const waitFor = useCallback((seconds: number) => {
    const start = Date.now();
    setNow(start);
    setDeadline(seconds > 0 ? start + seconds * 1000 : null);
  }, []);

  return {
    secondsLeft: deadline === null ? 0 : Math.max(0, Math.ceil((deadline - now) / 1000)),
    elapsed,
    waitFor,
  };
}
