import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Input, MessageBar, MessageBarBody, Spinner } from '@fluentui/react-components';
import { call } from '../../api/client';
import { useLoaded } from '../tables/useCall';

/** Users of the tenant with search (first version: the list; details and helpdesk actions follow). */
export function UsersPage({ tenantId }: { tenantId: number }) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const [page] = useLoaded(
    () => call('admin.users.search', { tenantId, text: text.trim() || undefined, limit: 100 }),
    [tenantId, text],
  );
  return (
    <section className="admin-page" aria-labelledby="admin-users-heading">
      <h2 id="admin-users-heading">{t('adminPages.users.title')}</h2>
      <Input
        type="search"
        aria-label={t('adminPages.users.search')}
        placeholder={t('adminPages.users.search')}
        value={text}
        onChange={(_, data) => setText(data.value)}
      />
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
              <th scope="col">{t('adminPages.users.name')}</th>
              <th scope="col">{t('adminPages.users.upn')}</th>
            </tr>
          </thead>
          <tbody>
            {page.value.users.map((user) => (
              <tr key={user.id}>
                <td>{user.displayName}</td>
                <td>{user.upn}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
