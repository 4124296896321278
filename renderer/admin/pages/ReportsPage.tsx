import { useCallback, useId, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Badge, Button, MessageBar, MessageBarBody, Select, Spinner } from '@fluentui/react-components';
import type { RegistrationReport, UsageReport, UserRow } from '../../../shared/admin';
import { consoleCall } from '../tables/consoleCall';
import { BarChart, DoughnutChart } from '../tables/CanvasChart';
import { ChartFigure } from '../tables/ChartFigure';
import { engineNow } from '../tables/engineNow';
import { lastDayOf, lastDays } from '../tables/ranges';
import { useFormat } from '../tables/format';
import { TriStateFilter } from '../tables/TriStateFilter';
import { useLoaded } from '../tables/useCall';
import { usePagedRows } from '../tables/usePagedRows';
import { VirtualTable, type Column } from '../tables/VirtualTable';
import '../tables/tables.css';

const colors = {
  brand: '#0f6cbd',
  green: '#107c10',
  red: '#c50f1f',
  orange: '#ca5010',
  purple: '#8764b8',
  teal: '#038387',
  grey: '#8a8886',
} as const;

/**
 * Reports (§10) with charts, each with its figures in a table: registration (who registered what,
 * who is capable of reset, who has nothing) and usage (resets and unlocks by method and by day,
 * failures by reason, blocked users, users who tried SSPR with nothing registered).
 */
export function ReportsPage({ tenantId }: { tenantId: number }) {
  const { t } = useTranslation();
  const [days, setDays] = useState(7);
  const [refreshes, setRefreshes] = useState(0);
  const rangeId = useId();
  const [registration] = useLoaded(
    () => consoleCall('admin.reports.registration', { tenantId, limit: 1 }),
    [tenantId, refreshes],
  );
  const [usage] = useLoaded(async () => {
    const range = lastDays(await engineNow(), days);
    return consoleCall('admin.reports.usage', { tenantId, ...range });
  }, [tenantId, days, refreshes]);

  return (
    <section className="ap-page" aria-labelledby="admin-reports-heading" data-testid="admin-reports">
      <div className="ap-page-header">
        <h2 id="admin-reports-heading">{t('adminPages.reports.title')}</h2>
        <Button onClick={() => setRefreshes((value) => value + 1)}>{t('adminPages.reports.refresh')}</Button>
      </div>
      <p className="ap-lead">{t('adminPages.reports.lead')}</p>

      <h3 id="admin-reports-registration">{t('adminPages.reports.registrationTitle')}</h3>
      {registration.status === 'loading' && <Spinner size="small" label={t('adminPages.loading')} />}
      {registration.status === 'failed' && (
        <MessageBar intent="error">
          <MessageBarBody>{registration.message}</MessageBarBody>
        </MessageBar>
      )}
      {registration.status === 'ready' && <Registration report={registration.value} />}
      <RegistrationTable tenantId={tenantId} refreshes={refreshes} />

      <div className="ap-page-header">
        <h3 id="admin-reports-usage">{t('adminPages.reports.usageTitle')}</h3>
        <div className="ap-filter">
          <label htmlFor={rangeId}>{t('adminPages.reports.range')}</label>
          <Select id={rangeId} size="small" value={String(days)} onChange={(_, data) => setDays(Number(data.value))}>
            {[7, 30, 90].map((count) => (
              <option key={count} value={count}>
                {t('adminPages.reports.lastDays', { count })}
              </option>
            ))}
          </Select>
        </div>
      </div>
      {usage.status === 'loading' && <Spinner size="small" label={t('adminPages.loading')} />}
      {usage.status === 'failed' && (
        <MessageBar intent="error">
          <MessageBarBody>{usage.message}</MessageBarBody>
        </MessageBar>
      )}
      {usage.status === 'ready' && <Usage report={usage.value} />}
    </section>
  );
}

function Tile({ label, value, testId }: { label: string; value: number; testId: string }) {
  const format = useFormat();
  return (
    <div className="ap-tile" data-testid={testId}>
      <span className="ap-tile-value">{format.number(value)}</span>
      <span className="ap-tile-label">{label}</span>
    </div>
  );
}

function Registration({ report }: { report: RegistrationReport }) {
  const { t } = useTranslation();
  const format = useFormat();
  const notCapable = report.users - report.capable;
  return (
    <>
      <div className="ap-tiles" role="group" aria-labelledby="admin-reports-registration">
        <Tile label={t('adminPages.reports.users')} value={report.users} testId="tile-users" />
        <Tile label={t('adminPages.reports.registered')} value={report.registered} testId="tile-registered" />
        <Tile
          label={t('adminPages.reports.nothingRegistered')}
          value={report.nothingRegistered}
          testId="tile-nothing-registered"
        />
        <Tile label={t('adminPages.reports.capable')} value={report.capable} testId="tile-capable" />
      </div>
      <div className="ap-columns">
        <ChartFigure
          testId="chart-by-kind"
          title={t('adminPages.reports.byKind')}
          empty={report.byKind.every((row) => row.users === 0)}
          emptyText={t('adminPages.reports.noData')}
          chart={
            <BarChart
              title={t('adminPages.reports.byKind')}
              labels={report.byKind.map((row) => t(`adminPages.kinds.${row.kind}`))}
              series={[
                {
                  label: t('adminPages.reports.users'),
                  values: report.byKind.map((row) => row.users),
                  color: colors.brand,
                },
              ]}
            />
          }
          columns={[{ header: t('adminPages.user.method') }, { header: t('adminPages.reports.users'), numeric: true }]}
          rows={report.byKind.map((row) => [t(`adminPages.kinds.${row.kind}`), format.number(row.users)])}
        />
        <ChartFigure
          testId="chart-capable"
          title={t('adminPages.reports.capableTitle')}
          empty={report.users === 0}
          emptyText={t('adminPages.reports.noData')}
          chart={
            <DoughnutChart
              title={t('adminPages.reports.capableTitle')}
              labels={[t('adminPages.reports.capable'), t('adminPages.reports.notCapable')]}
              values={[report.capable, notCapable]}
              colors={[colors.green, colors.orange]}
            />
          }
          columns={[
            { header: t('adminPages.reports.status') },
            { header: t('adminPages.reports.users'), numeric: true },
          ]}
          rows={[
            [t('adminPages.reports.capable'), format.number(report.capable)],
            [t('adminPages.reports.notCapable'), format.number(notCapable)],
            [t('adminPages.reports.registered'), format.number(report.registered)],
            [t('adminPages.reports.nothingRegistered'), format.number(report.nothingRegistered)],
          ]}
        />
      </div>
    </>
  );
}

/** Who registered what, per user, with the registration report's own filters. */
function RegistrationTable({ tenantId, refreshes }: { tenantId: number; refreshes: number }) {
  const { t } = useTranslation();
  const format = useFormat();
  const [registered, setRegistered] = useState<boolean | undefined>(undefined);
  const [capable, setCapable] = useState<boolean | undefined>(undefined);
  const fetchPage = useCallback(
    async (offset: number, limit: number) => {
      const report = await consoleCall('admin.reports.registration', {
        tenantId,
        ...(registered === undefined ? {} : { registered }),
        ...(capable === undefined ? {} : { capable }),
        offset,
        limit,
      });
      return { total: report.page.total, rows: report.page.users };
    },
    [tenantId, registered, capable],
  );
  const rows = usePagedRows<UserRow>(fetchPage, JSON.stringify([tenantId, registered, capable, refreshes]));
  const columns = useMemo<Column<UserRow>[]>(
    () => [
      {
        id: 'user',
        header: t('adminPages.users.name'),
        width: 'minmax(220px, 2fr)',
        cell: (user) => (
          <>
            {user.displayName}
            <span className="vt-sub">{user.upn}</span>
          </>
        ),
      },
      {
        id: 'methods',
        header: t('adminPages.users.methods'),
        width: 'minmax(200px, 2fr)',
        cell: (user) =>
          user.methodKinds.length === 0 ? (
            <span className="vt-placeholder">{t('adminPages.users.noMethods')}</span>
          ) : (
            <span className="vt-chips">
              {user.methodKinds.map((kind) => (
                <Badge key={kind} appearance="tint" color="informative">
                  {t(`adminPages.kinds.${kind}`)}
                </Badge>
              ))}
            </span>
          ),
      },
      {
        id: 'capable',
        header: t('adminPages.users.capable'),
        width: 'minmax(160px, 1.4fr)',
        cell: (user) =>
          user.capable
            ? t('adminPages.filter.yes')
            : user.notCapableBecause
              ? t('adminPages.users.notCapable', { reason: t(`adminPages.outcomes.${user.notCapableBecause}`) })
              : t('adminPages.filter.no'),
      },
    ],
    [t],
  );
  return (
    <div className="ap-card">
      <h4 id="admin-reports-per-user">{t('adminPages.reports.perUser')}</h4>
      <div className="ap-toolbar">
        <TriStateFilter label={t('adminPages.users.filters.registered')} value={registered} onChange={setRegistered} />
        <TriStateFilter label={t('adminPages.users.filters.capable')} value={capable} onChange={setCapable} />
        <span className="ap-count" role="status">
          {rows.total !== null &&
            t('adminPages.users.count', { count: rows.total, formatted: format.number(rows.total) })}
        </span>
      </div>
      <VirtualTable
        label={t('adminPages.reports.perUser')}
        columns={columns}
        rows={rows}
        rowKey={(user) => user.id}
        emptyText={t('adminPages.users.empty')}
        rowHeight={52}
        testId="registration-table"
      />
    </div>
  );
}

function Usage({ report }: { report: UsageReport }) {
  const { t } = useTranslation();
  const format = useFormat();
  const gate = (method: string) => t(`adminPages.gates.${method}`, { defaultValue: method });
  const reason = (code: string) => t(`adminPages.reasons.${code}`, { defaultValue: code });
  const activity = (name: string) => t(`adminPages.activities.${name}`, { defaultValue: name });
  const legends = {
    resets: t('adminPages.reports.resets'),
    unlocks: t('adminPages.reports.unlocks'),
    failures: t('adminPages.reports.failures'),
  };
  return (
    <>
      <p className="ap-count">
        {t('adminPages.reports.rangeShown', {
          since: format.day(report.since.slice(0, 10)),
          until: format.day(lastDayOf(report.until)),
        })}
      </p>
      <div className="ap-tiles" role="group" aria-labelledby="admin-reports-usage">
        <Tile label={legends.resets} value={report.totals.resets} testId="tile-resets" />
        <Tile label={legends.unlocks} value={report.totals.unlocks} testId="tile-unlocks" />
        <Tile label={legends.failures} value={report.totals.failures} testId="tile-failures" />
        <Tile label={t('adminPages.reports.blockedUsers')} value={report.blockedUsers.length} testId="tile-blocked" />
        <Tile
          label={t('adminPages.reports.triedNothing')}
          value={report.triedWithNothingRegistered.length}
          testId="tile-tried-nothing"
        />
      </div>
      <div className="ap-columns">
        <ChartFigure
          testId="chart-by-method"
          title={t('adminPages.reports.byMethod')}
          empty={report.byMethod.length === 0}
          emptyText={t('adminPages.reports.noUsage')}
          chart={
            <BarChart
              title={t('adminPages.reports.byMethod')}
              labels={report.byMethod.map((row) => gate(row.method))}
              series={[
                { label: legends.resets, values: report.byMethod.map((row) => row.resets), color: colors.brand },
                { label: legends.unlocks, values: report.byMethod.map((row) => row.unlocks), color: colors.teal },
              ]}
            />
          }
          columns={[
            { header: t('adminPages.user.method') },
            { header: legends.resets, numeric: true },
            { header: legends.unlocks, numeric: true },
          ]}
          rows={report.byMethod.map((row) => [gate(row.method), format.number(row.resets), format.number(row.unlocks)])}
        />
        <ChartFigure
          testId="chart-by-day"
          title={t('adminPages.reports.byDay')}
          empty={report.byDay.length === 0}
          emptyText={t('adminPages.reports.noUsage')}
          chart={
            <BarChart
              title={t('adminPages.reports.byDay')}
              stacked
              labels={report.byDay.map((row) => format.day(row.day))}
              series={[
                { label: legends.resets, values: report.byDay.map((row) => row.resets), color: colors.brand },
                { label: legends.unlocks, values: report.byDay.map((row) => row.unlocks), color: colors.teal },
                { label: legends.failures, values: report.byDay.map((row) => row.failures), color: colors.red },
              ]}
            />
          }
          columns={[
            { header: t('adminPages.reports.day') },
            { header: legends.resets, numeric: true },
            { header: legends.unlocks, numeric: true },
            { header: legends.failures, numeric: true },
          ]}
          rows={report.byDay.map((row) => [
            format.day(row.day),
            format.number(row.resets),
            format.number(row.unlocks),
            format.number(row.failures),
          ])}
        />
        <ChartFigure
          testId="chart-failures"
          title={t('adminPages.reports.failuresByReason')}
          empty={report.failuresByReason.length === 0}
          emptyText={t('adminPages.reports.noFailures')}
          chart={
            <BarChart
              title={t('adminPages.reports.failuresByReason')}
              horizontal
              labels={report.failuresByReason.map((row) => reason(row.reason))}
              series={[
                {
                  label: t('adminPages.reports.count'),
                  values: report.failuresByReason.map((row) => row.count),
                  color: colors.red,
                },
              ]}
            />
          }
          columns={[
            { header: t('adminPages.audit.reason') },
            { header: t('adminPages.audit.activity') },
            { header: t('adminPages.reports.count'), numeric: true },
          ]}
          rows={report.failuresByReason.map((row) => [
            reason(row.reason),
            activity(row.activity),
            format.number(row.count),
          ])}
        />
      </div>
      <div className="ap-columns">
        <UserCounts
          testId="blocked-users"
          headingId="admin-reports-blocked"
          title={t('adminPages.reports.blockedUsers')}
          countHeader={t('adminPages.reports.blocks')}
          rows={report.blockedUsers.map((row) => ({ upn: row.upn, count: row.blocks, lastAt: row.lastAt }))}
        />
        <UserCounts
          testId="tried-nothing"
          headingId="admin-reports-nothing"
          title={t('adminPages.reports.triedNothing')}
          countHeader={t('adminPages.reports.attempts')}
          rows={report.triedWithNothingRegistered.map((row) => ({
            upn: row.upn,
            count: row.attempts,
            lastAt: row.lastAt,
          }))}
        />
      </div>
    </>
  );
}

/** Users counted in the range (blocked, or tried with nothing registered): how often, and when last. */
function UserCounts({
  testId,
  headingId,
  title,
  countHeader,
  rows,
}: {
  testId: string;
  headingId: string;
  title: string;
  countHeader: string;
  rows: { upn: string; count: number; lastAt: string }[];
}) {
  const { t } = useTranslation();
  const format = useFormat();
  return (
    <div className="ap-card" data-testid={testId}>
      <h4 id={headingId}>{title}</h4>
      <table className="ap-table" aria-labelledby={headingId}>
        <thead>
          <tr>
            <th scope="col">{t('adminPages.audit.target')}</th>
            <th scope="col" className="num">
              {countHeader}
            </th>
            <th scope="col">{t('adminPages.reports.lastAt')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.length === 0 && (
            <tr>
              <td colSpan={3}>{t('adminPages.reports.noneInRange')}</td>
            </tr>
          )}
          {rows.map((row) => (
            <tr key={row.upn}>
              <td>{row.upn}</td>
              <td className="num">{format.number(row.count)}</td>
              <td>{format.dateTime(row.lastAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
