// A real SMTP server on loopback (smtp-server) that keeps what it is given, for the tests of e-mail
// delivery (issue 9): plain, STARTTLS or TLS from the first byte, with or without an account. Its key
// is a self-signed fixture for 127.0.0.1 (test/fixtures/loopback-tls), trusted by the app as a lab's own.
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { SMTPServer } from 'smtp-server';

const fixtures = resolve('test/fixtures/loopback-tls');
const key = readFileSync(resolve(fixtures, 'localhost.key'));
/** The server's certificate, as the settings pane's "trusted certificate" takes it. */
export const smtpCert = readFileSync(resolve(fixtures, 'localhost.crt'), 'utf8');
/** The one account the server accepts when it asks for one. */
export const smtpAccount = { user: 'sspr-mailer', pass: 'Relay#Lantern-42' };

export interface Delivered {
  to: string[];
  raw: string;
}

export interface LoopbackSmtpServer {
  port: number;
  delivered: Delivered[];
  close(): Promise<void>;
}

export async function startSmtpServer(options: {
  auth: boolean;
  starttls?: boolean;
  secure?: boolean;
}): Promise<LoopbackSmtpServer> {
  const delivered: Delivered[] = [];
  const tls = options.starttls || options.secure;
  const server = new SMTPServer({
    secure: options.secure ?? false,
    ...(tls ? { key, cert: smtpCert } : { disabledCommands: ['STARTTLS'] }),
    authOptional: !options.auth,
    ...(options.auth ? { allowInsecureAuth: true } : { disabledCommands: tls ? ['AUTH'] : ['AUTH', 'STARTTLS'] }),
    logger: false,
    onAuth(auth, _session, callback) {
      if (auth.username === smtpAccount.user && auth.password === smtpAccount.pass)
        callback(null, { user: auth.username });
      else callback(new Error('Invalid username or password'));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        delivered.push({
          to: session.envelope.rcptTo.map((rcpt) => rcpt.address),
          raw: Buffer.concat(chunks).toString('utf8'),
        });
        callback();
      });
    },
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.server.address() as AddressInfo;
  return { port, delivered, close: () => new Promise<void>((done) => server.close(() => done())) };
}
