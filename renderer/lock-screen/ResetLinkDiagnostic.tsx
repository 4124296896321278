import { useEffect, useId, useRef, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ResetLink } from '../../shared/contract';

/**
 * "Why don't I see Reset password?" (§9): every device setting that hides the link, each with what
 * the setting is, its policy or registry name, and what to change; or, when nothing hides it, when
 * the link appears. A hybrid device without a domain controller in sight is said here too.
 */
export function ResetLinkDiagnostic({ resetLink, onClose }: { resetLink: ResetLink; onClose: () => void }) {
  const { t } = useTranslation();
  const headingId = useId();
  const heading = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    // The reading starts at the top: the heading, then the settings, then Close.
    heading.current?.focus();
  }, []);

  function onKeyDown(event: KeyboardEvent) {
    if (event.key === 'Escape') {
      event.preventDefault();
      onClose();
    }
    // Keep the keyboard inside the dialog while it is open.
    if (event.key === 'Tab') {
      const focusable = [...event.currentTarget.querySelectorAll<HTMLElement>('button, [href]')];
      const first = focusable[0];
      const last = focusable[focusable.length - 1];
      if (event.shiftKey && document.activeElement === first) {
        event.preventDefault();
        last?.focus();
      } else if (!event.shiftKey && document.activeElement === last) {
        event.preventDefault();
        first?.focus();
      }
    }
  }

  return (
    <div className="diagnostic-backdrop">
      <section
        className="diagnostic"
        role="dialog"
        aria-modal="true"
        aria-labelledby={headingId}
        data-testid="reset-link-diagnostic"
        onKeyDown={onKeyDown}
      >
        <h2 id={headingId} ref={heading} className="diagnostic-title" tabIndex={-1}>
          {t('session.diagnostic.title')}
        </h2>
        {resetLink.available ? (
          <p className="diagnostic-summary" data-testid="diagnostic-summary">
            {resetLink.showAlways ? t('session.diagnostic.availableAlways') : t('session.diagnostic.available')}
          </p>
        ) : (
          <>
            <p className="diagnostic-summary" data-testid="diagnostic-summary">
              {t('session.diagnostic.hidden', { count: resetLink.blockers.length })}
            </p>
            <ol className="diagnostic-list">
              {resetLink.blockers.map((blocker) => (
                <li key={blocker} data-testid="diagnostic-blocker" data-blocker={blocker}>
                  <h3>{t(`session.diagnostic.blockers.${blocker}.title`)}</h3>
                  <p>{t(`session.diagnostic.blockers.${blocker}.what`)}</p>
                  <dl>
                    <dt>{t('session.diagnostic.settingLabel')}</dt>
                    <dd>
                      <code>{t(`session.diagnostic.blockers.${blocker}.setting`)}</code>
                    </dd>
                    <dt>{t('session.diagnostic.fixLabel')}</dt>
                    <dd>{t(`session.diagnostic.blockers.${blocker}.fix`)}</dd>
                  </dl>
                </li>
              ))}
            </ol>
            <p className="diagnostic-note">{t('session.diagnostic.adminNote')}</p>
          </>
        )}
        {resetLink.warnings.includes('noDomainController') && (
          <p className="diagnostic-warning" data-testid="diagnostic-warning">
            <span aria-hidden="true">⚠ </span>
            {t('session.diagnostic.noDomainController')}
          </p>
        )}
        <div className="diagnostic-actions">
          <button type="button" className="button button-primary" onClick={onClose}>
            {t('session.diagnostic.close')}
          </button>
        </div>
      </section>
    </div>
  );
}
