import { useEffect, useMemo, useRef, useState } from 'react';

/**
 * After the exit motion, how long the closed dialog stays mounted: Tabster (Fluent's focus manager)
 * gives the rest of the page back (removes aria-hidden) asynchronously once the surface is gone.
 */
const settleMs = 500;
/** If the exit motion never reports its end, the closed dialog is unmounted after this long anyway. */
const fallbackMs = 3000;

/**
 * A Fluent dialog mounted only around its use. A closed-but-mounted dialog leaves Tabster's focus
 * traps (aria-hidden inputs) in the page, and one unmounted too early leaves the rest of the page
 * aria-hidden. So it mounts open, closes first, and unmounts once the exit motion is over and the
 * page has been given back: pass `surfaceMotion` to the Dialog.
 */
export function useDialog<T>(returnFocus?: () => HTMLElement | null) {
  const [content, setContent] = useState<T | null>(null);
  const [open, setOpen] = useState(false);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  // Where the keyboard goes once the dialog is gone: Tabster gives the page back when focus is in it.
  const focusTarget = useRef(returnFocus);
  useEffect(() => {
    focusTarget.current = returnFocus;
  });
  const api = useMemo(() => {
    const stop = () => {
      if (timer.current) clearTimeout(timer.current);
      timer.current = null;
    };
    const unmountIn = (ms: number) => {
      stop();
      timer.current = setTimeout(() => setContent(null), ms);
    };
    return {
      stop,
      show(next: T) {
        stop();
        setContent(next);
        setOpen(true);
      },
      hide() {
        setOpen(false);
        unmountIn(fallbackMs);
      },
      surfaceMotion: {
        onMotionFinish: (_event: null, data: { direction: 'enter' | 'exit' }) => {
          if (data.direction !== 'exit') return;
          // Only when the keyboard was left nowhere (on the body) by the closing dialog.
          const lost = document.activeElement === null || document.activeElement === document.body;
          if (lost) focusTarget.current?.()?.focus();
          unmountIn(settleMs);
        },
      },
    };
  }, []);
  useEffect(() => api.stop, [api]);
  return { content, open, show: api.show, hide: api.hide, surfaceMotion: api.surfaceMotion };
}
