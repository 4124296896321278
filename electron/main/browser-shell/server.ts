import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { randomBytes, timingSafeEqual, createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import type { AddressInfo } from 'node:net';
import { dispatch, type Handlers } from '../api/dispatch';
import type { Logger } from '../log';
import type { Envelope } from '../../../shared/errors';
import { CONTENT_SECURITY_POLICY } from '../../../shared/csp';

/**
 * The browser shell: the same contract as the Electron shell, served over loopback next to the built
 * renderer. It binds to 127.0.0.1 only, checks the Host header (no DNS rebinding) and the Origin
 * header (no other site may call it), and every call must carry this launch's secret token.
 */
export interface BrowserShellOptions {
  handlers: Handlers;
  rendererDir: string;
  log: Logger;
  /** 0 or absent picks a free port. */
  port?: number;
}

export interface BrowserShell {
  url: string;
  origin: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 64 * 1024;
const CALL_PREFIX = '/api/call/';

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json; charset=utf-8',
  '.woff2': 'font/woff2',
};

export async function startBrowserShell(options: BrowserShellOptions): Promise<BrowserShell> {
  const token = randomBytes(32).toString('base64url');
  const tokenDigest = digest(token);
  let port = 0;
  const allowedHosts = () => [`127.0.0.1:${port}`, `localhost:${port}`];
  const allowedOrigins = () => allowedHosts().map((host) => `http://${host}`);

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      options.log.error('browser shell request failed', {
        error: error instanceof Error ? error.message : String(error),
      });
      if (!response.headersSent) send(response, 500, 'text/plain; charset=utf-8', 'Internal error');
      else response.end();
    });
  });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    if (!allowedHosts().includes(request.headers.host ?? '')) {
      send(response, 421, 'text/plain; charset=utf-8', 'This address is served to 127.0.0.1 only.');
      return;
    }
    const path = new URL(request.url ?? '/', 'http://127.0.0.1').pathname;
    if (path.startsWith(CALL_PREFIX)) {
      await handleCall(request, response, decodeURIComponent(path.slice(CALL_PREFIX.length)));
      return;
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      send(response, 405, 'text/plain; charset=utf-8', 'Method not allowed');
      return;
    }
    await serveFile(response, path, request.method === 'HEAD');
  }

  async function handleCall(request: IncomingMessage, response: ServerResponse, name: string): Promise<void> {
    if (request.method !== 'POST') {
      sendEnvelope(response, 405, {
        ok: false,
        error: { code: 'invalid_request', message: 'Calls are POST requests.' },
      });
      return;
    }
    if (!allowedOrigins().includes(request.headers.origin ?? '')) {
      sendEnvelope(response, 403, {
        ok: false,
        error: { code: 'forbidden', message: 'Calls are accepted from this app only.' },
      });
      return;
    }
    const presented = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1] ?? '';
    if (!timingSafeEqual(digest(presented), tokenDigest)) {
      sendEnvelope(response, 401, {
        ok: false,
        error: { code: 'unauthorized', message: 'This launch of the app did not issue that token.' },
      });
      return;
    }
    if (!(request.headers['content-type'] ?? '').startsWith('application/json')) {
      sendEnvelope(response, 415, { ok: false, error: { code: 'invalid_request', message: 'Calls carry JSON.' } });
      return;
    }
    const body = await readBody(request);
    if (body === null) {
      sendEnvelope(response, 413, {
        ok: false,
        error: { code: 'invalid_request', message: 'The request is too large.' },
      });
      return;
    }
    let payload: unknown;
    try {
      payload = body.length === 0 ? undefined : JSON.parse(body);
    } catch {
      sendEnvelope(response, 400, {
        ok: false,
        error: { code: 'invalid_request', message: 'The request is not valid JSON.' },
      });
      return;
    }
    sendEnvelope(response, 200, await dispatch(options.handlers, name, payload, { shell: 'browser' }, options.log));
  }

  async function serveFile(response: ServerResponse, path: string, headOnly: boolean): Promise<void> {
    const relative = normalize(decodeURIComponent(path)).replace(/^([/\\])+/, '');
    const file = join(options.rendererDir, relative === '' ? 'index.html' : relative);
    if (!file.startsWith(options.rendererDir + sep) && file !== options.rendererDir) {
      send(response, 404, 'text/plain; charset=utf-8', 'Not found');
      return;
    }
    const info = await stat(file).catch(() => null);
    const target = info?.isFile() ? file : join(options.rendererDir, 'index.html');
    const type = contentTypes[extname(target)] ?? 'application/octet-stream';
    const content = await readFile(target).catch(() => null);
    if (!content) {
      send(response, 404, 'text/plain; charset=utf-8', 'The renderer is not built: run npm run build.');
      return;
    }
    const immutable = target.includes(`${sep}assets${sep}`);
    response.setHeader('Cache-Control', immutable ? 'public, max-age=31536000, immutable' : 'no-store');
    send(response, 200, type, headOnly ? '' : content);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  const origin = `http://127.0.0.1:${port}`;
  return {
    url: `${origin}/#token=${token}`,
    origin,
    port,
    token,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}

function readBody(request: IncomingMessage): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) tooLarge = true;
      else chunks.push(chunk);
    });
    request.on('end', () => resolve(tooLarge ? null : Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

function securityHeaders(response: ServerResponse): void {
  response.setHeader('Content-Security-Policy', CONTENT_SECURITY_POLICY);
  response.setHeader('X-Content-Type-Options', 'nosniff');
  response.setHeader('X-Frame-Options', 'DENY');
  response.setHeader('Referrer-Policy', 'no-referrer');
  response.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
  response.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
}

function send(response: ServerResponse, status: number, type: string, body: string | Buffer): void {
  securityHeaders(response);
  response.statusCode = status;
  response.setHeader('Content-Type', type);
  response.end(body);
}

function sendEnvelope(response: ServerResponse, status: number, envelope: Envelope<unknown>): void {
  response.setHeader('Cache-Control', 'no-store');
  send(response, status, 'application/json; charset=utf-8', JSON.stringify(envelope));
}
