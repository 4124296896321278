import { z } from 'zod';

/**
 * Issue 9: where e-mail goes (the simulated outbox, or a lab's SMTP server) and where a tenant's
 * password writeback is written (the simulated on-premises directory, or a real LDAP directory).
 * Both are read at every use, so switching back to the simulated ones needs no restart. Passwords
 * (the SMTP account's, the writeback agent's) go one way only: in a request, into the vault. No
 * answer here carries one; a view says only whether one is stored.
 */

export const mailConnectors = ['simulated', 'smtp'] as const;
export type MailConnector = (typeof mailConnectors)[number];
/** none: plain SMTP; starttls: upgraded on the submission port (587); tls: TLS from the first byte (465). */
export const smtpSecurities = ['none', 'starttls', 'tls'] as const;
export type SmtpSecurity = (typeof smtpSecurities)[number];

export const directoryConnectors = ['simulated', 'ldap'] as const;
export type DirectoryConnector = (typeof directoryConnectors)[number];

const HostName = z
  .string()
  .trim()
  .max(253)
  .regex(/^[A-Za-z0-9.:[\]-]*$/, 'must be a host name or an IP address');

/** A PEM certificate to trust besides the system's: a lab's own server, self-signed. */
const TrustedCertificate = z
  .string()
  .trim()
  .max(20_000)
  .regex(/^-----BEGIN CERTIFICATE-----[\s\S]+-----END CERTIFICATE-----$/, 'must be a PEM certificate');

/** A password on its way into the vault: never logged, never echoed back. */
export const ConnectorPasswordInput = z.string().min(1, 'must not be empty').max(1024);

/** What the settings pane may change about outgoing e-mail. The password is the vault's. */
export const MailSettingsPatch = z
  .object({
    connector: z.enum(mailConnectors).optional(),
    host: HostName.optional(),
    port: z.number().int().min(1).max(65535).optional(),
    security: z.enum(smtpSecurities).optional(),
    username: z.string().trim().min(1).max(256).nullable().optional(),
    fromAddress: z.union([z.literal(''), z.email().max(256)]).optional(),
    trustedCertificate: TrustedCertificate.nullable().optional(),
  })
  .strict();
export type MailSettingsPatch = z.input<typeof MailSettingsPatch>;

/** An LDAP attribute's name (`userPrincipalName`, `mail`, `uid`, `pwdAccountLockedTime`…). */
const AttributeName = z
  .string()
  .trim()
  .regex(/^[A-Za-z][A-Za-z0-9-]{0,63}$/, 'must be an LDAP attribute name (letters, digits, hyphens)');

/** A distinguished name as typed: `cn=sspr-agent,ou=services,dc=contoso,dc=com` (no control characters). */
const DistinguishedName = z
  .string()
  .trim()
  .max(1024)
  .regex(/^(?:[A-Za-z][A-Za-z0-9.-]*=[ -~\u00a0-\uffff]+)?$/, 'must be a DN such as dc=contoso,dc=com');

/** What the tenant's On-premises tab may change about its directory connector (issue 9). */
export const DirectoryConnectorPatch = z
  .object({
    connector: z.enum(directoryConnectors).optional(),
    /** `ldap://host:389` or `ldaps://host:636`. */
    url: z
      .string()
      .trim()
      .max(300)
      .regex(/^(ldaps?:\/\/[A-Za-z0-9.[\]:-]+(:\d{1,5})?\/?)?$/, 'must be ldap://host:port or ldaps://host:port')
      .optional(),
    /** Upgrade an ldap:// connection with StartTLS before binding. */
    startTls: z.boolean().optional(),
    trustedCertificate: TrustedCertificate.nullable().optional(),
    bindDn: DistinguishedName.optional(),
    baseDn: DistinguishedName.optional(),
    userAttribute: AttributeName.optional(),
    upnPart: z.enum(['whole', 'localPart']).optional(),
    passwordMethod: z.enum(['passwordModify', 'replace']).optional(),
    passwordAttribute: AttributeName.optional(),
    lockoutAttribute: AttributeName.optional(),
    failureTimeAttribute: AttributeName.nullable().optional(),
    lockoutMinutes: z.number().int().min(1).max(99_999).optional(),
  })
  .strict();
export type DirectoryConnectorPatch = z.input<typeof DirectoryConnectorPatch>;

/** The connector settings of a tenant as the pane shows them; `passwordStored` instead of the password. */
export const DirectoryConnectorView = z.object({
  tenantId: z.number().int(),
  connector: z.enum(directoryConnectors),
  url: z.string(),
  startTls: z.boolean(),
  trustedCertificate: z.string().nullable(),
  bindDn: z.string(),
  baseDn: z.string(),
  userAttribute: z.string(),
  upnPart: z.enum(['whole', 'localPart']),
  passwordMethod: z.enum(['passwordModify', 'replace']),
  passwordAttribute: z.string(),
  lockoutAttribute: z.string(),
  failureTimeAttribute: z.string().nullable(),
  lockoutMinutes: z.number().int(),
  /** Whether the writeback agent's bind password is in the vault. */
  passwordStored: z.boolean(),
  /** The connector's health now: the simulated agent's state, or a bind as the agent. */
  health: z.object({
    directoryName: z.string().nullable(),
    agent: z.enum(['connected', 'down']),
    writable: z.boolean(),
    message: z.string(),
  }),
  /** Where a reset of this tenant's synced users is written: the LDAP URL and base DN, or the simulated directory's name. */
  target: z.string().nullable(),
});
export type DirectoryConnectorView = z.infer<typeof DirectoryConnectorView>;

/** A new LDAP connector's settings before the admin's: no server yet, ppolicy's lockout attributes, AD's UPN attribute. */
export const ldapConnectionDefaults = {
  url: '',
  startTls: false,
  trustedCertificate: null,
  bindDn: '',
  baseDn: '',
  userAttribute: 'userPrincipalName',
  upnPart: 'whole',
  passwordMethod: 'passwordModify',
  passwordAttribute: 'userPassword',
  lockoutAttribute: 'pwdAccountLockedTime',
  failureTimeAttribute: 'pwdFailureTime',
  lockoutMinutes: 30,
} as const;

/** How an LDAP connector reaches its directory and finds and writes an account (every field of the pane but the password). */
export type LdapConnection = Pick<
  DirectoryConnectorView,
  | 'url'
  | 'startTls'
  | 'trustedCertificate'
  | 'bindDn'
  | 'baseDn'
  | 'userAttribute'
  | 'upnPart'
  | 'passwordMethod'
  | 'passwordAttribute'
  | 'lockoutAttribute'
  | 'failureTimeAttribute'
  | 'lockoutMinutes'
>;

export const MailSettingsView = z.object({
  connector: z.enum(mailConnectors),
  host: z.string(),
  port: z.number().int(),
  security: z.enum(smtpSecurities),
  username: z.string().nullable(),
  fromAddress: z.string(),
  trustedCertificate: z.string().nullable(),
  /** Whether the SMTP account's password is in the vault. */
  passwordStored: z.boolean(),
});
export type MailSettingsView = z.infer<typeof MailSettingsView>;

export const MailTestResult = z.object({
  delivered: z.boolean(),
  connector: z.enum(mailConnectors),
  /** The transport's error code (`EAUTH`, `ECONNECTION`…) when not delivered; never the server's words. */
  reason: z.string().nullable(),
  /** In words, for the pane. */
  message: z.string(),
});
export type MailTestResult = z.infer<typeof MailTestResult>;

export const connectorRequests = {
  mailSet: z
    .object({
      patch: MailSettingsPatch,
      /** A new SMTP password for the vault; null removes the stored one; absent keeps it. */
      password: ConnectorPasswordInput.nullable().optional(),
    })
    .strict(),
  mailTest: z.object({ to: z.email().max(256) }).strict(),
  directory: z.object({ tenantId: z.number().int().positive() }).strict(),
  directorySet: z
    .object({
      tenantId: z.number().int().positive(),
      patch: DirectoryConnectorPatch,
      /** A new bind password for the writeback agent; null removes it; absent keeps it. */
      bindPassword: ConnectorPasswordInput.nullable().optional(),
    })
    .strict(),
};
