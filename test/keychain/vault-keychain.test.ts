// The vault against a real Secret Service (GNOME keyring in a private D-Bus session, from
// scripts/with-keyring.sh). No skipping: when no keychain answers, these tests fail.
import { AsyncEntry, findCredentialsAsync } from '@napi-rs/keyring';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { openVault, type OpenVaultOptions } from '../../electron/main/vault';

const service = `sspr-lockscreen-test-${randomBytes(6).toString('hex')}`;
const entryOptions = { linux: { store: 'secret-service' } } as const;
const folders: string[] = [];

async function dataFolder(): Promise<string> {
  const folder = await mkdtemp(join(tmpdir(), 'sspr-vault-keychain-'));
  folders.push(folder);
  return folder;
}

// 'keychain' by default: with no keychain answering, openVault throws and every test fails, none skips.
const open = (fileDir: string, more: Partial<OpenVaultOptions> = {}) =>
  openVault({ service, fileDir, backend: 'keychain', ...more });

/** What this run's service holds in the keychain, by account. */
async function keychainEntries(): Promise<Map<string, string>> {
  return new Map((await findCredentialsAsync(service)).map(({ account, password }) => [account, password]));
}

/** The key file's text, or '' when there is none. */
async function keyFileText(fileDir: string): Promise<string> {
  return readFile(join(fileDir, 'vault.key.json'), 'utf8').catch(() => '');
}

afterEach(async () => {
  await Promise.all(folders.splice(0).map((folder) => rm(folder, { recursive: true, force: true })));
});

afterAll(async () => {
  for (const account of (await keychainEntries()).keys()) {
    await new AsyncEntry(service, account, entryOptions).deleteCredential();
  }
  expect((await keychainEntries()).size).toBe(0);
});

describe('keychain vault', () => {
  it("'auto' picks the OS keychain when it answers, and says so", async () => {
    const vault = await open(await dataFolder(), { backend: 'auto' });
    expect(vault.state()).toEqual({
      backend: 'keychain',
      detail: 'Secrets are kept in the OS keychain (Secret Service).',
    });
  });

  it('leaves no probe entry behind', async () => {
    await open(await dataFolder(), { account: 'probe-check' });
    expect([...(await keychainEntries()).keys()].filter((account) => account.startsWith('probe-check'))).toEqual([]);
  });

  it('keeps the data key in the keychain across reopening, and not in the key file', async () => {
    const folder = await dataFolder();
    const key = await (await open(folder)).dataKey();
    const again = await (await open(folder)).dataKey();
    expect(key).toHaveLength(32);
    expect(again.equals(key)).toBe(true);

    const stored = [...(await keychainEntries())].filter(([account]) => account.endsWith(':data-key'));
    expect(stored.filter(([, value]) => value === key.toString('base64'))).toHaveLength(1);

    const fileText = await keyFileText(folder);
    for (const spelling of [key.toString('base64'), key.toString('base64url'), key.toString('hex')]) {
      expect(fileText).not.toContain(spelling);
    }
    if (fileText) expect(JSON.parse(fileText)).toMatchObject({ secrets: {}, inKeychain: ['data-key'] });
  });

  it('gives a second data folder its own data key', async () => {
    const first = await (await open(await dataFolder())).dataKey();
    const second = await (await open(await dataFolder())).dataKey();
    expect(second.equals(first)).toBe(false);
  });

  it('gives a second account its own data key in the same folder', async () => {
    const folder = await dataFolder();
    const first = await (await open(folder, { account: 'first-account' })).dataKey();
    const second = await (await open(await dataFolder(), { account: 'second-account' })).dataKey();
    expect(second.equals(first)).toBe(false);
    expect((await (await open(folder, { account: 'first-account' })).dataKey()).equals(first)).toBe(true);
  });

  it('round-trips and deletes secrets in the keychain', async () => {
    const vault = await open(await dataFolder(), { account: 'round-trip' });
    const credential = Buffer.from('scrypt$N=16384$salt$hash');
    await vault.set('admin-credential', credential);
    expect((await vault.get('admin-credential'))?.equals(credential)).toBe(true);
    expect((await keychainEntries()).get('round-trip:admin-credential')).toBe(credential.toString('base64'));

    await vault.delete('admin-credential');
    expect(await vault.get('admin-credential')).toBeNull();
    expect((await keychainEntries()).has('round-trip:admin-credential')).toBe(false);
  });

  it('moves secrets written while no keychain answered into the keychain, keeping the same data key', async () => {
    const folder = await dataFolder();
    const fileVault = await open(folder, { backend: 'file' });
    const key = await fileVault.dataKey();
    const hmacKey = randomBytes(32);
    await fileVault.set('audit-hmac-key', hmacKey);
    expect(await keyFileText(folder)).toContain(key.toString('base64'));

    const keychainVault = await open(folder, { backend: 'auto' });
    expect(keychainVault.state().backend).toBe('keychain');
    expect((await keychainVault.dataKey()).equals(key)).toBe(true);
    expect((await keychainVault.get('audit-hmac-key'))?.equals(hmacKey)).toBe(true);

    const fileText = await keyFileText(folder);
    expect(fileText).not.toContain(key.toString('base64'));
    expect(fileText).not.toContain(hmacKey.toString('base64'));
    expect(JSON.parse(fileText)).toEqual({ version: 1, secrets: {}, inKeychain: ['data-key', 'audit-hmac-key'] });
    expect((await (await open(folder)).dataKey()).equals(key)).toBe(true);
  });

  it('does not recreate the data key while the keychain that holds it is out of reach', async () => {
    const folder = await dataFolder();
    const key = await (await open(folder)).dataKey();
    const withoutKeychain = await open(folder, { backend: 'file' });
    expect(withoutKeychain.state().detail).toContain('unusable until it answers: data key');
    await expect(withoutKeychain.dataKey()).rejects.toThrow(/kept in the OS keychain/);
    expect((await (await open(folder)).dataKey()).equals(key)).toBe(true);
  });

  it('does not recreate a data key the keychain lost', async () => {
    const folder = await dataFolder();
    await (await open(folder, { account: 'lost-key' })).dataKey();
    await new AsyncEntry(service, 'lost-key:data-key', entryOptions).deleteCredential();
    const reopened = await open(folder, { account: 'lost-key' });
    await expect(reopened.dataKey()).rejects.toThrow(/keychain no longer has it; it is not recreated/);
  });

  it('never puts a secret in its state', async () => {
    const folder = await dataFolder();
    const vault = await open(folder);
    const key = await vault.dataKey();
    const detail = (await open(folder)).state().detail;
    for (const spelling of [key.toString('base64'), key.toString('hex'), key.toString('latin1')]) {
      expect(detail).not.toContain(spelling);
    }
  });
});
