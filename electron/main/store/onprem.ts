import type { Database } from './database';
import { bit, dateOrNull, isoTime, isoTimeOrNull } from './rows';
import type { User } from './users';

/** The domain's account lockout policy (spec §6: 5 bad passwords within 30 minutes lock for 30 minutes). */
export interface OnPremLockoutPolicy {
  /** Bad passwords that lock the account; 0 never locks. */
  threshold: number;
  durationMinutes: number;
  /** "Reset account lockout counter after": a bad password older than this no longer counts. */
  observationMinutes: number;
}

/** The domain's own password rules, checked when the writeback agent sets a password. */
export interface OnPremPasswordPolicy {
  historyLength: number;
  minLength: number;
  complexity: boolean;
}

/** An on-premises AD domain: one per tenant that syncs from one. The writeback agent's state is the tenant's. */
export interface OnPremDomain {
  id: number;
  tenantId: number;
  /** e.g. `CONTOSO.LOCAL`. */
  dnsName: string;
  /** e.g. `CONTOSO`. */
  netbiosName: string;
  /** e.g. `DC=contoso,DC=local`. */
  baseDn: string;
  lockoutPolicy: OnPremLockoutPolicy;
  passwordPolicy: OnPremPasswordPolicy;
  createdAt: Date;
}

/**
 * A user object in the on-premises directory. Its lockout counter and end (AD's badPwdCount and
 * lockoutTime) are kept once, in the synced user's `onPremLockout`; only `badPasswordTime` is here.
 */
export interface OnPremAccount {
  id: number;
  domainId: number;
  samAccountName: string;
  distinguishedName: string;
  userPrincipalName: string;
  displayName: string;
  /** The tenant user this account is synced to; null once that user is gone. */
  userId: number | null;
  enabled: boolean;
  passwordHash: string;
  pwdLastSet: Date;
  badPasswordTime: Date | null;
  createdAt: Date;
}

export const onPremOperationKinds = ['passwordSet', 'accountUnlocked', 'accountLockedOut'] as const;
export type OnPremOperationKind = (typeof onPremOperationKinds)[number];

/** One line of the directory's log: what was written when, and on whose behalf; never a password. */
export interface OnPremOperation {
  id: number;
  at: Date;
  domainId: number;
  accountId: number | null;
  samAccountName: string;
  operation: OnPremOperationKind;
  actor: string;
  flowId: string | null;
  deviceId: string | null;
}

export interface NewOnPremOperation {
  at: Date;
  account: Pick<OnPremAccount, 'id' | 'domainId' | 'samAccountName'>;
  operation: OnPremOperationKind;
  actor: string;
  flowId?: string | null;
  deviceId?: string | null;
}

/** The largest history a domain policy can ask for ("Enforce password history": 0 to 24). */
export const onPremHistoryKept = 24;

interface DomainRow {
  id: number;
  tenant_id: number;
  dns_name: string;
  netbios_name: string;
  base_dn: string;
  lockout_threshold: number;
  lockout_duration_minutes: number;
  lockout_observation_minutes: number;
  password_history_length: number;
  min_password_length: number;
  complexity: number;
  created_at: string;
}

interface AccountRow {
  id: number;
  domain_id: number;
  sam_account_name: string;
  distinguished_name: string;
  user_principal_name: string;
  display_name: string;
  user_id: number | null;
  enabled: number;
  password_hash: string;
  pwd_last_set: string;
  bad_password_time: string | null;
  created_at: string;
}

interface OperationRow {
  id: number;
  at: string;
  domain_id: number;
  account_id: number | null;
  sam_account_name: string;
  operation: OnPremOperationKind;
  actor: string;
  flow_id: string | null;
  device_id: string | null;
}

type OperationFilter = Record<string, number>;

const domainColumns =
  'id, tenant_id, dns_name, netbios_name, base_dn, lockout_threshold, lockout_duration_minutes, ' +
  'lockout_observation_minutes, password_history_length, min_password_length, complexity, created_at';
const accountColumns =
  'id, domain_id, sam_account_name, distinguished_name, user_principal_name, display_name, user_id, enabled, ' +
  'password_hash, pwd_last_set, bad_password_time, created_at';
const operationColumns = 'id, at, domain_id, account_id, sam_account_name, operation, actor, flow_id, device_id';

/** Characters a sAMAccountName may not hold (the same list as migration 3's CHECK). */
const samForbidden = /["/\\[\]:;|=,+*?<>]/g;
const samMaxLength = 20;

/** The logon name migration 3 gives a synced user: the UPN's local part made safe, at most 20 characters. */
export function samAccountNameFor(upn: string, userId: number): string {
  const local = upn.slice(0, upn.indexOf('@'));
  const safe = local
    .replace(samForbidden, '_')
    .slice(0, samMaxLength)
    .replace(/[. ]+$/, '');
  return safe === '' ? `user${userId}` : safe;
}

/** A CN value needs a backslash before a leading `#`; a safe logon name needs nothing else. */
function distinguishedNameFor(sam: string, baseDn: string): string {
  return `CN=${sam.startsWith('#') ? `\\${sam}` : sam},CN=Users,${baseDn}`;
}

export function createOnPremRepository(db: Database) {
  const statements = {
    domain: db.prepare<[number], DomainRow>(`SELECT ${domainColumns} FROM onprem_domains WHERE id = ?`),
    domainForTenant: db.prepare<[number], DomainRow>(`SELECT ${domainColumns} FROM onprem_domains WHERE tenant_id = ?`),
    // Named as migration 3 names them: after the first label of the tenant's initial domain.
    insertDomain: db.prepare<[number]>(
      `INSERT INTO onprem_domains (tenant_id, dns_name, netbios_name, base_dn, created_at)
       SELECT src.tenant_id, upper(label) || '.LOCAL', upper(substr(label, 1, 15)), 'DC=' || label || ',DC=local',
         src.created_at
       FROM (
         SELECT t.id AS tenant_id, t.created_at, coalesce(
           (SELECT nullif(substr(d.name, 1, instr(d.name, '.') - 1), '') FROM domains d
            WHERE d.tenant_id = t.id ORDER BY d.kind = 'initial' DESC, d.id LIMIT 1),
           'tenant' || t.id
         ) AS label
         FROM tenants t WHERE t.id = ?
       ) AS src
       WHERE NOT EXISTS (SELECT 1 FROM onprem_domains o WHERE o.tenant_id = src.tenant_id)`,
    ),
    tenantsWithoutDomain: db.prepare<[], { id: number }>(
      `SELECT t.id FROM tenants t
       WHERE NOT EXISTS (SELECT 1 FROM onprem_domains d WHERE d.tenant_id = t.id)
         AND (t.directory_sync = 1 OR EXISTS (SELECT 1 FROM users u WHERE u.tenant_id = t.id AND u.source <> 'cloud'))
       ORDER BY t.id`,
    ),
    setPolicy: db.prepare<[Omit<DomainRow, 'tenant_id' | 'dns_name' | 'netbios_name' | 'base_dn' | 'created_at'>]>(
      `UPDATE onprem_domains SET lockout_threshold = @lockout_threshold,
         lockout_duration_minutes = @lockout_duration_minutes, lockout_observation_minutes = @lockout_observation_minutes,
         password_history_length = @password_history_length, min_password_length = @min_password_length,
         complexity = @complexity
       WHERE id = @id`,
    ),
    account: db.prepare<[number], AccountRow>(`SELECT ${accountColumns} FROM onprem_accounts WHERE id = ?`),
    accountForUser: db.prepare<[number], AccountRow>(`SELECT ${accountColumns} FROM onprem_accounts WHERE user_id = ?`),
    accountByUpn: db.prepare<[number, string], AccountRow>(
      `SELECT ${accountColumns} FROM onprem_accounts WHERE domain_id = ? AND user_principal_name = ?`,
    ),
    accountsInDomain: db.prepare<[number], AccountRow>(
      `SELECT ${accountColumns} FROM onprem_accounts WHERE domain_id = ? ORDER BY sam_account_name, id`,
    ),
    samTaken: db.prepare<[number, string], { id: number }>(
      'SELECT id FROM onprem_accounts WHERE domain_id = ? AND sam_account_name = ?',
    ),
    usersWithoutAccount: db.prepare<[], { id: number }>(
      `SELECT u.id FROM users u
       WHERE u.source <> 'cloud' AND NOT EXISTS (SELECT 1 FROM onprem_accounts a WHERE a.user_id = u.id)
       ORDER BY u.id`,
    ),
    insertAccount: db.prepare<[Omit<AccountRow, 'id' | 'bad_password_time'>]>(
      `INSERT INTO onprem_accounts (domain_id, sam_account_name, distinguished_name, user_principal_name, display_name,
         user_id, enabled, password_hash, pwd_last_set, created_at)
       VALUES (@domain_id, @sam_account_name, @distinguished_name, @user_principal_name, @display_name,
         @user_id, @enabled, @password_hash, @pwd_last_set, @created_at)`,
    ),
    link: db.prepare<[number, string, string, number]>(
      'UPDATE onprem_accounts SET user_id = ?, password_hash = ?, pwd_last_set = ? WHERE id = ?',
    ),
    copyUserHistory: db.prepare<[number, number, number, number]>(
      `INSERT INTO onprem_password_history (account_id, password_hash, set_at)
       SELECT ?, password_hash, set_at FROM password_history WHERE user_id = ? AND id IN (
         SELECT id FROM password_history WHERE user_id = ? ORDER BY set_at DESC, id DESC LIMIT ?)`,
    ),
    setPassword: db.prepare<[string, string, number]>(
      'UPDATE onprem_accounts SET password_hash = ?, pwd_last_set = ? WHERE id = ?',
    ),
    insertHistory: db.prepare<[number, string, string]>(
      'INSERT INTO onprem_password_history (account_id, password_hash, set_at) VALUES (?, ?, ?)',
    ),
    trimHistory: db.prepare<[number, number, number]>(
      `DELETE FROM onprem_password_history WHERE account_id = ? AND id NOT IN (
         SELECT id FROM onprem_password_history WHERE account_id = ? ORDER BY set_at DESC, id DESC LIMIT ?)`,
    ),
    history: db.prepare<[number, number], { password_hash: string }>(
      `SELECT password_hash FROM onprem_password_history WHERE account_id = ?
       ORDER BY set_at DESC, id DESC LIMIT ?`,
    ),
    setBadPasswordTime: db.prepare<[string | null, number]>(
      'UPDATE onprem_accounts SET bad_password_time = ? WHERE id = ?',
    ),
    insertOperation: db.prepare<[Omit<OperationRow, 'id'>]>(
      `INSERT INTO onprem_operations (at, domain_id, account_id, sam_account_name, operation, actor, flow_id, device_id)
       VALUES (@at, @domain_id, @account_id, @sam_account_name, @operation, @actor, @flow_id, @device_id)`,
    ),
    operationsOfDomain: db.prepare<[OperationFilter], OperationRow>(
      `SELECT ${operationColumns} FROM onprem_operations WHERE domain_id = @domainId
       ORDER BY at DESC, id DESC LIMIT @limit`,
    ),
    operationsOfAccount: db.prepare<[OperationFilter], OperationRow>(
      `SELECT ${operationColumns} FROM onprem_operations WHERE account_id = @accountId
       ORDER BY at DESC, id DESC LIMIT @limit`,
    ),
  };

  const domain = (id: number): OnPremDomain | null => {
    const row = statements.domain.get(id);
    return row ? toDomain(row) : null;
  };
  const domainForTenant = (tenantId: number): OnPremDomain | null => {
    const row = statements.domainForTenant.get(tenantId);
    return row ? toDomain(row) : null;
  };
  const account = (id: number): OnPremAccount | null => {
    const row = statements.account.get(id);
    return row ? toAccount(row) : null;
  };
  const changed = (result: { changes: number }, what: string): void => {
    if (result.changes === 0) throw new Error(`There is no ${what}.`);
  };

  const ensureDomain = (tenantId: number): OnPremDomain => {
    statements.insertDomain.run(tenantId);
    const created = domainForTenant(tenantId);
    if (!created) throw new Error(`There is no tenant ${tenantId}.`);
    return created;
  };

  const freeSamAccountName = (domainId: number, base: string): string => {
    for (let n = 1; ; n++) {
      const candidate = n === 1 ? base : `${base.slice(0, samMaxLength - String(n).length)}${n}`;
      if (!statements.samTaken.get(domainId, candidate)) return candidate;
    }
  };

  /**
   * Gives an on-premises-mastered user their account, with the user's password and recent history.
   * An unlinked account with the same UPN is matched and linked instead (Entra Connect's soft match),
   * taking the user's password so both sides agree.
   */
  const provisionAccount = db.transaction(
    (
      user: Pick<
        User,
        | 'id'
        | 'tenantId'
        | 'upn'
        | 'displayName'
        | 'enabled'
        | 'source'
        | 'passwordHash'
        | 'passwordLastSet'
        | 'createdAt'
      >,
    ): OnPremAccount => {
      if (user.source === 'cloud') throw new Error('A cloud-only user has no on-premises account.');
      const existing = statements.accountForUser.get(user.id);
      if (existing) return toAccount(existing);
      const { id: domainId, baseDn } = ensureDomain(user.tenantId);
      const matched = statements.accountByUpn.get(domainId, user.upn);
      let accountId: number;
      if (matched && matched.user_id === null) {
        statements.link.run(user.id, user.passwordHash, isoTime(user.passwordLastSet), matched.id);
        accountId = matched.id;
      } else {
        const sam = freeSamAccountName(domainId, samAccountNameFor(user.upn, user.id));
        const { lastInsertRowid } = statements.insertAccount.run({
          domain_id: domainId,
          sam_account_name: sam,
          distinguished_name: distinguishedNameFor(sam, baseDn),
          user_principal_name: user.upn,
          display_name: user.displayName,
          user_id: user.id,
          enabled: bit(user.enabled),
          password_hash: user.passwordHash,
          pwd_last_set: isoTime(user.passwordLastSet),
          created_at: isoTime(user.createdAt),
        });
        accountId = Number(lastInsertRowid);
      }
      statements.copyUserHistory.run(accountId, user.id, user.id, onPremHistoryKept);
      const history = statements.history.all(accountId, onPremHistoryKept).map((row) => row.password_hash);
      if (!history.includes(user.passwordHash)) {
        statements.insertHistory.run(accountId, user.passwordHash, isoTime(user.passwordLastSet));
      }
      statements.trimHistory.run(accountId, accountId, onPremHistoryKept);
      const created = account(accountId);
      if (!created) throw new Error('The on-premises account was not created.');
      return created;
    },
  );

  const setPassword = db.transaction((accountId: number, hash: string, setAt: Date): void => {
    changed(statements.setPassword.run(hash, isoTime(setAt), accountId), `on-premises account ${accountId}`);
    statements.insertHistory.run(accountId, hash, isoTime(setAt));
    statements.trimHistory.run(accountId, accountId, onPremHistoryKept);
  });

  return {
    domain,
    domainForTenant,
    /** The tenant's domain, created (named after its initial domain) when it has none yet. */
    ensureDomain,
    /** Tenants that sync from on-premises, or hold users mastered there, and have no domain yet. */
    tenantsWithoutDomain: (): number[] => statements.tenantsWithoutDomain.all().map((row) => row.id),
    setPolicy: (domainId: number, lockout: OnPremLockoutPolicy, password: OnPremPasswordPolicy): void =>
      changed(
        statements.setPolicy.run({
          id: domainId,
          lockout_threshold: lockout.threshold,
          lockout_duration_minutes: lockout.durationMinutes,
          lockout_observation_minutes: lockout.observationMinutes,
          password_history_length: password.historyLength,
          min_password_length: password.minLength,
          complexity: bit(password.complexity),
        }),
        `on-premises domain ${domainId}`,
      ),
    account,
    /** The account synced to a tenant user, if any. */
    accountForUser: (userId: number): OnPremAccount | null => {
      const row = statements.accountForUser.get(userId);
      return row ? toAccount(row) : null;
    },
    accountsInDomain: (domainId: number): OnPremAccount[] => statements.accountsInDomain.all(domainId).map(toAccount),
    /** Synced and federated users that have no account yet. */
    usersWithoutAccount: (): number[] => statements.usersWithoutAccount.all().map((row) => row.id),
    provisionAccount,
    /** Sets the password and records it in the account's history, which keeps the last 24. */
    setPassword: (accountId: number, hash: string, setAt: Date): void => setPassword(accountId, hash, setAt),
    /** The hashes of the account's most recent passwords, the current one first. */
    passwordHistory: (accountId: number, limit: number): string[] =>
      statements.history.all(accountId, limit).map((row) => row.password_hash),
    setBadPasswordTime: (accountId: number, at: Date | null): void =>
      changed(statements.setBadPasswordTime.run(isoTimeOrNull(at), accountId), `on-premises account ${accountId}`),
    logOperation: (entry: NewOnPremOperation): void => {
      statements.insertOperation.run({
        at: isoTime(entry.at),
        domain_id: entry.account.domainId,
        account_id: entry.account.id,
        sam_account_name: entry.account.samAccountName,
        operation: entry.operation,
        actor: entry.actor,
        flow_id: entry.flowId ?? null,
        device_id: entry.deviceId ?? null,
      });
    },
    /** Newest first, for a domain or one account. */
    operations: (query: { limit: number } & ({ domainId: number } | { accountId: number })): OnPremOperation[] => {
      const limit = Math.max(0, Math.floor(query.limit));
      const rows =
        'domainId' in query
          ? statements.operationsOfDomain.all({ domainId: query.domainId, limit })
          : statements.operationsOfAccount.all({ accountId: query.accountId, limit });
      return rows.map(toOperation);
    },
  };
}

export type OnPremRepository = ReturnType<typeof createOnPremRepository>;

function toDomain(row: DomainRow): OnPremDomain {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    dnsName: row.dns_name,
    netbiosName: row.netbios_name,
    baseDn: row.base_dn,
    lockoutPolicy: {
      threshold: row.lockout_threshold,
      durationMinutes: row.lockout_duration_minutes,
      observationMinutes: row.lockout_observation_minutes,
    },
    passwordPolicy: {
      historyLength: row.password_history_length,
      minLength: row.min_password_length,
      complexity: row.complexity === 1,
    },
    createdAt: new Date(row.created_at),
  };
}

function toAccount(row: AccountRow): OnPremAccount {
  return {
    id: row.id,
    domainId: row.domain_id,
    samAccountName: row.sam_account_name,
    distinguishedName: row.distinguished_name,
    userPrincipalName: row.user_principal_name,
    displayName: row.display_name,
    userId: row.user_id,
    enabled: row.enabled === 1,
    passwordHash: row.password_hash,
    pwdLastSet: new Date(row.pwd_last_set),
    badPasswordTime: dateOrNull(row.bad_password_time),
    createdAt: new Date(row.created_at),
  };
}

function toOperation(row: OperationRow): OnPremOperation {
  return {
    id: row.id,
    at: new Date(row.at),
    domainId: row.domain_id,
    accountId: row.account_id,
    samAccountName: row.sam_account_name,
    operation: row.operation,
    actor: row.actor,
    flowId: row.flow_id,
    deviceId: row.device_id,
  };
}
