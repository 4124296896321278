// Issue 8's scenario tests: a digest of every table's rows, to prove a refused load changed nothing.
import { createHash } from 'node:crypto';
import type { Database } from '../../../electron/main/store';

/** A SHA-256 digest of each table's rows (every column, in row id order), by table. */
export function databaseDigest(db: Database): Record<string, string> {
  const tables = db
    .prepare<[], { name: string }>(
      "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
    )
    .all()
    .map((row) => row.name);
  return Object.fromEntries(
    tables.map((table) => {
      const hash = createHash('sha256');
      const rows = db
        .prepare(`SELECT * FROM "${table.replaceAll('"', '""')}"`)
        .raw()
        .iterate() as Iterable<unknown[]>;
      for (const row of rows) hash.update(JSON.stringify(row.map((cell) => `${typeof cell}:${String(cell)}`)));
      return [table, hash.digest('hex')];
    }),
  );
}
