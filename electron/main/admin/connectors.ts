// Issue 9: the settings pane's connectors. E-mail goes to the simulated outbox or a lab's SMTP server
// (device-wide, "E-mail delivery"); a tenant's password writeback goes to the simulated directory or
// its LDAP server (the tenant's On-premises tab). Both are read at every use, so a switch takes effect
// at the next message or reset without a restart. Passwords go one way: from a request into the vault.
import {
  DirectoryConnectorPatch,
  MailSettingsPatch,
  type DirectoryConnectorView,
  type MailSettingsView,
  type MailTestResult,
} from '../../../shared/connectors';
import { CallFailure } from '../../../shared/errors';
import type { Clock } from '../clock';
import { createMailer } from '../delivery';
import { connectorFor, type OnPremDirectory } from '../directory';
import type { Logger } from '../log';
import {
  isLoopbackHost,
  ldapSettingsProblem,
  newSecretId,
  type DirectoryConnectorSettings,
  type MailSettings,
  type Store,
} from '../store';
import { ldapBindPasswordName, type Vault } from '../vault';
import { auditChanges, changedFields, type FieldChange } from './changes';
import type { AdminActor } from './entry-guard';

export interface ConnectorDeps {
  store: Store;
  vault: Vault;
  clock: Clock;
  directory: OnPremDirectory;
  log: Logger;
}

/** Every field a patch may change, audited old → new (as the device tab takes its own from its schema). */
const mailFields = Object.keys(MailSettingsPatch.shape) as (keyof MailSettingsPatch)[];
/** What a stored password is tied to: change one and the password must be typed again. */
const mailEndpointFields = ['host', 'port', 'security', 'username', 'trustedCertificate'] as const;
const directoryEndpointFields = ['url', 'startTls', 'trustedCertificate', 'bindDn'] as const;
const directoryFields = Object.keys(DirectoryConnectorPatch.shape) as (keyof DirectoryConnectorPatch)[];

/** A schema's first refusal in the pane's words: the field, then the rule. Never the value. */
function refusal(issues: readonly { path: PropertyKey[]; message: string; code: string }[], what: string): CallFailure {
  const issue = issues[0];
  if (issue?.code === 'unrecognized_keys')
    return new CallFailure('invalid_request', `There is no such ${what} setting.`);
  const field = issue?.path.map(String).join('.') || what;
  return new CallFailure('invalid_request', `${field}: ${issue?.message ?? 'is not valid'}`);
}

/** The stored-or-not of a password, as an audit row may say it: never the value. */
function passwordChange(field: string, before: boolean, given: string | null | undefined): FieldChange[] {
  if (given === undefined) return [];
  if (given === null) return before ? [{ field, old: 'stored', new: 'removed' }] : [];
  return [{ field, old: before ? 'stored' : 'none', new: before ? 'replaced' : 'stored' }];
}

export function createConnectorConsole(deps: ConnectorDeps) {
  const { store, vault, clock } = deps;
  const mailer = createMailer({ store, vault, clock, log: deps.log });

  const mailView = async (): Promise<MailSettingsView> => ({
    ...store.mail.settings(),
    passwordStored: (await vault.get('smtp-password')) !== null,
  });

  const tenantOf = (tenantId: number) => {
    const tenant = store.tenants.get(tenantId);
    if (!tenant) throw new CallFailure('not_found', 'There is no such tenant.');
    return tenant;
  };

  const bindPasswordStored = async (settings: DirectoryConnectorSettings): Promise<boolean> =>
    settings.secretId !== null && (await vault.get(ldapBindPasswordName(settings.secretId))) !== null;

  const directoryView = async (tenantId: number): Promise<DirectoryConnectorView> => {
    tenantOf(tenantId);
    const settings = store.directoryConnectors.get(tenantId);
    const health = await connectorFor(deps.directory, tenantId).health(tenantId);
    const { secretId: _secretId, ...shown } = settings;
    return {
      ...shown,
      passwordStored: await bindPasswordStored(settings),
      health,
      target: writeTargetOf(settings, health.directoryName),
    };
  };

  return {
    mailView,

    async setMail(admin: AdminActor, request: { patch: unknown; password?: string | null | undefined }) {
      const parsed = MailSettingsPatch.safeParse(request.patch);
      if (!parsed.success) throw refusal(parsed.error.issues, 'e-mail');
      const before = store.mail.settings();
      const next = { ...before, ...definedOf(parsed.data) } as MailSettings;
      if (next.connector === 'smtp' && next.host === '') {
        throw new CallFailure('invalid_request', 'host: E-mail over SMTP needs the server’s host name.');
      }
      if (next.connector === 'smtp' && next.fromAddress === '') {
        throw new CallFailure('invalid_request', 'fromAddress: E-mail over SMTP needs a from-address.');
      }
      if (next.connector === 'smtp' && next.username && next.security === 'none' && !isLoopbackHost(next.host)) {
        throw new CallFailure(
          'invalid_request',
          "security: With None the account's password would cross the network in clear: choose STARTTLS or TLS (None with an account is allowed only to this machine).",
        );
      }
      const stored = await vault.get('smtp-password');
      // A stored password goes only to the server and account it was typed for.
      const moved = mailEndpointFields.some((field) => before[field] !== next[field]);
      if (stored && moved && next.username && request.password === undefined) {
        throw new CallFailure(
          'invalid_request',
          "password: Type the account's password again: the server, its security or the account changed, and a stored password is sent only where it was typed for.",
        );
      }
      // The vault first, the settings second; if the settings cannot be written the vault is put back.
      if (request.password === null) await vault.delete('smtp-password');
      else if (request.password !== undefined) await vault.set('smtp-password', Buffer.from(request.password, 'utf8'));
      try {
        store.transaction(() => {
          const after = store.mail.updateSettings(parsed.data);
          auditChanges(store, 'deviceSettingChanged', { admin, at: clock.now(), area: 'mail' }, [
            ...changedFields(before, after, mailFields),
            ...passwordChange('smtpAccountPassword', stored !== null, request.password),
          ]);
        });
      } catch (error) {
        if (request.password !== undefined) {
          if (stored) await vault.set('smtp-password', stored);
          else await vault.delete('smtp-password');
        }
        throw error;
      }
      return mailView();
    },

    /** Writes a test message through the connector in use now (into the outbox too) and says what became of it. */
    async sendTestMessage(admin: AdminActor, to: string): Promise<MailTestResult> {
      const tenant = tenantForAddress(store, to);
      if (!tenant) throw new CallFailure('unavailable', 'There is no tenant on this device to send from.');
      const at = clock.now();
      const recorded = store.transaction(() =>
        mailer.record({
          at,
          tenantId: tenant.id,
          to,
          subject: `Test message from the password reset app (${tenant.name})`,
          body: [
            'This is a test message sent from the settings pane of the password reset app.',
            '',
            `Sent by ${admin.actor} at ${at.toISOString()}. If it reached you, codes and notifications will too.`,
          ].join('\n'),
        }),
      );
      const outcome = await mailer.deliver(recorded);
      store.audit.append({
        at: clock.now(),
        tenantId: tenant.id,
        actor: admin.actor,
        activity: 'mailTestSent',
        result: outcome.delivered ? 'success' : 'failure',
        reason: outcome.delivered ? null : outcome.reason,
        deviceId: admin.deviceId,
        details: { connector: recorded.connector, outboxId: recorded.message.id },
      });
      const connector = recorded.connector;
      if (outcome.delivered) {
        return {
          delivered: true,
          connector,
          reason: null,
          message:
            connector === 'smtp'
              ? `The server at ${store.mail.settings().host} accepted the message for ${to}.`
              : 'The message is in the training outbox (the simulated connector sends nothing out).',
        };
      }
      return {
        delivered: false,
        connector,
        reason: outcome.reason,
        message: `The message was not delivered (${outcome.reason}); it is in the outbox and the failure is in the audit log.`,
      };
    },

    directoryView,

    async setDirectory(
      admin: AdminActor,
      request: { tenantId: number; patch: unknown; bindPassword?: string | null | undefined },
    ): Promise<DirectoryConnectorView> {
      const { tenantId } = request;
      tenantOf(tenantId);
      const parsed = DirectoryConnectorPatch.safeParse(request.patch);
      if (!parsed.success) throw refusal(parsed.error.issues, 'directory');
      const before = store.directoryConnectors.get(tenantId);
      const next = store.directoryConnectors.preview(tenantId, parsed.data);
      const problem = ldapSettingsProblem(next);
      if (problem) throw new CallFailure('invalid_request', `${problem.field}: ${problem.message}`);
      const hadPassword = await bindPasswordStored(before);
      const willHavePassword = request.bindPassword === undefined ? hadPassword : request.bindPassword !== null;
      if (next.connector === 'ldap' && !willHavePassword) {
        throw new CallFailure(
          'invalid_request',
          "bindPassword: An LDAP connector needs the writeback agent's password.",
        );
      }
      // A stored password goes only to the server and agent it was typed for.
      const moved = directoryEndpointFields.some((field) => before[field] !== next[field]);
      if (next.connector === 'ldap' && hadPassword && moved && request.bindPassword === undefined) {
        throw new CallFailure(
          'invalid_request',
          "bindPassword: Type the agent's password again: the server, its TLS or the agent changed, and a stored password is sent only where it was typed for.",
        );
      }
      // A new password goes under a new name before the row points at it; the old one goes after.
      const rotated = request.bindPassword === undefined ? null : newSecretId();
      if (rotated && request.bindPassword) {
        await vault.set(ldapBindPasswordName(rotated), Buffer.from(request.bindPassword, 'utf8'));
      }
      try {
        store.transaction(() => {
          const written = store.directoryConnectors.update(tenantId, parsed.data, rotated ?? undefined);
          auditChanges(store, 'policyChanged', { admin, at: clock.now(), tenantId, area: 'onPremises.directory' }, [
            ...changedFields(before, written, directoryFields),
            ...passwordChange('agentBindPassword', hadPassword, request.bindPassword),
          ]);
        });
      } catch (error) {
        if (rotated) await vault.delete(ldapBindPasswordName(rotated)).catch(() => undefined);
        throw error;
      }
      if (rotated && before.secretId !== null) {
        // The row no longer names it; a failure here leaves an unused entry, never a wrong password.
        await vault.delete(ldapBindPasswordName(before.secretId)).catch(() => undefined);
      }
      return directoryView(tenantId);
    },

    /** Asks the tenant's connector now (for LDAP: a bind as the agent and a read of the base DN), audited. */
    async testDirectory(admin: AdminActor, tenantId: number): Promise<DirectoryConnectorView> {
      const view = await directoryView(tenantId);
      store.audit.append({
        at: clock.now(),
        tenantId,
        actor: admin.actor,
        activity: 'directoryTested',
        result: view.health.writable ? 'success' : 'failure',
        reason: view.health.writable ? null : view.health.agent,
        deviceId: admin.deviceId,
        details: { connector: view.connector, message: view.health.message.slice(0, 500) },
      });
      return view;
    },
  };
}

export type ConnectorConsole = ReturnType<typeof createConnectorConsole>;

/** Where a tenant's synced users' new passwords are written: the LDAP server and base DN, or the simulated directory's name. */
export function writeTargetOf(settings: DirectoryConnectorSettings, directoryName: string | null): string | null {
  return settings.connector === 'ldap' ? `${settings.url} (${settings.baseDn})` : directoryName;
}

function definedOf<T extends object>(patch: T): Partial<T> {
  return Object.fromEntries(Object.entries(patch).filter(([, value]) => value !== undefined)) as Partial<T>;
}

/** The tenant a test message is sent for: the one whose domain the address is in, else the first. */
function tenantForAddress(store: Store, address: string) {
  return store.tenants.forUpn(address) ?? store.tenants.list()[0] ?? null;
}
