// Issue 7, secrets at rest: the training outbox (the simulated phones and mailboxes of spec §10, where a
// trainee reads a one-time code) keeps each message sealed with the vault's data key. Each test reads
// the database the way someone with the file but not the vault could: a second plain connection, and
// the bytes of the file and its WAL.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dispatch } from '../../../electron/main/api/dispatch';
import { openEngine } from '../../../electron/main/engine';
import { memoryLogger } from '../../../electron/main/log';
import { openStore, type Store } from '../../../electron/main/store';
import { maxBodyLength, unreadableBody } from '../../../electron/main/store/outbox';
import { createSecretBox } from '../../../electron/main/vault/secret-box';
import { openVault } from '../../../electron/main/vault/vault';
import { fastHashCost } from '../support/engine';

const at = new Date('2026-03-02T09:00:00.000Z');
const code = '482913';
const smsBody = `Use ${code} to verify your phone. It expires in 5 minutes.`;

let dir: string;
let dbPath: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'sspr-outbox-'));
  dbPath = join(dir, 'sspr.db');
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** A store with one tenant, its id. */
function withTenant(store: Store): number {
  return store.tenants.create({ name: 'Contoso', plan: 'p1', createdAt: at }).id;
}

/** The database file and its WAL as bytes, the way they sit on disk. */
function fileBytes(): Buffer {
  return Buffer.concat([dbPath, `${dbPath}-wal`].filter((path) => existsSync(path)).map((path) => readFileSync(path)));
}

function rawRows(): { body: string; sealed_body: string | null }[] {
  const raw = new BetterSqlite3(dbPath, { readonly: true });
  try {
    return raw.prepare<[], { body: string; sealed_body: string | null }>('SELECT body, sealed_body FROM outbox').all();
  } finally {
    raw.close();
  }
}

describe('issue 7 §10 the training outbox keeps its messages sealed with the data key', () => {
  it('issue 7 §5 a message with a one-time code is stored only sealed and reads back as it was sent', () => {
    const store = openStore(dbPath, { secretBox: createSecretBox(randomBytes(32)) });
    try {
      const tenantId = withTenant(store);
      const sent = store.outbox.append({ at, tenantId, channel: 'sms', recipient: '+1 425 555 0101', body: smsBody });
      expect(sent.body).toBe(smsBody);
      expect(store.outbox.list({ limit: 5, recipient: '+1 425 555 0101' })).toMatchObject([
        { channel: 'sms', body: smsBody },
      ]);
      const [row] = rawRows();
      expect(row?.body).toBe('');
      expect(row?.sealed_body).toMatch(/^v1\./u);
      expect(row?.sealed_body).not.toContain(code);
      expect(fileBytes().includes(code)).toBe(false);
      // The search can see text in these bytes: the recipient is kept in the clear, to find the inbox.
      expect(fileBytes().includes('+1 425 555 0101')).toBe(true);
    } finally {
      store.close();
    }
  });

  it('issue 7 a store opened without the data key can neither take nor show a message, and writes nothing', () => {
    const keyed = openStore(dbPath, { secretBox: createSecretBox(randomBytes(32)) });
    const tenantId = withTenant(keyed);
    keyed.outbox.append({ at, tenantId, channel: 'sms', recipient: '+1 425 555 0101', body: smsBody });
    keyed.close();
    const keyless = openStore(dbPath);
    try {
      expect(() =>
        keyless.outbox.append({ at, tenantId, channel: 'email', recipient: 'a@personal.example', body: code }),
      ).toThrow("The outbox seals every message with the vault's data key; this store was opened without it.");
      expect(() => keyless.outbox.list({ limit: 5 })).toThrow(/opened without it/u);
      // The resend throttle still counts sends: it needs their times, never their bodies.
      expect(keyless.outbox.sentSince('+1 425 555 0101', 'sms', new Date(0), 5)).toEqual([at]);
    } finally {
      keyless.close();
    }
    expect(rawRows()).toHaveLength(1);
  });

  it('issue 7 a message sealed with a data key the vault no longer holds shows a notice instead of failing', () => {
    const before = openStore(dbPath, { secretBox: createSecretBox(randomBytes(32)) });
    const tenantId = withTenant(before);
    before.outbox.append({ at, tenantId, channel: 'sms', recipient: '+1 425 555 0101', body: smsBody });
    before.close();
    const after = openStore(dbPath, { secretBox: createSecretBox(randomBytes(32)) });
    try {
      expect(after.outbox.list({ limit: 5 }).map((message) => message.body)).toEqual([unreadableBody]);
    } finally {
      after.close();
    }
  });

  it('issue 7 an over-long message is refused with a message and nothing is written', () => {
    const store = openStore(dbPath, { secretBox: createSecretBox(randomBytes(32)) });
    try {
      const tenantId = withTenant(store);
      const body = 'x'.repeat(maxBodyLength + 1);
      expect(() =>
        store.outbox.append({ at, tenantId, channel: 'email', recipient: 'a@personal.example', body }),
      ).toThrow(`An outbox message is at most ${maxBodyLength} characters long.`);
      const longest = store.outbox.append({
        at,
        tenantId,
        channel: 'email',
        recipient: 'a@personal.example',
        body: '\u{1F511}'.repeat(maxBodyLength / 2),
      });
      expect(longest.body).toBe('\u{1F511}'.repeat(maxBodyLength / 2));
      expect(rawRows()).toHaveLength(1);
    } finally {
      store.close();
    }
  });

  it('issue 7 the schema refuses a plain body in the sealed column, and a sealed row that keeps its plain body', () => {
    openStore(dbPath).close();
    const raw = new BetterSqlite3(dbPath);
    try {
      raw.exec(`INSERT INTO tenants (id, name, plan, sspr_policy, password_policy, created_at)
                VALUES (1, 'Contoso', 'p1', '{}', '{}', '${at.toISOString()}')`);
      const insert = raw.prepare(
        "INSERT INTO outbox (at, tenant_id, channel, recipient, body, sealed_body) VALUES (?, 1, 'sms', '+1', ?, ?)",
      );
      expect(() => insert.run(at.toISOString(), '', `Code: ${code}`)).toThrow(/CHECK/u);
      expect(() => insert.run(at.toISOString(), smsBody, 'v1.a.b.c')).toThrow(/CHECK/u);
    } finally {
      raw.close();
    }
  });
});

describe('issue 7 migration 7: messages written before the outbox was sealed', () => {
  /**
   * A database at schema version 6 with 41 messages in plain text, as the app wrote them then: enough
   * of them, of growing length, that sealing them splits pages (where secure_delete alone leaves copies).
   */
  function oldDatabase(): void {
    const old = openStore(dbPath, { migrateTo: 6 });
    const tenantId = withTenant(old);
    const insert = old.db.prepare(
      'INSERT INTO outbox (at, tenant_id, channel, recipient, subject, body) VALUES (?, ?, ?, ?, ?, ?)',
    );
    insert.run(at.toISOString(), tenantId, 'sms', '+1 425 555 0101', null, smsBody);
    for (let index = 0; index < 40; index += 1) {
      const recipient = `adele${index}@personal.example`;
      insert.run(
        at.toISOString(),
        tenantId,
        'email',
        recipient,
        'Your code',
        `Code: ${code}\n${'-'.repeat(index * 7)}`,
      );
    }
    old.db.pragma('wal_checkpoint(TRUNCATE)');
    old.close();
    // The search sees the plain code in the old file: the test below would prove nothing otherwise.
    expect(fileBytes().includes(code)).toBe(true);
  }

  it('issue 7 the first start with the data key seals them; the plain text is gone from the file and its WAL', () => {
    oldDatabase();
    // Migrated without the key: nothing can be sealed yet, and nothing is shown.
    const keyless = openStore(dbPath);
    expect(keyless.outbox.sealedLegacy).toBe(0);
    keyless.close();
    expect(rawRows().filter((row) => row.sealed_body === null)).toHaveLength(41);

    const box = createSecretBox(randomBytes(32));
    const store = openStore(dbPath, { secretBox: box });
    try {
      expect(store.outbox.sealedLegacy).toBe(41);
      expect(store.outbox.list({ limit: 1, recipient: '+1 425 555 0101' })[0]?.body).toBe(smsBody);
      expect(store.outbox.list({ limit: 1, recipient: 'adele39@personal.example' })[0]?.body).toBe(
        `Code: ${code}\n${'-'.repeat(39 * 7)}`,
      );
      expect(fileBytes().includes(code)).toBe(false);
    } finally {
      store.close();
    }
    expect(fileBytes().includes(code)).toBe(false);
    expect(rawRows().every((row) => row.body === '' && row.sealed_body?.startsWith('v1.'))).toBe(true);

    const again = openStore(dbPath, { secretBox: box });
    expect(again.outbox.sealedLegacy).toBe(0);
    again.close();
  });

  it('issue 7 §10 the engine seals them at start, says how many in its log (never the text), and the training mailbox shows them', async () => {
    const resourcesDir = resolve('resources');
    const vault = await openVault({ fileDir: dir, backend: 'file' });
    const first = await openEngine({
      dbPath,
      resourcesDir,
      vault,
      shell: 'browser',
      hashCost: fastHashCost,
      log: memoryLogger(),
    });
    first.close();
    // Put Adele's SMS inbox back to how a version-6 app left it: one message in plain text.
    const raw = new BetterSqlite3(dbPath);
    const { tenant_id: tenantId } = raw
      .prepare<[], { tenant_id: number }>("SELECT tenant_id FROM users WHERE upn = 'adele.vance@contoso.com'")
      .get() ?? { tenant_id: 0 };
    raw
      .prepare(
        "INSERT INTO outbox (at, tenant_id, channel, recipient, body) VALUES (?, ?, 'sms', '+1 425 555 0101', ?)",
      )
      .run(new Date().toISOString(), tenantId, smsBody);
    raw.close();

    const log = memoryLogger();
    const engine = await openEngine({ dbPath, resourcesDir, vault, shell: 'browser', hashCost: fastHashCost, log });
    try {
      expect(log.lines).toContain('info sealed the training outbox with the data key {"messages":1}');
      expect(log.lines.join('\n')).not.toContain(code);
      const answer = await dispatch(
        engine.handlers,
        'training.devices',
        { upn: 'adele.vance@contoso.com' },
        { shell: 'browser' },
        log,
      );
      expect(answer).toMatchObject({ ok: true, value: { inbox: [{ channel: 'sms', body: smsBody }] } });
    } finally {
      engine.close();
    }
    expect(fileBytes().includes(code)).toBe(false);
  });
});
