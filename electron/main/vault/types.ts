import type { VaultState } from '../../../shared/contract';

/** Names of the secrets the vault keeps; nothing else goes in it. */
export type VaultSecretName =
  'data-key' | 'admin-credential' | 'audit-hmac-key' | 'smtp-password' | LdapBindPasswordName;

/** Issue 9: a tenant's LDAP writeback agent's bind password, named by its connector row's random id. */
export type LdapBindPasswordName = `ldap-bind-password:${string}`;

export function ldapBindPasswordName(secretId: string): LdapBindPasswordName {
  if (!/^[0-9a-f]{32}$/.test(secretId)) throw new Error('A connector secret id is 32 hex digits.');
  return `ldap-bind-password:${secretId}`;
}

/**
 * The app's secrets, kept in the OS keychain (@napi-rs/keyring) where one answers, otherwise in a
 * 0600 key file beside the database. `state()` says which, for the settings pane to show.
 */
export interface Vault {
  state(): VaultState;
  get(name: VaultSecretName): Promise<Buffer | null>;
  set(name: VaultSecretName, value: Buffer): Promise<void>;
  delete(name: VaultSecretName): Promise<void>;
  /** The 32-byte key that encrypts secrets at rest (TOTP secrets); created on first use. */
  dataKey(): Promise<Buffer>;
  /** The 32-byte key that seals the audit log's HMAC chain (issue 7); created on first use. */
  auditKey(): Promise<Buffer>;
}

/** AES-256-GCM with the vault's data key: how a TOTP secret is kept in the database. */
export interface SecretBox {
  seal(plaintext: string): string;
  open(sealed: string): string;
}
