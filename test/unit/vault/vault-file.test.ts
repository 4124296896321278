// The vault where no OS keychain answers: the 0600 key file, and the AES-GCM box sealed with its data key.
import { chmod, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSecretBox, openVault } from '../../../electron/main/vault';
import type { Vault } from '../../../electron/main/vault';

let dir: string;
const keyFile = (): string => join(dir, 'vault.key.json');
const modeOf = async (path: string): Promise<number> => (await stat(path)).mode & 0o777;
const openFileVault = (): Promise<Vault> => openVault({ fileDir: dir, backend: 'file' });

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sspr-vault-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Every way a secret's bytes could appear in text. */
function spellings(secret: Buffer): string[] {
  return [secret.toString('hex'), secret.toString('base64'), secret.toString('base64url'), secret.toString('latin1')];
}

describe('file vault', () => {
  it('creates the key file readable by this user only', async () => {
    const vault = await openFileVault();
    await vault.dataKey();
    expect(await modeOf(keyFile())).toBe(0o600);
  });

  it('keeps the same 32-byte data key across reopening', async () => {
    const first = await (await openFileVault()).dataKey();
    const again = await (await openFileVault()).dataKey();
    expect(first).toHaveLength(32);
    expect(again.equals(first)).toBe(true);
  });

  it('mints one data key when first asked twice at once', async () => {
    const vault = await openFileVault();
    const [one, two] = await Promise.all([vault.dataKey(), vault.dataKey()]);
    expect(two.equals(one)).toBe(true);
    expect((await (await openFileVault()).dataKey()).equals(one)).toBe(true);
  });

  it('tightens a key file found readable by others back to 0600', async () => {
    const key = await (await openFileVault()).dataKey();
    await chmod(keyFile(), 0o644);
    const reopened = await openFileVault();
    expect(await modeOf(keyFile())).toBe(0o600);
    expect((await reopened.dataKey()).equals(key)).toBe(true);
  });

  it('says the secrets are protected by the file key only, and where', async () => {
    const state = (await openFileVault()).state();
    expect(state.backend).toBe('file');
    expect(state.detail).toContain('file key only');
    expect(state.detail).toContain(keyFile());
    expect(state.detail).toContain('readable by this user account only');
  });

  it('round-trips each secret and forgets a deleted one', async () => {
    const vault = await openFileVault();
    const credential = Buffer.from('scrypt$N=16384$salt$hash');
    const hmacKey = Buffer.from([0, 255, 1, 254, 128]);
    expect(await vault.get('admin-credential')).toBeNull();
    await vault.set('admin-credential', credential);
    await vault.set('audit-hmac-key', hmacKey);

    const reopened = await openFileVault();
    expect((await reopened.get('admin-credential'))?.equals(credential)).toBe(true);
    expect((await reopened.get('audit-hmac-key'))?.equals(hmacKey)).toBe(true);

    await reopened.delete('admin-credential');
    await reopened.delete('admin-credential');
    expect(await (await openFileVault()).get('admin-credential')).toBeNull();
    expect((await reopened.get('audit-hmac-key'))?.equals(hmacKey)).toBe(true);
  });

  it('writes atomically, leaving no temporary file behind', async () => {
    const vault = await openFileVault();
    await Promise.all([
      vault.dataKey(),
      vault.set('audit-hmac-key', Buffer.from('k')),
      vault.delete('admin-credential'),
    ]);
    expect(await readdir(dir)).toEqual(['vault.key.json']);
  });

  it('never puts a secret in its state or its errors', async () => {
    const vault = await openFileVault();
    const key = await vault.dataKey();
    const credential = Buffer.from('admin-credential-hash-value');
    await vault.set('admin-credential', credential);
    const detail = (await openFileVault()).state().detail;
    for (const spelling of [...spellings(key), ...spellings(credential)]) expect(detail).not.toContain(spelling);

    await writeFile(keyFile(), (await readFile(keyFile(), 'utf8')).replace('"version": 1', '"version": 2'));
    const failure = await openFileVault().then(
      () => null,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(Error);
    expect((failure as Error).message).toContain('is corrupt');
    for (const spelling of [...spellings(key), ...spellings(credential)]) {
      expect((failure as Error).message).not.toContain(spelling);
    }
  });

  it('refuses to recreate a data key the key file notes as kept in the OS keychain', async () => {
    const noted = JSON.stringify({ version: 1, secrets: {}, inKeychain: ['data-key'] });
    await writeFile(keyFile(), noted, { mode: 0o600 });
    const vault = await openFileVault();
    expect(vault.state().detail).toContain('Kept in the OS keychain, so unusable until it answers: data key');
    await expect(vault.dataKey()).rejects.toThrow(/data key is kept in the OS keychain.*not recreated/);
    expect(await readFile(keyFile(), 'utf8')).toBe(noted);
    await vault.set('audit-hmac-key', Buffer.from('still usable'));
    expect((await vault.get('audit-hmac-key'))?.toString()).toBe('still usable');
  });
});

// With no Secret Service on the session bus, 'auto' must say why it uses the file, and not hang.
describe.runIf(process.platform === 'linux')('auto vault without a keychain', () => {
  const saved = process.env['DBUS_SESSION_BUS_ADDRESS'];
  afterEach(() => {
    if (saved === undefined) delete process.env['DBUS_SESSION_BUS_ADDRESS'];
    else process.env['DBUS_SESSION_BUS_ADDRESS'] = saved;
  });

  it('falls back to the file key and gives the reason when the session bus is missing', async () => {
    process.env['DBUS_SESSION_BUS_ADDRESS'] = `unix:path=${join(dir, 'no-bus')}`;
    const vault = await openVault({ fileDir: dir, backend: 'auto', service: 'sspr-lockscreen-unit' });
    const key = await vault.dataKey();
    expect(vault.state().backend).toBe('file');
    expect(vault.state().detail).toMatch(/^No OS keychain answered \(.+\); secrets are protected by a file key only: /);
    expect(vault.state().detail).toContain(keyFile());
    for (const spelling of spellings(key)) expect(vault.state().detail).not.toContain(spelling);
    expect(await modeOf(keyFile())).toBe(0o600);
  });

  it('falls back within the probe timeout when the session bus never replies', async () => {
    const { server, path } = await silentBus(dir);
    try {
      process.env['DBUS_SESSION_BUS_ADDRESS'] = `unix:path=${path}`;
      const started = Date.now();
      const vault = await openVault({ fileDir: dir, backend: 'auto', probeTimeoutMs: 1000 });
      expect(Date.now() - started).toBeLessThan(5000);
      expect(vault.state().backend).toBe('file');
      expect(vault.state().detail).toContain('No OS keychain answered (it did not answer within 1 s)');
    } finally {
      server.close();
    }
  });

  it("refuses the 'keychain' backend when no keychain answers", async () => {
    process.env['DBUS_SESSION_BUS_ADDRESS'] = `unix:path=${join(dir, 'no-bus')}`;
    await expect(openVault({ fileDir: dir, backend: 'keychain' })).rejects.toThrow(
      /^The OS keychain did not answer \(.+\)/,
    );
  });
});

/** A unix socket that accepts connections and never says a word, as a wedged D-Bus daemon would. */
async function silentBus(folder: string): Promise<{ server: Server; path: string }> {
  const path = join(folder, 'silent-bus');
  const connections: Socket[] = [];
  const server = createServer((socket) => connections.push(socket));
  server.on('close', () => connections.forEach((socket) => socket.destroy()));
  await new Promise<void>((listening) => server.listen(path, listening));
  return { server, path };
}

describe('secret box', () => {
  const key = Buffer.alloc(32, 7);

  it('opens what it sealed, whatever the text', () => {
    const box = createSecretBox(key);
    for (const secret of ['JBSWY3DPEHPK3PXP', '', 'pässwörd ✓ 🔑']) expect(box.open(box.seal(secret))).toBe(secret);
  });

  it('seals as v1.<iv>.<tag>.<ciphertext> with a fresh 12-byte IV each time', () => {
    const box = createSecretBox(key);
    const [one, two] = [box.seal('JBSWY3DPEHPK3PXP'), box.seal('JBSWY3DPEHPK3PXP')];
    expect(one).not.toBe(two);
    const parts = one.split('.');
    expect(parts).toHaveLength(4);
    expect(parts[0]).toBe('v1');
    expect(Buffer.from(parts[1] ?? '', 'base64url')).toHaveLength(12);
    expect(Buffer.from(parts[2] ?? '', 'base64url')).toHaveLength(16);
    expect(one).not.toContain('JBSWY3DPEHPK3PXP');
  });

  it('detects any tampering, without quoting the secret', () => {
    const box = createSecretBox(key);
    const sealed = box.seal('JBSWY3DPEHPK3PXP');
    const [version, iv, tag, ciphertext] = sealed.split('.') as [string, string, string, string];
    const flip = (part: string): string => {
      const bytes = Buffer.from(part, 'base64url');
      bytes[0] = (bytes[0] ?? 0) ^ 1;
      return bytes.toString('base64url');
    };
    const tampered = [
      [version, iv, tag, flip(ciphertext)],
      [version, iv, flip(tag), ciphertext],
      [version, flip(iv), tag, ciphertext],
      ['v2', iv, tag, ciphertext],
      [version, iv, tag],
      [version, iv, tag, ciphertext, ciphertext],
      [version, `${iv}!`, tag, ciphertext],
      [version, iv, tag.slice(0, -2), ciphertext],
    ].map((parts) => parts.join('.'));
    for (const forged of [...tampered, '', 'garbage']) {
      expect(() => box.open(forged)).toThrow('sealed secret is corrupt or was sealed with another key');
      try {
        box.open(forged);
      } catch (error) {
        expect(String(error)).not.toContain('JBSWY3DPEHPK3PXP');
      }
    }
  });

  it("cannot open another key's box", () => {
    const sealed = createSecretBox(key).seal('JBSWY3DPEHPK3PXP');
    expect(() => createSecretBox(Buffer.alloc(32, 8)).open(sealed)).toThrow(
      'sealed secret is corrupt or was sealed with another key',
    );
  });

  it('takes only a 32-byte key', () => {
    expect(() => createSecretBox(Buffer.alloc(16))).toThrow('32 bytes');
  });

  it('seals with the vault data key across reopening', async () => {
    const sealed = createSecretBox(await (await openFileVault()).dataKey()).seal('JBSWY3DPEHPK3PXP');
    expect(createSecretBox(await (await openFileVault()).dataKey()).open(sealed)).toBe('JBSWY3DPEHPK3PXP');
  });
});
