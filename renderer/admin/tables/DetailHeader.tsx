import type { ReactNode, Ref } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '@fluentui/react-components';

/**
 * The head of a console detail page (a user, a group): the way back in a breadcrumb, the name as
 * the page's heading (focused when the page opens), a line under it, and what stands beside it.
 */
export function DetailHeader({
  headingId,
  headingRef,
  title,
  lead,
  backLabel,
  onBack,
  children,
}: {
  headingId: string;
  headingRef: Ref<HTMLHeadingElement>;
  title: string;
  lead: string;
  backLabel: string;
  onBack(): void;
  children?: ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <>
      <nav aria-label={t('adminPages.user.breadcrumb')}>
        <Button appearance="transparent" size="small" onClick={onBack}>
          {backLabel}
        </Button>
      </nav>
      <div className="ap-page-header">
        <div>
          <h2 id={headingId} ref={headingRef} tabIndex={-1}>
            {title}
          </h2>
          <p className="ap-lead">{lead}</p>
        </div>
        {children}
      </div>
    </>
  );
}
