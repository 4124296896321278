import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/** scrypt's cost parameters: N (CPU/memory, a power of two), r (block size), p (parallelism). */
export interface HashCost {
  N: number;
  r: number;
  p: number;
}

/** OWASP's recommended scrypt level for stored secrets. */
export const defaultHashCost: HashCost = { N: 2 ** 17, r: 8, p: 1 };

export interface VerifyResult {
  ok: boolean;
  /** The stored hash was made with a lower cost than this hasher's: hash the secret again and store it. */
  needsRehash: boolean;
}

/** The slow hash for passwords and security answers; a stored hash carries its own parameters. */
export interface Hasher {
  hash(secret: string): Promise<string>;
  verify(secret: string, stored: string): Promise<VerifyResult>;
}

const formatVersion = 1;
const saltLength = 16;
const keyLength = 32;
/** Stored parameters beyond these are refused rather than letting a crafted row exhaust memory. */
const maxMemoryBytes = 1024 * 1024 * 1024;
const base64 = /^[A-Za-z0-9+/]+={0,2}$/;
const storedFormat = /^scrypt\$v=(\d+)\$N=(\d+),r=(\d+),p=(\d+)\$([^$]+)\$([^$]+)$/;

interface StoredHash {
  version: number;
  cost: HashCost;
  salt: Buffer;
  key: Buffer;
}

export function createHasher(cost: HashCost = defaultHashCost): Hasher {
  if (!isUsableCost(cost)) throw new Error('scrypt cost must be N a power of two > 1, r >= 1, p >= 1');
  return {
    async hash(secret) {
      const salt = randomBytes(saltLength);
      const key = await derive(secret, salt, cost, keyLength);
      return `scrypt$v=${formatVersion}$N=${cost.N},r=${cost.r},p=${cost.p}$${salt.toString('base64')}$${key.toString('base64')}`;
    },
    async verify(secret, stored) {
      const parsed = parseStored(stored);
      if (!parsed) return { ok: false, needsRehash: false };
      let candidate: Buffer;
      try {
        candidate = await derive(secret, parsed.salt, parsed.cost, parsed.key.length);
      } catch {
        return { ok: false, needsRehash: false };
      }
      const ok = timingSafeEqual(candidate, parsed.key);
      const needsRehash =
        parsed.version < formatVersion ||
        parsed.cost.N < cost.N ||
        parsed.cost.r < cost.r ||
        parsed.cost.p < cost.p ||
        parsed.key.length < keyLength;
      return { ok, needsRehash };
    },
  };
}

/** Always the asynchronous scrypt: it runs on libuv's pool, so the main process keeps answering. */
function derive(secret: string, salt: Buffer, cost: HashCost, length: number): Promise<Buffer> {
  const options: ScryptOptions = { N: cost.N, r: cost.r, p: cost.p, maxmem: memoryFor(cost) };
  return new Promise((resolve, reject) => {
    // NIST SP 800-63B: the same password typed on another keyboard may arrive in another Unicode form.
    scrypt(secret.normalize('NFKC'), salt, length, options, (error, key) => {
      if (error) reject(new Error('scrypt failed'));
      else resolve(key);
    });
  });
}

/** OpenSSL needs 128·r·(N + p + 2) bytes; the margin covers its bookkeeping. */
function memoryFor(cost: HashCost): number {
  return 128 * cost.r * (cost.N + cost.p + 2) + 1024 * 1024;
}

function isUsableCost(cost: HashCost): boolean {
  return (
    Number.isSafeInteger(cost.N) &&
    Number.isSafeInteger(cost.r) &&
    Number.isSafeInteger(cost.p) &&
    cost.N > 1 &&
    (cost.N & (cost.N - 1)) === 0 &&
    cost.r >= 1 &&
    cost.p >= 1 &&
    cost.r * cost.p < 2 ** 30 &&
    memoryFor(cost) <= maxMemoryBytes
  );
}

/** Whether the text is a stored hash this hasher can verify (its format and a usable cost). */
export function isStoredHash(stored: string): boolean {
  return parseStored(stored) !== null;
}

function parseStored(stored: string): StoredHash | null {
  const match = storedFormat.exec(stored);
  if (!match) return null;
  const [, version, N, r, p, salt, key] = match;
  if (!version || !N || !r || !p || !salt || !key) return null;
  if (!base64.test(salt) || !base64.test(key)) return null;
  const cost = { N: Number(N), r: Number(r), p: Number(p) };
  if (!isUsableCost(cost)) return null;
  const saltBytes = Buffer.from(salt, 'base64');
  const keyBytes = Buffer.from(key, 'base64');
  if (saltBytes.length < 8 || keyBytes.length < 16 || keyBytes.length > 64) return null;
  return { version: Number(version), cost, salt: saltBytes, key: keyBytes };
}
