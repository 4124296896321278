import type { Database, Statement } from './database';
import { isoTime } from './rows';

export const outboxChannels = ['email', 'sms', 'voice', 'push'] as const;
export type OutboxChannel = (typeof outboxChannels)[number];

/**
 * What the simulated delivery channels sent (spec §10). The training outbox is where a trainee reads
 * a one-time code, so a body may hold one; it is delivery, not a log.
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

interface OutboxRow {
  id: number;
  at: string;
  tenant_id: number;
  channel: OutboxChannel;
  recipient: string;
  subject: string | null;
  body: string;
}

type OutboxFilter = Record<string, string | number>;

export function createOutboxRepository(db: Database) {
  const statements = {
    insert: db.prepare<[Omit<OutboxRow, 'id'>]>(
      `INSERT INTO outbox (at, tenant_id, channel, recipient, subject, body)
       VALUES (@at, @tenant_id, @channel, @recipient, @subject, @body)`,
    ),
    get: db.prepare<[number], OutboxRow>(
      'SELECT id, at, tenant_id, channel, recipient, subject, body FROM outbox WHERE id = ?',
    ),
    countSince: db.prepare<[string, OutboxChannel, string], { count: number }>(
      'SELECT count(*) AS count FROM outbox WHERE recipient = ? COLLATE NOCASE AND channel = ? AND at >= ?',
    ),
    purgeBefore: db.prepare<[string]>('DELETE FROM outbox WHERE at < ?'),
  };
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
        `SELECT id, at, tenant_id, channel, recipient, subject, body FROM outbox
         ${conditions.length ? `WHERE ${conditions.join(' AND ')}` : ''}
         ORDER BY at DESC, id DESC LIMIT @limit`,
      );
      listStatements.set(key, statement);
    }
    return statement;
  };

  return {
    append: (message: NewOutboxMessage): OutboxMessage => {
      const { lastInsertRowid } = statements.insert.run({
        at: isoTime(message.at),
        tenant_id: message.tenantId,
        channel: message.channel,
        recipient: message.recipient,
        subject: message.subject ?? null,
        body: message.body,
      });
      const row = statements.get.get(Number(lastInsertRowid));
      if (!row) throw new Error('The message was not written to the outbox.');
      return toMessage(row);
    },
    list: (query: OutboxQuery): OutboxMessage[] => {
      const filter: OutboxFilter = { limit: Math.max(0, Math.floor(query.limit)) };
      if (query.tenantId !== undefined) filter['tenantId'] = query.tenantId;
      if (query.recipient !== undefined) filter['recipient'] = query.recipient;
      if (query.channel !== undefined) filter['channel'] = query.channel;
      if (query.since !== undefined) filter['since'] = isoTime(query.since);
      return listStatement(filter).all(filter).map(toMessage);
    },
    /** Messages sent to a recipient on a channel since a time: the resend throttle of spec §5 counts these. */
    countSince: (recipient: string, channel: OutboxChannel, since: Date): number =>
      statements.countSince.get(recipient, channel, isoTime(since))?.count ?? 0,
    purgeBefore: (cutoff: Date): number => statements.purgeBefore.run(isoTime(cutoff)).changes,
  };
}

export type OutboxRepository = ReturnType<typeof createOutboxRepository>;

function toMessage(row: OutboxRow): OutboxMessage {
  return {
    id: row.id,
    at: new Date(row.at),
    tenantId: row.tenant_id,
    channel: row.channel,
    recipient: row.recipient,
    subject: row.subject,
    body: row.body,
  };
}
