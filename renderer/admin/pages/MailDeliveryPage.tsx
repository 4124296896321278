import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import {
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
} from '@fluentui/react-components';
import { Send20Regular } from '@fluentui/react-icons';
import {
  smtpSecurities,
  type MailConnector,
  type MailSettingsPatch,
  type MailSettingsView,
  type MailTestResult,
  type SmtpSecurity,
} from '../../../shared/connectors';
import { call } from '../../api/client';
import { CertificateField, SecretField, orNull, useConnectorEditor } from '../tabs/connector-fields';
import { NumberInput, TabForm, adminCall, issueFor, issuesOf } from '../tabs/tab-form';

interface MailForm {
  connector: MailConnector;
  host: string;
  port: number;
  security: SmtpSecurity;
  /** Empty: the server takes mail without signing in. */
  username: string;
  fromAddress: string;
  trustedCertificate: string;
}

const fields = ['connector', 'host', 'port', 'security', 'username', 'password', 'fromAddress', 'trustedCertificate'];

/** The port each security usually goes with; a port still on one of them follows the security chosen. */
const usualPorts: Record<SmtpSecurity, number> = { none: 25, starttls: 587, tls: 465 };

function formOf(view: MailSettingsView): MailForm {
  return {
    connector: view.connector,
    host: view.host,
    port: view.port,
    security: view.security,
    username: view.username ?? '',
    fromAddress: view.fromAddress,
    trustedCertificate: view.trustedCertificate ?? '',
  };
}

function patchOf(changes: Partial<MailForm>): MailSettingsPatch {
  const { username, trustedCertificate, ...rest } = changes;
  return {
    ...rest,
    ...(username !== undefined ? { username: orNull(username) } : {}),
    ...(trustedCertificate !== undefined ? { trustedCertificate: orNull(trustedCertificate) } : {}),
  };
}

/**
 * E-mail delivery (issue 9), a device page: where codes and notifications go — the simulated outbox,
 * or a lab's SMTP server with its account's password in the vault — and a test message through
 * what is saved. Every message is kept in the training outbox whichever connector sends it.
 */
export function MailDeliveryPage() {
  const { t } = useTranslation();
  const [view, setView] = useState<MailSettingsView | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  useEffect(() => {
    let current = true;
    adminCall(() => call('admin.mail.get', {})).then(
      (settings) => current && setView(settings),
      (error: unknown) => current && setProblem(issuesOf(error)[0]?.message ?? null),
    );
    return () => {
      current = false;
    };
  }, []);

  if (!view) {
    return problem ? (
      <MessageBar intent="error">
        <MessageBarBody>{problem}</MessageBarBody>
      </MessageBar>
    ) : (
      <Spinner label={t('admin.loading')} className="admin-loading" />
    );
  }
  return (
    <div className="admin-tab-stack" data-testid="admin-mail">
      <MailSettingsForm view={view} onSaved={setView} />
      <TestMessage />
    </div>
  );
}

function MailSettingsForm({ view, onSaved }: { view: MailSettingsView; onSaved: (view: MailSettingsView) => void }) {
  const { t } = useTranslation();
  const editor = useConnectorEditor(formOf(view), fields);
  const { draft, update, state } = editor;
  const smtp = draft.connector === 'smtp';

  async function save() {
    const saved = await editor.submit((patch, password) =>
      call('admin.mail.set', { patch: patchOf(patch), ...(password !== undefined ? { password } : {}) }),
    );
    if (saved) onSaved(saved);
  }

  function chooseSecurity(security: SmtpSecurity) {
    const usual = Object.values(usualPorts).includes(draft.port);
    update(usual ? { security, port: usualPorts[security] } : { security });
  }

  return (
    <TabForm
      title={t('admin.tabs.mail')}
      description={
        <>
          <p>{t('admin.mail.description')}</p>
          <ActiveConnector view={view} />
        </>
      }
      dirty={editor.dirty}
      state={state}
      onSave={() => void save()}
      onDiscard={editor.discard}
    >
      <Field label={t('admin.mail.connector')} validationMessage={issueFor(state, 'connector')}>
        <RadioGroup
          value={draft.connector}
          onChange={(_, data) => update({ connector: data.value === 'smtp' ? 'smtp' : 'simulated' })}
        >
          <Radio value="simulated" label={t('admin.mail.connectors.simulated')} />
          <Radio value="smtp" label={t('admin.mail.connectors.smtp')} />
        </RadioGroup>
      </Field>
      {!smtp && <p className="admin-note">{t('admin.mail.smtpKept')}</p>}
      {smtp && (
        <>
          <div className="admin-field-row">
            <Field
              label={t('admin.mail.host')}
              validationMessage={issueFor(state, 'host')}
              className="admin-field-grow"
            >
              <Input
                value={draft.host}
                placeholder="smtp.contoso.com"
                spellCheck={false}
                onChange={(_, data) => update({ host: data.value })}
              />
            </Field>
            <Field label={t('admin.mail.port')} validationMessage={issueFor(state, 'port')}>
              <NumberInput value={draft.port} min={1} max={65535} onChange={(port) => update({ port })} />
            </Field>
          </div>
          <Field
            label={t('admin.mail.security')}
            hint={t('admin.mail.securityHint')}
            validationMessage={issueFor(state, 'security')}
          >
            <RadioGroup
              layout="horizontal"
              value={draft.security}
              onChange={(_, data) => {
                const security = smtpSecurities.find((candidate) => candidate === data.value);
                if (security) chooseSecurity(security);
              }}
            >
              {smtpSecurities.map((security) => (
                <Radio key={security} value={security} label={t(`admin.mail.securities.${security}`)} />
              ))}
            </RadioGroup>
          </Field>
          <Field
            label={t('admin.mail.username')}
            hint={t('admin.mail.usernameHint')}
            validationMessage={issueFor(state, 'username')}
          >
            <Input
              value={draft.username}
              autoComplete="off"
              spellCheck={false}
              onChange={(_, data) => update({ username: data.value })}
            />
          </Field>
          <SecretField
            label={t('admin.mail.password')}
            stored={view.passwordStored}
            secret={editor.secret}
            state={state}
            path="password"
          />
          <Field
            label={t('admin.mail.fromAddress')}
            hint={t('admin.mail.fromAddressHint')}
            validationMessage={issueFor(state, 'fromAddress')}
          >
            <Input
              type="email"
              value={draft.fromAddress}
              placeholder="sspr@contoso.com"
              spellCheck={false}
              onChange={(_, data) => update({ fromAddress: data.value })}
            />
          </Field>
          <CertificateField
            value={draft.trustedCertificate}
            state={state}
            onChange={(trustedCertificate) => update({ trustedCertificate })}
          />
        </>
      )}
    </TabForm>
  );
}

/** The connector the saved settings name: what the next code or notification goes through. */
function ActiveConnector({ view }: { view: MailSettingsView }) {
  const { t } = useTranslation();
  return (
    <div className="admin-connector-status" data-testid="admin-mail-active" data-connector={view.connector}>
      <span className="admin-inline">
        <span className="admin-connector-status-label">{t('admin.connectors.inUse')}</span>
        <Badge appearance="filled" color={view.connector === 'smtp' ? 'brand' : 'informative'}>
          {t(`admin.mail.connectors.${view.connector}`)}
        </Badge>
        {view.connector === 'smtp' && (
          <span>
            {t('admin.mail.server', {
              server: `${view.host}:${view.port}`,
              security: t(`admin.mail.securities.${view.security}`),
            })}
          </span>
        )}
      </span>
      <p className="admin-note">
        {view.connector === 'smtp' ? t('admin.mail.activeSmtp') : t('admin.mail.activeSimulated')}
      </p>
    </div>
  );
}

/** A test message through the saved settings, and what became of it. */
function TestMessage() {
  const { t } = useTranslation();
  const [to, setTo] = useState('');
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<MailTestResult | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  async function send(event: FormEvent) {
    event.preventDefault();
    const address = to.trim();
    if (!address || busy) return;
    setBusy(true);
    setResult(null);
    setProblem(null);
    try {
      setResult(await adminCall(() => call('admin.mail.test', { to: address })));
    } catch (error) {
      setProblem(
        issuesOf(error)
          .map((issue) => issue.message)
          .join(' '),
      );
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="admin-subsection" aria-labelledby="admin-mail-test-title" data-testid="admin-mail-test">
      <h3 id="admin-mail-test-title" className="admin-tab-section-title">
        {t('admin.mail.test.title')}
      </h3>
      <p className="admin-tab-description">{t('admin.mail.test.description')}</p>
      <form className="admin-inline-form" onSubmit={(event) => void send(event)} noValidate>
        <Field label={t('admin.mail.test.to')} validationMessage={problem ?? undefined}>
          <Input
            type="email"
            value={to}
            placeholder="someone@contoso.com"
            spellCheck={false}
            className="admin-mail-test-to"
            onChange={(_, data) => setTo(data.value)}
          />
        </Field>
        <Button
          type="submit"
          appearance="primary"
          disabled={busy || !to.trim()}
          icon={busy ? <Spinner size="tiny" /> : <Send20Regular />}
        >
          {t('admin.mail.test.send')}
        </Button>
      </form>
      <div aria-live="polite">
        {result && (
          <MessageBar
            intent={result.delivered ? 'success' : 'error'}
            layout="multiline"
            data-testid="admin-mail-test-result"
            data-delivered={result.delivered}
          >
            <MessageBarBody>
              <MessageBarTitle>
                {result.delivered
                  ? t(`admin.mail.test.delivered.${result.connector}`)
                  : t('admin.mail.test.notDelivered', { reason: result.reason ?? '' })}
              </MessageBarTitle>
              {result.message}
            </MessageBarBody>
          </MessageBar>
        )}
      </div>
    </section>
  );
}
