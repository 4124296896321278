import type { MailConnector } from '../store';

/** One e-mail as it leaves: the body may hold a one-time code, so it is never logged. */
export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
}

/** Where e-mail goes (issue 9): the simulated outbox, or a real server over SMTP. */
export interface MailTransport {
  readonly connector: MailConnector;
  /** Resolves once the message was handed over; rejects with a `MailDeliveryError` when it was not. */
  send(mail: OutgoingMail): Promise<void>;
}

/** A send that failed, named by the transport's code (`EAUTH`, `ECONNECTION`, `ETLS`…), never its text. */
export class MailDeliveryError extends Error {
  constructor(readonly reason: string) {
    super(`The e-mail was not delivered (${reason}).`);
    this.name = 'MailDeliveryError';
  }
}
