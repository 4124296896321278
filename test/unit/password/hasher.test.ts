import { describe, expect, it } from 'vitest';
import { createHasher, defaultHashCost } from '../../../electron/main/password/hasher';

const lowCost = { N: 1024, r: 8, p: 1 };

describe('§5, §8 slow hashes: passwords and answers are stored only as scrypt hashes', () => {
  it('a hash verifies the secret it was made from, and carries its own parameters', async () => {
    const hasher = createHasher(lowCost);
    const stored = await hasher.hash('Harbor-Lantern-47');
    expect(stored).toMatch(/^scrypt\$v=1\$N=1024,r=8,p=1\$[A-Za-z0-9+/]+={0,2}\$[A-Za-z0-9+/]+={0,2}$/);
    expect(stored).not.toContain('Harbor-Lantern-47');
    expect(await hasher.verify('Harbor-Lantern-47', stored)).toEqual({ ok: true, needsRehash: false });
  });

  it('each hash has its own salt, so equal secrets give different hashes', async () => {
    const hasher = createHasher(lowCost);
    const [a, b] = await Promise.all([hasher.hash('same secret'), hasher.hash('same secret')]);
    expect(a).not.toEqual(b);
    expect(Buffer.from(a.split('$')[3] ?? '', 'base64')).toHaveLength(16);
    expect(Buffer.from(a.split('$')[4] ?? '', 'base64')).toHaveLength(32);
  });

  it('a wrong secret does not verify', async () => {
    const hasher = createHasher(lowCost);
    const stored = await hasher.hash('Harbor-Lantern-47');
    expect((await hasher.verify('Harbor-Lantern-48', stored)).ok).toBe(false);
    expect((await hasher.verify('harbor-lantern-47', stored)).ok).toBe(false);
    expect((await hasher.verify('', stored)).ok).toBe(false);
  });

  it('a malformed stored hash verifies false and never throws', async () => {
    const hasher = createHasher(lowCost);
    const good = await hasher.hash('secret');
    const [, , , salt, key] = good.split('$');
    const malformed = [
      '',
      'plaintext-password',
      'scrypt$v=1$N=1024,r=8,p=1$$',
      `scrypt$v=1$N=1000,r=8,p=1$${salt}$${key}`,
      `scrypt$v=1$N=1024,r=0,p=1$${salt}$${key}`,
      `scrypt$v=1$N=1073741824,r=8,p=1$${salt}$${key}`,
      `scrypt$v=1$N=1024,r=8,p=1$${salt}$not*base64`,
      `scrypt$v=1$N=1024,r=8,p=1$${salt}$${key}$extra`,
      `bcrypt$v=1$N=1024,r=8,p=1$${salt}$${key}`,
      `scrypt$v=1$N=1024,r=8,p=1$${salt}$${Buffer.alloc(4).toString('base64')}`,
    ];
    for (const stored of malformed) {
      await expect(hasher.verify('secret', stored)).resolves.toEqual({ ok: false, needsRehash: false });
    }
  });

  it('a hash made with lower parameters still verifies but asks to be rehashed', async () => {
    const old = await createHasher(lowCost).hash('Cobalt-Meadow-71');
    const raised = createHasher({ N: 2048, r: 8, p: 1 });
    expect(await raised.verify('Cobalt-Meadow-71', old)).toEqual({ ok: true, needsRehash: true });
    expect(await createHasher({ N: 1024, r: 8, p: 2 }).verify('Cobalt-Meadow-71', old)).toEqual({
      ok: true,
      needsRehash: true,
    });
    const fresh = await raised.hash('Cobalt-Meadow-71');
    expect(await raised.verify('Cobalt-Meadow-71', fresh)).toEqual({ ok: true, needsRehash: false });
    expect(await createHasher(lowCost).verify('Cobalt-Meadow-71', fresh)).toEqual({ ok: true, needsRehash: false });
  });

  it('hashing runs off the main thread: timers keep firing while a hash is computed', async () => {
    const hasher = createHasher({ N: 2 ** 15, r: 8, p: 1 });
    let ticks = 0;
    const timer = setInterval(() => ticks++, 1);
    try {
      const started = performance.now();
      await hasher.hash('Quiet-Glacier-64');
      const elapsed = performance.now() - started;
      console.log(`scrypt N=2^15: ${elapsed.toFixed(1)} ms, ${ticks} timer ticks meanwhile`);
      expect(ticks).toBeGreaterThan(0);
    } finally {
      clearInterval(timer);
    }
  });

  it('the default cost is OWASP level (N=2^17, r=8, p=1) and fits in its memory limit', async () => {
    expect(defaultHashCost).toEqual({ N: 131072, r: 8, p: 1 });
    const hasher = createHasher();
    const started = performance.now();
    const stored = await hasher.hash('Northern-Beacon-95');
    console.log(`scrypt at the default cost: ${(performance.now() - started).toFixed(0)} ms`);
    expect(stored.startsWith('scrypt$v=1$N=131072,r=8,p=1$')).toBe(true);
    expect(await hasher.verify('Northern-Beacon-95', stored)).toEqual({ ok: true, needsRehash: false });
  });

  it('a secret is compared in one Unicode form, whichever way it was typed', async () => {
    const hasher = createHasher(lowCost);
    const stored = await hasher.hash('Caf\u00e9-Ole-42');
    expect((await hasher.verify('Cafe\u0301-Ole-42', stored)).ok).toBe(true);
  });

  it('an unusable cost is refused when the hasher is made', () => {
    expect(() => createHasher({ N: 1000, r: 8, p: 1 })).toThrow(/power of two/);
    expect(() => createHasher({ N: 1024, r: 0, p: 1 })).toThrow();
  });
});
