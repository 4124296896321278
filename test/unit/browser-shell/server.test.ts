import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request as httpRequest } from 'node:http';
import { startBrowserShell, type BrowserShell } from '../../../electron/main/browser-shell/server';
import type { Handlers } from '../../../electron/main/api/dispatch';
import { memoryLogger } from '../../../electron/main/log';

// Handlers that record being reached; the shell's own checks must stop a bad request before them.
const reached: string[] = [];
const handlers = {
  'app.getInfo': () => {
    reached.push('app.getInfo');
    return {
      productName: 'Reset password',
      version: '0.0.0',
      shell: 'browser',
      kiosk: false,
      vault: { backend: 'file', detail: 'test' },
    };
  },
} as unknown as Handlers;

let shell: BrowserShell;
const rendererDir = mkdtempSync(join(tmpdir(), 'sspr-renderer-'));

beforeAll(async () => {
  mkdirSync(join(rendererDir, 'assets'));
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>lock</title>');
  writeFileSync(join(rendererDir, 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(join(tmpdir(), 'sspr-outside.txt'), 'outside');
  shell = await startBrowserShell({ handlers, rendererDir, log: memoryLogger() });
});
afterAll(() => shell.close());

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A raw HTTP request, so the test controls Host and Origin exactly as an attacker's page could not. */
function send(
  path: string,
  options: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: '127.0.0.1',
        port: shell.port,
        path,
        method: options.method ?? 'GET',
        headers: options.headers,
        setHost: false,
      },
      (res) => {
        let body = '';
        res.on('data', (chunk: Buffer) => (body += chunk.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

const goodHeaders = () => ({
  host: `127.0.0.1:${shell.port}`,
  origin: shell.origin,
  authorization: `Bearer ${shell.token}`,
  'content-type': 'application/json',
});

describe('browser shell: the contract over loopback', () => {
  it('binds to 127.0.0.1 and prints an address carrying the launch token', () => {
    expect(shell.url).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${shell.port}/#token=[A-Za-z0-9_-]{43}$`));
  });

  it('answers a good call with the handler envelope', async () => {
    const reply = await send('/api/call/app.getInfo', { method: 'POST', headers: goodHeaders(), body: '{}' });
    expect(reply.status).toBe(200);
    expect(JSON.parse(reply.body)).toMatchObject({ ok: true, value: { shell: 'browser' } });
  });

  it('refuses a foreign Host header (DNS rebinding) before anything else', async () => {
    reached.length = 0;
    const reply = await send('/api/call/app.getInfo', {
      method: 'POST',
      headers: { ...goodHeaders(), host: `evil.example:${shell.port}` },
      body: '{}',
    });
    expect(reply.status).toBe(421);
    expect(reached).toEqual([]);
  });

  it('refuses a call from another origin, or with no origin', async () => {
    reached.length = 0;
    const foreign = await send('/api/call/app.getInfo', {
      method: 'POST',
      headers: { ...goodHeaders(), origin: 'http://evil.example' },
      body: '{}',
    });
    expect(foreign.status).toBe(403);
    const { origin: _origin, ...withoutOrigin } = goodHeaders();
    const none = await send('/api/call/app.getInfo', { method: 'POST', headers: withoutOrigin, body: '{}' });
    expect(none.status).toBe(403);
    expect(JSON.parse(none.body)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(reached).toEqual([]);
  });

  it('refuses a call without this launch token, or with another one', async () => {
    reached.length = 0;
    const { authorization: _authorization, ...withoutToken } = goodHeaders();
    const none = await send('/api/call/app.getInfo', { method: 'POST', headers: withoutToken, body: '{}' });
    expect(none.status).toBe(401);
    const wrong = await send('/api/call/app.getInfo', {
      method: 'POST',
      headers: { ...goodHeaders(), authorization: 'Bearer ' + 'A'.repeat(43) },
      body: '{}',
    });
    expect(JSON.parse(wrong.body)).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    expect(reached).toEqual([]);
  });

  it('refuses bodies that are not JSON, too large, or not POSTed', async () => {
    reached.length = 0;
    const notJson = await send('/api/call/app.getInfo', { method: 'POST', headers: goodHeaders(), body: '{nope' });
    expect(JSON.parse(notJson.body)).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
    const huge = await send('/api/call/app.getInfo', {
      method: 'POST',
      headers: goodHeaders(),
      body: JSON.stringify({ filler: 'x'.repeat(70_000) }),
    });
    expect(huge.status).toBe(413);
    const get = await send('/api/call/app.getInfo', { headers: goodHeaders() });
    expect(get.status).toBe(405);
    const plain = await send('/api/call/app.getInfo', {
      method: 'POST',
      headers: { ...goodHeaders(), 'content-type': 'text/plain' },
      body: '{}',
    });
    expect(plain.status).toBe(415);
    expect(reached).toEqual([]);
  });

  it('answers an unknown call, or a prototype key, with unknown_call', async () => {
    for (const name of ['nope', '__proto__', 'constructor', 'toString']) {
      const reply = await send(`/api/call/${name}`, { method: 'POST', headers: goodHeaders(), body: '{}' });
      expect(JSON.parse(reply.body)).toMatchObject({ ok: false, error: { code: 'unknown_call' } });
    }
  });

  it('serves the renderer with a strict CSP and never a file outside its folder', async () => {
    const index = await send('/', { headers: { host: `127.0.0.1:${shell.port}` } });
    expect(index.status).toBe(200);
    expect(index.body).toContain('<title>lock</title>');
    expect(index.headers['content-security-policy']).toContain("script-src 'self'");
    expect(index.headers['x-frame-options']).toBe('DENY');
    const asset = await send('/assets/app.js', { headers: { host: `localhost:${shell.port}` } });
    expect(asset.headers['content-type']).toContain('text/javascript');
    for (const path of ['/../sspr-outside.txt', '/%2e%2e/sspr-outside.txt', '/assets/..%2f..%2fsspr-outside.txt']) {
      const reply = await send(path, { headers: { host: `127.0.0.1:${shell.port}` } });
      expect(reply.body).not.toContain('outside');
    }
  });
});
