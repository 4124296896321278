import { useTranslation } from 'react-i18next';
import { MessageBar, MessageBarBody, Spinner } from '@fluentui/react-components';
import { call } from '../../api/client';
import { useLoaded } from '../tables/useCall';

/** The tenant's groups (first version: the list; members and editing follow). */
export function GroupsPage({ tenantId }: { tenantId: number }) {
  const { t } = useTranslation();
  const [groups] = useLoaded(() => call('admin.groups.list', { tenantId }), [tenantId]);
  return (
    <section className="admin-page" aria-labelledby="admin-groups-heading">
      <h2 id="admin-groups-heading">{t('adminPages.groups.title')}</h2>
      {groups.status === 'loading' && <Spinner size="small" label={t('adminPages.loading')} />}
      {groups.status === 'failed' && (
        <MessageBar intent="error">
          <MessageBarBody>{groups.message}</MessageBarBody>
        </MessageBar>
      )}
      {groups.status === 'ready' && (
        <table className="admin-table">
          <thead>
            <tr>
              <th scope="col">{t('adminPages.groups.name')}</th>
              <th scope="col">{t('adminPages.groups.members')}</th>
            </tr>
          </thead>
          <tbody>
            {groups.value.map((group) => (
              <tr key={group.id}>
                <td>{group.name}</td>
                <td>{group.members}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
