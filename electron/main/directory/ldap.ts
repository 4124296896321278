import {
  Attribute,
  BerWriter,
  Change,
  Client,
  InvalidCredentialsError,
  ProtocolError,
  ResultCodeError,
  escapeFilter,
  type Entry,
} from 'ldapts';
import { ldapConnectionDefaults, type LdapConnection } from '../../../shared/connectors';
import type { Clock } from '../clock';
import type {
  DirectoryAccountRef,
  DirectoryContext,
  DirectoryFailure,
  DirectoryFailureReason,
  DirectoryHealth,
  DirectoryResult,
  OnPremDirectory,
  OnPremLockoutState,
  PasswordVerification,
} from './types';

/**
 * A real directory behind writeback (issue 9, spec §5): where it is (`ldap://host:389` with optional
 * StartTLS, or `ldaps://host:636`, with a PEM to trust besides the system's), who the writeback agent
 * binds as, where accounts are searched (subtree of the base DN), which attribute holds a user's
 * identity (`userPrincipalName` in AD, `mail` or `uid` in OpenLDAP) and whether it holds the whole UPN
 * or the part before the `@`. A password is set with the password modify extended operation (RFC 3062)
 * or a replace of the password attribute, for a server without the operation or that requires the
 * replace. The lockout attribute's presence locks the account (ppolicy's `pwdAccountLockedTime`) and an
 * unlock removes it; the failure-time attribute (ppolicy's `pwdFailureTime`, kept by the server) gives
 * the count of recent wrong passwords; `lockoutMinutes` is the directory's own lockout length, to tell
 * when a lockout ends. The agent's password is not here: it comes from the vault at each connection.
 */
export interface LdapDirectoryConfig extends LdapConnection {
  /** Per connection and per operation. */
  timeoutMs: number;
}

export const ldapDefaults = {
  ...ldapConnectionDefaults,
  timeoutMs: 5000,
} as const satisfies Partial<LdapDirectoryConfig>;

export interface LdapDirectoryDeps {
  config: LdapDirectoryConfig;
  /** The agent's bind password, read from the vault for each connection and never kept; null when none is stored. */
  bindPassword: () => Promise<string | null>;
  clock: Clock;
}

// ldapts logs every request under NODE_DEBUG=ldapts, redacting only a bind's password: a password
// modify request or a replace of the password attribute would reach stderr whole. Never in this app.
if (process.env.NODE_DEBUG) {
  process.env.NODE_DEBUG = process.env.NODE_DEBUG.split(',')
    .filter((name) => name.trim().toLowerCase() !== 'ldapts')
    .join(',');
}

/** RFC 3062's OID. */
const passwordModifyOid = '1.3.6.1.4.1.4203.1.11.1';
/** ppolicy's mark for a lockout that only an administrator ends. */
const lockedForever = '000001010000Z';

/** Why an LDAP step failed, in the connector's words; carries no password (the server's text never has one). */
class DirectoryStepFailure extends Error {
  constructor(
    readonly reason: DirectoryFailureReason,
    message: string,
  ) {
    super(message);
  }
}

function withTimeout<T>(work: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/** The directory's DNS name from the base DN's dc parts (`dc=contoso,dc=com` → `CONTOSO.COM`). */
export function directoryNameOf(baseDn: string): string | null {
  const parts = baseDn
    .split(',')
    .map((rdn) => /^\s*dc=(.+?)\s*$/i.exec(rdn)?.[1])
    .filter((part): part is string => part !== undefined);
  return parts.length > 0 ? parts.join('.').toUpperCase() : null;
}

/** LDAP's GeneralizedTime (`20261130205400Z`, maybe with a fraction) as a Date; null when unreadable. */
export function parseGeneralizedTime(value: string): Date | null {
  const match = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(?:[.,]\d+)?Z$/.exec(value);
  if (!match) return null;
  const [, y, mo, d, h, mi, s] = match.map(Number) as [number, number, number, number, number, number, number];
  return new Date(Date.UTC(y, mo - 1, d, h, mi, s));
}

/** The RFC 3062 request value: SEQUENCE { userIdentity [0], newPasswd [2] } (no old password: an agent's reset). */
function passwordModifyRequest(userDn: string, newPassword: string): Buffer {
  const writer = new BerWriter();
  writer.startSequence();
  writer.writeString(userDn, 0x80);
  writer.writeString(newPassword, 0x82);
  writer.endSequence();
  return writer.buffer;
}

function firstValue(entry: Entry, attribute: string): string | null {
  const key = Object.keys(entry).find((name) => name.toLowerCase() === attribute.toLowerCase());
  const value: unknown = key === undefined ? undefined : entry[key];
  const first: unknown = Array.isArray(value) ? value[0] : value;
  if (first === undefined || first === null) return null;
  return Buffer.isBuffer(first) ? first.toString('utf8') : String(first);
}

function allValues(entry: Entry, attribute: string): unknown[] {
  const key = Object.keys(entry).find((name) => name.toLowerCase() === attribute.toLowerCase());
  const value: unknown = key === undefined ? undefined : entry[key];
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

/**
 * Every LDAP error as the connector's failure (spec §5: the tenant then changes nothing): the
 * directory's own password policy → `passwordRefused`; a server that does not answer → `agentDown`;
 * anything else → `directoryError`. The message names the step and the server's result code.
 */
function failureOf(error: unknown, step: string): DirectoryFailure {
  if (error instanceof DirectoryStepFailure) return { ok: false, reason: error.reason, message: error.message };
  if (error instanceof ResultCodeError) {
    // 19 constraintViolation (ppolicy's quality and history checks), 53 unwillingToPerform (AD's unicodePwd).
    if (step === 'set the password' && (error.code === 19 || error.code === 53)) {
      return {
        ok: false,
        reason: 'passwordRefused',
        message: `The directory refused the new password (LDAP ${error.code}: ${error.message}).`,
      };
    }
    if (error.code === 32) {
      return { ok: false, reason: 'accountNotFound', message: `The directory has no such entry (${step}).` };
    }
    return {
      ok: false,
      reason: 'directoryError',
      message: `The directory could not ${step} (LDAP ${error.code}: ${error.message}).`,
    };
  }
  const detail = error instanceof Error ? error.message : String(error);
  return { ok: false, reason: 'agentDown', message: `The directory did not answer (${step}): ${detail}.` };
}

/**
 * The OnPremDirectory of a real LDAP server, through ldapts: binds as the writeback agent, finds
 * the account by its mapped attribute, sets a password with the password modify extended operation
 * (or a replace of the password attribute) so the server's own policy applies, and unlocks by
 * removing the lockout attributes. One connection per request, closed after.
 */
export function createLdapDirectory(deps: LdapDirectoryDeps): OnPremDirectory {
  const { config } = deps;

  const tlsOptions = config.trustedCertificate ? { ca: [config.trustedCertificate] } : {};

  /** A connection, upgraded with StartTLS where configured; the caller unbinds it. */
  async function connect(): Promise<Client> {
    const client = new Client({
      url: config.url,
      timeout: config.timeoutMs,
      connectTimeout: config.timeoutMs,
      ...(config.url.startsWith('ldaps:') ? { tlsOptions } : {}),
    });
    if (config.startTls) {
      try {
        // ldapts' own timeouts do not cover the TLS handshake after StartTLS.
        await withTimeout(client.startTLS(tlsOptions), config.timeoutMs, 'the TLS handshake timed out');
      } catch (error) {
        await client.unbind().catch(() => undefined);
        const detail = error instanceof Error ? error.message : String(error);
        throw new DirectoryStepFailure('agentDown', `The directory did not take StartTLS: ${detail}.`);
      }
    }
    return client;
  }

  async function withAgent<T>(run: (client: Client) => Promise<T>): Promise<T> {
    const password = await deps.bindPassword();
    if (password === null) {
      throw new DirectoryStepFailure('directoryError', "The writeback agent's password is not in the vault.");
    }
    const client = await connect();
    try {
      try {
        await client.bind(config.bindDn, password);
      } catch (error) {
        if (error instanceof InvalidCredentialsError) {
          throw new DirectoryStepFailure('directoryError', "The directory refused the writeback agent's credentials.");
        }
        throw error;
      }
      return await run(client);
    } finally {
      await client.unbind().catch(() => undefined);
    }
  }

  /**
   * The search filter for an account. By the part before the `@` only for a UPN in the directory's
   * own domain (the base DN's dc parts): alice@contoso.com and alice@fabrikam.com are different people,
   * and only one of them can be the directory's `alice`. Null: the directory cannot hold this account.
   */
  function accountFilter(account: DirectoryAccountRef): string | null {
    const upn = account.userPrincipalName;
    if (config.upnPart === 'whole') return `(${config.userAttribute}=${escapeFilter`${upn}`})`;
    const at = upn.lastIndexOf('@');
    const domain = directoryNameOf(config.baseDn)?.toLowerCase();
    if (at <= 0 || !domain || upn.slice(at + 1).toLowerCase() !== domain) return null;
    return `(${config.userAttribute}=${escapeFilter`${upn.slice(0, at)}`})`;
  }

  /** The account's one entry, with the lockout attributes; zero or several matches refuse. */
  async function findEntry(client: Client, account: DirectoryAccountRef): Promise<Entry> {
    const filter = accountFilter(account);
    if (filter === null) {
      throw new DirectoryStepFailure(
        'accountNotFound',
        `The directory holds accounts of ${directoryNameOf(config.baseDn) ?? 'its own domain'} only, not ${account.userPrincipalName}.`,
      );
    }
    const { searchEntries } = await client.search(config.baseDn, {
      scope: 'sub',
      filter,
      attributes: [
        'dn',
        config.lockoutAttribute,
        ...(config.failureTimeAttribute ? [config.failureTimeAttribute] : []),
      ],
      sizeLimit: 2,
    });
    const [entry, second] = searchEntries;
    if (!entry) {
      throw new DirectoryStepFailure(
        'accountNotFound',
        `The directory has no account for ${account.userPrincipalName}.`,
      );
    }
    if (second) {
      throw new DirectoryStepFailure(
        'directoryError',
        `Several directory entries match ${account.userPrincipalName} by ${config.userAttribute}.`,
      );
    }
    return entry;
  }

  /** Removes the lockout attribute if the entry has it (deleting an absent one would be an error). */
  async function clearLockout(client: Client, entry: Entry): Promise<void> {
    if (allValues(entry, config.lockoutAttribute).length === 0) return;
    const type = config.lockoutAttribute;
    await client.modify(entry.dn, new Change({ operation: 'delete', modification: new Attribute({ type }) }));
  }

  function lockoutOf(entry: Entry): OnPremLockoutState {
    const lockedAt = firstValue(entry, config.lockoutAttribute);
    const failures = config.failureTimeAttribute ? allValues(entry, config.failureTimeAttribute).length : 0;
    if (lockedAt === null) return { locked: false, lockedUntil: null, badPasswordCount: failures };
    const now = deps.clock.now();
    const lockedUntil =
      lockedAt === lockedForever
        ? new Date(8_640_000_000_000_000)
        : new Date((parseGeneralizedTime(lockedAt) ?? now).getTime() + config.lockoutMinutes * 60_000);
    const locked = lockedUntil.getTime() > now.getTime();
    return { locked, lockedUntil: locked ? lockedUntil : null, badPasswordCount: failures };
  }

  async function setPasswordOn(client: Client, entry: Entry, newPassword: string): Promise<void> {
    const replace = () =>
      client.modify(
        entry.dn,
        new Change({
          operation: 'replace',
          modification: new Attribute({ type: config.passwordAttribute, values: [newPassword] }),
        }),
      );
    if (config.passwordMethod === 'replace') return replace();
    try {
      await client.exop(passwordModifyOid, passwordModifyRequest(entry.dn, newPassword));
    } catch (error) {
      // No silent fall back to a replace: on some servers that stores the password unhashed.
      if (error instanceof ProtocolError) {
        throw new DirectoryStepFailure(
          'directoryError',
          'The directory does not offer the password modify operation; if it takes a replace of the password attribute, choose that method.',
        );
      }
      throw error;
    }
  }

  return {
    kind: 'ldap',

    async health(): Promise<DirectoryHealth> {
      const directoryName = directoryNameOf(config.baseDn);
      try {
        await withAgent((client) => client.search(config.baseDn, { scope: 'base', attributes: ['dn'] }));
        return {
          directoryName,
          agent: 'connected',
          writable: true,
          message: `Connected to ${config.url} as the writeback agent (its bind and a read work; a write is tried at each reset).`,
        };
      } catch (error) {
        return { directoryName, agent: 'down', writable: false, message: failureOf(error, 'be reached').message };
      }
    },

    async setPassword(account, newPassword, _ctx: DirectoryContext): Promise<DirectoryResult> {
      let passwordSet = false;
      try {
        return await withAgent(async (client) => {
          const entry = await findEntry(client, account);
          await setPasswordOn(client, entry, newPassword);
          passwordSet = true;
          // A reset unlocks too: ppolicy keeps its lockout through an administrator's password change.
          await clearLockout(client, await findEntry(client, account));
          return { ok: true };
        });
      } catch (error) {
        // The password is in the directory: the reset stands, so the tenant must follow it.
        if (passwordSet) return { ok: true };
        return failureOf(error, 'set the password');
      }
    },

    async unlock(account, _ctx: DirectoryContext): Promise<DirectoryResult> {
      try {
        return await withAgent(async (client) => {
          await clearLockout(client, await findEntry(client, account));
          return { ok: true };
        });
      } catch (error) {
        return failureOf(error, 'unlock the account');
      }
    },

    async verifyPassword(account, password): Promise<PasswordVerification> {
      const entry = await withAgent((client) => findEntry(client, account)).catch((error: unknown) => {
        if (error instanceof DirectoryStepFailure && error.reason === 'accountNotFound') return null;
        throw error;
      });
      if (!entry) return { outcome: 'accountNotFound' };
      const client = await connect();
      try {
        await client.bind(entry.dn, password);
        return { outcome: 'verified' };
      } catch (error) {
        if (!(error instanceof InvalidCredentialsError)) throw error;
      } finally {
        await client.unbind().catch(() => undefined);
      }
      // ppolicy answers a locked account as a wrong password: the lockout attributes tell them apart.
      const after = await withAgent((client) => findEntry(client, account));
      const lockout = lockoutOf(after);
      return lockout.locked ? { outcome: 'lockedOut', lockout } : { outcome: 'wrongPassword', lockout };
    },

    async lockoutState(account): Promise<OnPremLockoutState | null> {
      try {
        return lockoutOf(await withAgent((client) => findEntry(client, account)));
      } catch (error) {
        if (error instanceof DirectoryStepFailure && error.reason === 'accountNotFound') return null;
        throw error;
      }
    },
  };
}
