import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  Badge,
  Field,
  MessageBar,
  MessageBarBody,
  Radio,
  RadioGroup,
  Spinner,
  Switch,
} from '@fluentui/react-components';
import type { DirectoryConnectorView } from '../../../shared/connectors';
import { call } from '../../api/client';
import { DirectoryConnectorForm } from './DirectoryConnectorForm';
import { Facts, TabForm, adminCall, issueFor, issuesOf, useTabEditor, type TenantTabProps } from './tab-form';

/**
 * On-premises integration (spec §2, §3.4, §5): writeback, unlock without reset, and the writeback
 * agent; below it, the directory the writeback goes to (issue 9), saved on its own.
 */
export function OnPremisesTab({ tenant, onSaved }: TenantTabProps) {
  const { t } = useTranslation();
  const onPremises = tenant.onPremises;
  const [directory, setDirectory] = useState<DirectoryConnectorView | null>(null);
  const [directoryProblem, setDirectoryProblem] = useState<string | null>(null);

  useEffect(() => {
    let current = true;
    adminCall(() => call('admin.directory.get', { tenantId: tenant.id })).then(
      (view) => current && setDirectory(view),
      (error: unknown) => current && setDirectoryProblem(issuesOf(error)[0]?.message ?? null),
    );
    return () => {
      current = false;
    };
  }, [tenant.id]);

  // The tab's facts (directory, agent, writable) are the connector's health: read them again after it changed.
  function directoryChanged(view: DirectoryConnectorView) {
    setDirectory(view);
    adminCall(() => call('admin.tenant.get', { tenantId: tenant.id })).then(onSaved, () => undefined);
  }

  const editor = useTabEditor(
    tenant,
    { writeback: onPremises.writeback, allowUnlock: onPremises.allowUnlock, writebackAgent: onPremises.writebackAgent },
    onSaved,
  );
  const { draft, update, state } = editor;
  const yesNo = (value: boolean) => (value ? t('admin.yes') : t('admin.no'));
  const ldap = directory?.connector === 'ldap';
  return (
    <div className="admin-tab-stack">
      <TabForm
        title={t('admin.tabs.onPremises')}
        description={<p>{t('admin.onPremises.description')}</p>}
        dirty={editor.dirty}
        state={state}
        onSave={() => void editor.saveChange({ tab: 'onPremises', patch: editor.patch })}
        onDiscard={editor.discard}
      >
        <Facts
          items={[
            [t('admin.onPremises.directorySync'), yesNo(onPremises.directorySync)],
            [t('admin.onPremises.planAllows'), yesNo(onPremises.planAllowsWriteback)],
            [t('admin.onPremises.directory'), onPremises.directoryName ?? t('admin.none')],
            [
              t('admin.onPremises.agentState'),
              <span key="agent" className="admin-inline">
                <Badge appearance="filled" color={onPremises.writable ? 'success' : 'danger'}>
                  {onPremises.writable ? t('admin.onPremises.writable') : t('admin.onPremises.notWritable')}
                </Badge>
                <span>{onPremises.agentMessage}</span>
              </span>,
            ],
          ]}
        />
        <Field validationMessage={issueFor(state, 'writeback')}>
          <Switch
            label={t('admin.onPremises.writeback')}
            checked={draft.writeback}
            onChange={(_, data) => update({ writeback: data.checked })}
          />
        </Field>
        <Field validationMessage={issueFor(state, 'allowUnlock')}>
          <Switch
            label={t('admin.onPremises.allowUnlock')}
            checked={draft.allowUnlock}
            onChange={(_, data) => update({ allowUnlock: data.checked })}
          />
        </Field>
        {ldap ? (
          <p className="admin-note" data-testid="admin-agent-ldap">
            {t('admin.onPremises.agentLdapHint')}
          </p>
        ) : (
          <Field
            label={t('admin.onPremises.agent')}
            hint={t('admin.onPremises.agentHint')}
            validationMessage={issueFor(state, 'writebackAgent')}
          >
            <RadioGroup
              layout="horizontal"
              value={draft.writebackAgent}
              onChange={(_, data) => update({ writebackAgent: data.value === 'down' ? 'down' : 'connected' })}
            >
              <Radio value="connected" label={t('admin.onPremises.connected')} />
              <Radio value="down" label={t('admin.onPremises.down')} />
            </RadioGroup>
          </Field>
        )}
      </TabForm>
      {directory ? (
        <DirectoryConnectorForm
          view={directory}
          directorySync={onPremises.directorySync}
          onChanged={directoryChanged}
        />
      ) : directoryProblem ? (
        <MessageBar intent="error">
          <MessageBarBody>{directoryProblem}</MessageBarBody>
        </MessageBar>
      ) : (
        <Spinner size="small" label={t('admin.loading')} />
      )}
    </div>
  );
}
