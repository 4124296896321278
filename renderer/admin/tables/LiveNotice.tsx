import type { ReactNode } from 'react';
import { MessageBar, MessageBarBody } from '@fluentui/react-components';

export interface Notice {
  intent: 'success' | 'error' | 'warning';
  text: string;
}

/**
 * What the last action did, in a live region that is always there (so a screen reader hears each
 * new notice), as a message bar while there is one; `children` add to its text.
 */
export function LiveNotice({
  notice,
  testId,
  children,
}: {
  notice: Notice | null;
  testId?: string;
  children?: ReactNode;
}) {
  return (
    <div aria-live="polite" className="ap-live" data-testid={testId}>
      {notice && (
        <MessageBar intent={notice.intent}>
          <MessageBarBody>
            {notice.text}
            {children}
          </MessageBarBody>
        </MessageBar>
      )}
    </div>
  );
}
