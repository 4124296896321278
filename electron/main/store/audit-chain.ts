// The audit log as an HMAC hash chain (spec §10, issue 7). Each event is sealed with
// HMAC-SHA-256(key, previous MAC ‖ its own content, including its place `seq` in the chain), so an
// event edited, deleted, moved or slipped in breaks the chain at that event. The key lives in the
// vault; the database holds only its fingerprint. Retention prunes a prefix of the chain and leaves
// an anchor (the last pruned event's place and MAC); the anchor and the head (the last sealed event)
// sit in `audit_chain` under an HMAC of their own, which the app only renews over a state and rows
// that verified, so neither a deletion nor a forged anchor is ever laundered by the app itself.
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { AuditChainProblem, AuditChainReport } from '../../../shared/admin';
import type { Database } from './database';

export const auditKeyBytes = 32;

/** The columns a seal covers, as SQLite stores them (the row id is not sealed; `seq` is its place). */
export interface ChainedRow {
  id: number;
  at: string;
  tenant_id: number | null;
  actor: string;
  target_user_id: number | null;
  target_upn: string | null;
  activity: string;
  result: string;
  reason: string | null;
  method: string | null;
  flow_id: string | null;
  device_id: string | null;
  details: string;
}

interface SealedRow extends ChainedRow {
  seq: number | null;
  mac: string | null;
}

interface ChainState {
  key_id: string | null;
  legacy_until: number;
  anchor_seq: number;
  anchor_mac: string;
  head_seq: number;
  head_mac: string;
  key_since_seq: number;
  state_mac: string | null;
}

/** What opening the chain with a key did: sealed the events written before the chain, or took over a chain sealed with another key. */
export interface ChainOpening {
  sealedLegacy: number;
  /** The chain was sealed with a key the vault no longer gives: events from this place on use the current key. */
  rekeyedFrom: number | null;
}

const sealedColumns =
  'id, at, tenant_id, actor, target_user_id, target_upn, activity, result, reason, method, flow_id, device_id, details, seq, mac';

/** The key's fingerprint, stored so a wrong key is told apart from a broken chain. */
export function auditKeyId(key: Buffer): string {
  return createHmac('sha256', key).update('sspr audit chain key id').digest('hex').slice(0, 16);
}

function rowMac(key: Buffer, previousMac: string, seq: number, row: ChainedRow): string {
  const content = JSON.stringify([
    1,
    seq,
    row.at,
    row.tenant_id,
    row.actor,
    row.target_user_id,
    row.target_upn,
    row.activity,
    row.result,
    row.reason,
    row.method,
    row.flow_id,
    row.device_id,
    row.details,
  ]);
  return createHmac('sha256', key).update(`${previousMac}\n${content}`).digest('hex');
}

function stateMac(key: Buffer, state: ChainState): string {
  const content = JSON.stringify([
    'state',
    state.key_id,
    state.anchor_seq,
    state.anchor_mac,
    state.head_seq,
    state.head_mac,
    state.key_since_seq,
  ]);
  return createHmac('sha256', key).update(content).digest('hex');
}

function sameMac(a: string | null, b: string): boolean {
  if (a === null || a.length !== b.length) return false;
  return timingSafeEqual(Buffer.from(a), Buffer.from(b));
}

function chainStatements(db: Database) {
  return {
    state: db.prepare<[], ChainState>(
      'SELECT key_id, legacy_until, anchor_seq, anchor_mac, head_seq, head_mac, key_since_seq, state_mac FROM audit_chain WHERE id = 1',
    ),
    writeState: db.prepare<[ChainState]>(
      `UPDATE audit_chain SET key_id = @key_id, legacy_until = @legacy_until, anchor_seq = @anchor_seq,
         anchor_mac = @anchor_mac, head_seq = @head_seq, head_mac = @head_mac, key_since_seq = @key_since_seq,
         state_mac = @state_mac
       WHERE id = 1`,
    ),
    sealRow: db.prepare<[{ id: number; seq: number; mac: string }]>(
      'UPDATE audit_events SET seq = @seq, mac = @mac WHERE id = @id',
    ),
    sealedCount: db.prepare<[], { count: number }>(
      'SELECT count(*) AS count FROM audit_events WHERE mac IS NOT NULL OR seq IS NOT NULL',
    ),
    legacyRows: db.prepare<[number], SealedRow>(
      `SELECT ${sealedColumns} FROM audit_events WHERE id <= ? AND mac IS NULL AND seq IS NULL ORDER BY id`,
    ),
    inOrder: db.prepare<[], SealedRow>(`SELECT ${sealedColumns} FROM audit_events ORDER BY id`),
    count: db.prepare<[], { count: number }>('SELECT count(*) AS count FROM audit_events'),
  };
}

/**
 * Opens the chain for writing with the vault's audit key: the first keyed start seals the events
 * written before the chain existed; a chain sealed with another key is taken over from its head
 * (the earlier events stay unverifiable, and verification says so, until retention prunes them).
 */
export function openAuditChain(db: Database, key: Buffer) {
  if (key.length !== auditKeyBytes) throw new Error(`The audit key must be ${auditKeyBytes} bytes.`);
  const auditKey = Buffer.from(key);
  const keyId = auditKeyId(auditKey);
  const statements = chainStatements(db);
  const firstNewerSeq = db.prepare<[string], { seq: number | null }>(
    'SELECT min(seq) AS seq FROM audit_events WHERE seq IS NOT NULL AND at >= ?',
  );
  const prunable = db.prepare<[number], SealedRow>(
    `SELECT ${sealedColumns} FROM audit_events WHERE seq IS NOT NULL AND seq < ? ORDER BY id`,
  );
  const deleteSealedBefore = db.prepare<[number]>('DELETE FROM audit_events WHERE seq IS NOT NULL AND seq < ?');
  const deleteUnsealedBefore = db.prepare<[string]>('DELETE FROM audit_events WHERE seq IS NULL AND at < ?');

  const readState = (): ChainState => {
    const state = statements.state.get();
    if (!state) throw new Error('The audit chain has no state row (migration 6 missing).');
    return state;
  };
  const stateVerifies = (state: ChainState) => sameMac(state.state_mac, stateMac(auditKey, state));
  /**
   * Writes the state. Its HMAC is renewed only when the state it replaces verified and nothing that
   * failed to verify went; otherwise it is cleared, and stays so: the app never launders a break.
   */
  const writeState = (next: ChainState, previous: ChainState, sound: boolean) => {
    const renewed = sound && stateVerifies(previous);
    statements.writeState.run({ ...next, state_mac: renewed ? stateMac(auditKey, next) : null });
  };

  const opening = db
    .transaction((): ChainOpening => {
      const state = readState();
      if (state.key_id === keyId) return { sealedLegacy: 0, rekeyedFrom: null };
      const fresh =
        state.key_id === null &&
        state.head_seq === 0 &&
        state.anchor_seq === 0 &&
        (statements.sealedCount.get()?.count ?? 0) === 0;
      if (fresh) {
        let head = { seq: 0, mac: state.anchor_mac };
        for (const row of statements.legacyRows.all(state.legacy_until)) {
          const seq = head.seq + 1;
          const mac = rowMac(auditKey, head.mac, seq, row);
          statements.sealRow.run({ id: row.id, seq, mac });
          head = { seq, mac };
        }
        const next = { ...state, key_id: keyId, legacy_until: 0, head_seq: head.seq, head_mac: head.mac };
        statements.writeState.run({ ...next, state_mac: stateMac(auditKey, next) });
        return { sealedLegacy: head.seq, rekeyedFrom: null };
      }
      const next = { ...state, key_id: keyId, key_since_seq: state.head_seq + 1 };
      statements.writeState.run({ ...next, state_mac: stateMac(auditKey, next) });
      return { sealedLegacy: 0, rekeyedFrom: next.key_since_seq };
    })
    .immediate();

  return {
    opening,

    /** Seals a row just inserted (in the caller's transaction, which already holds the write lock). */
    seal(row: ChainedRow): { seq: number; mac: string } {
      const state = readState();
      const seq = state.head_seq + 1;
      const mac = rowMac(auditKey, state.head_mac, seq, row);
      statements.sealRow.run({ id: row.id, seq, mac });
      writeState({ ...state, head_seq: seq, head_mac: mac }, state, true);
      return { seq, mac };
    },

    /**
     * Retention: deletes the chain's oldest events older than the cutoff (a prefix of the chain, so an
     * event older than one kept waits until the chain reaches it) and moves the anchor to the last one
     * deleted. The anchor's HMAC is renewed only if the events deleted verified; otherwise the state
     * stays unverifiable and verification keeps saying so.
     */
    prune(cutoff: string): number {
      return db.transaction(() => {
        const state = readState();
        const limit = firstNewerSeq.get(cutoff)?.seq ?? state.head_seq + 1;
        let last = { seq: state.anchor_seq, mac: state.anchor_mac };
        let sound = true;
        const rows = prunable.all(limit);
        for (const row of rows) {
          const seq = row.seq ?? 0;
          const expected = last.seq + 1;
          const sealedByEarlierKey = seq < state.key_since_seq;
          if (seq !== expected || (!sealedByEarlierKey && !sameMac(row.mac, rowMac(auditKey, last.mac, seq, row)))) {
            sound = false;
          }
          last = { seq, mac: row.mac ?? '' };
        }
        const unsealed = deleteUnsealedBefore.run(cutoff).changes;
        if (unsealed > 0) sound = false;
        if (rows.length === 0) {
          if (unsealed > 0) writeState(state, state, false);
          return unsealed;
        }
        deleteSealedBefore.run(limit);
        writeState({ ...state, anchor_seq: last.seq, anchor_mac: last.mac }, state, sound);
        return rows.length + unsealed;
      })();
    },
  };
}

export type AuditChain = ReturnType<typeof openAuditChain>;

/** Keyless pruning (a store opened without the vault's key, as some tests do): only unsealed events go. */
export function pruneUnsealed(db: Database, cutoff: string): number {
  return db.prepare<[string]>('DELETE FROM audit_events WHERE seq IS NULL AND at < ?').run(cutoff).changes;
}

// --- verification ---------------------------------------------------------------------------------

type Problem = NonNullable<AuditChainReport['problem']>;

function rowRef(row: SealedRow): NonNullable<Problem['row']> {
  return { id: row.id, seq: row.seq, at: row.at, activity: row.activity };
}

function problem(
  kind: AuditChainProblem,
  message: string,
  row: SealedRow | null = null,
  extra: { expectedSeq?: number; missingCount?: number } = {},
): Problem {
  return {
    kind,
    message,
    row: row ? rowRef(row) : null,
    expectedSeq: extra.expectedSeq ?? null,
    missingCount: extra.missingCount ?? null,
  };
}

/**
 * Checks the whole chain with the vault's audit key (null when the vault has none): intact with the
 * number of events, or the first broken link, which event and what is wrong with it. Reads only.
 */
export function verifyAuditChain(db: Database, key: Buffer | null): AuditChainReport {
  const hasChain = db
    .prepare<[], { found: number }>("SELECT count(*) AS found FROM sqlite_schema WHERE name = 'audit_chain'")
    .get();
  if (!hasChain?.found) {
    const events = db.prepare<[], { count: number }>('SELECT count(*) AS count FROM audit_events').get()?.count ?? 0;
    return broken(
      events,
      0,
      0,
      problem(
        'noChain',
        'This database has no audit chain yet (it was written by an older version of the app); start the app on it once to seal its log.',
      ),
    );
  }
  const statements = chainStatements(db);
  const state = statements.state.get();
  const events = statements.count.get()?.count ?? 0;
  if (!state) return broken(events, 0, 0, problem('stateAltered', 'The audit chain state row is missing.'));
  const report = (verified: number, found: Problem | null): AuditChainReport =>
    found ? broken(events, verified, state.anchor_seq, found) : intact(events, state.anchor_seq);

  if (state.key_id === null) {
    if (events === 0 && state.head_seq === 0) return report(0, null);
    const first = statements.inOrder.get() ?? null;
    return report(
      0,
      problem(
        'notSealed',
        'The audit log has not been sealed with the vault key yet; the app seals it when it next starts.',
        first,
      ),
    );
  }
  if (!key) {
    return report(0, problem('keyMissing', 'The vault holds no audit key, so the audit log cannot be verified.'));
  }
  if (auditKeyId(key) !== state.key_id) {
    return report(
      0,
      problem(
        'keyMismatch',
        'The audit key in the vault is not the key that sealed this audit log (another vault, or the key was replaced).',
      ),
    );
  }
  if (!sameMac(state.state_mac, stateMac(key, state))) {
    return report(
      0,
      problem(
        'stateAltered',
        "The chain's anchor and head record does not verify: it was altered, or events that did not verify were pruned.",
      ),
    );
  }

  const laterHasSeqBetween = db.prepare<[number, number, number], { found: number }>(
    'SELECT count(*) AS found FROM audit_events WHERE id > ? AND seq >= ? AND seq < ?',
  );
  const iterator = statements.inOrder.iterate()[Symbol.iterator]();
  let next = iterator.next();
  let previous = { seq: state.anchor_seq, mac: state.anchor_mac };
  let verified = 0;
  try {
    while (!next.done) {
      const row = next.value;
      next = iterator.next();
      const following = next.done ? null : next.value;
      const expected = previous.seq + 1;
      const chainsFromPrevious = (candidate: SealedRow | null) =>
        candidate !== null &&
        candidate.seq === expected &&
        sameMac(candidate.mac, rowMac(key, previous.mac, expected, candidate));

      if (row.seq === null || row.mac === null) {
        return report(
          verified,
          problem('inserted', `Event ${row.id} carries no seal: it was added outside the app.`, row, {
            expectedSeq: expected,
          }),
        );
      }
      if (row.seq < state.key_since_seq) {
        return report(
          verified,
          problem(
            'earlierKey',
            `Event ${row.id} was sealed with an earlier audit key that the vault no longer holds; events from place ${state.key_since_seq} on are sealed with the current key.`,
            row,
            { expectedSeq: state.key_since_seq },
          ),
        );
      }
      if (row.seq > state.head_seq) {
        return report(
          verified,
          problem(
            'inserted',
            `Event ${row.id} comes after the last event the app sealed (place ${state.head_seq}): it was added outside the app.`,
            row,
            { expectedSeq: expected },
          ),
        );
      }
      if (row.seq === expected) {
        if (sameMac(row.mac, rowMac(key, previous.mac, row.seq, row))) {
          previous = { seq: row.seq, mac: row.mac };
          verified += 1;
          continue;
        }
        if (chainsFromPrevious(following)) {
          return report(
            verified,
            problem('inserted', `Event ${row.id} is not part of the chain: it was inserted.`, row, {
              expectedSeq: expected,
            }),
          );
        }
        return report(
          verified,
          problem(
            'edited',
            `Event ${row.id} does not match its seal: its content or its place was changed after it was written.`,
            row,
            {
              expectedSeq: expected,
            },
          ),
        );
      }
      if (row.seq > expected) {
        const moved = laterHasSeqBetween.get(row.id, expected, row.seq)?.found ?? 0;
        if (moved > 0) {
          return report(
            verified,
            problem(
              'reordered',
              `Event ${row.id} holds place ${row.seq} of the chain but comes where place ${expected} belongs: events were reordered.`,
              row,
              { expectedSeq: expected },
            ),
          );
        }
        const count = row.seq - expected;
        return report(
          verified,
          problem(
            'missing',
            `${count === 1 ? '1 event is' : `${count} events are`} missing before event ${row.id} (places ${expected} to ${row.seq - 1} of the chain): deleted.`,
            row,
            { expectedSeq: expected, missingCount: count },
          ),
        );
      }
      if (chainsFromPrevious(following)) {
        return report(
          verified,
          problem('inserted', `Event ${row.id} repeats place ${row.seq} of the chain: it was inserted.`, row, {
            expectedSeq: expected,
          }),
        );
      }
      return report(
        verified,
        problem(
          'reordered',
          `Event ${row.id} holds place ${row.seq} of the chain but comes after place ${previous.seq}: events were reordered.`,
          row,
          { expectedSeq: expected },
        ),
      );
    }
  } finally {
    iterator.return?.();
  }
  if (previous.seq !== state.head_seq) {
    const count = state.head_seq - previous.seq;
    return report(
      verified,
      problem(
        'truncated',
        `${count === 1 ? 'The newest event is' : `The newest ${count} events are`} missing (places ${previous.seq + 1} to ${state.head_seq} of the chain): deleted.`,
        null,
        { expectedSeq: previous.seq + 1, missingCount: count },
      ),
    );
  }
  return report(verified, null);
}

function intact(events: number, prunedThrough: number): AuditChainReport {
  return { intact: true, events, verified: events, prunedThrough, problem: null };
}

function broken(events: number, verified: number, prunedThrough: number, found: Problem): AuditChainReport {
  return { intact: false, events, verified, prunedThrough, problem: found };
}
