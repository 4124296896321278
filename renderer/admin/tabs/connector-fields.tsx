import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Badge, Button, Field, Input, Textarea } from '@fluentui/react-components';
import { Delete16Regular, ArrowUndo16Regular, LockClosed16Regular } from '@fluentui/react-icons';
import { changedFields, issueFor, useCallSave, useDraft, type SaveState } from './tab-form';

/** What a password field holds between two saves: a new password while it is typed, or "remove the stored one". */
interface SecretDraft {
  typed: string;
  removing: boolean;
}

/**
 * A connector's form (issue 9): the settings' draft against the saved view, and the password that
 * goes one way, into the vault. The password is sent with the save it belongs to and leaves the
 * form when the call returns, saved or refused: the pane only ever learns whether one is stored.
 */
export function useConnectorEditor<Form extends object>(saved: Form, fields: readonly string[]) {
  const [draft, update, discardDraft] = useDraft(saved);
  const save = useCallSave(fields);
  const [secret, setSecret] = useState<SecretDraft>({ typed: '', removing: false });
  const patch = changedFields(draft, saved);
  const forget = () => setSecret({ typed: '', removing: false });
  const touched = () => {
    if (save.state.status === 'saved') save.clear();
  };
  return {
    draft,
    patch,
    state: save.state,
    dirty: Object.keys(patch).length > 0 || secret.typed !== '' || secret.removing,
    update(change: Partial<Form>) {
      touched();
      update(change);
    },
    secret: {
      ...secret,
      type(typed: string) {
        touched();
        setSecret({ typed, removing: false });
      },
      toggleRemove() {
        touched();
        setSecret((current) => ({ typed: '', removing: !current.removing }));
      },
    },
    discard() {
      discardDraft();
      forget();
      save.clear();
    },
    /** Sends the patch with the password: a new one, null to remove the stored one, absent to keep it. */
    async submit<T>(
      send: (patch: Partial<Form>, password: string | null | undefined) => Promise<T>,
    ): Promise<T | null> {
      const password = secret.removing ? null : secret.typed || undefined;
      try {
        return await save.save(() => send(patch, password));
      } finally {
        forget();
      }
    },
  };
}

/**
 * A write-only password: typed, never shown back. Beside it, whether the vault holds one, and the
 * action that removes it at the next save.
 */
export function SecretField({
  label,
  stored,
  secret,
  state,
  path,
  disabled,
}: {
  label: string;
  stored: boolean;
  secret: { typed: string; removing: boolean; type(typed: string): void; toggleRemove(): void };
  state: SaveState;
  /** The request field a refusal names ("password", "bindPassword"). */
  path: string;
  disabled?: boolean;
}) {
  const { t } = useTranslation();
  const hint = secret.removing
    ? t('admin.connectors.passwordRemovedOnSave')
    : stored
      ? t('admin.connectors.passwordReplaceHint')
      : t('admin.connectors.passwordHint');
  return (
    <div className="admin-secret">
      <Field label={label} hint={hint} validationMessage={issueFor(state, path)}>
        <Input
          type="password"
          autoComplete="new-password"
          value={secret.typed}
          disabled={disabled || secret.removing}
          onChange={(_, data) => secret.type(data.value)}
          data-testid={`admin-secret-${path}`}
        />
      </Field>
      <span className="admin-inline">
        {stored ? (
          <>
            <Badge
              appearance="tint"
              color={secret.removing ? 'warning' : 'success'}
              icon={<LockClosed16Regular />}
              data-testid={`admin-secret-${path}-stored`}
            >
              {secret.removing ? t('admin.connectors.passwordRemoving') : t('admin.connectors.passwordStored')}
            </Badge>
            <Button
              size="small"
              appearance="subtle"
              disabled={disabled}
              icon={secret.removing ? <ArrowUndo16Regular /> : <Delete16Regular />}
              onClick={secret.toggleRemove}
            >
              {secret.removing ? t('admin.connectors.keepPassword') : t('admin.connectors.removePassword')}
            </Button>
          </>
        ) : (
          <Badge appearance="tint" color="informative" data-testid={`admin-secret-${path}-stored`}>
            {t('admin.connectors.noPassword')}
          </Badge>
        )}
      </span>
    </div>
  );
}

/** A lab server's own certificate, pasted as PEM; empty trusts the system's authorities only. */
export function CertificateField({
  value,
  state,
  onChange,
}: {
  value: string;
  state: SaveState;
  onChange: (value: string) => void;
}) {
  const { t } = useTranslation();
  return (
    <Field
      label={t('admin.connectors.trustedCertificate')}
      hint={t('admin.connectors.trustedCertificateHint')}
      validationMessage={issueFor(state, 'trustedCertificate')}
    >
      <Textarea
        value={value}
        resize="vertical"
        rows={4}
        spellCheck={false}
        placeholder="-----BEGIN CERTIFICATE-----"
        className="admin-certificate"
        onChange={(_, data) => onChange(data.value)}
      />
    </Field>
  );
}

/** A form's optional text as the contract takes it: empty is "none". */
export const orNull = (value: string): string | null => (value.trim() === '' ? null : value);
