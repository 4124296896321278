import { useCallback, useEffect, useRef, useState } from 'react';

/** How long a closing dialog stays mounted: Fluent's exit motion, then its focus traps are gone. */
const exitMs = 400;

/**
 * A Fluent dialog that is mounted only around its use: closed-but-mounted dialogs leave focus traps
 * (Tabster's hidden inputs) in the page, and one unmounted while still open leaves the page
 * aria-hidden. So it opens on mount and closes first, unmounting after its exit motion.
 */
export function useDialog<T>() {
  const [content, setContent] = useState<T | null>(null);
  const [open, setOpen] = useState(false);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current);
    },
    [],
  );
  const show = useCallback((next: T) => {
    if (timer.current) clearTimeout(timer.current);
    setContent(next);
    setOpen(true);
  }, []);
  const hide = useCallback(() => {
    setOpen(false);
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(() => setContent(null), exitMs);
  }, []);
  return { content, open, show, hide };
}
