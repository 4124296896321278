import type { SecretBox } from '../vault/types';
import type { Database, Statement } from './database';
import { isoTime } from './rows';

export const outboxChannels = ['email', 'sms', 'voice', 'push'] as const;
export type OutboxChannel = (typeof outboxChannels)[number];

/**
 * What the simulated delivery channels sent (spec §10). The training outbox is where a trainee reads
 * a one-time code, so a body may hold one; it is delivery, not a log. The body is kept sealed with the
 * vault's data key (issue 7) and opened here, for the training devices that show it.
 */
export interface OutboxMessage {
  id: number;
  at: Date;
  tenantId: number;
  channel: OutboxChannel;
  recipient: string;
  subject: string | null;
  body: string;
}

export type NewOutboxMessage = Omit<OutboxMessage, 'id' | 'subject'> & { subject?: string | null };

export interface OutboxQuery {
  /** Newest first; at most this many. */
  limit: number;
  tenantId?: number;
  recipient?: string;
  channel?: OutboxChannel;
  since?: Date;
}

/** The longest body a message may have (the column's limit before bodies were sealed). */
export const maxBodyLength = 20_000;

/** Shown instead of a body the vault's data key cannot open (the key was replaced, or the row altered). */
export const unreadableBody = '[This message was sealed with a data key this device no longer holds.]';

interface OutboxRow {
  id: number;
  at: string;
  tenant_id: number;
  channel: OutboxChannel;
  recipient: string;
  subject: string | null;
  /** Empty once sealed; the text of a message written before migration 7 until the first keyed start. */
  body: string;
  sealed_body: string | null;
}

const columns = 'id, at, tenant_id, channel, recipient, subject, body, sealed_body';

type OutboxFilter = Record<string, string | number>;

/**
 * The outbox over the database. With the vault's data key (`box`), every body is sealed as it is
 * written and opened as it is read, and the first keyed open seals the messages written before
 * migration 7. Without it (tests and tools that never read a message), nothing can be written or read
 * but the send times the resend throttle counts.
 */
export function createOutboxRepository(db: Database, box: SecretBox | null) {
  // Prepared on first use: a store stopped at an older schema (tests build old databases) has no sealed column.
  let prepared: ReturnType<typeof prepareStatements> | null = null;
  const statements = () => (prepared ??= prepareStatements(db));
  const requireBox = (): SecretBox => {
    if (!box) {
      throw new Error("The outbox seals every message with the vault's data key; this store was opened without it.");
    }
    return box;
  };
  const toMessage = (row: OutboxRow): OutboxMessage => ({
    id: row.id,
    at: new Date(row.at),
    tenantId: row.tenant_id,
    channel: row.channel,
    recipient: row.recipient,
    subject: row.subject,
    body: row.sealed_body === null ? row.body : openBody(requireBox(), row.sealed_body),
  });
  const sealedLegacy = box ? sealLegacyMessages(db, box) : 0;
  // One statement per combination of filters, each prepared the first time it is used, so each can use its index.
  const listStatements = new Map<string, Statement<[OutboxFilter], OutboxRow>>();
  const listStatement = (filter: OutboxFilter): Statement<[OutboxFilter], OutboxRow> => {
    const key = Object.keys(filter).sort().join(',');
    let statement = listStatements.get(key);
    if (!statement) {
      const conditions = [
        'tenantId' in filter ? 'tenant_id = @tenantId' : null,
        'recipient' in filter ? 'recipient = @recipient COLLATE NOCASE' : null,
        'channel' in filter ? 'channel = @channel' : null,
        'since' in filter ? 'at >= @since' : null,
      ].filter((condition) => condition !== null);
      statement = db.prepare<[OutboxFilter], OutboxRow>(
        `SELECT ${columns} FROM outbox
         ${conditions.length ? `WHERE ${conditions.join(' AND ')}` : ''}
         ORDER BY at DESC, id DESC LIMIT @limit`,
      );
      listStatements.set(key, statement);
    }
    return statement;
  };

  return {
    /** Messages written before migration 7 that this open sealed (0 once they all are). */
    sealedLegacy,
    append: (message: NewOutboxMessage): OutboxMessage => {
      const sealer = requireBox();
      if (message.body.length > maxBodyLength) {
        throw new Error(`An outbox message is at most ${maxBodyLength} characters long.`);
      }
      const { lastInsertRowid } = statements().insert.run({
        at: isoTime(message.at),
        tenant_id: message.tenantId,
        channel: message.channel,
        recipient: message.recipient,
        subject: message.subject ?? null,
        sealed_body: sealer.seal(message.body),
      });
      const row = statements().get.get(Number(lastInsertRowid));
      if (!row) throw new Error('The message was not written to the outbox.');
      return toMessage(row);
    },
    list: (query: OutboxQuery): OutboxMessage[] => {
      requireBox();
      const filter: OutboxFilter = { limit: Math.max(0, Math.floor(query.limit)) };
      if (query.tenantId !== undefined) filter['tenantId'] = query.tenantId;
      if (query.recipient !== undefined) filter['recipient'] = query.recipient;
      if (query.channel !== undefined) filter['channel'] = query.channel;
      if (query.since !== undefined) filter['since'] = isoTime(query.since);
      return listStatement(filter).all(filter).map(toMessage);
    },
    /** Messages sent to a recipient on a channel since a time: the resend throttle of spec §5 counts these. */
    countSince: (recipient: string, channel: OutboxChannel, since: Date): number =>
      statements().countSince.get(recipient, channel, isoTime(since))?.count ?? 0,
    /** When messages went to a recipient on a channel since a time, newest first, without opening them. */
    sentSince: (recipient: string, channel: OutboxChannel, since: Date, limit: number): Date[] =>
      statements()
        .sentSince.all(recipient, channel, isoTime(since), Math.max(0, Math.floor(limit)))
        .map((row) => new Date(row.at)),
    purgeBefore: (cutoff: Date): number => statements().purgeBefore.run(isoTime(cutoff)).changes,
  };
}

export type OutboxRepository = ReturnType<typeof createOutboxRepository>;

function prepareStatements(db: Database) {
  return {
    insert: db.prepare<[Omit<OutboxRow, 'id' | 'body'>]>(
      `INSERT INTO outbox (at, tenant_id, channel, recipient, subject, body, sealed_body)
       VALUES (@at, @tenant_id, @channel, @recipient, @subject, '', @sealed_body)`,
    ),
    get: db.prepare<[number], OutboxRow>(`SELECT ${columns} FROM outbox WHERE id = ?`),
    countSince: db.prepare<[string, OutboxChannel, string], { count: number }>(
      'SELECT count(*) AS count FROM outbox WHERE recipient = ? COLLATE NOCASE AND channel = ? AND at >= ?',
    ),
    sentSince: db.prepare<[string, OutboxChannel, string, number], { at: string }>(
      `SELECT at FROM outbox WHERE recipient = ? COLLATE NOCASE AND channel = ? AND at >= ?
       ORDER BY at DESC, id DESC LIMIT ?`,
    ),
    purgeBefore: db.prepare<[string]>('DELETE FROM outbox WHERE at < ?'),
  };
}

function openBody(box: SecretBox, sealed: string): string {
  try {
    return box.open(sealed);
  } catch {
    return unreadableBody;
  }
}

/**
 * Seals the bodies written before migration 7, in one transaction, then rebuilds the file (VACUUM) and
 * checkpoints the WAL, so no copy of the plain text is left in a freed cell or a page's unused space
 * (secure_delete alone leaves some when a page splits). It runs once, on the first keyed start after
 * the upgrade, and only when there is something to seal.
 */
function sealLegacyMessages(db: Database, box: SecretBox): number {
  const migrated = db.prepare("SELECT 1 FROM pragma_table_info('outbox') WHERE name = 'sealed_body'").get();
  if (migrated === undefined) return 0;
  const legacy = db.prepare<[], { id: number; body: string }>(
    'SELECT id, body FROM outbox WHERE sealed_body IS NULL ORDER BY id',
  );
  const seal = db.prepare<[string, number]>("UPDATE outbox SET sealed_body = ?, body = '' WHERE id = ?");
  const sealed = db
    .transaction(() => {
      let count = 0;
      for (const row of legacy.all()) count += seal.run(box.seal(row.body), row.id).changes;
      return count;
    })
    .immediate();
  if (sealed > 0 && !db.memory) {
    db.exec('VACUUM');
    if (db.pragma('journal_mode', { simple: true }) === 'wal') db.pragma('wal_checkpoint(TRUNCATE)');
  }
  return sealed;
}
