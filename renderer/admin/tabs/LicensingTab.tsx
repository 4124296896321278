import { useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import {
  Badge,
  Button,
  Dropdown,
  Field,
  Input,
  Option,
  Switch,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
} from '@fluentui/react-components';
import { Add20Regular, Delete20Regular } from '@fluentui/react-icons';
import type { Plan } from '../../../shared/policy';
import { planList } from './lists';
import { call } from '../../api/client';
import { Facts, SaveResult, TabForm, issueFor, useTabEditor, useTenantSave, type TenantTabProps } from './tab-form';

/** The day a trial started, as a date field holds it (UTC, as the main process keeps it). */
function dayOf(iso: string | null): string {
  return iso ? iso.slice(0, 10) : new Date().toISOString().slice(0, 10);
}

/** Licensing (spec §1, §3.4, §4): the plan, the trial, directory sync, and the tenant's domains. */
export function LicensingTab({ tenant, onSaved }: TenantTabProps) {
  const { t, i18n } = useTranslation();
  const licensing = tenant.licensing;
  const editor = useTabEditor(
    tenant,
    {
      plan: licensing.plan,
      onTrial: licensing.trialStart !== null,
      trialDay: dayOf(licensing.trialStart),
      directorySync: licensing.directorySync,
    },
    onSaved,
  );
  const { draft, update, state } = editor;
  const { onTrial, trialDay, ...rest } = editor.patch;
  const patch = {
    ...rest,
    ...(onTrial === undefined && trialDay === undefined
      ? {}
      : { trialStart: draft.onTrial ? `${draft.trialDay}T00:00:00.000Z` : null }),
  };
  const planLabel = (plan: Plan) => t(`admin.plans.${plan}`);
  const yesNo = (value: boolean) => (value ? t('admin.yes') : t('admin.no'));

  return (
    <TabForm
      title={t('admin.tabs.licensing')}
      description={<p>{t('admin.licensing.description')}</p>}
      dirty={editor.dirty}
      state={state}
      onSave={() => void editor.saveChange({ tab: 'licensing', patch })}
      onDiscard={editor.discard}
    >
      <Facts
        items={[
          [t('admin.licensing.current'), licensing.planName],
          [
            t('admin.licensing.trial'),
            licensing.onTrial && licensing.trialDay !== null
              ? t('admin.licensing.trialDay', {
                  day: licensing.trialDay,
                  start: new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium' }).format(
                    new Date(licensing.trialStart ?? 0),
                  ),
                })
              : t('admin.licensing.noTrial'),
          ],
          [t('admin.onPremises.directorySync'), yesNo(licensing.directorySync)],
        ]}
      />
      <Field label={t('admin.licensing.plan')} validationMessage={issueFor(state, 'plan')}>
        <Dropdown
          value={planLabel(draft.plan)}
          selectedOptions={[draft.plan]}
          onOptionSelect={(_, data) => data.optionValue && update({ plan: data.optionValue as Plan })}
        >
          {planList.map((plan) => (
            <Option key={plan} value={plan}>
              {planLabel(plan)}
            </Option>
          ))}
        </Dropdown>
      </Field>
      <Field validationMessage={issueFor(state, 'trialStart')}>
        <Switch
          label={t('admin.licensing.onTrial')}
          checked={draft.onTrial}
          onChange={(_, data) => update({ onTrial: data.checked })}
        />
      </Field>
      {draft.onTrial && (
        <Field label={t('admin.licensing.trialStart')} hint={t('admin.licensing.trialHint')}>
          <Input type="date" value={draft.trialDay} onChange={(_, data) => update({ trialDay: data.value })} />
        </Field>
      )}
      <Field validationMessage={issueFor(state, 'directorySync')}>
        <Switch
          label={t('admin.licensing.directorySync')}
          checked={draft.directorySync}
          onChange={(_, data) => update({ directorySync: data.checked })}
        />
      </Field>
      <Domains tenantId={tenant.id} domains={licensing.domains} onSaved={onSaved} />
    </TabForm>
  );
}

/** The tenant's domains: the initial *.onmicrosoft.com one stays; custom ones are added (verified at once, offline) and removed. */
function Domains({
  tenantId,
  domains,
  onSaved,
}: {
  tenantId: number;
  domains: TenantTabProps['tenant']['licensing']['domains'];
  onSaved: TenantTabProps['onSaved'];
}) {
  const { t } = useTranslation();
  const [name, setName] = useState('');
  const { state, save } = useTenantSave(tenantId, onSaved);

  async function add() {
    if (!name.trim()) return;
    if (await save(() => call('admin.tenant.addDomain', { tenantId, name: name.trim() }))) setName('');
  }

  function onKeyDown(event: KeyboardEvent) {
    // The domain has its own button: Enter here adds it rather than saving the licensing form.
    if (event.key === 'Enter') {
      event.preventDefault();
      void add();
    }
  }

  return (
    <section className="admin-subsection" aria-labelledby="admin-domains-title">
      <h3 id="admin-domains-title" className="admin-section-title">
        {t('admin.licensing.domains')}
      </h3>
      <p className="admin-note">{t('admin.licensing.domainsNote')}</p>
      <Table size="small" aria-labelledby="admin-domains-title" className="admin-table-fluent">
        <TableHeader>
          <TableRow>
            <TableHeaderCell>{t('admin.licensing.domainName')}</TableHeaderCell>
            <TableHeaderCell>{t('admin.licensing.domainKind')}</TableHeaderCell>
            <TableHeaderCell>{t('admin.licensing.domainStatus')}</TableHeaderCell>
            <TableHeaderCell>
              <span className="visually-hidden">{t('admin.licensing.domainActions')}</span>
            </TableHeaderCell>
          </TableRow>
        </TableHeader>
        <TableBody>
          {domains.map((domain) => (
            <TableRow key={domain.name}>
              <TableCell>{domain.name}</TableCell>
              <TableCell>{t(`admin.licensing.kind.${domain.kind}`)}</TableCell>
              <TableCell>
                <Badge appearance="tint" color={domain.verified ? 'success' : 'warning'}>
                  {domain.verified ? t('admin.licensing.verified') : t('admin.licensing.unverified')}
                </Badge>
              </TableCell>
              <TableCell>
                {domain.kind === 'custom' && (
                  <Button
                    appearance="subtle"
                    size="small"
                    icon={<Delete20Regular />}
                    aria-label={t('admin.licensing.remove', { name: domain.name })}
                    onClick={() => void save(() => call('admin.tenant.removeDomain', { tenantId, name: domain.name }))}
                  />
                )}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      <div className="admin-inline-form">
        <Field label={t('admin.licensing.addDomain')}>
          <Input
            value={name}
            placeholder="contoso.com"
            onChange={(_, data) => setName(data.value)}
            onKeyDown={onKeyDown}
          />
        </Field>
        <Button icon={<Add20Regular />} onClick={() => void add()} disabled={!name.trim()}>
          {t('admin.licensing.add')}
        </Button>
      </div>
      <SaveResult state={state} />
    </section>
  );
}
