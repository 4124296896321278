import { useTranslation } from 'react-i18next';
import { Field, Switch } from '@fluentui/react-components';
import { TabForm, issueFor, useTabEditor, type TenantTabProps } from './tab-form';

/** Notifications (spec §2, §10): the user on their own reset; every Global Administrator when an admin resets. */
export function NotificationsTab({ tenant, onSaved }: TenantTabProps) {
  const { t } = useTranslation();
  const editor = useTabEditor(tenant, { ...tenant.notifications }, onSaved);
  const { draft, update, state } = editor;
  return (
    <TabForm
      title={t('admin.tabs.notifications')}
      description={<p>{t('admin.notifications.description')}</p>}
      dirty={editor.dirty}
      state={state}
      onSave={() => void editor.saveChange({ tab: 'notifications', patch: editor.patch })}
      onDiscard={editor.discard}
    >
      <Field validationMessage={issueFor(state, 'notifyUsersOnReset')}>
        <Switch
          label={t('admin.notifications.users')}
          checked={draft.notifyUsersOnReset}
          onChange={(_, data) => update({ notifyUsersOnReset: data.checked })}
        />
      </Field>
      <Field validationMessage={issueFor(state, 'notifyAdminsOnAdminReset')}>
        <Switch
          label={t('admin.notifications.admins')}
          checked={draft.notifyAdminsOnAdminReset}
          onChange={(_, data) => update({ notifyAdminsOnAdminReset: data.checked })}
        />
      </Field>
      <p className="admin-note">{t('admin.notifications.outbox')}</p>
    </TabForm>
  );
}
