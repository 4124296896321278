import { useTranslation } from 'react-i18next';
import { Field } from '@fluentui/react-components';
import { NumberInput, TabForm, issueFor, useTabEditor, type TenantTabProps } from './tab-form';

const fields = [
  ['lockoutThreshold', 1, 100],
  ['lockoutWindowMinutes', 1, 1440],
  ['lockoutMinutes', 1, 10080],
  ['codeValidityMinutes', 1, 60],
] as const;

/** Protection (spec §6): failed verifications before the SSPR lockout, its window and length, and code validity. */
export function ProtectionTab({ tenant, onSaved }: TenantTabProps) {
  const { t } = useTranslation();
  const editor = useTabEditor(tenant, { ...tenant.protection }, onSaved);
  const { draft, update, state } = editor;
  return (
    <TabForm
      title={t('admin.tabs.protection')}
      description={
        <p>
          {t('admin.protection.description', {
            threshold: tenant.protection.lockoutThreshold,
            window: tenant.protection.lockoutWindowMinutes,
            minutes: tenant.protection.lockoutMinutes,
          })}
        </p>
      }
      dirty={editor.dirty}
      state={state}
      onSave={() => void editor.saveChange({ tab: 'protection', patch: editor.patch })}
      onDiscard={editor.discard}
    >
      {fields.map(([field, min, max]) => (
        <Field
          key={field}
          label={t(`admin.protection.${field}`)}
          hint={t('admin.range', { min, max })}
          validationMessage={issueFor(state, field)}
        >
          <NumberInput value={draft[field]} min={min} max={max} onChange={(value) => update({ [field]: value })} />
        </Field>
      ))}
    </TabForm>
  );
}
