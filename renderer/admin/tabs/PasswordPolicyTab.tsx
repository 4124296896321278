import { useTranslation } from 'react-i18next';
import { Field, Textarea } from '@fluentui/react-components';
import { NumberInput, TabForm, issueFor, useTabEditor, type TenantTabProps } from './tab-form';

function termLines(text: string): string[] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.length > 0);
}

/** Password policy (spec §8): length, history, expiry, and the custom banned list. */
export function PasswordPolicyTab({ tenant, onSaved }: TenantTabProps) {
  const { t } = useTranslation();
  const policy = tenant.passwordPolicy;
  const editor = useTabEditor(
    tenant,
    {
      minLength: policy.minLength,
      historyCount: policy.historyCount,
      expiryDays: policy.expiryDays,
      bannedTerms: policy.bannedTerms.join('\n'),
    },
    onSaved,
  );
  const { draft, update, state } = editor;
  const { bannedTerms, ...rest } = editor.patch;
  const patch = { ...rest, ...(bannedTerms === undefined ? {} : { bannedTerms: termLines(bannedTerms) }) };
  const terms = termLines(draft.bannedTerms).length;
  return (
    <TabForm
      title={t('admin.tabs.passwordPolicy')}
      description={<p>{t('admin.passwordPolicy.description')}</p>}
      dirty={editor.dirty}
      state={state}
      onSave={() => void editor.saveChange({ tab: 'passwordPolicy', patch })}
      onDiscard={editor.discard}
    >
      <Field
        label={t('admin.passwordPolicy.minLength')}
        hint={t('admin.range', { min: 8, max: 256 })}
        validationMessage={issueFor(state, 'minLength')}
      >
        <NumberInput value={draft.minLength} min={8} max={256} onChange={(value) => update({ minLength: value })} />
      </Field>
      <Field
        label={t('admin.passwordPolicy.history')}
        hint={t('admin.range', { min: 0, max: 24 })}
        validationMessage={issueFor(state, 'historyCount')}
      >
        <NumberInput
          value={draft.historyCount}
          min={0}
          max={24}
          onChange={(value) => update({ historyCount: value })}
        />
      </Field>
      <Field
        label={t('admin.passwordPolicy.expiry')}
        hint={t('admin.passwordPolicy.expiryHint')}
        validationMessage={issueFor(state, 'expiryDays')}
      >
        <NumberInput value={draft.expiryDays} min={0} max={730} onChange={(value) => update({ expiryDays: value })} />
      </Field>
      <p className="admin-note">{t('admin.passwordPolicy.complexity')}</p>
      <Field
        label={t('admin.passwordPolicy.banned')}
        hint={t('admin.passwordPolicy.bannedHint', { count: terms })}
        validationMessage={issueFor(state, 'bannedTerms')}
      >
        <Textarea
          value={draft.bannedTerms}
          onChange={(_, data) => update({ bannedTerms: data.value })}
          resize="vertical"
          rows={8}
          textarea={{ spellCheck: false }}
        />
      </Field>
    </TabForm>
  );
}
