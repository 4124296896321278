import type { CSSProperties } from 'react';
import { useTranslation } from 'react-i18next';
import { Field, Input, Textarea } from '@fluentui/react-components';
import { TabForm, issueFor, useTabEditor, type TenantTabProps } from './tab-form';

const hexColour = /^#[0-9a-fA-F]{6}$/;

/** Customization (spec §2): the helpdesk link and text every stop shows, and the lock screen's branding. */
export function CustomizationTab({ tenant, onSaved }: TenantTabProps) {
  const { t } = useTranslation();
  const customization = tenant.customization;
  const editor = useTabEditor(
    tenant,
    {
      helpdeskLink: customization.helpdeskLink ?? '',
      helpdeskText: customization.helpdeskText ?? '',
      logoText: customization.logoText,
      accentColor: customization.accentColor,
      backgroundColor: customization.backgroundColor,
    },
    onSaved,
  );
  const { draft, update, state } = editor;
  const { helpdeskLink, helpdeskText, ...rest } = editor.patch;
  // An empty link or text means none.
  const patch = {
    ...rest,
    ...(helpdeskLink === undefined ? {} : { helpdeskLink: helpdeskLink.trim() || null }),
    ...(helpdeskText === undefined ? {} : { helpdeskText: helpdeskText.trim() || null }),
  };
  const preview = {
    '--preview-accent': hexColour.test(draft.accentColor) ? draft.accentColor : customization.accentColor,
    '--preview-background': hexColour.test(draft.backgroundColor)
      ? draft.backgroundColor
      : customization.backgroundColor,
  } as CSSProperties;

  function colour(field: 'accentColor' | 'backgroundColor') {
    return (
      <Field label={t(`admin.customization.${field}`)} validationMessage={issueFor(state, field)}>
        <span className="admin-colour">
          <input
            type="color"
            aria-label={t('admin.customization.pick', { name: t(`admin.customization.${field}`) })}
            value={hexColour.test(draft[field]) ? draft[field] : '#000000'}
            onChange={(event) => update({ [field]: event.target.value })}
          />
          <Input value={draft[field]} onChange={(_, data) => update({ [field]: data.value })} />
        </span>
      </Field>
    );
  }

  return (
    <TabForm
      title={t('admin.tabs.customization')}
      description={<p>{t('admin.customization.description')}</p>}
      dirty={editor.dirty}
      state={state}
      onSave={() => void editor.saveChange({ tab: 'customization', patch })}
      onDiscard={editor.discard}
    >
      <Field
        label={t('admin.customization.helpdeskLink')}
        hint={t('admin.customization.helpdeskLinkHint')}
        validationMessage={issueFor(state, 'helpdeskLink')}
      >
        <Input value={draft.helpdeskLink} onChange={(_, data) => update({ helpdeskLink: data.value })} />
      </Field>
      {customization.helpdeskHref && (
        <p className="admin-note">{t('admin.customization.href', { href: customization.helpdeskHref })}</p>
      )}
      <Field label={t('admin.customization.helpdeskText')} validationMessage={issueFor(state, 'helpdeskText')}>
        <Textarea
          value={draft.helpdeskText}
          onChange={(_, data) => update({ helpdeskText: data.value })}
          resize="vertical"
        />
      </Field>
      <Field label={t('admin.customization.logoText')} validationMessage={issueFor(state, 'logoText')}>
        <Input value={draft.logoText} onChange={(_, data) => update({ logoText: data.value })} />
      </Field>
      {colour('accentColor')}
      {colour('backgroundColor')}
      <figure className="admin-brand-preview" style={preview}>
        <div className="admin-brand-preview-screen" aria-hidden="true">
          <span className="admin-brand-preview-logo">{draft.logoText}</span>
          <span className="admin-brand-preview-avatar" />
          <span className="admin-brand-preview-box" />
          {draft.helpdeskText && <span className="admin-brand-preview-help">{draft.helpdeskText}</span>}
        </div>
        <figcaption>{t('admin.customization.preview')}</figcaption>
      </figure>
    </TabForm>
  );
}
