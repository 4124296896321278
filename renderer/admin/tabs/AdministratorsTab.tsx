import { useTranslation } from 'react-i18next';
import { Field, Switch } from '@fluentui/react-components';
import { Facts, TabForm, issueFor, useTabEditor, type TenantTabProps } from './tab-form';
import { ReasonList, methodName } from './reasons';

/**
 * Administrators (spec §3.6, §4): whether admins may reset their own password (`allowedToUseSspr`),
 * and the built-in administrator policy as it applies to this tenant today, with every rule behind it.
 */
export function AdministratorsTab({ tenant, onSaved }: TenantTabProps) {
  const { t } = useTranslation();
  const administrators = tenant.administrators;
  const editor = useTabEditor(tenant, { allowedToUseSspr: administrators.allowedToUseSspr }, onSaved);
  const { draft, update, state } = editor;
  return (
    <TabForm
      title={t('admin.tabs.administrators')}
      description={<p>{t('admin.administrators.description')}</p>}
      dirty={editor.dirty}
      state={state}
      onSave={() => void editor.saveChange({ tab: 'administrators', patch: editor.patch })}
      onDiscard={editor.discard}
    >
      <Field validationMessage={issueFor(state, 'allowedToUseSspr')}>
        <Switch
          label={t('admin.administrators.allowed')}
          checked={draft.allowedToUseSspr}
          onChange={(_, data) => update({ allowedToUseSspr: data.checked })}
        />
      </Field>
      <h3 className="admin-section-title">{t('admin.administrators.policy')}</h3>
      <Facts
        items={[
          [t('admin.administrators.count'), String(administrators.administrators)],
          [t('admin.administrators.gates'), String(administrators.gatesRequired)],
          [
            t('admin.administrators.methods'),
            administrators.allowedMethods.map((method) => methodName(t, method)).join(', '),
          ],
        ]}
      />
      <ReasonList reasons={administrators.reasons} testId="admin-policy-reasons" />
    </TabForm>
  );
}
