import { useTranslation } from 'react-i18next';
import { Dropdown, Field, Option, Radio, RadioGroup } from '@fluentui/react-components';
import type { SsprScope } from '../../../shared/policy';
import { TabForm, issueFor, useTabEditor, type TenantTabProps } from './tab-form';

/** Properties (spec §2, §3.2): who may use SSPR — nobody, one group's direct members, or everyone. */
export function PropertiesTab({ tenant, onSaved }: TenantTabProps) {
  const { t } = useTranslation();
  const { properties } = tenant;
  const editor = useTabEditor(
    tenant,
    { enabledFor: properties.enabledFor, selectedGroupId: properties.selectedGroupId },
    onSaved,
  );
  const { draft, update, state } = editor;
  const groupName = properties.groups.find((group) => group.id === draft.selectedGroupId)?.name ?? '';
  return (
    <TabForm
      title={t('admin.tabs.properties')}
      description={<p>{t('admin.properties.description')}</p>}
      dirty={editor.dirty}
      state={state}
      onSave={() => void editor.saveChange({ tab: 'properties', patch: editor.patch })}
      onDiscard={editor.discard}
    >
      <Field label={t('admin.properties.enabledFor')} validationMessage={issueFor(state, 'enabledFor')}>
        <RadioGroup
          layout="horizontal"
          value={draft.enabledFor}
          onChange={(_, data) => update({ enabledFor: data.value as SsprScope })}
        >
          <Radio value="none" label={t('admin.properties.scope.none')} />
          <Radio value="selected" label={t('admin.properties.scope.selected')} />
          <Radio value="all" label={t('admin.properties.scope.all')} />
        </RadioGroup>
      </Field>
      {draft.enabledFor === 'selected' && (
        <Field
          label={t('admin.properties.group')}
          hint={t('admin.properties.groupHint')}
          validationMessage={issueFor(state, 'selectedGroupId')}
        >
          <Dropdown
            value={groupName}
            placeholder={t('admin.properties.groupPlaceholder')}
            selectedOptions={draft.selectedGroupId === null ? [] : [String(draft.selectedGroupId)]}
            onOptionSelect={(_, data) =>
              update({ selectedGroupId: data.optionValue ? Number(data.optionValue) : null })
            }
          >
            {properties.groups.map((group) => (
              <Option key={group.id} value={String(group.id)}>
                {group.name}
              </Option>
            ))}
          </Dropdown>
        </Field>
      )}
      {draft.enabledFor === 'none' && <p className="admin-note">{t('admin.properties.noneNote')}</p>}
    </TabForm>
  );
}
