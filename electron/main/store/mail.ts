import { MailSettingsPatch, type MailConnector, type SmtpSecurity } from '../../../shared/connectors';
import type { Database, Statement } from './database';
import { isoTime } from './rows';

export { MailSettingsPatch, mailConnectors, smtpSecurities } from '../../../shared/connectors';
export type { MailConnector, SmtpSecurity } from '../../../shared/connectors';
export const mailDeliveryStatuses = ['sending', 'sent', 'failed'] as const;
export type MailDeliveryStatus = (typeof mailDeliveryStatuses)[number];

export interface MailSettings {
  connector: MailConnector;
  host: string;
  port: number;
  security: SmtpSecurity;
  username: string | null;
  fromAddress: string;
  trustedCertificate: string | null;
}

export interface MailDelivery {
  outboxId: number;
  status: MailDeliveryStatus;
  /** Why a send failed, as the transport named it (`EAUTH`, `ECONNECTION`…); never the message. */
  failure: string | null;
  updatedAt: Date;
}

interface SettingsRow {
  connector: MailConnector;
  host: string;
  port: number;
  security: SmtpSecurity;
  username: string | null;
  from_address: string;
  trusted_certificate: string | null;
}

interface DeliveryRow {
  outbox_id: number;
  status: MailDeliveryStatus;
  failure: string | null;
  updated_at: string;
}

/** The e-mail connector's settings and what became of each message sent over SMTP (migration 13). */
export function createMailRepository(db: Database) {
  // Prepared on first use: a store opened at an older version for a migration test has no such tables.
  let prepared: {
    get: Statement<[], SettingsRow>;
    update: Statement<[SettingsRow]>;
    record: Statement<[DeliveryRow]>;
    delivery: Statement<[number], DeliveryRow>;
  } | null = null;
  const statements = () =>
    (prepared ??= {
      get: db.prepare<[], SettingsRow>(
        'SELECT connector, host, port, security, username, from_address, trusted_certificate FROM mail_settings WHERE id = 1',
      ),
      update: db.prepare<[SettingsRow]>(
        `UPDATE mail_settings SET connector = @connector, host = @host, port = @port, security = @security,
           username = @username, from_address = @from_address, trusted_certificate = @trusted_certificate
         WHERE id = 1`,
      ),
      record: db.prepare<[DeliveryRow]>(
        `INSERT INTO mail_deliveries (outbox_id, status, failure, updated_at) VALUES (@outbox_id, @status, @failure, @updated_at)
         ON CONFLICT (outbox_id) DO UPDATE SET status = excluded.status, failure = excluded.failure,
           updated_at = excluded.updated_at`,
      ),
      delivery: db.prepare<[number], DeliveryRow>(
        'SELECT outbox_id, status, failure, updated_at FROM mail_deliveries WHERE outbox_id = ?',
      ),
    });

  const settings = (): MailSettings => {
    const row = statements().get.get();
    if (!row) throw new Error('The mail settings row is missing; the database was not migrated.');
    return {
      connector: row.connector,
      host: row.host,
      port: row.port,
      security: row.security,
      username: row.username,
      fromAddress: row.from_address,
      trustedCertificate: row.trusted_certificate,
    };
  };

  return {
    settings,
    updateSettings: (patch: MailSettingsPatch): MailSettings => {
      const parsed = MailSettingsPatch.parse(patch);
      const next: MailSettings = {
        ...settings(),
        ...(Object.fromEntries(
          Object.entries(parsed).filter(([, value]) => value !== undefined),
        ) as Partial<MailSettings>),
      };
      if (next.connector === 'smtp' && (next.host === '' || next.fromAddress === '')) {
        throw new Error('E-mail over SMTP needs a server host and a from-address.');
      }
      statements().update.run({
        connector: next.connector,
        host: next.host,
        port: next.port,
        security: next.security,
        username: next.username,
        from_address: next.fromAddress,
        trusted_certificate: next.trustedCertificate,
      });
      return settings();
    },
    recordDelivery: (outboxId: number, status: MailDeliveryStatus, at: Date, failure: string | null = null): void => {
      statements().record.run({ outbox_id: outboxId, status, failure, updated_at: isoTime(at) });
    },
    /** Null for a message that never left over SMTP (the simulated connector's). */
    deliveryOf: (outboxId: number): MailDelivery | null => {
      const row = statements().delivery.get(outboxId);
      return row
        ? { outboxId: row.outbox_id, status: row.status, failure: row.failure, updatedAt: new Date(row.updated_at) }
        : null;
    },
  };
}

export type MailRepository = ReturnType<typeof createMailRepository>;
