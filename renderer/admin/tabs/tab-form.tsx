import { useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, MessageBar, MessageBarBody, MessageBarTitle, Spinner, SpinButton } from '@fluentui/react-components';
import { ArrowUndo20Regular, Save20Regular } from '@fluentui/react-icons';
import type { AdminIssue, AdminTenant, TenantChange, TenantChangeResult } from '../../../shared/admin';
import { call, CallRefused } from '../../api/client';
import { useAdminEntry } from '../entry/entry-store';

/** A call from the console; a refusal because the console closed itself sends the screen back to the prompt. */
export async function adminCall<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof CallRefused && error.error.code === 'unauthorized') useAdminEntry.getState().idleClosed();
    throw error;
  }
}

/**
 * What the main process said about a change that was not made: each rule's message (its own words),
 * or the fields the contract refused. The field's path names it, so a form can put it by its field.
 */
export function issuesOf(error: unknown): AdminIssue[] {
  if (error instanceof CallRefused) {
    const fromSchema = (error.error.issues ?? []).map((issue) => ({
      rule: 'schema',
      path: issue.path.split('.').slice(-1)[0] ?? issue.path,
      message: issue.message,
    }));
    return fromSchema.length > 0 ? fromSchema : [{ rule: error.error.code, path: '', message: error.message }];
  }
  return [{ rule: 'internal', path: '', message: error instanceof Error ? error.message : String(error) }];
}

/**
 * As `issuesOf`, for a call whose refusal names its field before a colon ("host: E-mail over SMTP
 * needs…"): the issue is put at that field when the form shows it, else it stays at the form's top.
 */
export function issuesAt(error: unknown, fields: readonly string[]): AdminIssue[] {
  return issuesOf(error).map((issue) => {
    const field = /^([A-Za-z]+): /.exec(issue.message)?.[1];
    return !issue.path && field && fields.includes(field) ? { ...issue, path: field } : issue;
  });
}

/** The fields of `draft` that differ from `saved`, compared by value (arrays included). */
export function changedFields<T extends object>(draft: T, saved: T): Partial<T> {
  const patch: Partial<T> = {};
  for (const key of Object.keys(draft) as (keyof T)[]) {
    if (JSON.stringify(draft[key]) !== JSON.stringify(saved[key])) patch[key] = draft[key];
  }
  return patch;
}

/**
 * A tab's editable copy of the saved settings: the copy starts again from the saved ones whenever
 * the main process answers with new ones (after a save, or another tab's save).
 */
export function useDraft<T extends object>(saved: T): [T, (change: Partial<T>) => void, () => void] {
  const [base, setBase] = useState(saved);
  const [draft, setDraft] = useState(saved);
  const savedKey = JSON.stringify(saved);
  if (JSON.stringify(base) !== savedKey) {
    setBase(saved);
    setDraft(saved);
  }
  return [draft, (change) => setDraft((current) => ({ ...current, ...change })), () => setDraft(saved)];
}

export type SaveState =
  { status: 'idle' } | { status: 'saving' } | { status: 'saved' } | { status: 'refused'; issues: AdminIssue[] };

/** Sends one tab's patch; the tenant the main process answers with replaces the console's copy. */
export function useTenantSave(tenantId: number, onSaved: (tenant: AdminTenant) => void) {
  const [state, setState] = useState<SaveState>({ status: 'idle' });
  async function save(run: () => Promise<TenantChangeResult>): Promise<boolean> {
    setState({ status: 'saving' });
    try {
      const result = await adminCall(run);
      if (!result.ok) {
        setState({ status: 'refused', issues: result.issues });
        return false;
      }
      onSaved(result.tenant);
      setState({ status: 'saved' });
      return true;
    } catch (error) {
      setState({ status: 'refused', issues: issuesOf(error) });
      return false;
    }
  }
  return {
    state,
    clear: () => setState({ status: 'idle' }),
    saveChange: (change: TenantChange) => save(() => call('admin.tenant.set', { tenantId, change })),
    save,
  };
}

/** Sends a form through a call that answers with the saved settings, or refuses them (`issuesAt` places the refusal). */
export function useCallSave(fields: readonly string[]) {
  const [state, setState] = useState<SaveState>({ status: 'idle' });
  async function save<T>(run: () => Promise<T>): Promise<T | null> {
    setState({ status: 'saving' });
    try {
      const saved = await adminCall(run);
      setState({ status: 'saved' });
      return saved;
    } catch (error) {
      setState({ status: 'refused', issues: issuesAt(error, fields) });
      return null;
    }
  }
  return { state, clear: () => setState({ status: 'idle' }), save };
}

/** A rule's message without the field name some of the store's checks put in front of it (the form shows the field). */
export function issueText(issue: AdminIssue): string {
  const prefix = `${issue.path}: `;
  return issue.path && issue.message.startsWith(prefix) ? issue.message.slice(prefix.length) : issue.message;
}

/** The message of the first refused issue on `path`, for a field's validation message. */
export function issueFor(state: SaveState, ...paths: string[]): string | undefined {
  if (state.status !== 'refused') return undefined;
  const issue = state.issues.find((candidate) =>
    paths.some((path) => candidate.path === path || candidate.path.startsWith(`${path}.`)),
  );
  return issue ? issueText(issue) : undefined;
}

/** The saved / refused bar under a tab's command bar. */
export function SaveResult({ state }: { state: SaveState }) {
  const { t } = useTranslation();
  if (state.status === 'saved') {
    return (
      <MessageBar intent="success" data-testid="admin-saved">
        <MessageBarBody>{t('admin.form.saved')}</MessageBarBody>
      </MessageBar>
    );
  }
  if (state.status !== 'refused') return null;
  return (
    <MessageBar intent="error" data-testid="admin-refused" layout="multiline">
      <MessageBarBody>
        <MessageBarTitle>{t('admin.form.refused')}</MessageBarTitle>
        <ul className="admin-issue-list">
          {state.issues.map((issue) => (
            <li key={`${issue.rule}:${issue.path}:${issue.message}`} data-rule={issue.rule}>
              {issueText(issue)}
            </li>
          ))}
        </ul>
      </MessageBarBody>
    </MessageBar>
  );
}

/**
 * One tenant tab: its heading and what it governs, the command bar (Save, Discard) as Entra's
 * blades have it, the outcome of the last save, and the form.
 */
export function TabForm({
  title,
  description,
  dirty,
  state,
  onSave,
  onDiscard,
  children,
  section,
}: {
  title: string;
  description: ReactNode;
  dirty: boolean;
  state: SaveState;
  onSave: () => void;
  onDiscard: () => void;
  children: ReactNode;
  /** A second form on the page (its own Save), titled one level down; the id names its heading. */
  section?: { headingId: string; testId?: string };
}) {
  const { t } = useTranslation();
  function submit(event: FormEvent) {
    event.preventDefault();
    if (dirty) onSave();
  }
  const saving = state.status === 'saving';
  const headingId = section?.headingId ?? 'admin-tab-title';
  return (
    <form
      className={section ? 'admin-tab admin-tab-section' : 'admin-tab'}
      onSubmit={submit}
      noValidate
      aria-labelledby={headingId}
      data-testid={section?.testId}
    >
      {section ? (
        <h3 id={headingId} className="admin-tab-section-title">
          {title}
        </h3>
      ) : (
        <h2 id={headingId} className="admin-tab-title">
          {title}
        </h2>
      )}
      <div className="admin-commands">
        <Button
          type="submit"
          appearance="subtle"
          disabled={!dirty || saving}
          icon={saving ? <Spinner size="tiny" /> : <Save20Regular />}
        >
          {t('admin.form.save')}
        </Button>
        <Button
          type="button"
          appearance="subtle"
          disabled={!dirty || saving}
          onClick={onDiscard}
          icon={<ArrowUndo20Regular />}
        >
          {t('admin.form.discard')}
        </Button>
      </div>
      <div className="admin-tab-description">{description}</div>
      <SaveResult state={state} />
      <div className="admin-tab-fields">{children}</div>
    </form>
  );
}

/** A whole number within the setting's range, as a SpinButton; out-of-range values are left to the main process to refuse. */
export function NumberInput({
  value,
  min,
  max,
  onChange,
  id,
  disabled,
}: {
  value: number;
  min: number;
  max: number;
  onChange: (value: number) => void;
  id?: string;
  disabled?: boolean;
}) {
  return (
    <SpinButton
      id={id}
      value={value}
      min={min}
      max={max}
      disabled={disabled}
      onChange={(_, data) => {
        if (typeof data.value === 'number') onChange(data.value);
        else if (data.displayValue !== undefined) {
          const typed = Number.parseInt(data.displayValue, 10);
          if (Number.isFinite(typed)) onChange(typed);
        }
      }}
    />
  );
}

/** A read-only value in a tab: a term and its value, as Entra's overview blades list them. */
export function Facts({ items }: { items: Array<[string, ReactNode]> }) {
  return (
    <dl className="admin-facts">
      {items.map(([term, value]) => (
        <div key={term} className="admin-fact">
          <dt>{term}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

/** What every tenant tab gets from the console: the tenant as the main process last said it. */
export interface TenantTabProps {
  tenant: AdminTenant;
  onSaved: (tenant: AdminTenant) => void;
}

/** The draft, its patch against what is saved, and the save state, for one tab's fields. */
export function useTabEditor<Form extends object>(
  tenant: AdminTenant,
  saved: Form,
  onSaved: (tenant: AdminTenant) => void,
) {
  const [draft, update, discardDraft] = useDraft(saved);
  const save = useTenantSave(tenant.id, onSaved);
  const patch = changedFields(draft, saved);
  return {
    draft,
    update: (change: Partial<Form>) => {
      if (save.state.status === 'saved') save.clear();
      update(change);
    },
    patch,
    dirty: Object.keys(patch).length > 0,
    discard: () => {
      discardDraft();
      save.clear();
    },
    ...save,
  };
}
