// Issue 7, spec §10: the audit log as an HMAC hash chain. Each test tampers with a real on-disk
// database the way someone with the file but not the vault could (plain SQL on a second connection)
// and checks that verification names the first broken event and what is wrong with it.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../../../electron/main/store/audit-chain';
import { openStore, type Store } from '../../../electron/main/store';
import type { AuditChainReport } from '../../../shared/admin';

const start = Date.parse('2026-03-01T09:00:00.000Z');
const minute = 60_000;
const day = 86_400_000;

let dir: string;
let dbPath: string;
let key: Buffer;
let store: Store;
/** A second connection, as an intruder with the database file (and no vault) would have. */
let raw: BetterSqlite3.Database;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'sspr-chain-'));
  dbPath = join(dir, 'sspr.db');
  key = randomBytes(32);
  store = openStore(dbPath, { auditKey: key });
  raw = new BetterSqlite3(dbPath);
});
afterEach(() => {
  raw.close();
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Appends `count` events one minute apart from `from`; returns their ids. */
function append(count: number, from = start): number[] {
  return Array.from({ length: count }, (_, index) => {
    const event = store.audit.append({
      at: new Date(from + index * minute),
      actor: `user${index}@contoso.com`,
      targetUpn: `user${index}@contoso.com`,
      activity: index % 2 === 0 ? 'signInFailed' : 'signInSucceeded',
      result: index % 2 === 0 ? 'failure' : 'success',
      reason: index % 2 === 0 ? 'wrongPassword' : null,
      details: { attempt: index },
    });
    return event.id;
  });
}

/** The id at an index, for SQL that needs a number. */
function nth(ids: number[], index: number): number {
  const id = ids[index];
  if (id === undefined) throw new Error(`no event ${index}`);
  return id;
}

const verify = (withKey: Buffer | null = key): AuditChainReport => verifyAuditChain(store.db, withKey);

function brokenAt(report: AuditChainReport) {
  expect(report.intact, JSON.stringify(report)).toBe(false);
  return { kind: report.problem?.kind, id: report.problem?.row?.id ?? null };
}

/** Swaps two events' rows whole (content, place and seal), as a reordering in the file would. */
function swapRows(a: number, b: number): void {
  raw.transaction(() => {
    raw.prepare('UPDATE audit_events SET id = -1 WHERE id = ?').run(a);
    raw.prepare('UPDATE audit_events SET id = ? WHERE id = ?').run(a, b);
    raw.prepare('UPDATE audit_events SET id = ? WHERE id = -1').run(b);
  })();
}

describe('issue 7 §10 the audit log is an HMAC hash chain', () => {
  it('issue 7 an untouched log verifies intact, with its event count', () => {
    append(12);
    expect(verify()).toEqual({ intact: true, events: 12, verified: 12, prunedThrough: 0, problem: null });
    const sealed = raw.prepare('SELECT seq, mac FROM audit_events ORDER BY id').all() as { seq: number; mac: string }[];
    expect(sealed.map((row) => row.seq)).toEqual(Array.from({ length: 12 }, (_, index) => index + 1));
    expect(sealed.every((row) => /^[0-9a-f]{64}$/.test(row.mac))).toBe(true);
  });

  it('issue 7 an event edited in the file is reported at that event', () => {
    const ids = append(10);
    raw.prepare("UPDATE audit_events SET result = 'success', reason = NULL WHERE id = ?").run(ids[4]);
    expect(brokenAt(verify())).toEqual({ kind: 'edited', id: ids[4] });
    expect(verify().verified).toBe(4);
  });

  it('issue 7 an edit to the details or the time alone is reported too', () => {
    const ids = append(6);
    raw.prepare(`UPDATE audit_events SET details = '{"attempt":99}' WHERE id = ?`).run(ids[2]);
    expect(brokenAt(verify())).toEqual({ kind: 'edited', id: ids[2] });
    raw.prepare(`UPDATE audit_events SET details = '{"attempt":2}' WHERE id = ?`).run(ids[2]);
    expect(verify().intact).toBe(true);
    raw.prepare("UPDATE audit_events SET at = '2026-03-01T08:00:00.000Z' WHERE id = ?").run(ids[5]);
    expect(brokenAt(verify())).toEqual({ kind: 'edited', id: ids[5] });
  });

  it('issue 7 an edit with a recomputed plain hash in place of the seal is still reported', () => {
    const ids = append(5);
    raw
      .prepare("UPDATE audit_events SET actor = 'someone-else', mac = ? WHERE id = ?")
      .run(randomBytes(32).toString('hex'), ids[1]);
    expect(brokenAt(verify())).toEqual({ kind: 'edited', id: ids[1] });
  });

  it('issue 7 an event deleted from the middle is reported at the event after the gap, with how many are missing', () => {
    const ids = append(10);
    raw.prepare('DELETE FROM audit_events WHERE id IN (?, ?)').run(ids[5], ids[6]);
    const report = verify();
    expect(brokenAt(report)).toEqual({ kind: 'missing', id: ids[7] });
    expect(report.problem).toMatchObject({ expectedSeq: 6, missingCount: 2 });
  });

  it('issue 7 a deletion with the later places renumbered to close the gap is still reported at the event after it', () => {
    const ids = append(8);
    raw.transaction(() => {
      raw.prepare('DELETE FROM audit_events WHERE id = ?').run(ids[4]);
      raw.prepare('UPDATE audit_events SET seq = seq - 1 WHERE id > ?').run(ids[4]);
    })();
    expect(brokenAt(verify())).toEqual({ kind: 'edited', id: ids[5] });
  });

  it('issue 7 the newest events deleted and the head rewound to match are still reported', () => {
    const ids = append(6);
    const last = raw.prepare('SELECT seq, mac FROM audit_events WHERE id = ?').get(ids[4]) as {
      seq: number;
      mac: string;
    };
    raw.prepare('DELETE FROM audit_events WHERE id = ?').run(ids[5]);
    raw.prepare('UPDATE audit_chain SET head_seq = ?, head_mac = ?').run(last.seq, last.mac);
    expect(brokenAt(verify())).toEqual({ kind: 'stateAltered', id: null });
  });

  it('issue 7 the oldest event deleted is reported at the new first event', () => {
    const ids = append(5);
    raw.prepare('DELETE FROM audit_events WHERE id = ?').run(ids[0]);
    expect(brokenAt(verify())).toEqual({ kind: 'missing', id: ids[1] });
  });

  it('issue 7 the newest events deleted are reported as missing at the end', () => {
    const ids = append(8);
    raw.prepare('DELETE FROM audit_events WHERE id >= ?').run(ids[6]);
    const report = verify();
    expect(brokenAt(report)).toEqual({ kind: 'truncated', id: null });
    expect(report.problem).toMatchObject({ expectedSeq: 7, missingCount: 2 });
  });

  it('issue 7 two events swapped are reported as reordered at the first one out of place', () => {
    const ids = append(10);
    swapRows(nth(ids, 3), nth(ids, 4));
    const report = verify();
    expect(brokenAt(report)).toEqual({ kind: 'reordered', id: ids[3] });
    expect(report.problem).toMatchObject({ expectedSeq: 4, row: { seq: 5 } });
  });

  it('issue 7 an event moved back past others is reported as reordered', () => {
    const ids = append(8);
    // The event in place 2 moved to the end of the log.
    raw.prepare('UPDATE audit_events SET id = 1000 WHERE id = ?').run(ids[1]);
    expect(brokenAt(verify())).toEqual({ kind: 'reordered', id: ids[2] });
  });

  it('issue 7 an event inserted between two others is reported at the inserted event', () => {
    const ids = append(8);
    // Make room after the fourth event, keeping the later events' places and seals, then slip one in.
    raw.transaction(() => {
      raw.prepare('UPDATE audit_events SET id = id + 1000 WHERE id > ?').run(ids[3]);
      raw.prepare('UPDATE audit_events SET id = id - 999 WHERE id > 1000').run();
      const copy = raw.prepare('SELECT * FROM audit_events WHERE id = ?').get(ids[3]) as Record<string, unknown>;
      raw
        .prepare(
          `INSERT INTO audit_events (id, at, actor, activity, result, details, seq, mac)
           VALUES (@id, @at, 'intruder@contoso.com', 'passwordReset', 'success', '{}', @seq, @mac)`,
        )
        .run({ id: nth(ids, 3) + 1, at: copy['at'], seq: 5, mac: randomBytes(32).toString('hex') });
    })();
    expect(brokenAt(verify())).toEqual({ kind: 'inserted', id: nth(ids, 3) + 1 });
  });

  it('issue 7 an event added at the end without a seal, or with a made-up one, is reported as inserted', () => {
    append(4);
    const insert = raw.prepare(
      `INSERT INTO audit_events (at, actor, activity, result, details, seq, mac)
       VALUES ('2026-03-01T10:00:00.000Z', 'intruder@contoso.com', 'passwordReset', 'success', '{}', ?, ?)`,
    );
    const unsealed = Number(insert.run(null, null).lastInsertRowid);
    expect(brokenAt(verify())).toEqual({ kind: 'inserted', id: unsealed });
    raw.prepare('DELETE FROM audit_events WHERE id = ?').run(unsealed);
    const forged = Number(insert.run(5, randomBytes(32).toString('hex')).lastInsertRowid);
    expect(brokenAt(verify())).toEqual({ kind: 'inserted', id: forged });
  });

  it('issue 7 the chain goes on across a restart, sealed with the same key', () => {
    append(3);
    store.close();
    store = openStore(dbPath, { auditKey: key });
    append(3, start + day);
    expect(verify()).toMatchObject({ intact: true, events: 6 });
  });
});

describe('issue 7 §10 retention prunes the chain legitimately', () => {
  it('issue 7 §10 retention pruning leaves an anchor: the log still verifies intact', () => {
    append(5, start);
    append(5, start + 40 * day);
    expect(store.audit.purgeBefore(new Date(start + 30 * day))).toBe(5);
    expect(verify()).toEqual({ intact: true, events: 5, verified: 5, prunedThrough: 5, problem: null });
    append(2, start + 41 * day);
    expect(verify()).toMatchObject({ intact: true, events: 7, prunedThrough: 5 });
  });

  it('issue 7 §10 after pruning, a deletion of the oldest remaining event is still reported', () => {
    append(4, start);
    const kept = append(4, start + 40 * day);
    store.audit.purgeBefore(new Date(start + 30 * day));
    raw.prepare('DELETE FROM audit_events WHERE id = ?').run(kept[0]);
    expect(brokenAt(verify())).toEqual({ kind: 'missing', id: kept[1] });
  });

  it('issue 7 §10 an anchor moved forward in the file (to hide a deletion as a prune) is reported', () => {
    append(3, start);
    const kept = append(4, start + 40 * day);
    store.audit.purgeBefore(new Date(start + 30 * day));
    const first = raw.prepare('SELECT seq, mac FROM audit_events WHERE id = ?').get(kept[0]) as {
      seq: number;
      mac: string;
    };
    raw.prepare('DELETE FROM audit_events WHERE id = ?').run(kept[0]);
    raw.prepare('UPDATE audit_chain SET anchor_seq = ?, anchor_mac = ?').run(first.seq, first.mac);
    expect(brokenAt(verify())).toEqual({ kind: 'stateAltered', id: null });
  });

  it('issue 7 §10 the app never launders a break: pruning events that did not verify leaves the log reported broken', () => {
    const old = append(4, start);
    append(3, start + 40 * day);
    raw.prepare("UPDATE audit_events SET actor = 'someone-else' WHERE id = ?").run(old[1]);
    expect(brokenAt(verify())).toEqual({ kind: 'edited', id: old[1] });
    expect(store.audit.purgeBefore(new Date(start + 30 * day))).toBe(4);
    expect(brokenAt(verify())).toEqual({ kind: 'stateAltered', id: null });
    append(1, start + 41 * day);
    expect(brokenAt(verify())).toEqual({ kind: 'stateAltered', id: null });
  });

  it('issue 7 §10 retention prunes only a prefix of the chain: an old event after a newer one waits its turn', () => {
    append(2, start + 40 * day);
    const late = append(1, start);
    append(1, start + 41 * day);
    expect(store.audit.purgeBefore(new Date(start + 30 * day))).toBe(0);
    expect(raw.prepare('SELECT count(*) AS n FROM audit_events WHERE id = ?').get(late[0])).toEqual({ n: 1 });
    expect(verify()).toMatchObject({ intact: true, events: 4 });
  });
});

describe('issue 7 the audit key', () => {
  it('issue 7 without the key, verification says the key is missing and does not crash', () => {
    append(3);
    const report = verify(null);
    expect(brokenAt(report)).toEqual({ kind: 'keyMissing', id: null });
    expect(report.problem?.message).toMatch(/no audit key/);
  });

  it('issue 7 with another key, verification says the key is not the one that sealed the log', () => {
    append(3);
    const report = verify(randomBytes(32));
    expect(brokenAt(report)).toEqual({ kind: 'keyMismatch', id: null });
    expect(report.problem?.message).toMatch(/not the key that sealed/);
  });

  it('issue 7 a start with a new key (the old one lost) seals on from the head; the earlier events are reported until retention prunes them', () => {
    const early = append(3, start);
    store.close();
    const newKey = randomBytes(32);
    store = openStore(dbPath, { auditKey: newKey });
    expect(store.audit.chainOpening).toEqual({ sealedLegacy: 0, rekeyedFrom: 4 });
    append(2, start + 40 * day);
    expect(brokenAt(verify(newKey))).toEqual({ kind: 'earlierKey', id: early[0] });
    store.audit.purgeBefore(new Date(start + 30 * day));
    expect(verify(newKey)).toMatchObject({ intact: true, events: 2, prunedThrough: 3 });
  });

  it('issue 7 the key is never stored in the database, only its fingerprint', () => {
    append(2);
    store.db.pragma('wal_checkpoint(TRUNCATE)');
    const everything = JSON.stringify([
      raw.prepare('SELECT * FROM audit_chain').all(),
      raw.prepare('SELECT * FROM audit_events').all(),
    ]);
    expect(everything).not.toContain(key.toString('hex'));
    expect(everything).not.toContain(key.toString('base64'));
  });
});

describe('issue 7 events written before the chain existed', () => {
  it('issue 7 the migration keeps the events already there and the first keyed start chains them in order', () => {
    store.close();
    raw.close();
    rmSync(dbPath);
    const old = openStore(dbPath, { migrateTo: 5 });
    old.db
      .prepare(
        `INSERT INTO audit_events (at, actor, activity, result) VALUES
         ('2026-03-01T09:00:00.000Z', 'system', 'scenarioLoaded', 'success'),
         ('2026-03-01T09:01:00.000Z', 'adele.vance@contoso.com', 'signInSucceeded', 'success')`,
      )
      .run();
    old.close();
    raw = new BetterSqlite3(dbPath);

    // Migrated without the key: nothing is sealed yet, and verification says so.
    const keyless = openStore(dbPath);
    expect(verifyAuditChain(keyless.db, key)).toMatchObject({ intact: false, problem: { kind: 'notSealed' } });
    keyless.close();

    store = openStore(dbPath, { auditKey: key });
    expect(store.audit.chainOpening).toEqual({ sealedLegacy: 2, rekeyedFrom: null });
    append(2, start + 2 * minute);
    expect(verify()).toMatchObject({ intact: true, events: 4 });
    expect(raw.prepare('SELECT seq FROM audit_events ORDER BY id').all()).toEqual([
      { seq: 1 },
      { seq: 2 },
      { seq: 3 },
      { seq: 4 },
    ]);
  });

  it('issue 7 an event added later without the key is never sealed by a start: it stays reported', () => {
    append(2);
    store.close();
    const keyless = openStore(dbPath);
    const unsealed = keyless.audit.append({
      at: new Date(start),
      actor: 'system',
      activity: 'scenarioLoaded',
      result: 'success',
    });
    keyless.close();
    store = openStore(dbPath, { auditKey: key });
    append(1, start + day);
    expect(brokenAt(verify())).toEqual({ kind: 'inserted', id: unsealed.id });
  });
});
