import { createAuditRepository, type AuditRepository } from './audit';
import { migrate, openDatabase, type Database, type OpenDatabaseOptions } from './database';
import { createDeviceRepository, type DeviceRepository } from './device';
import { createGroupRepository, type GroupRepository } from './groups';
import { createMailRepository, type MailRepository } from './mail';
import { createDirectoryConnectorRepository, type DirectoryConnectorRepository } from './directory-connectors';
import { createMethodRepository, type MethodRepository } from './methods';
import { createOutboxRepository, type OutboxRepository } from './outbox';
import { createTenantRepository, type TenantRepository } from './tenants';
import { createUserRepository, type UserRepository } from './users';
import type { SecretBox } from '../vault/types';

export interface Store {
  db: Database;
  tenants: TenantRepository;
  users: UserRepository;
  groups: GroupRepository;
  methods: MethodRepository;
  device: DeviceRepository;
  audit: AuditRepository;
  outbox: OutboxRepository;
  /** Issue 9: the e-mail connector's settings and each SMTP message's fate. */
  mail: MailRepository;
  /** Issue 9: each tenant's directory connector (simulated or LDAP), read at every writeback. */
  directoryConnectors: DirectoryConnectorRepository;
  /**
   * Runs `fn` in one IMMEDIATE transaction (nested calls become savepoints); `fn` must be synchronous.
   * IMMEDIATE takes the write lock before the first read, so a read-modify-write (a failure count, a
   * lockout) cannot work on a snapshot another process has since changed: the second process waits
   * (busy timeout) and then reads the first one's write.
   */
  transaction<T>(fn: () => T): T;
  close(): void;
}

export interface OpenStoreOptions extends OpenDatabaseOptions {
  /** Stop migrating at this version; only tests that build an old database use it. */
  migrateTo?: number;
  /** The vault's audit key: every audit event is sealed into the HMAC chain with it (issue 7). */
  auditKey?: Buffer;
  /**
   * The vault's data key as a secret box: the outbox's messages are sealed with it (issue 7). Without
   * it the outbox can neither take nor show a message.
   */
  secretBox?: SecretBox;
}

/** Opens the SQLite file, brings its schema up to date, and prepares every repository's statements. */
export function openStore(path: string, options: OpenStoreOptions = {}): Store {
  const db = openDatabase(path, options);
  try {
    migrate(db, options.migrateTo === undefined ? {} : { to: options.migrateTo });
    return createStore(db, options.auditKey ?? null, options.secretBox ?? null);
  } catch (error) {
    db.close();
    throw error;
  }
}

function createStore(db: Database, auditKey: Buffer | null, secretBox: SecretBox | null): Store {
  return {
    db,
    tenants: createTenantRepository(db),
    users: createUserRepository(db),
    groups: createGroupRepository(db),
    methods: createMethodRepository(db),
    device: createDeviceRepository(db),
    audit: createAuditRepository(db, auditKey),
    outbox: createOutboxRepository(db, secretBox),
    mail: createMailRepository(db),
    directoryConnectors: createDirectoryConnectorRepository(db),
    transaction<T>(fn: () => T): T {
      return db
        .transaction(() => {
          const result = fn();
          // An async function would commit before its awaits ran: refuse it, inside the transaction, so it rolls back.
          if (result instanceof Promise) throw new Error('A store transaction must be synchronous.');
          return result;
        })
        .immediate();
    },
    close(): void {
      if (db.open) db.close();
    },
  };
}

export type { Database } from './database';
export type { Tenant, Domain, NewTenant, TenantSettingsPatch } from './tenants';
export { TenantPolicyError } from './tenants';
export type { User, NewUser, CloudLockout, OnPremLockout } from './users';
export type { Group } from './groups';
export type { AuthMethod, NewAuthMethod, SecurityAnswer } from './methods';
export type { DeviceSettings } from './device';
export { DeviceSettingsPatch } from './device';
export type { AuditEvent, AuditRow, NewAuditEvent, AuditQuery, AuditActivity, AuditResult, AuditMethod } from './audit';
export { auditActivities, auditColumns, toEvent as auditEventOf } from './audit';
export type { MailSettings, MailConnector, SmtpSecurity, MailDelivery, MailDeliveryStatus } from './mail';
export { MailSettingsPatch } from './mail';
export type { DirectoryConnectorSettings } from './directory-connectors';
export { isLoopbackHost, ldapSettingsProblem, newSecretId } from './directory-connectors';
export type { OutboxMessage, NewOutboxMessage, OutboxQuery, OutboxChannel } from './outbox';
