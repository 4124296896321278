import { useTranslation } from 'react-i18next';
import { Field, Switch } from '@fluentui/react-components';
import { NumberInput, TabForm, issueFor, useTabEditor, type TenantTabProps } from './tab-form';

/** Registration (spec §2, §7): the interrupt after sign-in, how many methods, reconfirmation and grace. */
export function RegistrationTab({ tenant, onSaved }: TenantTabProps) {
  const { t } = useTranslation();
  const editor = useTabEditor(tenant, { ...tenant.registration }, onSaved);
  const { draft, update, state } = editor;
  return (
    <TabForm
      title={t('admin.tabs.registration')}
      description={<p>{t('admin.registration.description')}</p>}
      dirty={editor.dirty}
      state={state}
      onSave={() => void editor.saveChange({ tab: 'registration', patch: editor.patch })}
      onDiscard={editor.discard}
    >
      <Field validationMessage={issueFor(state, 'requireRegistration')}>
        <Switch
          label={t('admin.registration.require')}
          checked={draft.requireRegistration}
          onChange={(_, data) => update({ requireRegistration: data.checked })}
        />
      </Field>
      <Field
        label={t('admin.registration.methodsToRegister')}
        hint={t('admin.registration.methodsToRegisterHint', {
          reset: tenant.authenticationMethods.methodsRequiredToReset,
        })}
        validationMessage={issueFor(state, 'methodsRequiredToRegister')}
      >
        <NumberInput
          value={draft.methodsRequiredToRegister}
          min={1}
          max={3}
          onChange={(value) => update({ methodsRequiredToRegister: value })}
        />
      </Field>
      <Field
        label={t('admin.registration.reconfirmDays')}
        hint={t('admin.registration.reconfirmHint')}
        validationMessage={issueFor(state, 'reconfirmDays')}
      >
        <NumberInput
          value={draft.reconfirmDays}
          min={0}
          max={730}
          onChange={(value) => update({ reconfirmDays: value })}
        />
      </Field>
      <Field
        label={t('admin.registration.graceDays')}
        hint={t('admin.registration.graceHint')}
        validationMessage={issueFor(state, 'registrationGraceDays')}
      >
        <NumberInput
          value={draft.registrationGraceDays}
          min={0}
          max={30}
          onChange={(value) => update({ registrationGraceDays: value })}
        />
      </Field>
    </TabForm>
  );
}
