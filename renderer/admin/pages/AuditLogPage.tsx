import { useCallback, useEffect, useId, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  Badge,
  Button,
  Field,
  Input,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Select,
  SpinButton,
} from '@fluentui/react-components';
import {
  auditRetentionLimits,
  type AuditChainReport,
  type AuditEventView,
  type AuditFilters,
} from '../../../shared/admin';
import { consoleCall } from '../tables/consoleCall';
import { engineNow } from '../tables/engineNow';
import { sinceDaysBefore } from '../tables/ranges';
import { useFormat } from '../tables/format';
import { failureMessage, useLoaded } from '../tables/useCall';
import { LiveNotice } from '../tables/LiveNotice';
import { usePagedRows } from '../tables/usePagedRows';
import { VirtualTable, type Column } from '../tables/VirtualTable';
import '../tables/tables.css';

const ranges = { day: 1, week: 7, month: 30 } as const;
type Range = keyof typeof ranges | 'all' | 'custom';

/** A `datetime-local` value (the console's zone) as an ISO time, or undefined when empty or invalid. */
function localToIso(value: string): string | undefined {
  if (!value) return undefined;
  const time = new Date(value);
  return Number.isNaN(time.getTime()) ? undefined : time.toISOString();
}

/** Offers a file to the browser's downloads, as the admin's "Download" would. */
function saveFile(fileName: string, mimeType: string, content: string): void {
  const url = URL.createObjectURL(new Blob([content], { type: mimeType }));
  const anchor = document.createElement('a');
  anchor.href = url;
  anchor.download = fileName;
  anchor.style.display = 'none';
  document.body.append(anchor);
  anchor.click();
  anchor.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/**
 * Audit logs (§10): every event newest first in a virtualised table, filtered in the main process
 * by time range, target user, activity and result; an event's details in a side panel; the export
 * as JSON lines or CSV saved as a file; and the retention setting, applied at once.
 */
export function AuditLogPage({ tenantId }: { tenantId: number }) {
  const { t } = useTranslation();
  const format = useFormat();
  const [now, setNow] = useState<Date | null>(null);
  const [range, setRange] = useState<Range>('week');
  const [customSince, setCustomSince] = useState('');
  const [customUntil, setCustomUntil] = useState('');
  const [upn, setUpn] = useState('');
  const [settledUpn, setSettledUpn] = useState('');
  const [activity, setActivity] = useState('');
  const [result, setResult] = useState<'' | 'success' | 'failure'>('');
  const [wholeDevice, setWholeDevice] = useState(false);
  const [activities, setActivities] = useState<string[]>([]);
  const [selected, setSelected] = useState<AuditEventView | null>(null);
  const [exportNotice, setExportNotice] = useState<{ intent: 'success' | 'error' | 'warning'; text: string } | null>(
    null,
  );
  const ids = { range: useId(), activity: useId(), result: useId(), scope: useId() };

  useEffect(() => {
    void engineNow().then(setNow);
  }, []);
  useEffect(() => {
    const timer = setTimeout(() => setSettledUpn(upn.trim()), 300);
    return () => clearTimeout(timer);
  }, [upn]);

  const filters = useMemo<AuditFilters | null>(() => {
    if (!now) return null;
    const chosen: AuditFilters = wholeDevice ? {} : { tenantId };
    if (range === 'custom') {
      const since = localToIso(customSince);
      const until = localToIso(customUntil);
      if (since) chosen.since = since;
      if (until) chosen.until = until;
    } else if (range !== 'all') {
      chosen.since = sinceDaysBefore(now, ranges[range]);
    }
    if (settledUpn) chosen.upn = settledUpn;
    if (activity) chosen.activity = activity;
    if (result) chosen.result = result;
    return chosen;
  }, [now, wholeDevice, tenantId, range, customSince, customUntil, settledUpn, activity, result]);

  const fetchPage = useCallback(
    async (offset: number, limit: number) => {
      if (!filters) return { total: 0, rows: [] };
      const page = await consoleCall('admin.audit.query', { filters, offset, limit });
      setActivities(page.activities);
      return { total: page.total, rows: page.events };
    },
    [filters],
  );
  const events = usePagedRows<AuditEventView>(fetchPage, JSON.stringify(filters));

  async function exportAs(kind: 'jsonl' | 'csv') {
    if (!filters) return;
    setExportNotice(null);
    try {
      const file = await consoleCall('admin.audit.export', { format: kind, filters });
      saveFile(file.fileName, file.mimeType, file.content);
      setExportNotice(
        file.truncated
          ? { intent: 'warning', text: t('adminPages.audit.exportTruncated', { count: file.events }) }
          : { intent: 'success', text: t('adminPages.audit.exported', { count: file.events, file: file.fileName }) },
      );
      events.reload();
    } catch (error) {
      setExportNotice({ intent: 'error', text: failureMessage(error) });
    }
  }

  const columns = useMemo<Column<AuditEventView>[]>(
    () => [
      {
        id: 'at',
        header: t('adminPages.audit.at'),
        width: 'minmax(190px, 1.2fr)',
        cell: (event) => (
          <button
            type="button"
            className="vt-link"
            onClick={() => setSelected(event)}
            aria-label={t('adminPages.audit.openEvent', {
              activity: t(`adminPages.activities.${event.activity}`, { defaultValue: event.activity }),
              time: format.dateTimeSeconds(event.at),
            })}
          >
            {format.dateTimeSeconds(event.at)}
          </button>
        ),
      },
      {
        id: 'activity',
        header: t('adminPages.audit.activity'),
        width: 'minmax(180px, 1.4fr)',
        cell: (event) => t(`adminPages.activities.${event.activity}`, { defaultValue: event.activity }),
      },
      {
        id: 'target',
        header: t('adminPages.audit.target'),
        width: 'minmax(180px, 1.4fr)',
        cell: (event) => event.targetUpn ?? '',
      },
      {
        id: 'actor',
        header: t('adminPages.audit.actor'),
        width: 'minmax(130px, 1fr)',
        cell: (event) => event.actor,
      },
      {
        id: 'result',
        header: t('adminPages.audit.result'),
        width: 'minmax(90px, 0.6fr)',
        cell: (event) => (
          <Badge appearance="tint" color={event.result === 'success' ? 'success' : 'danger'}>
            {t(`adminPages.audit.results.${event.result}`)}
          </Badge>
        ),
      },
      {
        id: 'reason',
        header: t('adminPages.audit.reason'),
        width: 'minmax(120px, 1fr)',
        cell: (event) => event.reason ?? '',
      },
    ],
    [t, format],
  );

  return (
    <section className="ap-page" aria-labelledby="admin-audit-heading" data-testid="admin-audit">
      <div className="ap-page-header">
        <h2 id="admin-audit-heading">{t('adminPages.audit.title')}</h2>
        <div className="ap-toolbar" role="group" aria-label={t('adminPages.audit.export')}>
          <Button onClick={() => void exportAs('jsonl')} disabled={!filters}>
            {t('adminPages.audit.exportJsonl')}
          </Button>
          <Button onClick={() => void exportAs('csv')} disabled={!filters}>
            {t('adminPages.audit.exportCsv')}
          </Button>
        </div>
      </div>
      <p className="ap-lead">{t('adminPages.audit.lead')}</p>
      <div className="ap-toolbar" role="search" aria-label={t('adminPages.audit.filters')}>
        <div className="ap-filter">
          <label htmlFor={ids.range}>{t('adminPages.audit.range')}</label>
          <Select id={ids.range} size="small" value={range} onChange={(_, data) => setRange(data.value as Range)}>
            <option value="day">{t('adminPages.audit.ranges.day')}</option>
            <option value="week">{t('adminPages.audit.ranges.week')}</option>
            <option value="month">{t('adminPages.audit.ranges.month')}</option>
            <option value="all">{t('adminPages.audit.ranges.all')}</option>
            <option value="custom">{t('adminPages.audit.ranges.custom')}</option>
          </Select>
        </div>
        {range === 'custom' && (
          <>
            <Field label={t('adminPages.audit.since')} size="small">
              <Input
                size="small"
                type="datetime-local"
                value={customSince}
                onChange={(_, data) => setCustomSince(data.value)}
              />
            </Field>
            <Field label={t('adminPages.audit.until')} size="small">
              <Input
                size="small"
                type="datetime-local"
                value={customUntil}
                onChange={(_, data) => setCustomUntil(data.value)}
              />
            </Field>
          </>
        )}
        <Field label={t('adminPages.audit.user')} size="small">
          <Input
            size="small"
            type="search"
            value={upn}
            placeholder="name@contoso.com"
            onChange={(_, data) => setUpn(data.value)}
          />
        </Field>
        <div className="ap-filter">
          <label htmlFor={ids.activity}>{t('adminPages.audit.activity')}</label>
          <Select id={ids.activity} size="small" value={activity} onChange={(_, data) => setActivity(data.value)}>
            <option value="">{t('adminPages.filter.all')}</option>
            {activities.map((name) => (
              <option key={name} value={name}>
                {t(`adminPages.activities.${name}`, { defaultValue: name })}
              </option>
            ))}
          </Select>
        </div>
        <div className="ap-filter">
          <label htmlFor={ids.result}>{t('adminPages.audit.result')}</label>
          <Select
            id={ids.result}
            size="small"
            value={result}
            onChange={(_, data) => setResult(data.value as '' | 'success' | 'failure')}
          >
            <option value="">{t('adminPages.filter.all')}</option>
            <option value="success">{t('adminPages.audit.results.success')}</option>
            <option value="failure">{t('adminPages.audit.results.failure')}</option>
          </Select>
        </div>
        <div className="ap-filter">
          <label htmlFor={ids.scope}>{t('adminPages.audit.scope')}</label>
          <Select
            id={ids.scope}
            size="small"
            value={wholeDevice ? 'device' : 'tenant'}
            onChange={(_, data) => setWholeDevice(data.value === 'device')}
          >
            <option value="tenant">{t('adminPages.audit.scopes.tenant')}</option>
            <option value="device">{t('adminPages.audit.scopes.device')}</option>
          </Select>
        </div>
      </div>
      <LiveNotice notice={exportNotice} testId="audit-export-notice" />
      <div className="ap-count" role="status" aria-live="polite" data-testid="audit-count">
        {events.total !== null &&
          t('adminPages.audit.count', { count: events.total, formatted: format.number(events.total) })}
      </div>
      {events.failure && (
        <MessageBar intent="error">
          <MessageBarBody>{events.failure}</MessageBarBody>
        </MessageBar>
      )}
      <div className="ap-table-area">
        <VirtualTable
          label={t('adminPages.audit.title')}
          columns={columns}
          rows={events}
          rowKey={(event) => event.id}
          currentKey={selected?.id ?? null}
          emptyText={t('adminPages.audit.empty')}
          testId="audit-table"
        />
        {selected && <EventDetails event={selected} onClose={() => setSelected(null)} />}
      </div>
      <div className="ap-columns">
        <ChainCheck />
        <Retention onChanged={events.reload} />
      </div>
    </section>
  );
}

function EventDetails({ event, onClose }: { event: AuditEventView; onClose(): void }) {
  const { t } = useTranslation();
  const format = useFormat();
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), [event.id]);
  const fields: [string, string | number | null][] = [
    [t('adminPages.audit.at'), format.dateTimeSeconds(event.at)],
    [t('adminPages.audit.activity'), t(`adminPages.activities.${event.activity}`, { defaultValue: event.activity })],
    [t('adminPages.audit.activityName'), event.activity],
    [t('adminPages.audit.result'), t(`adminPages.audit.results.${event.result}`)],
    [t('adminPages.audit.reason'), event.reason],
    [t('adminPages.audit.actor'), event.actor],
    [t('adminPages.audit.target'), event.targetUpn],
    [t('adminPages.audit.method'), event.method],
    [t('adminPages.audit.flowId'), event.flowId],
    [t('adminPages.audit.deviceId'), event.deviceId],
    [t('adminPages.audit.eventId'), event.id],
  ];
  const details = Object.entries(event.details);
  return (
    <aside className="ap-card ap-flyout" aria-labelledby="admin-audit-event" data-testid="audit-details">
      <div className="ap-page-header">
        <h3 id="admin-audit-event" ref={heading} tabIndex={-1}>
          {t('adminPages.audit.detailsTitle')}
        </h3>
        <Button size="small" appearance="subtle" onClick={onClose}>
          {t('adminPages.close')}
        </Button>
      </div>
      <dl className="ap-props">
        {fields
          .filter(([, value]) => value !== null && value !== '')
          .map(([label, value]) => (
            <div key={label} style={{ display: 'contents' }}>
              <dt>{label}</dt>
              <dd>{value}</dd>
            </div>
          ))}
      </dl>
      {details.length > 0 && (
        <>
          <h4>{t('adminPages.audit.moreDetails')}</h4>
          <dl className="ap-props">
            {details.map(([key, value]) => (
              <div key={key} style={{ display: 'contents' }}>
                <dt>{key}</dt>
                <dd>{value === null ? '—' : String(value)}</dd>
              </div>
            ))}
          </dl>
        </>
      )}
    </aside>
  );
}

/**
 * Tamper evidence (issue 7): the main process checks every seal of the audit log's HMAC chain with
 * the vault's key; the page says plainly whether the log is intact, or which event breaks it and how.
 */
function ChainCheck() {
  const { t } = useTranslation();
  const format = useFormat();
  const [state, setState] = useState<
    | { status: 'idle' | 'running' }
    | { status: 'done'; report: AuditChainReport }
    | { status: 'failed'; message: string }
  >({ status: 'idle' });

  async function verify() {
    setState({ status: 'running' });
    try {
      setState({ status: 'done', report: await consoleCall('admin.audit.verify', {}) });
    } catch (error) {
      setState({ status: 'failed', message: failureMessage(error) });
    }
  }

  return (
    <div className="ap-card" data-testid="audit-verify">
      <h3>{t('adminPages.audit.verify.title')}</h3>
      <p className="ap-lead">{t('adminPages.audit.verify.lead')}</p>
      <div className="ap-toolbar">
        <Button size="small" disabled={state.status === 'running'} onClick={() => void verify()}>
          {t('adminPages.audit.verify.action')}
        </Button>
      </div>
      <div aria-live="polite" className="ap-live" data-testid="audit-verify-result">
        {state.status === 'running' && <p className="ap-lead">{t('adminPages.audit.verify.running')}</p>}
        {state.status === 'failed' && (
          <MessageBar intent="error">
            <MessageBarBody>{state.message}</MessageBarBody>
          </MessageBar>
        )}
        {state.status === 'done' && <ChainReport report={state.report} format={format} />}
      </div>
    </div>
  );
}

function ChainReport({ report, format }: { report: AuditChainReport; format: ReturnType<typeof useFormat> }) {
  const { t } = useTranslation();
  const pruned =
    report.prunedThrough > 0 ? <p>{t('adminPages.audit.verify.pruned', { seq: report.prunedThrough })}</p> : null;
  if (report.intact || !report.problem) {
    return (
      <MessageBar intent="success" layout="multiline">
        <MessageBarBody>
          <MessageBarTitle>
            {t('adminPages.audit.verify.intact', { count: report.events, formatted: format.number(report.events) })}
          </MessageBarTitle>
          {pruned}
        </MessageBarBody>
      </MessageBar>
    );
  }
  const { problem } = report;
  const row = problem.row;
  return (
    <MessageBar intent="error" layout="multiline">
      <MessageBarBody>
        <MessageBarTitle>{t('adminPages.audit.verify.broken')}</MessageBarTitle>
        <p>
          {t(`adminPages.audit.verify.problems.${problem.kind}`, {
            count: problem.missingCount ?? 0,
            expected: problem.expectedSeq ?? 0,
            seq: row?.seq ?? 0,
          })}
        </p>
        {row && (
          <p>
            {t('adminPages.audit.verify.row', {
              id: row.id,
              activity: t(`adminPages.activities.${row.activity}`, { defaultValue: row.activity }),
              time: format.dateTimeSeconds(row.at),
            })}
          </p>
        )}
        <p>
          {t('adminPages.audit.verify.verified', {
            count: report.verified,
            formatted: format.number(report.verified),
          })}
        </p>
        {pruned}
      </MessageBarBody>
    </MessageBar>
  );
}

function Retention({ onChanged }: { onChanged(): void }) {
  const { t } = useTranslation();
  const format = useFormat();
  const [retention, reload] = useLoaded(() => consoleCall('admin.audit.retention', {}), []);
  const [days, setDays] = useState<number | null>(null);
  const [notice, setNotice] = useState<{ intent: 'success' | 'error'; text: string } | null>(null);
  const [saving, setSaving] = useState(false);
  const shown = days ?? (retention.status === 'ready' ? retention.value.days : null);

  async function save() {
    if (shown === null) return;
    setSaving(true);
    setNotice(null);
    try {
      const answer = await consoleCall('admin.audit.setRetention', { days: shown });
      setNotice({
        intent: 'success',
        text: t('adminPages.audit.retentionSaved', { days: answer.days, count: answer.purged }),
      });
      setDays(null);
      reload();
      onChanged();
    } catch (error) {
      setNotice({ intent: 'error', text: failureMessage(error) });
    } finally {
      setSaving(false);
    }
  }

  return (
    <div className="ap-card" data-testid="audit-retention">
      <h3>{t('adminPages.audit.retentionTitle')}</h3>
      {retention.status === 'ready' && (
        <p className="ap-lead">
          {retention.value.oldestEventAt
            ? t('adminPages.audit.retentionState', {
                count: retention.value.events,
                formatted: format.number(retention.value.events),
                oldest: format.dateTime(retention.value.oldestEventAt),
              })
            : t('adminPages.audit.retentionEmpty')}
        </p>
      )}
      {retention.status === 'failed' && (
        <MessageBar intent="error">
          <MessageBarBody>{retention.message}</MessageBarBody>
        </MessageBar>
      )}
      <div className="ap-toolbar">
        <Field
          label={t('adminPages.audit.retentionDays')}
          hint={t('adminPages.audit.retentionHint', auditRetentionLimits)}
          size="small"
          className="ap-narrow-field"
        >
          <SpinButton
            size="small"
            min={auditRetentionLimits.min}
            max={auditRetentionLimits.max}
            value={shown}
            onChange={(_, data) => {
              const value = data.value ?? Number(data.displayValue);
              if (Number.isInteger(value)) setDays(value);
            }}
          />
        </Field>
        <Button size="small" appearance="primary" disabled={saving || days === null} onClick={() => void save()}>
          {t('adminPages.save')}
        </Button>
      </div>
      <LiveNotice notice={notice} />
    </div>
  );
}
