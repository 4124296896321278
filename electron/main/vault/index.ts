// The vault's public face: open it, and seal secrets with its data key.
export { openVault, type OpenVaultOptions } from './vault';
export { createSecretBox } from './secret-box';
export type { LdapBindPasswordName, SecretBox, Vault, VaultSecretName } from './types';
export { ldapBindPasswordName } from './types';
