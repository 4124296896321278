const iso = (column: string) =>
  `${column} GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-6][0-9]*Z'`;
const isoOrNull = (column: string) => `(${column} IS NULL OR ${iso(column)})`;
const bit = (column: string) => `${column} IN (0, 1)`;

/** Characters a pre-Windows 2000 logon name (sAMAccountName) may not hold; `]` leads so GLOB reads it literally. */
const samForbiddenGlob = `'*[]["/\\:;|=,+*?<>]*'`;
const samForbidden = ['"', '/', '\\', '[', ']', ':', ';', '|', '=', ',', '+', '*', '?', '<', '>'];
/** Each forbidden character of `expression` becomes `_`. */
const samSafe = (expression: string) =>
  samForbidden.reduce((sql, char) => `replace(${sql}, '${char}', '_')`, expression);

export const version = 3;
export const name = 'onprem-directory';

/**
 * The simulated on-premises Active Directory behind password writeback (spec §2 "On-premises
 * integration", §5 "Writeback and atomicity", §6): one domain per tenant that syncs from it, its
 * accounts, their own password history, and a log of what the writeback agent wrote. The agent's
 * state stays in the tenant's SSPR policy, and the on-premises lockout counters stay in the users'
 * `onprem_*` columns (their one copy); only the time of the last bad password is the account's own.
 *
 * Existing synced and federated users get their account here, with the cloud password hash and history.
 */
export const up = `
CREATE TABLE onprem_domains (
  id INTEGER PRIMARY KEY,
  tenant_id INTEGER NOT NULL UNIQUE REFERENCES tenants (id) ON DELETE CASCADE,
  dns_name TEXT NOT NULL
    CHECK (dns_name = upper(dns_name) AND dns_name GLOB '?*.?*' AND dns_name NOT GLOB '*[^A-Z0-9.-]*' AND length(dns_name) <= 253),
  netbios_name TEXT NOT NULL
    CHECK (length(netbios_name) BETWEEN 1 AND 15 AND netbios_name = upper(netbios_name) AND netbios_name NOT GLOB '*[^A-Z0-9-]*'),
  base_dn TEXT NOT NULL CHECK (base_dn GLOB 'DC=?*' AND length(base_dn) <= 512),
  -- The account lockout policy (spec §6 default: 5 bad passwords lock for 30 minutes); 0 never locks.
  lockout_threshold INTEGER NOT NULL DEFAULT 5 CHECK (lockout_threshold BETWEEN 0 AND 999),
  lockout_duration_minutes INTEGER NOT NULL DEFAULT 30 CHECK (lockout_duration_minutes BETWEEN 1 AND 99999),
  lockout_observation_minutes INTEGER NOT NULL DEFAULT 30 CHECK (lockout_observation_minutes BETWEEN 1 AND 99999),
  -- The Default Domain Policy's password rules: history 24, minimum length 7, complexity on.
  password_history_length INTEGER NOT NULL DEFAULT 24 CHECK (password_history_length BETWEEN 0 AND 24),
  min_password_length INTEGER NOT NULL DEFAULT 7 CHECK (min_password_length BETWEEN 0 AND 14),
  complexity INTEGER NOT NULL DEFAULT 1 CHECK (${bit('complexity')}),
  created_at TEXT NOT NULL CHECK (${iso('created_at')}),
  -- As in AD: the bad-password counter resets no later than the lockout ends.
  CHECK (lockout_observation_minutes <= lockout_duration_minutes)
) STRICT;

CREATE TABLE onprem_accounts (
  id INTEGER PRIMARY KEY,
  domain_id INTEGER NOT NULL REFERENCES onprem_domains (id) ON DELETE CASCADE,
  sam_account_name TEXT NOT NULL COLLATE NOCASE CHECK (
    length(sam_account_name) BETWEEN 1 AND 20 AND sam_account_name NOT GLOB ${samForbiddenGlob}
    AND sam_account_name NOT GLOB '*.' AND trim(sam_account_name, '. ') <> ''
  ),
  distinguished_name TEXT NOT NULL COLLATE NOCASE UNIQUE
    CHECK (distinguished_name GLOB 'CN=?*,?*' AND length(distinguished_name) <= 1024),
  user_principal_name TEXT NOT NULL COLLATE NOCASE
    CHECK (length(user_principal_name) BETWEEN 3 AND 256 AND user_principal_name GLOB '?*@?*'),
  display_name TEXT NOT NULL CHECK (length(trim(display_name)) BETWEEN 1 AND 256),
  -- The tenant user this account is synced to; the account outlives a deleted cloud user.
  user_id INTEGER UNIQUE REFERENCES users (id) ON DELETE SET NULL,
  enabled INTEGER NOT NULL DEFAULT 1 CHECK (${bit('enabled')}),
  password_hash TEXT NOT NULL CHECK (password_hash GLOB 'scrypt$*'),
  pwd_last_set TEXT NOT NULL CHECK (${iso('pwd_last_set')}),
  -- AD's badPasswordTime: the last bad password, from which the counter's observation window runs.
  bad_password_time TEXT CHECK ${isoOrNull('bad_password_time')},
  created_at TEXT NOT NULL CHECK (${iso('created_at')}),
  UNIQUE (domain_id, sam_account_name),
  UNIQUE (domain_id, user_principal_name)
) STRICT;

CREATE TRIGGER onprem_accounts_synced_user BEFORE INSERT ON onprem_accounts
WHEN NEW.user_id IS NOT NULL AND NOT EXISTS (
  SELECT 1 FROM users u JOIN onprem_domains d ON d.tenant_id = u.tenant_id
  WHERE u.id = NEW.user_id AND d.id = NEW.domain_id AND u.source <> 'cloud'
)
BEGIN
  SELECT RAISE(ABORT, 'an on-premises account is synced to a user of its own tenant who is mastered on-premises');
END;

CREATE TRIGGER onprem_accounts_synced_user_on_update BEFORE UPDATE OF user_id, domain_id ON onprem_accounts
WHEN NEW.user_id IS NOT NULL AND NOT EXISTS (
  SELECT 1 FROM users u JOIN onprem_domains d ON d.tenant_id = u.tenant_id
  WHERE u.id = NEW.user_id AND d.id = NEW.domain_id AND u.source <> 'cloud'
)
BEGIN
  SELECT RAISE(ABORT, 'an on-premises account is synced to a user of its own tenant who is mastered on-premises');
END;

-- The directory's own history ("Enforce password history"), checked against the hashes it stored.
CREATE TABLE onprem_password_history (
  id INTEGER PRIMARY KEY,
  account_id INTEGER NOT NULL REFERENCES onprem_accounts (id) ON DELETE CASCADE,
  password_hash TEXT NOT NULL CHECK (password_hash GLOB 'scrypt$*'),
  set_at TEXT NOT NULL CHECK (${iso('set_at')})
) STRICT;
CREATE INDEX onprem_password_history_by_account ON onprem_password_history (account_id, set_at);

-- What was written to the directory and when, for the admin views; never a password.
CREATE TABLE onprem_operations (
  id INTEGER PRIMARY KEY,
  at TEXT NOT NULL CHECK (${iso('at')}),
  domain_id INTEGER NOT NULL REFERENCES onprem_domains (id) ON DELETE CASCADE,
  account_id INTEGER REFERENCES onprem_accounts (id) ON DELETE SET NULL,
  sam_account_name TEXT NOT NULL CHECK (length(sam_account_name) BETWEEN 1 AND 20),
  operation TEXT NOT NULL CHECK (operation IN ('passwordSet', 'accountUnlocked', 'accountLockedOut')),
  actor TEXT NOT NULL CHECK (length(actor) BETWEEN 1 AND 256),
  flow_id TEXT CHECK (flow_id IS NULL OR length(flow_id) <= 64),
  device_id TEXT CHECK (device_id IS NULL OR length(device_id) <= 64)
) STRICT;
CREATE INDEX onprem_operations_by_domain ON onprem_operations (domain_id, at);
CREATE INDEX onprem_operations_by_account ON onprem_operations (account_id, at);

-- Backfill: a domain for every tenant that syncs or holds on-premises-mastered users, named after
-- the first label of its initial domain (contoso.onmicrosoft.com → CONTOSO.LOCAL).
INSERT INTO onprem_domains (tenant_id, dns_name, netbios_name, base_dn, created_at)
SELECT id, upper(label) || '.LOCAL', upper(substr(label, 1, 15)), 'DC=' || label || ',DC=local', created_at
FROM (
  SELECT t.id, t.created_at, coalesce(
    (SELECT nullif(substr(d.name, 1, instr(d.name, '.') - 1), '') FROM domains d
     WHERE d.tenant_id = t.id ORDER BY d.kind = 'initial' DESC, d.id LIMIT 1),
    'tenant' || t.id
  ) AS label
  FROM tenants t
  WHERE t.directory_sync = 1 OR EXISTS (SELECT 1 FROM users u WHERE u.tenant_id = t.id AND u.source <> 'cloud')
);

-- An account for every synced or federated user: the logon name is the UPN's local part made safe,
-- numbered when two users of a tenant would share one.
INSERT OR IGNORE INTO onprem_accounts (domain_id, sam_account_name, distinguished_name, user_principal_name,
  display_name, user_id, enabled, password_hash, pwd_last_set, created_at)
SELECT domain_id, sam,
  'CN=' || (CASE WHEN sam GLOB '#*' THEN '\\' || sam ELSE sam END) || ',CN=Users,' || base_dn,
  upn, display_name, user_id, enabled, password_hash, password_last_set, created_at
FROM (
  SELECT domain_id, base_dn, user_id, upn, display_name, enabled, password_hash, password_last_set, created_at,
    CASE WHEN n = 1 THEN base_sam ELSE substr(base_sam, 1, 20 - length(n)) || n END AS sam
  FROM (
    SELECT *, row_number() OVER (PARTITION BY domain_id, lower(base_sam) ORDER BY user_id) AS n
    FROM (
      SELECT d.id AS domain_id, d.base_dn, u.id AS user_id, u.upn, u.display_name, u.enabled, u.password_hash,
        u.password_last_set, u.created_at,
        coalesce(
          nullif(rtrim(substr(${samSafe("substr(u.upn, 1, instr(u.upn, '@') - 1)")}, 1, 20), '. '), ''),
          'user' || u.id
        ) AS base_sam
      FROM users u JOIN onprem_domains d ON d.tenant_id = u.tenant_id
      WHERE u.source <> 'cloud'
    )
  )
);

-- The directory remembers what the cloud remembers: the user's recent passwords, then the current one if missing.
INSERT INTO onprem_password_history (account_id, password_hash, set_at)
SELECT a.id, h.password_hash, h.set_at
FROM onprem_accounts a JOIN password_history h ON h.user_id = a.user_id
WHERE h.id IN (SELECT id FROM password_history WHERE user_id = a.user_id ORDER BY set_at DESC, id DESC LIMIT 24);

INSERT INTO onprem_password_history (account_id, password_hash, set_at)
SELECT a.id, a.password_hash, a.pwd_last_set FROM onprem_accounts a
WHERE NOT EXISTS (SELECT 1 FROM onprem_password_history h WHERE h.account_id = a.id AND h.password_hash = a.password_hash);
`;
