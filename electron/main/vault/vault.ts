// The app's secrets in the OS keychain (@napi-rs/keyring) or, where no keychain answers, in a 0600 key
// file beside the database. The key file also records which secrets live in the keychain, so a keychain
// that stops answering makes them unavailable instead of silently replacing them with new ones.
import { AsyncEntry } from '@napi-rs/keyring';
import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { chmod, mkdir, open, readFile, rename, rm, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import type { VaultState } from '../../../shared/contract';
import type { LdapBindPasswordName, Vault, VaultSecretName } from './types';

export interface OpenVaultOptions {
  /** Keychain service the entries are filed under. */
  service?: string;
  /** Folder of the fallback key file, normally the data folder. */
  fileDir: string;
  /** Prefix of the entries' account names; derived from fileDir by default, so two data folders never share keys. */
  account?: string;
  /** 'auto' uses the keychain when it answers the probe, otherwise the file; the others insist. */
  backend?: 'auto' | 'keychain' | 'file';
  /** How long the keychain probe may take before the keychain counts as not answering. */
  probeTimeoutMs?: number;
}

const DEFAULT_SERVICE = 'sspr-lockscreen';
const KEY_FILE_NAME = 'vault.key.json';
const KEY_BYTES = 32;
const PROBE_TIMEOUT_MS = 3000;
const KEYCHAIN_TIMEOUT_MS = 10_000;
// On Linux, only the Secret Service: the kernel keyring the library would fall back to forgets all at logout.
const ENTRY_OPTIONS = { linux: { store: 'secret-service' } } as const;

const secretNames = [
  'data-key',
  'admin-credential',
  'audit-hmac-key',
  'smtp-password',
] as const satisfies readonly VaultSecretName[];
const _everyNameListed: [Exclude<VaultSecretName, (typeof secretNames)[number] | LdapBindPasswordName>] extends [never]
  ? true
  : never = true;

/** The fixed names, and one LDAP bind password per tenant connector (named by its random id). */
const SecretName = z.union([
  z.enum(secretNames),
  z.custom<LdapBindPasswordName>(
    (value) => typeof value === 'string' && /^ldap-bind-password:[0-9a-f]{32}$/.test(value),
  ),
]);
const KeyFileContents = z.object({
  version: z.literal(1),
  /** base64 of each secret kept in this file */
  secrets: z.partialRecord(SecretName, z.string()),
  /** names (never values) of the secrets kept in the OS keychain instead */
  inKeychain: z.array(SecretName),
});
type KeyFileContents = z.infer<typeof KeyFileContents>;

/** One backend's storage of base64 secret values. */
interface SecretStore {
  read(name: VaultSecretName): Promise<string | null>;
  write(name: VaultSecretName, value: string): Promise<void>;
  remove(name: VaultSecretName): Promise<void>;
}

export async function openVault(options: OpenVaultOptions): Promise<Vault> {
  const service = options.service ?? DEFAULT_SERVICE;
  const fileDir = resolve(options.fileDir);
  const account = options.account ?? createHash('sha256').update(fileDir).digest('hex').slice(0, 16);
  const keyFile = keyFileIn(fileDir);
  const backend = options.backend ?? 'auto';

  if (backend === 'file') {
    return openFileVault(keyFile, 'is not in use (the file backend was chosen)', 'The file backend was chosen; ');
  }
  const probe = await probeKeychain(service, account, options.probeTimeoutMs ?? PROBE_TIMEOUT_MS);
  if (probe.answered) return openKeychainVault(keychainOf(service, account), keyFile);
  if (backend === 'keychain') throw new Error(`The OS keychain did not answer (${probe.reason}).`);
  return openFileVault(keyFile, 'did not answer', `No OS keychain answered (${probe.reason}); `);
}

async function openFileVault(keyFile: KeyFile, keychainAbsence: string, why: string): Promise<Vault> {
  const { inKeychain } = await keyFile.read();
  const stranded =
    inKeychain.length > 0 ? ` Kept in the OS keychain, so unusable until it answers: ${listed(inKeychain)}.` : '';
  const detail = `${why}secrets are protected by a file key only: ${keyFile.path} (readable by this user account only).${stranded}`;
  return vaultOver(fileStore(keyFile, keychainAbsence), { backend: 'file', detail });
}

async function openKeychainVault(keychain: SecretStore, keyFile: KeyFile): Promise<Vault> {
  const leftInFile = await moveFileSecretsIntoKeychain(keychain, keyFile);
  const conflict =
    leftInFile.length > 0
      ? ` A different copy was left in ${keyFile.path} (the keychain's is used) of: ${listed(leftInFile)}.`
      : '';
  const detail = `Secrets are kept in the OS keychain (${keychainName()}).${conflict}`;
  return vaultOver(keychainStore(keychain, keyFile), { backend: 'keychain', detail });
}

function vaultOver(store: SecretStore, state: VaultState): Vault {
  const serialized = oneAtATime();
  /** A 32-byte key, created on first use. */
  const key = (name: 'data-key' | 'audit-hmac-key') =>
    serialized(async () => {
      const stored = fromBase64(await store.read(name));
      if (!stored) {
        const created = randomBytes(KEY_BYTES);
        await store.write(name, created.toString('base64'));
        return created;
      }
      if (stored.length !== KEY_BYTES) throw new Error(`the stored ${label(name)} is not ${KEY_BYTES} bytes`);
      return stored;
    });
  return {
    state: () => ({ ...state }),
    get: (name) => serialized(async () => fromBase64(await store.read(name))),
    set: (name, value) => serialized(() => store.write(name, value.toString('base64'))),
    delete: (name) => serialized(() => store.remove(name)),
    dataKey: () => key('data-key'),
    auditKey: () => key('audit-hmac-key'),
  };
}

/** Runs a vault's operations one at a time: two first calls to dataKey() must not mint two keys. */
function oneAtATime(): <T>(task: () => Promise<T>) => Promise<T> {
  let last: Promise<unknown> = Promise.resolve();
  return (task) => {
    const run = last.then(task);
    last = run.catch(() => undefined);
    return run;
  };
}

// --- the key file --------------------------------------------------------------------------------

interface KeyFile {
  path: string;
  read(): Promise<KeyFileContents>;
  write(contents: KeyFileContents): Promise<void>;
}

function keyFileIn(dir: string): KeyFile {
  const path = join(dir, KEY_FILE_NAME);
  return {
    path,
    async read() {
      let text: string;
      try {
        // Windows has no mode bits (the profile's ACLs do this job); elsewhere only this user may read it.
        if (process.platform !== 'win32' && ((await stat(path)).mode & 0o077) !== 0) await chmod(path, 0o600);
        text = await readFile(path, 'utf8');
      } catch (error) {
        if (error instanceof Error && 'code' in error && error.code === 'ENOENT') {
          return { version: 1, secrets: {}, inKeychain: [] };
        }
        throw error;
      }
      const parsed = KeyFileContents.safeParse(parseJson(text));
      // The parser's message could quote the file, so it is not passed on.
      if (!parsed.success) throw new Error(`the vault key file ${path} is corrupt`);
      return parsed.data;
    },
    async write(contents) {
      await mkdir(dir, { recursive: true, mode: 0o700 });
      // Temp file + rename: a crash mid-write leaves the old file whole, never half a key.
      const temp = `${path}.${randomBytes(6).toString('hex')}.tmp`;
      try {
        const handle = await open(temp, 'wx', 0o600);
        try {
          await handle.writeFile(`${JSON.stringify(contents, null, 2)}\n`);
          await handle.sync();
        } finally {
          await handle.close();
        }
        await rename(temp, path);
      } catch (error) {
        await rm(temp, { force: true });
        throw error;
      }
    },
  };
}

function fileStore(keyFile: KeyFile, keychainAbsence: string): SecretStore {
  const contentsFor = async (name: VaultSecretName): Promise<KeyFileContents> => {
    const contents = await keyFile.read();
    if (contents.inKeychain.includes(name)) {
      throw new Error(
        `The ${label(name)} is kept in the OS keychain, which ${keychainAbsence}; it cannot be used until the keychain answers, and is not recreated.`,
      );
    }
    return contents;
  };
  return {
    read: async (name) => (await contentsFor(name)).secrets[name] ?? null,
    async write(name, value) {
      const contents = await contentsFor(name);
      contents.secrets[name] = value;
      await keyFile.write(contents);
    },
    async remove(name) {
      const contents = await contentsFor(name);
      if (contents.secrets[name] === undefined) return;
      contents.secrets[name] = undefined; // JSON.stringify drops it
      await keyFile.write(contents);
    },
  };
}

// --- the OS keychain -----------------------------------------------------------------------------

function keychainOf(service: string, account: string): SecretStore {
  // Built once per name: the constructor talks to D-Bus synchronously, and the probe has just shown it answers.
  const entries = new Map<VaultSecretName, AsyncEntry>();
  const entry = (name: VaultSecretName): AsyncEntry => {
    const existing = entries.get(name);
    if (existing) return existing;
    const created = new AsyncEntry(service, `${account}:${name}`, ENTRY_OPTIONS);
    entries.set(name, created);
    return created;
  };
  return {
    read: (name) => inTime(entry(name).getPassword(), `reading the ${label(name)}`),
    write: (name, value) => inTime(entry(name).setPassword(value), `storing the ${label(name)}`),
    remove: async (name) => {
      await inTime(entry(name).deleteCredential(), `deleting the ${label(name)}`);
    },
  };
}

/** The keychain, plus the key file's note of which secrets it holds. */
function keychainStore(keychain: SecretStore, keyFile: KeyFile): SecretStore {
  const note = async (name: VaultSecretName, held: boolean): Promise<void> => {
    const contents = await keyFile.read();
    if (contents.inKeychain.includes(name) === held) return;
    contents.inKeychain = held ? [...contents.inKeychain, name] : contents.inKeychain.filter((other) => other !== name);
    await keyFile.write(contents);
  };
  return {
    async read(name) {
      const value = await keychain.read(name);
      if (value === null && (await keyFile.read()).inKeychain.includes(name)) {
        throw new Error(
          `The ${label(name)} is noted in ${keyFile.path} as kept in the OS keychain, but the keychain no longer has it; it is not recreated.`,
        );
      }
      return value;
    },
    async write(name, value) {
      await keychain.write(name, value);
      await note(name, true);
    },
    async remove(name) {
      await keychain.remove(name);
      await note(name, false);
    },
  };
}

/**
 * Moves secrets the key file holds (written while no keychain answered) into the keychain, and notes
 * which secrets the keychain holds. Returns the names whose file copy differs from the keychain's.
 */
async function moveFileSecretsIntoKeychain(keychain: SecretStore, keyFile: KeyFile): Promise<VaultSecretName[]> {
  const contents = await keyFile.read();
  const before = JSON.stringify(contents);
  const conflicting: VaultSecretName[] = [];
  const named = new Set<VaultSecretName>([...secretNames, ...(Object.keys(contents.secrets) as VaultSecretName[])]);
  for (const name of named) {
    const copy = contents.secrets[name];
    let held = await keychain.read(name);
    if (copy !== undefined && held === null) {
      await keychain.write(name, copy);
      held = await keychain.read(name);
      // The file's copy goes only once the keychain gives the same value back.
      if (held !== copy) throw new Error(`the OS keychain did not keep the ${label(name)} moved into it`);
    }
    if (copy !== undefined && held === copy) contents.secrets[name] = undefined;
    else if (copy !== undefined) conflicting.push(name);
    if (held !== null && !contents.inKeychain.includes(name)) contents.inKeychain.push(name);
  }
  if (JSON.stringify(contents) !== before) await keyFile.write(contents);
  return conflicting;
}

type KeychainProbe = { answered: true } | { answered: false; reason: string };

// Runs in a child process: a D-Bus that accepts but never replies blocks the caller's thread, and only a
// separate process can be abandoned on a timeout. It writes, reads back and deletes a random, non-secret value.
const PROBE_SCRIPT = `
const [keyringModule, service, username] = process.argv.slice(1);
(async () => {
  const { AsyncEntry } = require(keyringModule);
  const entry = new AsyncEntry(service, username, ${JSON.stringify(ENTRY_OPTIONS)});
  const written = require('node:crypto').randomBytes(16).toString('base64');
  await entry.setPassword(written);
  const read = await entry.getPassword();
  await entry.deleteCredential();
  if (read !== written) throw new Error('the probe entry read back differently');
})().then(
  () => process.exit(0),
  (error) => {
    process.stderr.write(String(error instanceof Error ? error.message : error));
    process.exit(1);
  },
);
`;

function probeKeychain(service: string, account: string, timeoutMs: number): Promise<KeychainProbe> {
  const keyringModule = createRequire(import.meta.url).resolve('@napi-rs/keyring');
  return new Promise((settle) => {
    const child = spawn(process.execPath, ['-e', PROBE_SCRIPT, keyringModule, service, `${account}:probe`], {
      // Electron's binary runs as plain Node here.
      env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
      stdio: ['ignore', 'ignore', 'pipe'],
      windowsHide: true,
    });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      settle({ answered: false, reason: `it did not answer within ${timeoutMs / 1000} s` });
    }, timeoutMs);
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      if (stderr.length < 4000) stderr += chunk;
    });
    child.on('error', (error) => {
      clearTimeout(timer);
      settle({ answered: false, reason: firstLine(error.message) });
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      settle(
        code === 0
          ? { answered: true }
          : { answered: false, reason: firstLine(stderr) || `the probe exited with ${code}` },
      );
    });
  });
}

/** A keychain call that never returns must not hang the caller: give up after a while, saying so. */
function inTime<T>(operation: Promise<T>, doing: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`the OS keychain did not answer within ${KEYCHAIN_TIMEOUT_MS / 1000} s ${doing}`)),
      KEYCHAIN_TIMEOUT_MS,
    );
  });
  return Promise.race([operation, timeout]).finally(() => clearTimeout(timer));
}

function keychainName(): string {
  if (process.platform === 'darwin') return 'macOS Keychain';
  if (process.platform === 'win32') return 'Windows Credential Manager';
  return 'Secret Service';
}

// --- small helpers -------------------------------------------------------------------------------

function fromBase64(value: string | null): Buffer | null {
  return value === null ? null : Buffer.from(value, 'base64');
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function firstLine(text: string): string {
  return (text.trim().split('\n')[0] ?? '').trim().replace(/\.$/, '').slice(0, 200);
}

function label(name: VaultSecretName): string {
  return name.replaceAll('-', ' ');
}

function listed(names: readonly VaultSecretName[]): string {
  return names.map(label).join(', ');
}
