import type { ReactNode } from 'react';
import { FluentProvider, webLightTheme } from '@fluentui/react-components';

/**
 * Fluent UI's theme for the parts that load on demand (desktop, reset wizard, training panel, settings).
 * The lock screen itself is plain HTML and CSS so it is interactive before Fluent is even fetched.
 */
export function Fluent({ children, className }: { children: ReactNode; className?: string }) {
  return (
    <FluentProvider theme={webLightTheme} className={className}>
      {children}
    </FluentProvider>
  );
}
