import { useTranslation } from 'react-i18next';
import { MessageBar, MessageBarBody, Spinner } from '@fluentui/react-components';
import { call } from '../../api/client';
import { useLoaded } from '../tables/useCall';

/** The tenant's audit log (first version: the newest events; filters, details and export follow). */
export function AuditLogPage({ tenantId }: { tenantId: number }) {
  const { t } = useTranslation();
  const [page] = useLoaded(() => call('admin.audit.query', { filters: { tenantId }, limit: 100 }), [tenantId]);
  return (
    <section className="admin-page" aria-labelledby="admin-audit-heading">
      <h2 id="admin-audit-heading">{t('adminPages.audit.title')}</h2>
      {page.status === 'loading' && <Spinner size="small" label={t('adminPages.loading')} />}
      {page.status === 'failed' && (
        <MessageBar intent="error">
          <MessageBarBody>{page.message}</MessageBarBody>
        </MessageBar>
      )}
      {page.status === 'ready' && (
        <table className="admin-table">
          <thead>
            <tr>
              <th scope="col">{t('adminPages.audit.at')}</th>
              <th scope="col">{t('adminPages.audit.activity')}</th>
              <th scope="col">{t('adminPages.audit.target')}</th>
              <th scope="col">{t('adminPages.audit.result')}</th>
            </tr>
          </thead>
          <tbody>
            {page.value.events.map((event) => (
              <tr key={event.id}>
                <td>{event.at}</td>
                <td>{event.activity}</td>
                <td>{event.targetUpn ?? ''}</td>
                <td>{event.result}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
