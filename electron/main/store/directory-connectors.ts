import { randomBytes } from 'node:crypto';
import {
  DirectoryConnectorPatch,
  ldapConnectionDefaults,
  type DirectoryConnector,
  type LdapConnection,
} from '../../../shared/connectors';
import type { Database, Statement } from './database';

/**
 * A tenant's directory connector (issue 9, migration 14): the simulated directory, or an LDAP server
 * with how its entries are found and written. The agent's bind password is in the vault under
 * `ldap-bind-password:<secretId>`, never in the database.
 */
export interface DirectoryConnectorSettings extends LdapConnection {
  tenantId: number;
  connector: DirectoryConnector;
  /** Names the vault's secret; null until the tenant's connector is first saved. */
  secretId: string | null;
}

interface Row {
  tenant_id: number;
  connector: DirectoryConnector;
  url: string;
  start_tls: 0 | 1;
  trusted_certificate: string | null;
  bind_dn: string;
  base_dn: string;
  user_attribute: string;
  upn_part: 'whole' | 'localPart';
  password_method: 'passwordModify' | 'replace';
  password_attribute: string;
  lockout_attribute: string;
  failure_time_attribute: string | null;
  lockout_minutes: number;
  secret_id: string;
}

const columns =
  'tenant_id, connector, url, start_tls, trusted_certificate, bind_dn, base_dn, user_attribute, upn_part, ' +
  'password_method, password_attribute, lockout_attribute, failure_time_attribute, lockout_minutes, secret_id';

/** A tenant without a row: the simulated directory, with AD's attribute names ready for an LDAP one. */
function defaults(tenantId: number): DirectoryConnectorSettings {
  return { tenantId, connector: 'simulated', ...ldapConnectionDefaults, secretId: null };
}

function fromRow(row: Row): DirectoryConnectorSettings {
  return {
    tenantId: row.tenant_id,
    connector: row.connector,
    url: row.url,
    startTls: row.start_tls === 1,
    trustedCertificate: row.trusted_certificate,
    bindDn: row.bind_dn,
    baseDn: row.base_dn,
    userAttribute: row.user_attribute,
    upnPart: row.upn_part,
    passwordMethod: row.password_method,
    passwordAttribute: row.password_attribute,
    lockoutAttribute: row.lockout_attribute,
    failureTimeAttribute: row.failure_time_attribute,
    lockoutMinutes: row.lockout_minutes,
    secretId: row.secret_id,
  };
}

/** A connector row's secret id: names its bind password in the vault. */
export function newSecretId(): string {
  return randomBytes(16).toString('hex');
}

/** Whether a host is this machine, where a password in clear never crosses a network. */
export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '').toLowerCase();
  return bare === 'localhost' || bare === '::1' || /^127(?:\.\d{1,3}){3}$/.test(bare);
}

/** Why an LDAP connector cannot be saved as given, or null when it can. */
export function ldapSettingsProblem(settings: DirectoryConnectorSettings): { field: string; message: string } | null {
  if (settings.connector !== 'ldap') return null;
  if (settings.url === '') return { field: 'url', message: 'An LDAP connector needs the directory URL.' };
  if (settings.bindDn === '') return { field: 'bindDn', message: "An LDAP connector needs the writeback agent's DN." };
  if (settings.baseDn === '') return { field: 'baseDn', message: 'An LDAP connector needs the base DN to search.' };
  if (settings.startTls && settings.url.startsWith('ldaps:')) {
    return { field: 'startTls', message: 'StartTLS upgrades an ldap:// connection; an ldaps:// one is TLS already.' };
  }
  const host = /^ldaps?:\/\/(\[[^\]]+\]|[^:/]+)/.exec(settings.url)?.[1] ?? '';
  if (settings.url.startsWith('ldap:') && !settings.startTls && !isLoopbackHost(host)) {
    return {
      field: 'startTls',
      message:
        "Plain ldap:// would send the agent's and the users' passwords in clear: turn StartTLS on or use ldaps:// (plain LDAP is allowed only to this machine).",
    };
  }
  return null;
}

export function createDirectoryConnectorRepository(db: Database) {
  // Prepared on first use: a store opened at an older version for a migration test has no such table.
  let prepared: { get: Statement<[number], Row>; put: Statement<[Row]> } | null = null;
  const statements = () =>
    (prepared ??= {
      get: db.prepare<[number], Row>(`SELECT ${columns} FROM directory_connectors WHERE tenant_id = ?`),
      put: db.prepare<[Row]>(
        `INSERT INTO directory_connectors (${columns}) VALUES (${columns
          .split(', ')
          .map((column) => `@${column}`)
          .join(', ')})
         ON CONFLICT (tenant_id) DO UPDATE SET ${columns
           .split(', ')
           .filter((column) => column !== 'tenant_id')
           .map((column) => `${column} = excluded.${column}`)
           .join(', ')}`,
      ),
    });

  const get = (tenantId: number): DirectoryConnectorSettings => {
    const row = statements().get.get(tenantId);
    return row ? fromRow(row) : defaults(tenantId);
  };

  return {
    get,
    /** Every connector's secret id: the vault entries that go when their rows go (a scenario load). */
    secretIds(): string[] {
      return db
        .prepare<[], { secret_id: string }>('SELECT secret_id FROM directory_connectors')
        .all()
        .map((row) => row.secret_id);
    },
    /** The settings after the patch, not written: for checks before saving. */
    preview(tenantId: number, patch: DirectoryConnectorPatch): DirectoryConnectorSettings {
      const parsed = DirectoryConnectorPatch.parse(patch);
      const defined = Object.fromEntries(Object.entries(parsed).filter(([, value]) => value !== undefined));
      return { ...get(tenantId), ...(defined as Partial<DirectoryConnectorSettings>) };
    },
    /**
     * Writes the patch (checked with `ldapSettingsProblem` first). The secret id is kept, or made on the
     * first save, unless a new one is given (a new password goes under a new name, written before this).
     */
    update(tenantId: number, patch: DirectoryConnectorPatch, secretId?: string): DirectoryConnectorSettings {
      const next = this.preview(tenantId, patch);
      const problem = ldapSettingsProblem(next);
      if (problem) throw new Error(problem.message);
      statements().put.run({
        tenant_id: tenantId,
        connector: next.connector,
        url: next.url,
        start_tls: next.startTls ? 1 : 0,
        trusted_certificate: next.trustedCertificate,
        bind_dn: next.bindDn,
        base_dn: next.baseDn,
        user_attribute: next.userAttribute,
        upn_part: next.upnPart,
        password_method: next.passwordMethod,
        password_attribute: next.passwordAttribute,
        lockout_attribute: next.lockoutAttribute,
        failure_time_attribute: next.failureTimeAttribute,
        lockout_minutes: next.lockoutMinutes,
        secret_id: secretId ?? next.secretId ?? newSecretId(),
      });
      return get(tenantId);
    },
  };
}

export type DirectoryConnectorRepository = ReturnType<typeof createDirectoryConnectorRepository>;
