import { useTranslation } from 'react-i18next';
import { MessageBar, MessageBarBody, Spinner } from '@fluentui/react-components';
import { call } from '../../api/client';
import { useLoaded } from '../tables/useCall';

/** §10 reports (first version: registration counts; usage and charts follow). */
export function ReportsPage({ tenantId }: { tenantId: number }) {
  const { t } = useTranslation();
  const [report] = useLoaded(() => call('admin.reports.registration', { tenantId, limit: 1 }), [tenantId]);
  return (
    <section className="admin-page" aria-labelledby="admin-reports-heading">
      <h2 id="admin-reports-heading">{t('adminPages.reports.title')}</h2>
      {report.status === 'loading' && <Spinner size="small" label={t('adminPages.loading')} />}
      {report.status === 'failed' && (
        <MessageBar intent="error">
          <MessageBarBody>{report.message}</MessageBarBody>
        </MessageBar>
      )}
      {report.status === 'ready' && (
        <dl>
          <dt>{t('adminPages.reports.users')}</dt>
          <dd>{report.value.users}</dd>
          <dt>{t('adminPages.reports.registered')}</dt>
          <dd>{report.value.registered}</dd>
          <dt>{t('adminPages.reports.capable')}</dt>
          <dd>{report.value.capable}</dd>
        </dl>
      )}
    </section>
  );
}
