import { useCallback, useEffect, useRef, useState } from 'react';

/** How long a closing dialog stays mounted: Fluent's exit motion, with room for a busy machine. */
const exitMs = 1000;

/**
 * A Fluent dialog mounted only around its use: a closed-but-mounted dialog leaves focus traps in
 * the page, and one unmounted while still open leaves the page aria-hidden. So it opens on mount,
 * and on close it first closes, then unmounts after its exit motion.
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
