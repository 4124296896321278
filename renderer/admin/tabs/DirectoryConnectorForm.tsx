import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  Accordion,
  AccordionHeader,
  AccordionItem,
  AccordionPanel,
  Badge,
  Button,
  Field,
  Input,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Radio,
  RadioGroup,
  Spinner,
  Switch,
} from '@fluentui/react-components';
import { PlugConnected20Regular } from '@fluentui/react-icons';
import type { DirectoryConnector, DirectoryConnectorPatch, DirectoryConnectorView } from '../../../shared/connectors';
import { call } from '../../api/client';
import { CertificateField, SecretField, orNull, useConnectorEditor } from './connector-fields';
import { Facts, NumberInput, TabForm, adminCall, issueFor, issuesOf, type SaveState } from './tab-form';

interface DirectoryForm {
  connector: DirectoryConnector;
  url: string;
  startTls: boolean;
  bindDn: string;
  baseDn: string;
  userAttribute: string;
  upnPart: 'whole' | 'localPart';
  passwordMethod: 'passwordModify' | 'replace';
  passwordAttribute: string;
  lockoutAttribute: string;
  /** Empty: the directory keeps no failure times. */
  failureTimeAttribute: string;
  lockoutMinutes: number;
  trustedCertificate: string;
}

type TextSetting =
  'url' | 'bindDn' | 'baseDn' | 'userAttribute' | 'passwordAttribute' | 'lockoutAttribute' | 'failureTimeAttribute';

/** The fields behind "Advanced": a refusal of one of them opens it. */
const advancedFields = [
  'upnPart',
  'passwordMethod',
  'passwordAttribute',
  'lockoutAttribute',
  'failureTimeAttribute',
  'lockoutMinutes',
] as const;
const fields = [
  'connector',
  'url',
  'startTls',
  'bindDn',
  'bindPassword',
  'baseDn',
  'userAttribute',
  'trustedCertificate',
  ...advancedFields,
];

function formOf(view: DirectoryConnectorView): DirectoryForm {
  return {
    connector: view.connector,
    url: view.url,
    startTls: view.startTls,
    bindDn: view.bindDn,
    baseDn: view.baseDn,
    userAttribute: view.userAttribute,
    upnPart: view.upnPart,
    passwordMethod: view.passwordMethod,
    passwordAttribute: view.passwordAttribute,
    lockoutAttribute: view.lockoutAttribute,
    failureTimeAttribute: view.failureTimeAttribute ?? '',
    lockoutMinutes: view.lockoutMinutes,
    trustedCertificate: view.trustedCertificate ?? '',
  };
}

function patchOf(changes: Partial<DirectoryForm>): DirectoryConnectorPatch {
  const { failureTimeAttribute, trustedCertificate, ...rest } = changes;
  return {
    ...rest,
    ...(failureTimeAttribute !== undefined ? { failureTimeAttribute: orNull(failureTimeAttribute) } : {}),
    ...(trustedCertificate !== undefined ? { trustedCertificate: orNull(trustedCertificate) } : {}),
  };
}

function refusedAt(state: SaveState, names: readonly string[]): boolean {
  return state.status === 'refused' && state.issues.some((issue) => names.includes(issue.path));
}

/**
 * The tenant's directory connector (issue 9, spec §5 "Writeback and atomicity"): where a reset of its
 * synced users is written — the simulated directory, or an LDAP server bound as the writeback agent,
 * whose password goes to the vault. Its own form and Save: it is not part of the tenant's policy.
 */
export function DirectoryConnectorForm({
  view,
  directorySync,
  onChanged,
}: {
  view: DirectoryConnectorView;
  directorySync: boolean;
  onChanged: (view: DirectoryConnectorView) => void;
}) {
  const { t } = useTranslation();
  const editor = useConnectorEditor(formOf(view), fields);
  const { draft, update, state } = editor;
  const [advancedOpen, setAdvancedOpen] = useState(false);
  const ldap = draft.connector === 'ldap';
  const text = (name: keyof DirectoryForm) => t(`admin.directory.${name}`);

  async function save() {
    const saved = await editor.submit((patch, bindPassword) =>
      call('admin.directory.set', {
        tenantId: view.tenantId,
        patch: patchOf(patch),
        ...(bindPassword !== undefined ? { bindPassword } : {}),
      }),
    );
    if (saved) onChanged(saved);
  }

  const showAdvanced = advancedOpen || refusedAt(state, advancedFields);
  const textField = (name: TextSetting, options: { hint?: string; placeholder?: string } = {}) => (
    <Field label={text(name)} hint={options.hint} validationMessage={issueFor(state, name)}>
      <Input
        value={draft[name]}
        placeholder={options.placeholder}
        spellCheck={false}
        autoComplete="off"
        onChange={(_, data) => update({ [name]: data.value })}
      />
    </Field>
  );

  return (
    <TabForm
      section={{ headingId: 'admin-directory-title', testId: 'admin-directory' }}
      title={t('admin.directory.title')}
      description={
        <>
          <p>{t('admin.directory.description')}</p>
          {!directorySync && (
            <MessageBar intent="info" data-testid="admin-directory-no-sync">
              <MessageBarBody>{t('admin.directory.noSync')}</MessageBarBody>
            </MessageBar>
          )}
          {/* A saved change of connector or server starts without the last test's answer. */}
          <DirectoryHealth key={`${view.connector} ${view.url}`} view={view} onTested={onChanged} />
        </>
      }
      dirty={editor.dirty}
      state={state}
      onSave={() => void save()}
      onDiscard={editor.discard}
    >
      <Field label={t('admin.directory.connector')} validationMessage={issueFor(state, 'connector')}>
        <RadioGroup
          value={draft.connector}
          onChange={(_, data) => update({ connector: data.value === 'ldap' ? 'ldap' : 'simulated' })}
        >
          <Radio value="simulated" label={t('admin.directory.connectors.simulated')} />
          <Radio value="ldap" label={t('admin.directory.connectors.ldap')} />
        </RadioGroup>
      </Field>
      {!ldap && <p className="admin-note">{t('admin.directory.ldapKept')}</p>}
      {ldap && (
        <>
          {textField('url', { hint: t('admin.directory.urlHint'), placeholder: 'ldap://dc01.contoso.com:389' })}
          <Field validationMessage={issueFor(state, 'startTls')} hint={t('admin.directory.startTlsHint')}>
            <Switch
              label={text('startTls')}
              checked={draft.startTls}
              onChange={(_, data) => update({ startTls: data.checked })}
            />
          </Field>
          {textField('bindDn', { placeholder: 'cn=sspr-agent,ou=services,dc=contoso,dc=com' })}
          <SecretField
            label={t('admin.directory.bindPassword')}
            stored={view.passwordStored}
            secret={editor.secret}
            state={state}
            path="bindPassword"
          />
          {textField('baseDn', { hint: t('admin.directory.baseDnHint'), placeholder: 'dc=contoso,dc=com' })}
          {textField('userAttribute', { hint: t('admin.directory.userAttributeHint') })}
          <CertificateField
            value={draft.trustedCertificate}
            state={state}
            onChange={(trustedCertificate) => update({ trustedCertificate })}
          />
          <Accordion
            collapsible
            openItems={showAdvanced ? ['advanced'] : []}
            onToggle={(_, data) => setAdvancedOpen(data.openItems.includes('advanced'))}
            className="admin-advanced"
          >
            <AccordionItem value="advanced">
              <AccordionHeader>{t('admin.directory.advanced')}</AccordionHeader>
              <AccordionPanel className="admin-advanced-panel">
                <Field label={text('upnPart')} validationMessage={issueFor(state, 'upnPart')}>
                  <RadioGroup
                    layout="horizontal"
                    value={draft.upnPart}
                    onChange={(_, data) => update({ upnPart: data.value === 'localPart' ? 'localPart' : 'whole' })}
                  >
                    <Radio value="whole" label={t('admin.directory.upnParts.whole')} />
                    <Radio value="localPart" label={t('admin.directory.upnParts.localPart')} />
                  </RadioGroup>
                </Field>
                <Field label={text('passwordMethod')} validationMessage={issueFor(state, 'passwordMethod')}>
                  <RadioGroup
                    value={draft.passwordMethod}
                    onChange={(_, data) =>
                      update({ passwordMethod: data.value === 'replace' ? 'replace' : 'passwordModify' })
                    }
                  >
                    <Radio value="passwordModify" label={t('admin.directory.passwordMethods.passwordModify')} />
                    <Radio value="replace" label={t('admin.directory.passwordMethods.replace')} />
                  </RadioGroup>
                </Field>
                {textField('passwordAttribute')}
                {textField('lockoutAttribute')}
                {textField('failureTimeAttribute', { hint: t('admin.directory.failureTimeAttributeHint') })}
                <Field label={text('lockoutMinutes')} validationMessage={issueFor(state, 'lockoutMinutes')}>
                  <NumberInput
                    value={draft.lockoutMinutes}
                    min={1}
                    max={99_999}
                    onChange={(lockoutMinutes) => update({ lockoutMinutes })}
                  />
                </Field>
              </AccordionPanel>
            </AccordionItem>
          </Accordion>
        </>
      )}
    </TabForm>
  );
}

/** The saved connector, its health now and where it writes; "Test connection" binds as the agent again (audited). */
function DirectoryHealth({
  view,
  onTested,
}: {
  view: DirectoryConnectorView;
  onTested: (view: DirectoryConnectorView) => void;
}) {
  const { t } = useTranslation();
  const [testing, setTesting] = useState(false);
  const [tested, setTested] = useState<DirectoryConnectorView['health'] | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  async function test() {
    setTesting(true);
    setTested(null);
    setProblem(null);
    try {
      const answered = await adminCall(() => call('admin.directory.test', { tenantId: view.tenantId }));
      setTested(answered.health);
      onTested(answered);
    } catch (error) {
      setProblem(
        issuesOf(error)
          .map((issue) => issue.message)
          .join(' '),
      );
    } finally {
      setTesting(false);
    }
  }

  const { health } = view;
  return (
    <div className="admin-connector-status" data-testid="admin-directory-health" data-connector={view.connector}>
      <Facts
        items={[
          [t('admin.connectors.inUse'), t(`admin.directory.connectors.${view.connector}`)],
          [
            t('admin.directory.health'),
            <span key="health" className="admin-inline">
              <Badge appearance="filled" color={health.writable ? 'success' : 'danger'}>
                {health.writable ? t('admin.onPremises.writable') : t('admin.onPremises.notWritable')}
              </Badge>
              <span>{health.message}</span>
            </span>,
          ],
          [t('admin.directory.writesTo'), view.target ?? t('admin.none')],
        ]}
      />
      <span className="admin-inline">
        <Button
          type="button"
          appearance="secondary"
          disabled={testing}
          icon={testing ? <Spinner size="tiny" /> : <PlugConnected20Regular />}
          onClick={() => void test()}
        >
          {t('admin.directory.test')}
        </Button>
        <span className="admin-note">{t('admin.directory.testHint')}</span>
      </span>
      <div aria-live="polite">
        {tested && (
          <MessageBar
            intent={tested.writable ? 'success' : 'error'}
            layout="multiline"
            data-testid="admin-directory-tested"
            data-writable={tested.writable}
          >
            <MessageBarBody>
              <MessageBarTitle>
                {tested.writable ? t('admin.directory.testedWritable') : t('admin.directory.testedNotWritable')}
              </MessageBarTitle>
              {tested.message}
            </MessageBarBody>
          </MessageBar>
        )}
        {problem && (
          <MessageBar intent="error">
            <MessageBarBody>{problem}</MessageBarBody>
          </MessageBar>
        )}
      </div>
    </div>
  );
}
