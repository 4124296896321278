import { useTranslation } from 'react-i18next';
import { Badge, Field, Radio, RadioGroup, Switch } from '@fluentui/react-components';
import { Facts, TabForm, issueFor, useTabEditor, type TenantTabProps } from './tab-form';

/** On-premises integration (spec §2, §3.4, §5): writeback, unlock without reset, and the writeback agent. */
export function OnPremisesTab({ tenant, onSaved }: TenantTabProps) {
  const { t } = useTranslation();
  const onPremises = tenant.onPremises;
  const editor = useTabEditor(
    tenant,
    { writeback: onPremises.writeback, allowUnlock: onPremises.allowUnlock, writebackAgent: onPremises.writebackAgent },
    onSaved,
  );
  const { draft, update, state } = editor;
  const yesNo = (value: boolean) => (value ? t('admin.yes') : t('admin.no'));
  return (
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
              <Badge
                appearance="filled"
                color={onPremises.writebackAgent === 'connected' && onPremises.writable ? 'success' : 'danger'}
              >
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
    </TabForm>
  );
}
