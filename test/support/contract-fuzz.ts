// Issue 7, bad input: every call of the IPC contract (shared/contract.ts) fuzzed through the one
// dispatcher both shells use, on a real engine over a real database file. Three kinds of payload:
// - hostile ones of any shape: wrong types, huge strings, deep nesting, `__proto__`/`constructor`/
//   `prototype` keys (as JSON.parse makes them), control characters, lone surrogates, Unicode
//   confusables, NaN/-0/1e308, Maps, Sets, BigInts, Dates and typed arrays (what Electron's
//   structured clone can carry), arrays where objects are expected;
// - a valid payload with one thing broken: a field replaced, a key added or dropped, the whole
//   wrapped in an array or sent as its JSON text;
// - payloads valid for the schema but hostile in their values: a flow id of another flow, an id
//   of no one, the largest page and offset, a UPN of no one or a confusable of a real one.
// The ground truth is the call's own request schema: a payload it refuses must be answered
// `invalid_request` and change nothing in the database (a digest of every table's rows before and
// after); a payload it accepts must get an answer or a typed error, never `internal`, and a refusal
// may only add audit rows (see `refusalMayChange`). Nothing may throw out of dispatch, no error may
// echo a value sent, nothing may reach the error log, and Object.prototype must stay clean.
// No vitest here: the unit test asserts on the report, and `npm run verify` prints it.
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import fc from 'fast-check';
import type { z } from 'zod';
import { dispatch, type Handlers } from '../../electron/main/api/dispatch';
import { ManualClock } from '../../electron/main/clock';
import { openEngine, type Engine } from '../../electron/main/engine';
import { memoryLogger, type Logger } from '../../electron/main/log';
import { openVault } from '../../electron/main/vault/vault';
import { callNames, contract, type CallName } from '../../shared/contract';
import { CallError, type Envelope } from '../../shared/errors';

export type Dispatcher = (
  handlers: Handlers,
  name: unknown,
  payload: unknown,
  context: { shell: 'electron' | 'browser' },
  log: Logger,
) => Promise<Envelope<unknown>>;

export type FuzzProblemKind =
  | 'threw'
  | 'notAnEnvelope'
  | 'notRefusedAsInvalid'
  | 'internalError'
  | 'databaseChanged'
  | 'valueEchoed'
  | 'errorLogged'
  | 'prototypePolluted';

export interface FuzzProblem {
  call: CallName | '(all)';
  kind: FuzzProblemKind;
  detail: string;
  /** The payload, shortened: fuzz values are made up, never a real secret. */
  payload: string;
}

export interface CallFuzzReport {
  call: CallName;
  payloads: number;
  /** Refused by the request schema, answered `invalid_request`, the database unchanged. */
  rejected: number;
  /** Valid for the schema and answered. */
  answered: number;
  /** Valid for the schema and refused with a typed error (not found, unauthorized, forbidden…). */
  refused: number;
  /** Tables a refusal of a valid payload changed (only audit rows may be added; see `refusalMayChange`). */
  tablesChangedByRefusals: string[];
  /** Tables that valid payloads answered ok wrote (an audited failure inside an answer adds audit rows). */
  tablesWrittenByAnswers: string[];
  problems: FuzzProblem[];
  elapsedMs: number;
}

export interface ContractFuzzReport {
  seed: number;
  runsPerCall: number;
  /** How each payload's effect on the database was checked: rows written (triggers on every table), and a digest of every table's rows. */
  databaseCheck: 'rows written + row digest' | 'rows written';
  calls: CallFuzzReport[];
  totals: { payloads: number; rejected: number; answered: number; refused: number; problems: number };
  /** Problems found after the run (Object.prototype polluted). */
  problems: FuzzProblem[];
}

export interface ContractFuzzOptions {
  /** Payloads per call; the issue asks for at least 10,000 (SSPR_FUZZ_RUNS in the test). */
  runs: number;
  seed?: number;
  /** A subset of the calls (all by default, in `fuzzOrder`). */
  calls?: readonly CallName[];
  /**
   * Compare a digest of every table's rows before and after each payload the schema refuses, as well
   * as the rows written (on by default up to 200 runs per call: the digest reads the whole database).
   */
  fullDigest?: boolean;
  /** The dispatcher under test; the real one unless a test proves the fuzzer catches a broken one. */
  dispatcher?: Dispatcher;
  root?: string;
  /** Told of each call as its payloads are done (the verify report's progress line). */
  onCall?: (report: CallFuzzReport) => void;
  /** Runs on the database file once the engine has closed, before it is deleted (the verify report checks its audit chain). */
  afterRun?: (run: { dbPath: string }) => Promise<void>;
}

/**
 * What a refusal of a schema-valid payload may legitimately write: the audit trail of §10 (an
 * event and the chain's head, e.g. a "who are you" for no account, a wrong sign-in, a refused
 * console credential), the counters of §6 that a refused guess is meant to move (a wrong password
 * counts toward smart lockout, a wrong console credential toward its throttle). Nothing else.
 */
export const refusalMayChange: Readonly<Record<string, readonly string[]>> = {
  '*': ['audit_events', 'audit_chain'],
};

const maxProblemsPerCall = 5;
const fullDigestUpTo = 200;
const maxPayloadShown = 300;

/**
 * The order calls are fuzzed in: the ones that read the whole audit log (verifying its chain,
 * exporting it) come first, while it is short, since every other call's answers make it grow; the
 * ones that can shut the console or move the clock (closing the console, the credential's
 * throttle, the training clock's idle lock) come last, so every other admin call is fuzzed with the
 * console open.
 */
export function fuzzOrder(calls: readonly CallName[] = callNames): CallName[] {
  const first: CallName[] = ['admin.audit.verify', 'admin.audit.export'];
  const last: CallName[] = ['training.advanceClock', 'admin.close', 'admin.setup', 'admin.open'];
  return [
    ...first.filter((call) => calls.includes(call)),
    ...calls.filter((call) => !first.includes(call) && !last.includes(call)),
    ...last.filter((call) => calls.includes(call)),
  ];
}

export async function runContractFuzz(options: ContractFuzzOptions): Promise<ContractFuzzReport> {
  const root = options.root ?? process.cwd();
  const seed = options.seed ?? Date.now() % 2 ** 31;
  const dispatcher = options.dispatcher ?? dispatch;
  const dir = mkdtempSync(join(tmpdir(), 'sspr-fuzz-'));
  const dbPath = join(dir, 'sspr.db');
  const log = memoryLogger();
  let engine: Engine | null = null;
  let watch: (DatabaseWatch & { close(): void }) | null = null;
  try {
    const vault = await openVault({ fileDir: dir, backend: 'file' });
    engine = await openEngine({
      dbPath,
      resourcesDir: resolve(root, 'resources'),
      vault,
      shell: 'browser',
      clock: new ManualClock('2026-03-02T09:00:00Z'),
      log,
      hashCost: { N: 1024, r: 8, p: 1 },
    });
    const handlers = engine.handlers;
    const call = async (name: CallName, payload: unknown) => {
      const answer = await dispatch(handlers, name, payload, { shell: 'browser' }, log);
      if (!answer.ok) throw new Error(`fuzz setup: ${name} refused: ${answer.error.code} ${answer.error.message}`);
      return answer.value;
    };
    await call('admin.setup', { credential: consoleCredential });
    const openConsole = async () => {
      await dispatch(handlers, 'admin.open', { credential: consoleCredential }, { shell: 'browser' }, log);
    };
    const pools = await setUpPools(call, dbPath);
    watch = watchDatabase(dbPath);
    const fullDigest = options.fullDigest ?? options.runs <= fullDigestUpTo;

    const reports: CallFuzzReport[] = [];
    const calls = fuzzOrder(options.calls ?? callNames);
    for (const [index, name] of calls.entries()) {
      if (name.startsWith('admin.') && name !== 'admin.setup' && name !== 'admin.open') await openConsole();
      const report = await fuzzCall(name, {
        runs: options.runs,
        seed: seed + index,
        pools,
        watch,
        fullDigest,
        log,
        send: (payload) => dispatcher(handlers, name, payload, { shell: 'browser' }, log),
      });
      reports.push(report);
      options.onCall?.(report);
    }
    const problems: FuzzProblem[] = [];
    const polluted = Object.getOwnPropertyNames(Object.prototype).filter((key) => !cleanPrototypeKeys.has(key));
    if (polluted.length > 0 || ({} as Record<string, unknown>)['polluted'] !== undefined) {
      problems.push({ call: '(all)', kind: 'prototypePolluted', detail: polluted.join(', '), payload: '' });
    }
    const sum = (pick: (report: CallFuzzReport) => number) => reports.reduce((total, r) => total + pick(r), 0);
    return {
      seed,
      runsPerCall: options.runs,
      databaseCheck: fullDigest ? 'rows written + row digest' : 'rows written',
      calls: reports,
      totals: {
        payloads: sum((r) => r.payloads),
        rejected: sum((r) => r.rejected),
        answered: sum((r) => r.answered),
        refused: sum((r) => r.refused),
        problems: sum((r) => r.problems.length) + problems.length,
      },
      problems,
    };
  } finally {
    watch?.close();
    engine?.close();
    try {
      if (engine && options.afterRun) await options.afterRun({ dbPath });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
}

const cleanPrototypeKeys = new Set(Object.getOwnPropertyNames(Object.prototype));
const consoleCredential = 'Fuzzing-Console-Key-4718!';

// ---------------------------------------------------------------------------------------------
// One call

interface FuzzContext {
  runs: number;
  seed: number;
  pools: Pools;
  watch: DatabaseWatch;
  /** Also compare a digest of every table's rows before and after each refused payload (small runs). */
  fullDigest: boolean;
  log: ReturnType<typeof memoryLogger>;
  send(payload: unknown): Promise<Envelope<unknown>>;
}

async function fuzzCall(name: CallName, ctx: FuzzContext): Promise<CallFuzzReport> {
  const schema = contract[name].request as z.ZodType;
  const valid = validPayload(schema, ctx.pools);
  // Four in ten payloads hostile of any shape, three a valid one broken, three valid: every kind reaches every call.
  const kinds = [hostileValue, valid.chain((payload) => brokenPayload(payload)), valid];
  const kindOf = (index: number) => (index % 10 < 4 ? 0 : index % 10 < 7 ? 1 : 2);
  const report: CallFuzzReport = {
    call: name,
    payloads: 0,
    rejected: 0,
    answered: 0,
    refused: 0,
    tablesChangedByRefusals: [],
    tablesWrittenByAnswers: [],
    problems: [],
    elapsedMs: 0,
  };
  const started = performance.now();
  const problem = (kind: FuzzProblemKind, detail: string, payload: unknown) => {
    if (report.problems.length < maxProblemsPerCall) {
      report.problems.push({ call: name, kind, detail, payload: show(payload) });
    }
  };
  const mayChange = new Set([...(refusalMayChange['*'] ?? []), ...(refusalMayChange[name] ?? [])]);
  const changedByRefusals = new Set<string>();
  const writtenByAnswers = new Set<string>();
  // Drawn in batches, so a full run never holds 10,000 huge strings at once.
  const batch = 250;
  for (let done = 0, round = 0; done < ctx.runs; round += 1) {
    const count = Math.min(batch, ctx.runs - done);
    const samples = kinds.map((kind, k) => {
      const wanted = Array.from({ length: count }, (_, i) => done + i).filter((index) => kindOf(index) === k).length;
      return wanted > 0 ? fc.sample(kind, { numRuns: wanted, seed: ctx.seed * 1009 + round * 3 + k }) : [];
    });
    const drawn = Array.from({ length: count }, (_, i) => samples[kindOf(done + i)]?.shift());
    for (const payload of drawn) {
      report.payloads += 1;
      const accepted = schema.safeParse(payload).success;
      const writesBefore = ctx.watch.writes();
      // The rows are digested around every payload the schema refuses (a valid one's writes are the triggers' to count).
      const digestBefore = ctx.fullDigest && !accepted ? ctx.watch.digest() : null;
      const logLines = ctx.log.lines.length;
      let answer: Envelope<unknown>;
      try {
        answer = await ctx.send(payload);
      } catch (error) {
        problem('threw', error instanceof Error ? `${error.name}: ${error.message}` : String(error), payload);
        continue;
      }
      const changed = writtenTables(writesBefore, ctx.watch.writes());
      if (digestBefore) {
        // The triggers and the rows must agree: a table whose rows changed was written.
        const unseen = changedDigests(digestBefore, ctx.watch.digest()).filter((table) => !changed.includes(table));
        if (unseen.length > 0)
          problem('databaseChanged', `rows changed unseen by the triggers: ${unseen.join(', ')}`, payload);
      }
      const errorLines = ctx.log.lines.slice(logLines).filter((line) => line.startsWith('error '));
      if (errorLines.length > 0) problem('errorLogged', errorLines.join(' | ').slice(0, 200), payload);
      if (!isEnvelope(answer)) {
        problem('notAnEnvelope', show(answer), payload);
        continue;
      }
      if (!answer.ok) {
        // A refused payload's values never come back; an accepted one's secrets never do (a domain or UPN may).
        // zod names an unrecognised key in its message: a value that is part of a key is not an echo.
        const keys = keysOf(payload, 0);
        const sent = (accepted ? secretsOf(payload, 0) : stringLeaves(payload, 0)).filter(
          (value) => !keys.some((key) => key.includes(value)),
        );
        const echoed = echoedValue(sent, answer.error);
        if (echoed) problem('valueEchoed', `the error repeats "${echoed.slice(0, 40)}"`, payload);
      }
      if (!accepted) {
        if (answer.ok || answer.error.code !== 'invalid_request') {
          problem('notRefusedAsInvalid', answer.ok ? 'answered ok' : `answered ${answer.error.code}`, payload);
        } else {
          report.rejected += 1;
        }
        if (changed.length > 0) problem('databaseChanged', `a refused payload changed ${changed.join(', ')}`, payload);
        continue;
      }
      if (answer.ok) {
        report.answered += 1;
        for (const table of changed) writtenByAnswers.add(table);
        continue;
      }
      if (answer.error.code === 'internal' || answer.error.code === 'unknown_call') {
        problem('internalError', `${answer.error.code}: ${answer.error.message}`, payload);
        continue;
      }
      report.refused += 1;
      for (const table of changed) changedByRefusals.add(table);
      const unexpected = changed.filter((table) => !mayChange.has(table));
      if (unexpected.length > 0) {
        problem('databaseChanged', `a refusal (${answer.error.code}) changed ${unexpected.join(', ')}`, payload);
      }
    }
    done += count;
  }
  report.tablesChangedByRefusals = [...changedByRefusals].sort();
  report.tablesWrittenByAnswers = [...writtenByAnswers].sort();
  report.elapsedMs = Math.round(performance.now() - started);
  return report;
}

function isEnvelope(answer: unknown): answer is Envelope<unknown> {
  if (typeof answer !== 'object' || answer === null) return false;
  const envelope = answer as Record<string, unknown>;
  if (envelope['ok'] === true) return 'value' in envelope;
  return envelope['ok'] === false && CallError.safeParse(envelope['error']).success;
}

/** A string value of the payload (8+ characters, not a word the contract itself uses) found in the error. */
function echoedValue(values: readonly string[], error: CallError): string | null {
  const text = JSON.stringify(error);
  for (const value of values) {
    if (value.length >= 8 && !/^[A-Za-z]+$/.test(value) && text.includes(value)) return value;
  }
  return null;
}

function stringLeaves(value: unknown, depth: number): string[] {
  if (typeof value === 'string') return [value];
  if (depth > 20 || typeof value !== 'object' || value === null) return [];
  if (value instanceof Map) return [...value.values()].flatMap((v) => stringLeaves(v, depth + 1));
  if (value instanceof Set) return [...value].flatMap((v) => stringLeaves(v, depth + 1));
  return Object.values(value).flatMap((v) => stringLeaves(v, depth + 1));
}

/** Every key of the payload: zod names an unrecognised key (a path, not a value). */
function keysOf(value: unknown, depth: number): string[] {
  if (depth > 20 || typeof value !== 'object' || value === null || value instanceof Map || value instanceof Set)
    return [];
  return Object.entries(value).flatMap(([key, inner]) => [key, ...keysOf(inner, depth + 1)]);
}

const secretFields =
  /^(password|newPassword|confirmPassword|currentPassword|credential|temporaryPassword|bindPassword|code|answer|answers|captcha)$/;

/** The values sent under a secret's name (passwords, codes, answers, the console credential). */
function secretsOf(value: unknown, depth: number): string[] {
  if (depth > 20 || typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([key, inner]) =>
    secretFields.test(key) ? stringLeaves(inner, depth + 1) : secretsOf(inner, depth + 1),
  );
}

function show(value: unknown): string {
  let text: string;
  try {
    text =
      JSON.stringify(value, (_key, v: unknown) =>
        typeof v === 'bigint'
          ? `${v}n`
          : v instanceof Map
            ? { Map: [...v.entries()] }
            : v instanceof Set
              ? { Set: [...v] }
              : v === undefined
                ? '(undefined)'
                : typeof v === 'number' && !Number.isFinite(v)
                  ? String(v)
                  : v,
      ) ?? String(value);
  } catch {
    text = Object.prototype.toString.call(value);
  }
  return text.length > maxPayloadShown ? `${text.slice(0, maxPayloadShown)}… (${text.length} characters)` : text;
}

// ---------------------------------------------------------------------------------------------
// Watching the database: which tables a call wrote, and a digest of every table's rows

type Digest = Map<string, string>;

export interface DatabaseWatch {
  /** Rows inserted, updated or deleted so far, by table (from triggers on every table). */
  writes(): Map<string, number>;
  /** A SHA-256 digest of every table's rows, by table (recomputed only after a commit). */
  digest(): Digest;
}

/**
 * Puts an AFTER INSERT/UPDATE/DELETE trigger on every table of the fuzzed database that counts the
 * rows written into `fuzz_writes`, so each payload's writes are known exactly and cheaply, whatever
 * the size of the audit log; and digests every table's rows through a second, read-only
 * connection. SQLite's `data_version` moves whenever another connection commits, so the digest is
 * recomputed only then.
 */
export function watchDatabase(dbPath: string): DatabaseWatch & { close(): void } {
  const writer = new BetterSqlite3(dbPath, { fileMustExist: true });
  try {
    writer.pragma('busy_timeout = 5000');
    writer.exec('CREATE TABLE IF NOT EXISTS fuzz_writes (tbl TEXT PRIMARY KEY, n INTEGER NOT NULL) STRICT');
    const tables = writer
      .prepare<[], { name: string; sql: string }>(
        "SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> 'fuzz_writes'",
      )
      .all();
    // A full-text index (a virtual table and its shadow tables) is written only by its base table's own triggers.
    const virtual = tables.filter((table) => /^CREATE VIRTUAL TABLE/i.test(table.sql)).map((table) => table.name);
    const watched = tables
      .map((table) => table.name)
      .filter((name) => !virtual.some((index) => name === index || name.startsWith(`${index}_`)));
    for (const table of watched) {
      for (const event of ['INSERT', 'UPDATE', 'DELETE']) {
        const name = `fuzz_${event.toLowerCase()}_${table}`;
        writer.exec(`CREATE TRIGGER IF NOT EXISTS "${name}" AFTER ${event} ON "${table}" BEGIN
          INSERT INTO fuzz_writes (tbl, n) VALUES ('${table}', 1) ON CONFLICT (tbl) DO UPDATE SET n = n + 1;
        END`);
      }
    }
  } finally {
    writer.close();
  }
  const reader = new BetterSqlite3(dbPath, { readonly: true, fileMustExist: true });
  const readWrites = reader.prepare<[], { tbl: string; n: number }>('SELECT tbl, n FROM fuzz_writes');
  let version = -1;
  let last: Digest = new Map();
  return {
    writes: () => new Map(readWrites.all().map((row) => [row.tbl, row.n])),
    digest: () => {
      const now = reader.pragma('data_version', { simple: true }) as number;
      if (now === version) return last;
      version = now;
      const tables = reader
        .prepare<[], { name: string }>(
          "SELECT name FROM sqlite_master WHERE type = 'table' AND name <> 'fuzz_writes' ORDER BY name",
        )
        .all()
        .map((row) => row.name);
      last = new Map(tables.map((table) => [table, tableDigest(reader, table)]));
      return last;
    },
    close: () => reader.close(),
  };
}

function tableDigest(reader: BetterSqlite3.Database, table: string): string {
  const hash = createHash('sha256');
  const rows = reader
    .prepare(`SELECT * FROM "${table.replaceAll('"', '""')}"`)
    .raw()
    .iterate() as Iterable<unknown[]>;
  for (const row of rows) {
    for (const cell of row) {
      hash.update(Buffer.isBuffer(cell) ? `b:${cell.toString('hex')}` : `${typeof cell}:${String(cell)}`);
      hash.update('\u0000');
    }
    hash.update('\u0001');
  }
  return hash.digest('hex');
}

function changedDigests(before: Digest, after: Digest): string[] {
  const names = new Set([...before.keys(), ...after.keys()]);
  return [...names].filter((name) => before.get(name) !== after.get(name)).sort();
}

function writtenTables(before: Map<string, number>, after: Map<string, number>): string[] {
  return [...after.entries()]
    .filter(([table, count]) => count !== (before.get(table) ?? 0))
    .map(([table]) => table)
    .sort();
}

// ---------------------------------------------------------------------------------------------
// Ids and names that exist, for payloads that are valid but aimed at the wrong thing

interface Pools {
  flowIds: string[];
  upns: string[];
  userIds: number[];
  tenantIds: number[];
  groupIds: number[];
  methodIds: number[];
  deviceFields: string[];
}

async function setUpPools(
  call: (name: CallName, payload: unknown) => Promise<unknown>,
  dbPath: string,
): Promise<Pools> {
  const flowIds: string[] = [];
  for (let i = 0; i < 3; i++) {
    const started = (await call('reset.start', {})) as {
      flowId: string;
      view: { captchaPuzzle: { a: number; b: number } };
    };
    flowIds.push(started.flowId);
    if (i === 0) {
      const { a, b } = started.view.captchaPuzzle;
      await call('reset.identify', { flowId: started.flowId, upn: 'adele.vance@contoso.com', captcha: String(a + b) });
    }
  }
  await call('session.signIn', { upn: 'adele.vance@contoso.com', password: 'Harbor-Lantern-47' });
  const reader = new BetterSqlite3(dbPath, { readonly: true, fileMustExist: true });
  try {
    const ids = (sql: string) =>
      reader
        .prepare<[], { id: number }>(sql)
        .all()
        .map((row) => row.id);
    const device = reader.prepare('SELECT * FROM device LIMIT 1').get() as Record<string, unknown> | undefined;
    return {
      flowIds,
      upns: reader
        .prepare<[], { upn: string }>('SELECT upn FROM users ORDER BY id')
        .all()
        .map((row) => row.upn),
      userIds: ids('SELECT id FROM users'),
      tenantIds: ids('SELECT id FROM tenants'),
      groupIds: ids('SELECT id FROM directory_groups'),
      methodIds: ids('SELECT id FROM auth_methods'),
      deviceFields: [
        ...Object.keys(device ?? {}).map((column) => column.replace(/_([a-z])/g, (_m, c: string) => c.toUpperCase())),
        'allowPasswordReset',
        'captcha',
      ],
    };
  } finally {
    reader.close();
  }
}

// ---------------------------------------------------------------------------------------------
// Hostile values of any shape

const controlCharacter = fc.constantFrom(
  '\u0000',
  '\u0007',
  '\b',
  '\t',
  '\n',
  '\r',
  '\u001b',
  '\u007f',
  '\u0085',
  '\u00a0',
  '\u2028',
  '\u2029',
  '\ufeff',
  '\u200b',
  '\u200d',
  '\u202e',
  '\u2066',
  '\ufffd',
  '\uffff',
);
const loneSurrogate = fc.constantFrom('\ud800', '\udbff', '\udc00', '\udfff', 'a\ud83d', '\ude00b', '\ud83d\ud83d');
/** Look-alikes of real names and digits: Cyrillic letters, full-width and mathematical forms, ligatures, combining marks. */
const confusable = fc.constantFrom(
  '\u0430dele.vance@contoso.com',
  'adele.vance@c\u043entoso.com',
  '\uff41\uff44\uff45\uff4c\uff45@contoso.com',
  'adele.vance@contoso.com\u200b',
  '\u202eadele.vance@contoso.com',
  'ADELE.VANCE@CONTOSO.COM',
  'adele.vance@contoso.com.',
  'adele.vance@xn--contoso-9ya.com',
  '\uff11\uff12\uff13\uff14\uff15\uff16',
  '\u0661\u0662\u0663\u0664\u0665\u0666',
  '\ud835\udfcf\ud835\udfd0\ud835\udfd1\ud835\udfd2\ud835\udfd3\ud835\udfd4',
  '\ufb01',
  '\u0130',
  '\u00df',
  'e\u0301',
  '\u212b',
  'Harbor-Lantern-47\u0000',
);
const injection = fc.constantFrom(
  "' OR '1'='1",
  '"; DROP TABLE users; --',
  '../../../../etc/passwd',
  '%00',
  '${7*7}',
  '{{constructor.constructor("return process")()}}',
  '<script>alert(1)</script>',
  'null',
  'undefined',
  'NaN',
  '-0',
  '1e308',
  '__proto__',
  '0x41',
);
const hugeString = fc
  .tuple(
    fc.integer({ min: 257, max: 120_000 }),
    fc.constantFrom('a', '7', '\u20ac', '\ud83d\ude00', ' ', '\u0000', '\ud800'),
  )
  .map(([length, unit]) => unit.repeat(length));
const hostileUnit = fc.oneof(fc.string({ unit: 'binary', maxLength: 1 }), controlCharacter, loneSurrogate);
const hostileString = fc.oneof(
  controlCharacter,
  loneSurrogate,
  confusable,
  injection,
  hugeString,
  fc.string({ unit: hostileUnit, maxLength: 40 }),
  fc
    .array(fc.oneof(controlCharacter, loneSurrogate, confusable, injection, fc.string()), { maxLength: 5 })
    .map((parts) => parts.join('')),
  fc.constant(''),
);
const hostileNumber = fc.oneof(
  fc.constantFrom(
    Number.NaN,
    -0,
    0,
    Number.POSITIVE_INFINITY,
    Number.NEGATIVE_INFINITY,
    1e308,
    -1e308,
    5e-324,
    Number.MAX_SAFE_INTEGER,
    Number.MAX_SAFE_INTEGER + 1,
    2 ** 53 + 2,
    -(2 ** 53),
    2 ** 31,
    2 ** 32,
    2 ** 63,
    0.1,
    1.5,
    -1,
  ),
  fc.double(),
  fc.integer(),
);
const hostileKey = fc.oneof(
  fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'valueOf', 'hasOwnProperty', 'then', ''),
  fc.constantFrom('flowId', 'upn', 'password', 'code', 'userId', 'tenantId', 'patch', 'change', 'response'),
  fc.string({ unit: hostileUnit, maxLength: 12 }),
);
/** Things Electron's structured clone carries that JSON does not. */
const exotic = fc.oneof(
  fc.constant(undefined),
  fc.constant(null),
  fc.boolean(),
  fc.bigInt(),
  fc.date({ noInvalidDate: false }),
  fc.constant(new Map([['flowId', 'x']])),
  fc.constant(new Set([1, 2])),
  fc.uint8Array({ maxLength: 8 }),
  fc.constant(/^.*$/),
  fc.constant(new ArrayBuffer(4)),
);
/** Objects with `__proto__`, `constructor` and `prototype` as their own keys, as JSON.parse makes them. */
const prototypeKeys = fc
  .tuple(fc.constantFrom('__proto__', 'constructor', 'prototype'), fc.jsonValue({ maxDepth: 2 }))
  .map(
    ([key, value]) =>
      JSON.parse(
        `{"${key}": ${JSON.stringify({ polluted: true, prototype: { polluted: true }, inner: value })}, "flowId": "x"}`,
      ) as unknown,
  );
/** Nesting far deeper than any request: arrays, objects and `__proto__` chains. */
const deepNesting = fc
  .tuple(fc.integer({ min: 30, max: 3000 }), fc.constantFrom('array', 'object', '__proto__'))
  .map(([depth, kind]) => {
    if (kind === '__proto__') return JSON.parse(`${'{"__proto__":'.repeat(depth)}1${'}'.repeat(depth)}`) as unknown;
    let value: unknown = 'bottom';
    for (let i = 0; i < depth; i++) value = kind === 'array' ? [value] : { upn: value };
    return value;
  });

export const hostileValue: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    hostileString,
    hostileNumber,
    exotic,
    prototypeKeys,
    deepNesting,
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(hostileKey, tie('value'), { maxKeys: 4 }),
  ),
})).value;

/** A valid payload with one thing broken. */
function brokenPayload(payload: unknown): fc.Arbitrary<unknown> {
  const paths = pathsOf(payload, []);
  return fc.oneof(
    fc.tuple(fc.constantFrom(...paths), hostileValue).map(([path, value]) => replaceAt(payload, path, value)),
    fc.tuple(hostileKey, hostileValue).map(([key, value]) => withOwnKey(payload, key, value)),
    paths.length > 1
      ? fc.constantFrom(...paths.filter((path) => path.length > 0)).map((path) => replaceAt(payload, path, dropped))
      : fc.constant(undefined),
    fc.constantFrom([payload], { request: payload }, JSON.stringify(payload) ?? 'undefined', [payload, payload]),
  );
}

const dropped = Symbol('dropped');

function pathsOf(value: unknown, path: string[]): string[][] {
  if (typeof value !== 'object' || value === null || path.length > 6) return [path];
  return [
    path,
    ...Object.keys(value).flatMap((key) => pathsOf((value as Record<string, unknown>)[key], [...path, key])),
  ];
}

function replaceAt(value: unknown, path: readonly string[], replacement: unknown): unknown {
  if (path.length === 0) return replacement;
  const [head = '', ...rest] = path;
  const copy: Record<string, unknown> = Array.isArray(value) ? ([...value] as unknown as Record<string, unknown>) : {};
  if (!Array.isArray(value) && typeof value === 'object' && value !== null) {
    for (const [key, inner] of Object.entries(value)) defineOwn(copy, key, inner);
  }
  const next = replaceAt(copy[head], rest, replacement);
  if (next === dropped) Reflect.deleteProperty(copy, head);
  else defineOwn(copy, head, next);
  return copy;
}

function withOwnKey(payload: unknown, key: string, value: unknown): unknown {
  if (typeof payload !== 'object' || payload === null) return payload;
  const copy: Record<string, unknown> = {};
  for (const [name, inner] of Object.entries(payload)) defineOwn(copy, name, inner);
  defineOwn(copy, key, value);
  return copy;
}

/** Sets an own property, `__proto__` included, the way JSON.parse does (never the prototype). */
function defineOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

// ---------------------------------------------------------------------------------------------
// Payloads valid for the schema, drawn from the schema itself (zod-fast-check knows only zod 3)

interface ZodDef {
  type: string;
  [key: string]: unknown;
}
type AnySchema = { _zod: { def: ZodDef } };
interface CheckDef {
  check: string;
  format?: string;
  pattern?: RegExp;
  minimum?: number;
  maximum?: number;
  value?: number;
  inclusive?: boolean;
}

function validPayload(schema: z.ZodType, pools: Pools): fc.Arbitrary<unknown> {
  return arbitraryOf(schema as unknown as AnySchema, pools, '');
}

function arbitraryOf(schema: AnySchema, pools: Pools, key: string): fc.Arbitrary<unknown> {
  const def = schema._zod.def;
  const hinted = hint(key, def, pools);
  if (hinted) return hinted;
  const checks = ((def['checks'] as Array<{ _zod: { def: CheckDef } }> | undefined) ?? []).map((c) => c._zod.def);
  switch (def.type) {
    case 'string':
      return stringOf(def, checks);
    case 'number':
      return numberOf(checks);
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'literal':
      return fc.constantFrom(...(def['values'] as unknown[]));
    case 'enum':
      return fc.constantFrom(...Object.values(def['entries'] as Record<string, unknown>));
    case 'optional':
    case 'default':
      return fc.option(arbitraryOf(def['innerType'] as AnySchema, pools, key), { nil: undefined });
    case 'nullable':
      return fc.option(arbitraryOf(def['innerType'] as AnySchema, pools, key), { nil: null });
    case 'pipe':
      return arbitraryOf(def['in'] as AnySchema, pools, key);
    case 'union':
      return fc.oneof(...(def['options'] as AnySchema[]).map((option) => arbitraryOf(option, pools, key)));
    case 'array': {
      const min = checks.find((c) => c.check === 'min_length')?.minimum ?? 0;
      const max = checks.find((c) => c.check === 'max_length')?.maximum ?? Math.max(min, 5);
      return fc.array(arbitraryOf(def['element'] as AnySchema, pools, key), { minLength: min, maxLength: max });
    }
    case 'record':
      return fc.dictionary(
        arbitraryOf(def['keyType'] as AnySchema, pools, `${key}:key`) as fc.Arbitrary<string>,
        arbitraryOf(def['valueType'] as AnySchema, pools, key),
        { maxKeys: 4 },
      );
    case 'object': {
      const shape = def['shape'] as Record<string, AnySchema>;
      const fields = Object.fromEntries(
        Object.entries(shape).map(([name, inner]) => [name, arbitraryOf(inner, pools, name)]),
      );
      const required = Object.entries(shape)
        .filter(([, inner]) => !['optional', 'default'].includes(inner._zod.def.type))
        .map(([name]) => name);
      return fc.record(fields, { requiredKeys: required });
    }
    default:
      return hostileValue;
  }
}

function stringOf(def: ZodDef, checks: CheckDef[]): fc.Arbitrary<string> {
  const min = checks.find((c) => c.check === 'min_length')?.minimum ?? 0;
  const max = checks.find((c) => c.check === 'max_length')?.maximum ?? 64;
  if (def['format'] === 'datetime') {
    return fc
      .date({ min: new Date('1970-01-01T00:00:00Z'), max: new Date('2999-12-31T00:00:00Z'), noInvalidDate: true })
      .map((date) => date.toISOString());
  }
  const pattern = checks.find((c) => c.format === 'regex')?.pattern ?? (def['pattern'] as RegExp | undefined);
  const matching = pattern ? stringsMatching(pattern) : null;
  if (matching) return matching.filter((s) => s.length >= min && s.length <= max);
  return fc.oneof(
    fc.constantFrom(...[min, max].map((length) => 'x'.repeat(length))),
    fc.string({ unit: hostileUnit, minLength: min, maxLength: Math.min(max, 64) }),
    confusable.filter((s) => s.length >= min && s.length <= max),
  );
}

/** fast-check draws strings for most patterns; one it cannot read gets hostile strings instead. */
function stringsMatching(pattern: RegExp): fc.Arbitrary<string> | null {
  // A leading length lookahead (`^(?=.{4,253}$)`) is left to the length filter.
  const withoutLookahead = new RegExp(pattern.source.replace(/^\^\(\?=[^)]*\)/u, '^'), pattern.flags);
  try {
    return fc.stringMatching(withoutLookahead);
  } catch {
    return null;
  }
}

function numberOf(checks: CheckDef[]): fc.Arbitrary<number> {
  const int = checks.some((c) => c.format === 'safeint');
  const low = checks.find((c) => c.check === 'greater_than');
  const high = checks.find((c) => c.check === 'less_than');
  const min = low ? (low.inclusive ? (low.value ?? 0) : (low.value ?? 0) + (int ? 1 : Number.EPSILON)) : undefined;
  const max = high ? (high.inclusive ? (high.value ?? 0) : (high.value ?? 0) - (int ? 1 : Number.EPSILON)) : undefined;
  if (int) {
    const lo = min ?? Number.MIN_SAFE_INTEGER;
    const hi = max ?? Number.MAX_SAFE_INTEGER;
    return fc.oneof(
      fc.constantFrom(lo, hi),
      fc.integer({ min: Math.max(lo, -(2 ** 31)), max: Math.min(hi, 2 ** 31 - 1) }),
    );
  }
  return fc.double({
    noNaN: true,
    noDefaultInfinity: true,
    ...(min === undefined ? {} : { min }),
    ...(max === undefined ? {} : { max }),
  });
}

/** Existing ids and names by field, so a valid payload is aimed at something real (or just beside it). */
function hint(key: string, def: ZodDef, pools: Pools): fc.Arbitrary<unknown> | null {
  const id = (pool: number[]) =>
    fc.oneof(
      fc.constantFrom(...(pool.length > 0 ? pool : [1])),
      fc.constantFrom(Math.max(...pool, 0) + 1, Number.MAX_SAFE_INTEGER, 2 ** 31),
    );
  if (def.type === 'number' || def.type === 'optional' || def.type === 'default') {
    if (key === 'userId') return id(pools.userIds);
    if (key === 'tenantId') return id(pools.tenantIds);
    if (key === 'groupId') return id(pools.groupIds);
    if (key === 'methodId' || key === 'replaces') return id(pools.methodIds);
    if (key === 'limit') return fc.constantFrom(1, 500);
    if (key === 'offset') return fc.constantFrom(0, 499, 10_000_000);
  }
  if (def.type !== 'string') return null;
  if (key === 'flowId') return fc.oneof(fc.constantFrom(...pools.flowIds), fc.stringMatching(/^[A-Za-z0-9_-]{22}$/));
  if (key === 'upn')
    return fc.oneof(
      fc.constantFrom(...pools.upns),
      confusable.filter((s) => s.includes('@')),
      fc.constantFrom('nobody@contoso.com', 'adele.vance@unknown.example', 'a@b.c'),
    );
  if (key === 'patch:key') return fc.oneof(fc.constantFrom(...pools.deviceFields), fc.string({ maxLength: 64 }));
  return null;
}
