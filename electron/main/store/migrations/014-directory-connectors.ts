export const version = 14;
export const name = 'directory-connectors';

/**
 * Issue 9: a tenant's password writeback may go to a real LDAP directory instead of the simulated one.
 * One row per tenant that has ever been given a connector (no row: the simulated directory). The
 * writeback agent's bind password is in the vault under `ldap-bind-password:<secret_id>`, never here;
 * `secret_id` is random per row, so a later tenant that happens to reuse a deleted tenant's id never
 * finds the old tenant's password. The connector is read at every request, so a switch needs no restart.
 */
export const up = `
INSERT INTO audit_activities (name) VALUES ('mailTestSent'), ('directoryTested');

CREATE TABLE directory_connectors (
  tenant_id INTEGER PRIMARY KEY REFERENCES tenants (id) ON DELETE CASCADE,
  connector TEXT NOT NULL DEFAULT 'simulated' CHECK (connector IN ('simulated', 'ldap')),
  url TEXT NOT NULL DEFAULT '',
  start_tls INTEGER NOT NULL DEFAULT 0 CHECK (start_tls IN (0, 1)),
  trusted_certificate TEXT,
  bind_dn TEXT NOT NULL DEFAULT '',
  base_dn TEXT NOT NULL DEFAULT '',
  user_attribute TEXT NOT NULL DEFAULT 'userPrincipalName',
  upn_part TEXT NOT NULL DEFAULT 'whole' CHECK (upn_part IN ('whole', 'localPart')),
  password_method TEXT NOT NULL DEFAULT 'passwordModify' CHECK (password_method IN ('passwordModify', 'replace')),
  password_attribute TEXT NOT NULL DEFAULT 'userPassword',
  lockout_attribute TEXT NOT NULL DEFAULT 'pwdAccountLockedTime',
  failure_time_attribute TEXT DEFAULT 'pwdFailureTime',
  lockout_minutes INTEGER NOT NULL DEFAULT 30 CHECK (lockout_minutes BETWEEN 1 AND 99999),
  secret_id TEXT NOT NULL CHECK (length(secret_id) = 32)
) STRICT;
`;
