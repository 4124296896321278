import type { Clock } from '../clock';
import type { Logger } from '../log';
import type { MailConnector, OutboxMessage, Store } from '../store';
import type { Vault } from '../vault/types';
import { simulatedTransport } from './simulated';
import { createSmtpTransport } from './smtp';
import { MailDeliveryError, type MailTransport } from './types';

/** An e-mail for the mailer: who it is for and about, for the outbox and the audit log. */
export interface NewMail {
  at: Date;
  tenantId: number;
  to: string;
  subject: string;
  body: string;
  /** The user the message is about, for the audit event of a failed send. */
  about?: { userId: number; upn: string };
}

/** A message in the outbox, and the connector chosen for it when it was written. */
export interface RecordedMail {
  message: OutboxMessage;
  connector: MailConnector;
  about: NewMail['about'];
}

export type DeliveryOutcome = { delivered: true } | { delivered: false; reason: string };

export interface Mailer {
  /**
   * Writes the message to the outbox (which shows everything sent, whatever the connector) with the
   * connector the settings name now; synchronous, so it joins the caller's store transaction.
   */
  record(mail: NewMail): RecordedMail;
  /** Hands a recorded message to its connector; a failure is recorded and audited, never thrown. */
  deliver(recorded: RecordedMail): Promise<DeliveryOutcome>;
  /** Notifications: delivered without keeping the user waiting; each failure is recorded and audited. */
  deliverLater(recorded: readonly RecordedMail[]): void;
}

/**
 * The e-mail side of delivery (issue 9). The settings are read at every send and the password at every
 * SMTP delivery, so switching between the simulated outbox and SMTP needs no restart.
 */
export function createMailer(deps: { store: Store; vault: Pick<Vault, 'get'>; clock: Clock; log: Logger }): Mailer {
  const transportFor = async (connector: MailConnector): Promise<MailTransport> => {
    if (connector === 'simulated') return simulatedTransport;
    const password = await deps.vault.get('smtp-password');
    return createSmtpTransport(deps.store.mail.settings(), password ? password.toString('utf8') : null);
  };

  const mailer: Mailer = {
    record(mail) {
      const { connector } = deps.store.mail.settings();
      const message = deps.store.outbox.append({
        at: mail.at,
        tenantId: mail.tenantId,
        channel: 'email',
        recipient: mail.to,
        subject: mail.subject,
        body: mail.body,
      });
      if (connector === 'smtp') deps.store.mail.recordDelivery(message.id, 'sending', mail.at);
      return { message, connector, about: mail.about };
    },
    async deliver({ message, connector, about }) {
      try {
        const transport = await transportFor(connector);
        await transport.send({ to: message.recipient, subject: message.subject ?? '', text: message.body });
        if (connector === 'smtp') deps.store.mail.recordDelivery(message.id, 'sent', deps.clock.now());
        return { delivered: true };
      } catch (error) {
        const reason = error instanceof MailDeliveryError ? error.reason : 'EUNKNOWN';
        const at = deps.clock.now();
        deps.store.transaction(() => {
          deps.store.mail.recordDelivery(message.id, 'failed', at, reason);
          deps.store.audit.append({
            at,
            tenantId: message.tenantId,
            actor: 'system',
            targetUserId: about?.userId ?? null,
            targetUpn: about?.upn ?? null,
            activity: 'mailDeliveryFailed',
            result: 'failure',
            reason,
            details: { connector, outboxId: message.id },
          });
        });
        deps.log.warn('an e-mail was not delivered', { connector, reason, outboxId: message.id });
        return { delivered: false, reason };
      }
    },
    deliverLater(recorded) {
      for (const mail of recorded) {
        // Only a store closed under a late delivery can throw here; the message is in the outbox either way.
        mailer.deliver(mail).catch((error: unknown) => {
          deps.log.warn('an e-mail could not be handed over', {
            outboxId: mail.message.id,
            error: error instanceof Error ? error.name : 'unknown',
          });
        });
      }
    },
  };
  return mailer;
}
