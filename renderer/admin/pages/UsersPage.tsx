import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Badge, MessageBar, MessageBarBody, SearchBox } from '@fluentui/react-components';
import type { UserRow } from '../../../shared/admin';
import { consoleCall } from '../tables/consoleCall';
import { TriStateFilter } from '../tables/TriStateFilter';
import { usePagedRows } from '../tables/usePagedRows';
import { VirtualTable, type Column } from '../tables/VirtualTable';
import { useFormat } from '../tables/format';
import { UserDetails } from './UserDetails';
import '../tables/tables.css';

interface Filters {
  registered?: boolean | undefined;
  capable?: boolean | undefined;
  admin?: boolean | undefined;
  synced?: boolean | undefined;
}
const filterNames = ['registered', 'capable', 'admin', 'synced'] as const;

/** Waits for the typing to pause before searching. */
function useSettled(value: string, ms = 250): string {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return settled;
}

/**
 * Users (issue 6): every user of the tenant in a virtualised table, searched by name or UPN and
 * filtered (registered, capable of reset, admin, synced) in the main process on its indexes; a
 * user's name opens their details with the helpdesk's actions.
 */
export function UsersPage({ tenantId }: { tenantId: number }) {
  const { t } = useTranslation();
  const format = useFormat();
  const [text, setText] = useState('');
  const [filters, setFilters] = useState<Filters>({});
  const [opened, setOpened] = useState<{ tenantId: number; userId: number } | null>(null);
  const search = useSettled(text.trim());

  const fetchPage = useCallback(
    async (offset: number, limit: number) => {
      const page = await consoleCall('admin.users.search', {
        tenantId,
        ...(search ? { text: search } : {}),
        ...Object.fromEntries(Object.entries(filters).filter(([, value]) => value !== undefined)),
        offset,
        limit,
      });
      return { total: page.total, rows: page.users };
    },
    [tenantId, search, filters],
  );
  const rows = usePagedRows<UserRow>(fetchPage, JSON.stringify([tenantId, search, filters]));

  const columns = useMemo<Column<UserRow>[]>(
    () => [
      {
        id: 'name',
        header: t('adminPages.users.name'),
        width: 'minmax(220px, 2.2fr)',
        cell: (user) => (
          <>
            <button
              type="button"
              className="vt-link"
              onClick={() => setOpened({ tenantId, userId: user.id })}
              aria-label={t('adminPages.users.open', { name: user.displayName })}
            >
              {user.displayName}
            </button>
            <span className="vt-sub">{user.upn}</span>
          </>
        ),
      },
      {
        id: 'source',
        header: t('adminPages.users.source'),
        width: 'minmax(90px, 0.7fr)',
        cell: (user) => (user.guest ? t('adminPages.users.guest') : t(`adminPages.sources.${user.source}`)),
      },
      {
        id: 'admin',
        header: t('adminPages.users.admin'),
        width: 'minmax(80px, 0.6fr)',
        cell: (user) => (user.admin ? t('adminPages.filter.yes') : t('adminPages.filter.no')),
      },
      {
        id: 'methods',
        header: t('adminPages.users.methods'),
        width: 'minmax(160px, 1.4fr)',
        cell: (user) =>
          user.methodKinds.length === 0 ? (
            <span className="vt-placeholder">{t('adminPages.users.noMethods')}</span>
          ) : (
            <span className="vt-chips">
              {user.methodKinds.map((kind) => (
                <Badge key={kind} appearance="tint" color="informative" size="medium">
                  {t(`adminPages.kinds.${kind}`)}
                </Badge>
              ))}
            </span>
          ),
      },
      {
        id: 'capable',
        header: t('adminPages.users.capable'),
        width: 'minmax(150px, 1.3fr)',
        cell: (user) =>
          user.capable ? (
            t('adminPages.filter.yes')
          ) : (
            <span title={user.notCapableBecause ? t(`adminPages.outcomes.${user.notCapableBecause}`) : undefined}>
              {user.notCapableBecause
                ? t('adminPages.users.notCapable', { reason: t(`adminPages.outcomes.${user.notCapableBecause}`) })
                : t('adminPages.filter.no')}
            </span>
          ),
      },
      {
        id: 'enabled',
        header: t('adminPages.users.account'),
        width: 'minmax(90px, 0.6fr)',
        cell: (user) => (user.enabled ? t('adminPages.users.enabled') : t('adminPages.users.disabled')),
      },
    ],
    [t, tenantId],
  );

  if (opened && opened.tenantId === tenantId) {
    return (
      <UserDetails
        userId={opened.userId}
        onBack={() => {
          setOpened(null);
          rows.reload();
        }}
      />
    );
  }

  return (
    <section className="ap-page" aria-labelledby="admin-users-heading" data-testid="admin-users">
      <div className="ap-page-header">
        <h2 id="admin-users-heading">{t('adminPages.users.title')}</h2>
      </div>
      <p className="ap-lead">{t('adminPages.users.lead')}</p>
      <div className="ap-toolbar" role="search" aria-label={t('adminPages.users.searchRegion')}>
        <div className="ap-filter">
          <label htmlFor="admin-users-search">{t('adminPages.users.search')}</label>
          <SearchBox
            id="admin-users-search"
            size="small"
            value={text}
            placeholder={t('adminPages.users.searchPlaceholder')}
            onChange={(_, data) => setText(data.value)}
          />
        </div>
        {filterNames.map((name) => (
          <TriStateFilter
            key={name}
            label={t(`adminPages.users.filters.${name}`)}
            value={filters[name]}
            onChange={(value) => setFilters((current) => ({ ...current, [name]: value }))}
          />
        ))}
      </div>
      <div className="ap-count" role="status" aria-live="polite">
        {rows.total !== null &&
          t('adminPages.users.count', { count: rows.total, formatted: format.number(rows.total) })}
      </div>
      {rows.failure && (
        <MessageBar intent="error">
          <MessageBarBody>{rows.failure}</MessageBarBody>
        </MessageBar>
      )}
      <VirtualTable
        label={t('adminPages.users.title')}
        columns={columns}
        rows={rows}
        rowKey={(user) => user.id}
        emptyText={t('adminPages.users.empty')}
        testId="users-table"
        rowHeight={52}
      />
    </section>
  );
}
