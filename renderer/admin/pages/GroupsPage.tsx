import { useCallback, useEffect, useId, useMemo, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import {
  Badge,
  Button,
  Combobox,
  Field,
  Input,
  MessageBar,
  MessageBarBody,
  Option,
  Spinner,
} from '@fluentui/react-components';
import type { GroupView, UserRow } from '../../../shared/admin';
import { consoleCall } from '../tables/consoleCall';
import { DetailHeader } from '../tables/DetailHeader';
import { ConfirmPanel, InlinePanel } from '../tables/InlinePanel';
import { LiveNotice } from '../tables/LiveNotice';
import { useFormat } from '../tables/format';
import { failureMessage, useLoaded } from '../tables/useCall';
import { usePagedRows } from '../tables/usePagedRows';
import { VirtualTable, type Column } from '../tables/VirtualTable';
import '../tables/tables.css';

type Notice = { intent: 'success' | 'error'; text: string } | null;
type Member = { userId: number; upn: string; displayName: string };

/**
 * Groups (issue 6): the tenant's security groups and their direct members. The pilot group of a
 * "Selected" scope is chosen on the Properties tab and marked here; the engine refuses to delete it
 * while SSPR is enabled for it, and that refusal is shown as it says.
 */
export function GroupsPage({ tenantId }: { tenantId: number }) {
  const { t } = useTranslation();
  const format = useFormat();
  const [groups, reload] = useLoaded(() => consoleCall('admin.groups.list', { tenantId }), [tenantId]);
  const [opened, setOpened] = useState<{ tenantId: number; groupId: number } | null>(null);
  const [notice, setNotice] = useState<Notice>(null);
  const [creating, setCreating] = useState(false);

  const list = groups.status === 'ready' ? groups.value : [];
  const current = opened?.tenantId === tenantId ? list.find((group) => group.id === opened.groupId) : undefined;

  if (current) {
    return (
      <GroupDetails
        key={current.id}
        group={current}
        onBack={() => setOpened(null)}
        onChanged={reload}
        onDeleted={(name) => {
          setOpened(null);
          setNotice({ intent: 'success', text: t('adminPages.groups.deleted', { name }) });
          reload();
        }}
      />
    );
  }

  return (
    <section className="ap-page" aria-labelledby="admin-groups-heading" data-testid="admin-groups">
      <div className="ap-page-header">
        <h2 id="admin-groups-heading">{t('adminPages.groups.title')}</h2>
        <Button appearance="primary" onClick={() => setCreating(true)} disabled={creating}>
          {t('adminPages.groups.new')}
        </Button>
      </div>
      <p className="ap-lead">{t('adminPages.groups.lead')}</p>
      {creating && (
        <GroupForm
          title={t('adminPages.groups.newTitle')}
          submitLabel={t('adminPages.groups.create')}
          initial={{ name: '', description: '' }}
          onClose={() => setCreating(false)}
          onSubmit={async ({ name, description }) => {
            const group = await consoleCall('admin.group.create', {
              tenantId,
              name,
              description: description.trim() ? description : null,
            });
            setCreating(false);
            setNotice({ intent: 'success', text: t('adminPages.groups.created', { name: group.name }) });
            reload();
          }}
        />
      )}
      <LiveNotice notice={notice} />
      {groups.status === 'loading' && <Spinner size="small" label={t('adminPages.loading')} />}
      {groups.status === 'failed' && (
        <MessageBar intent="error">
          <MessageBarBody>{groups.message}</MessageBarBody>
        </MessageBar>
      )}
      {groups.status === 'ready' && (
        <table className="ap-table" aria-labelledby="admin-groups-heading">
          <thead>
            <tr>
              <th scope="col">{t('adminPages.groups.name')}</th>
              <th scope="col">{t('adminPages.groups.description')}</th>
              <th scope="col" className="num">
                {t('adminPages.groups.members')}
              </th>
              <th scope="col">{t('adminPages.groups.sspr')}</th>
            </tr>
          </thead>
          <tbody>
            {list.length === 0 && (
              <tr>
                <td colSpan={4}>{t('adminPages.groups.empty')}</td>
              </tr>
            )}
            {list.map((group) => (
              <tr key={group.id}>
                <td>
                  <button
                    type="button"
                    className="vt-link"
                    onClick={() => {
                      setNotice(null);
                      setOpened({ tenantId, groupId: group.id });
                    }}
                  >
                    {group.name}
                  </button>
                </td>
                <td>{group.description ?? ''}</td>
                <td className="num">{format.number(group.members)}</td>
                <td>
                  {group.ssprGroup && (
                    <Badge appearance="tint" color="brand">
                      {t('adminPages.groups.pilot')}
                    </Badge>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function GroupDetails({
  group,
  onBack,
  onChanged,
  onDeleted,
}: {
  group: GroupView;
  onBack(): void;
  onChanged(): void;
  onDeleted(name: string): void;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const [notice, setNotice] = useState<Notice>(null);
  const [busy, setBusy] = useState(false);
  const [task, setTask] = useState<'edit' | 'delete' | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);

  useEffect(() => heading.current?.focus(), []);

  const fetchPage = useCallback(
    async (offset: number, limit: number) => {
      const page = await consoleCall('admin.group.members', { groupId: group.id, offset, limit });
      return { total: page.total, rows: page.members };
    },
    [group.id],
  );
  const members = usePagedRows<Member>(fetchPage, String(group.id));

  async function run(task: () => Promise<string>) {
    setBusy(true);
    setNotice(null);
    try {
      setNotice({ intent: 'success', text: await task() });
      members.reload();
      onChanged();
    } catch (error) {
      setNotice({ intent: 'error', text: failureMessage(error) });
    } finally {
      setBusy(false);
    }
  }

  const columns = useMemo<Column<Member>[]>(
    () => [
      { id: 'name', header: t('adminPages.users.name'), width: 'minmax(180px, 1.5fr)', cell: (m) => m.displayName },
      { id: 'upn', header: t('adminPages.users.upn'), width: 'minmax(220px, 2fr)', cell: (m) => m.upn },
      {
        id: 'remove',
        header: t('adminPages.user.actions'),
        width: '120px',
        cell: (member) => (
          <Button
            size="small"
            disabled={busy}
            aria-label={t('adminPages.groups.removeMemberFor', { name: member.displayName })}
            onClick={() =>
              void run(async () => {
                await consoleCall('admin.group.removeMember', { groupId: group.id, userId: member.userId });
                return t('adminPages.groups.memberRemoved', { name: member.displayName, group: group.name });
              })
            }
          >
            {t('adminPages.user.remove')}
          </Button>
        ),
      },
    ],
    // `run` closes over state that only changes with `busy`.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [t, busy, group.id, group.name],
  );

  return (
    <section className="ap-page" aria-labelledby="admin-group-heading" data-testid="admin-group">
      <DetailHeader
        headingId="admin-group-heading"
        headingRef={heading}
        title={group.name}
        lead={group.description ?? t('adminPages.groups.noDescription')}
        backLabel={t('adminPages.groups.back')}
        onBack={onBack}
      >
        <div className="ap-toolbar">
          <Button disabled={busy} onClick={() => setTask('edit')}>
            {t('adminPages.groups.edit')}
          </Button>
          <Button disabled={busy} onClick={() => setTask('delete')}>
            {t('adminPages.groups.delete')}
          </Button>
        </div>
      </DetailHeader>
      {task === 'edit' && (
        <GroupForm
          title={t('adminPages.groups.editTitle', { name: group.name })}
          submitLabel={t('adminPages.save')}
          initial={{ name: group.name, description: group.description ?? '' }}
          onClose={() => setTask(null)}
          onSubmit={async ({ name, description }) => {
            await consoleCall('admin.group.update', {
              groupId: group.id,
              name,
              description: description.trim() || null,
            });
            setTask(null);
            setNotice({ intent: 'success', text: t('adminPages.saved') });
            onChanged();
          }}
        />
      )}
      {task === 'delete' && (
        <ConfirmPanel
          title={t('adminPages.groups.deleteTitle', { name: group.name })}
          body={t('adminPages.groups.deleteBody')}
          confirmLabel={t('adminPages.groups.delete')}
          busy={busy}
          testId="group-delete"
          onClose={() => setTask(null)}
          onConfirm={() => {
            setBusy(true);
            setNotice(null);
            consoleCall('admin.group.delete', { groupId: group.id })
              .then(() => onDeleted(group.name))
              .catch((error: unknown) => setNotice({ intent: 'error', text: failureMessage(error) }))
              .finally(() => setBusy(false));
          }}
        />
      )}
      {group.ssprGroup && (
        <MessageBar intent="info">
          <MessageBarBody>{t('adminPages.groups.pilotNote')}</MessageBarBody>
        </MessageBar>
      )}
      <LiveNotice notice={notice} testId="group-notice" />
      <AddMember
        tenantId={group.tenantId}
        busy={busy}
        onAdd={(user) =>
          run(async () => {
            await consoleCall('admin.group.addMember', { groupId: group.id, userId: user.id });
            return t('adminPages.groups.memberAdded', { name: user.displayName, group: group.name });
          })
        }
      />
      <div className="ap-count">
        {members.total !== null &&
          t('adminPages.groups.memberCount', { count: members.total, formatted: format.number(members.total) })}
      </div>
      {members.failure && (
        <MessageBar intent="error">
          <MessageBarBody>{members.failure}</MessageBarBody>
        </MessageBar>
      )}
      <VirtualTable
        label={t('adminPages.groups.membersOf', { name: group.name })}
        columns={columns}
        rows={members}
        rowKey={(member) => member.userId}
        emptyText={t('adminPages.groups.noMembers')}
        testId="group-members"
      />
    </section>
  );
}

/** Finds a user of the tenant by name or UPN and adds them. */
function AddMember({
  tenantId,
  busy,
  onAdd,
}: {
  tenantId: number;
  busy: boolean;
  onAdd(user: UserRow): Promise<void>;
}) {
  const { t } = useTranslation();
  const [query, setQuery] = useState('');
  const [found, setFound] = useState<UserRow[]>([]);
  const [chosen, setChosen] = useState<UserRow | null>(null);
  const [open, setOpen] = useState(false);
  const fieldId = useId();

  useEffect(() => {
    const text = query.trim();
    if (text.length === 0 || chosen?.displayName === query) return;
    let current = true;
    const timer = setTimeout(() => {
      consoleCall('admin.users.search', { tenantId, text, limit: 8 }).then(
        (page) => {
          if (!current) return;
          setFound(page.users);
          // The matches drop down as soon as they are known, however the text was typed.
          setOpen(page.users.length > 0);
        },
        () => current && setFound([]),
      );
    }, 200);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [query, tenantId, chosen]);

  return (
    <form
      className="ap-toolbar"
      onSubmit={(event: FormEvent) => {
        event.preventDefault();
        if (!chosen) return;
        void onAdd(chosen).then(() => {
          setChosen(null);
          setQuery('');
          setFound([]);
        });
      }}
    >
      <div className="ap-filter">
        <label id={fieldId}>{t('adminPages.groups.addMemberLabel')}</label>
        <Combobox
          aria-labelledby={fieldId}
          size="small"
          freeform
          placeholder={t('adminPages.users.searchPlaceholder')}
          value={query}
          open={open}
          onOpenChange={(_, data) => setOpen(data.open)}
          onChange={(event) => {
            setQuery(event.target.value);
            setChosen(null);
          }}
          onOptionSelect={(_, data) => {
            const user = found.find((row) => String(row.id) === data.optionValue) ?? null;
            setChosen(user);
            if (user) setQuery(user.displayName);
          }}
        >
          {found.map((user) => (
            <Option key={user.id} value={String(user.id)} text={user.displayName}>
              {user.displayName} ({user.upn})
            </Option>
          ))}
        </Combobox>
      </div>
      <Button type="submit" size="small" disabled={busy || !chosen}>
        {t('adminPages.groups.addMember')}
      </Button>
    </form>
  );
}

function GroupForm({
  title,
  submitLabel,
  initial,
  onClose,
  onSubmit,
}: {
  title: string;
  submitLabel: string;
  initial: { name: string; description: string };
  onClose(): void;
  onSubmit(values: { name: string; description: string }): Promise<void>;
}) {
  const { t } = useTranslation();
  const [name, setName] = useState(initial.name);
  const [description, setDescription] = useState(initial.description);
  const [failure, setFailure] = useState<string | null>(null);
  const [sending, setSending] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setSending(true);
    setFailure(null);
    try {
      await onSubmit({ name, description });
    } catch (error) {
      setFailure(failureMessage(error));
    } finally {
      setSending(false);
    }
  }

  return (
    <InlinePanel
      title={title}
      testId="group-form"
      onClose={onClose}
      onSubmit={(event) => void submit(event)}
      actions={
        <>
          <Button appearance="primary" type="submit" disabled={sending || name.trim().length === 0}>
            {submitLabel}
          </Button>
          <Button onClick={onClose}>{t('adminPages.cancel')}</Button>
        </>
      }
    >
      <Field label={t('adminPages.groups.name')} required>
        <Input value={name} maxLength={256} onChange={(_, data) => setName(data.value)} />
      </Field>
      <Field label={t('adminPages.groups.description')}>
        <Input value={description} maxLength={1024} onChange={(_, data) => setDescription(data.value)} />
      </Field>
      {failure && (
        <MessageBar intent="error">
          <MessageBarBody>{failure}</MessageBarBody>
        </MessageBar>
      )}
    </InlinePanel>
  );
}
