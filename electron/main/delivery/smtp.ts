import { createTransport } from 'nodemailer';
import type { MailSettings } from '../store';
import { MailDeliveryError, type MailTransport } from './types';

/** A stalled server must not hold a reset flow for minutes. */
const timeoutMs = 15_000;

/**
 * E-mail over SMTP with nodemailer (issue 9): one connection per message, made with the settings and
 * the vault's password as they are at send time. `starttls` refuses a server that does not offer it.
 */
export function createSmtpTransport(settings: MailSettings, password: string | null): MailTransport {
  const transport = createTransport({
    host: settings.host,
    port: settings.port,
    secure: settings.security === 'tls',
    requireTLS: settings.security === 'starttls',
    ignoreTLS: settings.security === 'none',
    ...(settings.username ? { auth: { user: settings.username, pass: password ?? '' } } : {}),
    ...(settings.trustedCertificate ? { tls: { ca: [settings.trustedCertificate] } } : {}),
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: timeoutMs,
    logger: false,
    debug: false,
  });
  return {
    connector: 'smtp',
    async send(mail) {
      try {
        await transport.sendMail({ from: settings.fromAddress, to: mail.to, subject: mail.subject, text: mail.text });
      } catch (error) {
        throw new MailDeliveryError(reasonOf(error));
      } finally {
        transport.close();
      }
    },
  };
}

/** nodemailer's error code only: its message may quote the server's reply. */
function reasonOf(error: unknown): string {
  const code = typeof error === 'object' && error !== null && 'code' in error ? error.code : undefined;
  return typeof code === 'string' && /^[A-Z_]{1,32}$/.test(code) ? code : 'EUNKNOWN';
}
