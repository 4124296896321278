// Reads a users file as a stream of records, one at a time, whatever its size: CSV through
// csv-parse's stream API, JSON lines line by line, and a JSON array through stream-json, which
// hands over one element at a time instead of parsing the whole document.
import { pipeline, Transform, type Readable } from 'node:stream';
import { createInterface } from 'node:readline';
import { CsvError, parse } from 'csv-parse';
import streamArray from 'stream-json/streamers/stream-array.js';
import { userFileColumns, requiredUserFileColumns, type UserFileColumn } from './rows';

export type UsersFileFormat = 'csv' | 'json' | 'jsonl';

/**
 * One record and where it is: CSV the line the row starts on (the header is line 1), JSON lines the
 * line, a JSON array the element's position (1 for the first). A record that is no object, or not
 * valid on its own line, comes as a problem instead, and the reading goes on.
 */
export type FileRecord = { row: number; fields: Record<string, unknown> } | { row: number; problem: string };

/** The file as a whole cannot be read (no header, an unknown column, broken quoting or JSON): nothing is imported. */
export class UsersFileError extends Error {
  override readonly name = 'UsersFileError';
}

const knownColumns = new Set<string>(userFileColumns);

/** The records of `input`; `counter.bytes` grows as the bytes are read. */
export async function* readUserRecords(
  format: UsersFileFormat,
  input: NodeJS.ReadableStream | Readable,
  counter: { bytes: number },
): AsyncGenerator<FileRecord> {
  switch (format) {
    case 'csv':
      yield* csvRecords(counted(input, counter));
      return;
    case 'jsonl':
      yield* jsonLineRecords(counted(input, counter));
      return;
    case 'json':
      yield* jsonArrayRecords(counted(input, counter));
      return;
  }
}

/** Counts the bytes that go through and drops a UTF-8 byte order mark at the start (Excel writes one). */
function counted(input: NodeJS.ReadableStream | Readable, counter: { bytes: number }): Transform {
  let first = true;
  const counting = new Transform({
    transform(chunk: Buffer | string, _encoding, done) {
      let data = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
      counter.bytes += data.length;
      if (first && data.length > 0) {
        first = false;
        if (data[0] === 0xef && data[1] === 0xbb && data[2] === 0xbf) data = data.subarray(3);
      }
      done(null, data);
    },
  });
  // The source's own error ends the reading with it; the callback only keeps it from being unhandled.
  return pipeline(input, counting, () => undefined);
}

async function* csvRecords(input: Readable): AsyncGenerator<FileRecord> {
  // Empty lines and Excel's lines of commas are skipped here, not by the parser, so every line is counted.
  const parser = input.pipe(parse({ relax_column_count: true }));
  input.once('error', (error) => parser.destroy(error));
  let header: UserFileColumn[] | null = null;
  let line = 1;
  try {
    for await (const record of parser as AsyncIterable<string[]>) {
      const row = line;
      line += 1 + record.reduce((breaks, cell) => breaks + lineBreaks(cell), 0);
      if (record.every((cell) => cell.trim() === '')) continue;
      if (header === null) {
        header = csvHeader(record);
        continue;
      }
      if (record.length !== header.length) {
        yield { row, problem: `has ${record.length} fields; the header has ${header.length}` };
        continue;
      }
      const fields: Record<string, unknown> = {};
      header.forEach((column, index) => {
        fields[column] = unguardCell(record[index] ?? '');
      });
      yield { row, fields };
    }
  } catch (error) {
    if (error instanceof CsvError) {
      // csv-parse's message may quote the text around the fault (a password, say): keep its code and line.
      throw new UsersFileError(`The CSV file cannot be read at line ${String(error.lines ?? line)} (${error.code}).`);
    }
    throw error;
  }
  if (header === null) throw new UsersFileError('The CSV file is empty: it needs a header line naming its columns.');
}

/** Line breaks inside a quoted cell (CRLF counts once): the rows after it start that many lines later. */
function lineBreaks(cell: string): number {
  if (!cell.includes('\n') && !cell.includes('\r')) return 0;
  return cell.match(/\r\n|\r|\n/gu)?.length ?? 0;
}

function csvHeader(cells: string[]): UserFileColumn[] {
  const names = cells.map((cell) => cell.trim());
  const unknown = names.filter((name) => !knownColumns.has(name));
  if (unknown.length > 0) {
    const shown = unknown.slice(0, 3).map((name) => JSON.stringify(name.length > 40 ? `${name.slice(0, 40)}…` : name));
    throw new UsersFileError(
      `The CSV header names ${unknown.length === 1 ? 'an unknown column' : 'unknown columns'} ${shown.join(', ')}; the columns are ${userFileColumns.join(', ')}.`,
    );
  }
  const repeated = names.find((name, index) => names.indexOf(name) !== index);
  if (repeated !== undefined) throw new UsersFileError(`The CSV header names the column ${repeated} twice.`);
  const missing = requiredUserFileColumns.filter((column) => !names.includes(column));
  if (missing.length > 0) throw new UsersFileError(`The CSV header lacks the column ${missing.join(' and ')}.`);
  return names as UserFileColumn[];
}

/**
 * A spreadsheet runs a cell that starts with = + - @ as a formula, so the export writes such a cell
 * after an apostrophe (`'+1 425 555 0101`); reading takes it off again.
 */
export function unguardCell(cell: string): string {
  return /^'[=+\-@\t\r]/u.test(cell) ? cell.slice(1) : cell;
}

async function* jsonLineRecords(input: Readable): AsyncGenerator<FileRecord> {
  let row = 0;
  for await (const line of createInterface({ input, crlfDelay: Infinity })) {
    row += 1;
    if (line.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      // JSON.parse's message quotes the text around the fault: only say that it is not JSON.
      yield { row, problem: 'is not valid JSON' };
      continue;
    }
    yield asRecord(row, value);
  }
}

async function* jsonArrayRecords(input: Readable): AsyncGenerator<FileRecord> {
  const elements = input.pipe(streamArray.withParserAsStream());
  input.once('error', (error) => elements.destroy(error));
  let row = 0;
  try {
    for await (const element of elements as AsyncIterable<{ key: number; value: unknown }>) {
      row = element.key + 1;
      yield asRecord(row, element.value);
    }
  } catch (error) {
    if (error instanceof UsersFileError) throw error;
    // The parser's message is not passed on: it may quote the text it stopped at.
    throw new UsersFileError(
      `The file is not a JSON array of users${row > 0 ? ` (it stops being one after element ${row})` : ''}.`,
    );
  }
}

function asRecord(row: number, value: unknown): FileRecord {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { row, problem: 'is not an object of columns' };
  }
  return { row, fields: value as Record<string, unknown> };
}
