import { useEffect, useId, useRef, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '@fluentui/react-components';

/**
 * A task shown in the page itself, under the command that opened it (as Entra's panes and
 * confirmation bars are), instead of a modal dialog: the console stays one page with no focus
 * traps left behind. Focus moves to its heading when it opens and back to the opener when it
 * closes; Escape closes it.
 */
export function InlinePanel({
  title,
  children,
  actions,
  onClose,
  onSubmit,
  testId,
}: {
  title: string;
  children?: ReactNode;
  actions: ReactNode;
  onClose(): void;
  /** Makes the panel a form (Enter submits). */
  onSubmit?: (event: FormEvent) => void;
  testId?: string;
}) {
  const id = useId();
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    heading.current?.focus();
    return () => {
      if (opener?.isConnected) opener.focus();
    };
  }, []);
  const body = (
    <>
      <h3 id={id} ref={heading} tabIndex={-1} className="ap-panel-title">
        {title}
      </h3>
      {children}
      <div className="ap-toolbar ap-panel-actions">{actions}</div>
    </>
  );
  return (
    <section
      className="ap-card ap-inline-panel"
      aria-labelledby={id}
      data-testid={testId}
      onKeyDown={(event) => {
        if (event.key !== 'Escape') return;
        event.stopPropagation();
        onClose();
      }}
    >
      {onSubmit ? (
        <form className="ap-panel-form" onSubmit={onSubmit}>
          {body}
        </form>
      ) : (
        body
      )}
    </section>
  );
}

/** An InlinePanel that asks to confirm one action: what it does, the action itself and Cancel; either closes it. */
export function ConfirmPanel({
  title,
  body,
  confirmLabel,
  busy,
  onConfirm,
  onClose,
  testId,
}: {
  title: string;
  body: string;
  confirmLabel: string;
  busy: boolean;
  onConfirm(): void;
  onClose(): void;
  testId: string;
}) {
  const { t } = useTranslation();
  return (
    <InlinePanel
      title={title}
      testId={testId}
      onClose={onClose}
      actions={
        <>
          <Button
            appearance="primary"
            disabled={busy}
            onClick={() => {
              onClose();
              onConfirm();
            }}
          >
            {confirmLabel}
          </Button>
          <Button onClick={onClose}>{t('adminPages.cancel')}</Button>
        </>
      }
    >
      <p className="ap-lead">{body}</p>
    </InlinePanel>
  );
}
