import { useEffect, useRef } from 'react';

/**
 * The heading of a wizard screen. It takes the keyboard focus when its screen appears (`focusKey`
 * changes), so a screen reader reads the new step and Tab starts from the top of it.
 */
export function StepHeading({ id, focusKey, children }: { id: string; focusKey: string; children: string }) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    heading.current?.focus();
  }, [focusKey]);
  return (
    <h1 id={id} ref={heading} tabIndex={-1} className="wizard-title">
      {children}
    </h1>
  );
}
