// Issue 7, secrets at rest: runs a realistic day through the real engine and its contract on a real
// on-disk database in WAL mode, notes every secret that passed through it (passwords typed right and
// wrong, temporary and new passwords, one-time codes, security answers, TOTP secrets in every usual
// encoding, the local admin credential), then searches every file of the data folder (the database,
// its -wal and -shm, the vault's key file) and every line the engine logged for each, as UTF-8 and
// UTF-16LE. A finding names the secret's kind and label and where it was found, never the secret.
// No vitest here: the unit test asserts on the report, and `npm run verify` can print its counts.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { ScureBase32Plugin } from 'otplib';
import { dispatch } from '../../electron/main/api/dispatch';
import { ManualClock } from '../../electron/main/clock';
import { openEngine, type Engine } from '../../electron/main/engine';
import { memoryLogger } from '../../electron/main/log';
import { totpNow } from '../../electron/main/methods';
import { cryptoRandom, type Random } from '../../electron/main/random';
import { openVault } from '../../electron/main/vault/vault';
import { normalizeAnswer } from '../../shared/answers';
import type { CallName, CallRequest, CallResponse } from '../../shared/contract';
import type { FlowView } from '../../shared/reset';

export type SecretKind =
  | 'password'
  | 'adminCredential'
  | 'temporaryPassword'
  | 'code'
  | 'answer'
  | 'totpSecret'
  /** Issue 9: the SMTP account's and the LDAP writeback agent's passwords, which the vault must give back. */
  | 'connectorPassword';

/**
 * Where a connector's password belongs: the vault. With the file backend that is the key file, kept
 * reversibly (the app must send it to the server) and protected by the file's permissions only, as
 * the settings pane says; everywhere else it must not be.
 */
const connectorPasswordHome = 'vault.key.json';

interface Pattern {
  encoding: string;
  bytes: Buffer;
  /** Short secrets (codes, short answers) count only as a whole token, not inside a longer run. */
  whole: boolean;
}

interface NotedSecret {
  kind: SecretKind;
  /** Says which secret without being it: "adele.vance@contoso.com: new password". */
  label: string;
  patterns: Pattern[];
}

export interface Finding {
  kind: SecretKind;
  label: string;
  /** A file of the data folder, or "log". */
  where: string;
  encoding: string;
}

export interface SecretsAtRestReport {
  /** Distinct secrets noted. */
  secretsSearched: number;
  /** Byte patterns searched (each secret in each encoding). */
  patternsSearched: number;
  byKind: Record<SecretKind, number>;
  /** Files searched, with the moment: while the engine ran (WAL live) and after it closed. */
  filesSearched: string[];
  bytesSearched: number;
  logLinesSearched: number;
  findings: Finding[];
}

const shortSecretLength = 8;
const base32 = new ScureBase32Plugin();

/** The secrets of a run, each with the encodings it could be found in. */
export class SecretLedger {
  private readonly secrets = new Map<string, NotedSecret>();

  /** A secret typed or shown as text: searched as typed (and normalised, for answers), UTF-8 and UTF-16LE. */
  text(kind: SecretKind, label: string, value: string): void {
    const forms = new Set([value]);
    if (kind === 'answer') forms.add(normalizeAnswer(value));
    for (const form of forms) {
      // A connector's password is kept in the vault as base64 (it must come back): searched that way too.
      const base64 = {
        encoding: 'base64',
        bytes: Buffer.from(Buffer.from(form, 'utf8').toString('base64')),
        whole: false,
      };
      this.note(kind, label, form, [...textPatterns(form), ...(kind === 'connectorPassword' ? [base64] : [])]);
    }
  }

  /** A TOTP secret: its raw bytes, base32 (with and without padding, either case), hex and base64. */
  totp(label: string, raw: Uint8Array): void {
    const bytes = Buffer.from(raw);
    const encoded = base32.encode(new Uint8Array(bytes));
    const forms = new Set([
      encoded,
      encoded.replace(/=+$/u, ''),
      encoded.toLowerCase(),
      bytes.toString('hex'),
      bytes.toString('hex').toUpperCase(),
      bytes.toString('base64'),
      bytes.toString('base64url'),
    ]);
    const patterns = [
      { encoding: 'raw bytes', bytes, whole: false },
      ...[...forms].flatMap((form) => textPatterns(form)),
    ];
    this.note('totpSecret', label, `raw:${bytes.toString('hex')}`, patterns);
  }

  /** A TOTP secret as base32 text (as in a scenario file). */
  totpBase32(label: string, secret: string): void {
    this.totp(label, base32.decode(secret));
  }

  list(): NotedSecret[] {
    return [...this.secrets.values()];
  }

  private note(kind: SecretKind, label: string, key: string, patterns: Pattern[]): void {
    const id = `${kind}\u0000${key}`;
    if (!this.secrets.has(id)) this.secrets.set(id, { kind, label, patterns });
  }
}

function textPatterns(value: string): Pattern[] {
  const whole = [...value].length <= shortSecretLength;
  return [
    { encoding: 'UTF-8', bytes: Buffer.from(value, 'utf8'), whole },
    { encoding: 'UTF-16LE', bytes: Buffer.from(value, 'utf16le'), whole },
  ];
}

const isWordByte = (byte: number | undefined) =>
  byte !== undefined &&
  ((byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5a) || (byte >= 0x61 && byte <= 0x7a));

/** Whether `pattern` occurs in `haystack` (as a whole token when it must: no letter or digit right beside it). */
export function occurs(haystack: Buffer, pattern: Pattern): boolean {
  const step = pattern.encoding === 'UTF-16LE' ? 2 : 1;
  for (let at = haystack.indexOf(pattern.bytes); at !== -1; at = haystack.indexOf(pattern.bytes, at + 1)) {
    if (!pattern.whole) return true;
    const before = at - step >= 0 && (step === 1 || haystack[at - 1] === 0) ? haystack[at - step] : undefined;
    const end = at + pattern.bytes.length;
    const after = step === 1 || haystack[end + 1] === 0 ? haystack[end] : undefined;
    if (!isWordByte(before) && !isWordByte(after)) return true;
  }
  return false;
}

/** Searches each place for each secret in each encoding; returns the findings. */
export function searchForSecrets(
  ledger: SecretLedger,
  places: { where: string; bytes: Buffer }[],
): { findings: Finding[]; bytesSearched: number } {
  const findings: Finding[] = [];
  for (const place of places) {
    for (const secret of ledger.list()) {
      if (secret.kind === 'connectorPassword' && place.where.startsWith(connectorPasswordHome)) continue;
      for (const pattern of secret.patterns) {
        if (occurs(place.bytes, pattern)) {
          findings.push({ kind: secret.kind, label: secret.label, where: place.where, encoding: pattern.encoding });
        }
      }
    }
  }
  return { findings, bytesSearched: places.reduce((sum, place) => sum + place.bytes.length, 0) };
}

/** The place that tells the training outbox apart: every table but the outbox, in a fresh compact copy. */
export const withoutOutboxPlace = 'sspr.db without the training outbox (a compacted copy)';

/**
 * The database with the training outbox (the simulated phones and mailboxes, where a trainee reads a
 * code) left out: copied with VACUUM INTO after deleting the outbox from a copy, so no page of it
 * remains. A code found here is at rest somewhere other than the message that delivered it.
 */
function copyWithoutOutbox(dbPath: string, workDir: string): Buffer {
  mkdirSync(workDir);
  const copy = join(workDir, 'copy.db');
  const compact = join(workDir, 'compact.db');
  const source = new BetterSqlite3(dbPath, { readonly: true });
  try {
    source.exec(`VACUUM INTO '${copy.replaceAll("'", "''")}'`);
  } finally {
    source.close();
  }
  const db = new BetterSqlite3(copy);
  try {
    db.exec('DELETE FROM outbox');
    db.exec(`VACUUM INTO '${compact.replaceAll("'", "''")}'`);
  } finally {
    db.close();
  }
  const bytes = readFileSync(compact);
  rmSync(workDir, { recursive: true, force: true });
  return bytes;
}

function filesOf(dir: string, moment: string): { where: string; bytes: Buffer }[] {
  return readdirSync(dir)
    .sort()
    .map((name) => ({ where: `${name} (${moment})`, bytes: readFileSync(join(dir, name)) }));
}

export interface SecretsAtRestOptions {
  /** The repository's root, for resources/ (the demo scenario and the banned list). */
  root?: string;
  /** Keep the data folder (for a look); it is deleted otherwise. */
  keep?: boolean;
}

/** The whole run: a day of the app through its contract, then the search. */
export async function runSecretsAtRest(options: SecretsAtRestOptions = {}): Promise<SecretsAtRestReport> {
  const root = options.root ?? process.cwd();
  const dir = mkdtempSync(join(tmpdir(), 'sspr-secrets-'));
  const dbPath = join(dir, 'sspr.db');
  const log = memoryLogger();
  const ledger = new SecretLedger();
  const drawn: Uint8Array[] = [];
  // The authenticator's secret is 20 random bytes; each draw of that size is kept to be matched later.
  const random: Random = {
    bytes: (length) => {
      const bytes = cryptoRandom.bytes(length);
      if (length === 20) drawn.push(new Uint8Array(bytes));
      return bytes;
    },
    int: (max) => cryptoRandom.int(max),
  };
  const clock = new ManualClock('2026-03-02T09:00:00Z');
  // Whatever the engine might print instead of logging is captured too.
  const consoleLines: string[] = [];
  const saved = { log: console.log, info: console.info, warn: console.warn, error: console.error };
  const capture = (...parts: unknown[]) => void consoleLines.push(parts.map(String).join(' '));
  Object.assign(console, { log: capture, info: capture, warn: capture, error: capture });

  let engine: Engine | null = null;
  try {
    const vault = await openVault({ fileDir: dir, backend: 'file' });
    engine = await openEngine({
      dbPath,
      resourcesDir: resolve(root, 'resources'),
      vault,
      shell: 'browser',
      clock,
      random,
      log,
      // The test cost of scrypt: the search is about where secrets go, not how slowly they are hashed.
      hashCost: { N: 1024, r: 8, p: 1 },
    });
    noteScenarioSecrets(ledger, join(root, 'resources', 'scenarios', 'contoso.json'));
    await aDayOfTheApp(engine, { ledger, log, clock, drawn });
    const live = filesOf(dir, 'engine running');
    if (!live.some((file) => file.where.startsWith('sspr.db-wal'))) throw new Error('The database is not in WAL mode.');
    engine.close();
    engine = null;
    const closed = filesOf(dir, 'engine closed');
    const withoutOutbox = { where: withoutOutboxPlace, bytes: copyWithoutOutbox(dbPath, join(dir, 'copy')) };
    const logText = Buffer.from([...log.lines, ...consoleLines].join('\n'), 'utf8');
    const places = [...live, ...closed, withoutOutbox, { where: 'log', bytes: logText }];
    // The search must be able to see text at all: the UPNs are in the database in the clear.
    const sawText = live.some((file) => file.bytes.includes('adele.vance@contoso.com'));
    if (!sawText) throw new Error('The search cannot see the database text; it would prove nothing.');
    const { findings, bytesSearched } = searchForSecrets(ledger, places);
    const secrets = ledger.list();
    const byKind = Object.fromEntries(
      (
        [
          'password',
          'adminCredential',
          'temporaryPassword',
          'code',
          'answer',
          'totpSecret',
          'connectorPassword',
        ] as const
      ).map((kind) => [kind, secrets.filter((secret) => secret.kind === kind).length]),
    ) as Record<SecretKind, number>;
    return {
      secretsSearched: secrets.length,
      patternsSearched: secrets.reduce((sum, secret) => sum + secret.patterns.length, 0),
      byKind,
      filesSearched: [...live, ...closed].map((file) => file.where),
      bytesSearched,
      logLinesSearched: log.lines.length + consoleLines.length,
      findings,
    };
  } finally {
    Object.assign(console, saved);
    engine?.close();
    if (!options.keep) rmSync(dir, { recursive: true, force: true });
  }
}

/** Every password, answer and TOTP secret the demo scenario seeds. */
function noteScenarioSecrets(ledger: SecretLedger, file: string): void {
  if (!existsSync(file)) throw new Error(`No scenario at ${file}.`);
  const scenario = JSON.parse(readFileSync(file, 'utf8')) as {
    tenants: {
      users: {
        upn: string;
        password: string;
        previousPasswords?: string[];
        methods?: { kind: string; secret?: string; answers?: { answer: string }[] }[];
      }[];
    }[];
  };
  for (const user of scenario.tenants.flatMap((tenant) => tenant.users)) {
    ledger.text('password', `${user.upn}: seeded password`, user.password);
    for (const old of user.previousPasswords ?? []) ledger.text('password', `${user.upn}: previous password`, old);
    for (const method of user.methods ?? []) {
      if (method.secret) ledger.totpBase32(`${user.upn}: seeded authenticator`, method.secret);
      for (const [index, { answer }] of (method.answers ?? []).entries()) {
        ledger.text('answer', `${user.upn}: seeded answer ${index + 1}`, answer);
      }
    }
  }
}

interface DayContext {
  ledger: SecretLedger;
  log: ReturnType<typeof memoryLogger>;
  clock: ManualClock;
  drawn: Uint8Array[];
}

/**
 * Sign-ins right and wrong; the local admin credential set and typed; a user with nothing registered
 * registers e-mail, mobile phone (SMS), an authenticator app and security questions; resets by e-mail
 * and SMS codes, a seeded and a registered authenticator, and security questions; a helpdesk
 * temporary password and the change it forces; an expired password changed at sign-in.
 */
async function aDayOfTheApp(engine: Engine, { ledger, log, clock, drawn }: DayContext): Promise<void> {
  const call = async <N extends CallName>(name: N, request: CallRequest<N>): Promise<CallResponse<N>> => {
    const answer = await dispatch(engine.handlers, name, request, { shell: 'browser' }, log);
    if (!answer.ok) throw new Error(`${name} refused: ${answer.error.code} ${answer.error.message}`);
    return answer.value as CallResponse<N>;
  };
  const password = (label: string, value: string) => {
    ledger.text('password', label, value);
    return value;
  };
  /** The newest code in a user's inbox on the training devices, as the trainee reads it. */
  const codeFor = async (upn: string, recipient: string): Promise<string> => {
    const devices = await call('training.devices', { upn });
    const message = devices.inbox.find((candidate) => candidate.to === recipient);
    const code = message ? /\b(\d{6})\b/u.exec(message.body)?.[1] : undefined;
    if (!code) throw new Error(`No code reached ${recipient}.`);
    ledger.text('code', `${upn}: code sent to ${recipient}`, code);
    return code;
  };
  const signIn = (upn: string, typed: string, label: string) =>
    call('session.signIn', { upn, password: password(`${upn}: ${label}`, typed) });

  // The local admin credential: set on first run, a wrong one typed, then the right one.
  const credential = 'Quiet-Harbor-Lantern-58';
  ledger.text('adminCredential', 'local admin credential', credential);
  expectOk(await call('admin.setup', { credential }), 'admin.setup');
  await call('admin.close', {});
  ledger.text('adminCredential', 'a wrong admin credential', 'Quiet-Harbor-Lantern-57');
  await call('admin.open', { credential: 'Quiet-Harbor-Lantern-57' });
  expectOk(await call('admin.open', { credential }), 'admin.open');
  await call('admin.close', {});

  // Sign-ins: two wrong passwords, then the right one.
  const adele = 'adele.vance@contoso.com';
  await signIn(adele, 'Harbor-Lantern-46', 'wrong password');
  await signIn(adele, 'harbor-lantern-47', 'wrong password');
  await signIn(adele, 'Harbor-Lantern-47', 'password');
  await call('session.signOut', {});

  // Megan has nothing registered: the interrupt registers every method that carries a secret.
  const megan = 'megan.bowen@contoso.com';
  await signIn(megan, 'Copper-Kettle-19', 'password');
  let info = await call('securityInfo.add', { method: { kind: 'email', address: 'megan.b@personal.example' } });
  info = await call('securityInfo.prove', {
    pendingId: info.pending?.pendingId ?? '',
    response: { code: await codeFor(megan, 'megan.b@personal.example') },
  });
  info = await call('securityInfo.add', {
    method: { kind: 'mobilePhone', phoneNumber: '+1 425 555 0177', proof: 'sms' },
  });
  info = await call('securityInfo.prove', {
    pendingId: info.pending?.pendingId ?? '',
    response: { code: await codeFor(megan, '+1 425 555 0177') },
  });
  const drawsBefore = drawn.length;
  info = await call('securityInfo.add', { method: { kind: 'authenticatorApp', deviceName: "Megan's phone" } });
  const candidates = drawn.slice(drawsBefore);
  const [raw] = candidates;
  if (!raw || candidates.length !== 1)
    throw new Error(`Expected one authenticator secret drawn, saw ${candidates.length}.`);
  const registered = base32.encode(raw);
  ledger.totp(`${megan}: registered authenticator`, raw);
  const firstTotp = totpNow(registered, clock.now());
  ledger.text('code', `${megan}: authenticator code`, firstTotp);
  info = await call('securityInfo.prove', { pendingId: info.pending?.pendingId ?? '', response: { code: firstTotp } });
  if (info.notice?.code !== 'registered') throw new Error(`The authenticator was not registered: ${info.notice?.code}`);
  // The training panel's authenticator shows the same code: the secret noted is the one sealed.
  const shown = (await call('training.devices', { upn: megan })).authenticators.map((app) => app.code);
  if (!shown.includes(firstTotp)) throw new Error('The noted authenticator secret is not the registered one.');
  const answers = ['Saffron lighthouse keeper', 'Quokka named Pistachio', 'Rue des Tanneurs', 'Marzipan torte'];
  for (const [index, answer] of answers.entries()) ledger.text('answer', `${megan}: answer ${index + 1}`, answer);
  info = await call('securityInfo.setQuestions', {
    answers: answers.map((answer, index) => ({ question: info.questions.bank[index] ?? '', answer })),
  });
  if (info.notice?.code !== 'questionsSaved') throw new Error(`The questions were not saved: ${info.notice?.code}`);
  await call('session.signOut', {});

  // Resets: SMS + e-mail codes, a seeded authenticator, security questions, a registered authenticator.
  const reset = async (upn: string, gates: ((flowId: string, view: FlowView) => Promise<FlowView>)[], next: string) => {
    const { flowId, view: first } = await call('reset.start', {});
    if (first.step !== 'identify') throw new Error('A flow must start at "who are you".');
    let view = await call('reset.identify', {
      flowId,
      upn,
      captcha: String(first.captchaPuzzle.a + first.captchaPuzzle.b),
    });
    for (const gate of gates) view = await gate(flowId, view);
    if (view.step !== 'newPassword') throw new Error(`${upn} did not reach the new password: ${view.step}`);
    const newPassword = password(`${upn}: new password`, next);
    const done = await call('reset.setPassword', { flowId, newPassword, confirmPassword: newPassword });
    if (done.step !== 'done') throw new Error(`${upn}'s reset did not finish: ${JSON.stringify(done).slice(0, 200)}`);
    clock.advance(60_000);
  };
  const option = (view: FlowView, gateMethod: string) => {
    const found = view.step === 'verify' ? view.options.find((candidate) => candidate.gateMethod === gateMethod) : null;
    if (!found) throw new Error(`No ${gateMethod} option: ${JSON.stringify(view).slice(0, 200)}`);
    return found.methodId;
  };
  const byEmail = (upn: string, address: string) => async (flowId: string, view: FlowView) => {
    await call('reset.chooseMethod', { flowId, gateMethod: 'email', methodId: option(view, 'email') });
    return call('reset.respond', { flowId, response: { code: await codeFor(upn, address) } });
  };
  const bySms = (upn: string, phone: string) => async (flowId: string, view: FlowView) => {
    await call('reset.chooseMethod', {
      flowId,
      gateMethod: 'mobileSms',
      methodId: option(view, 'mobileSms'),
      phoneNumber: phone,
    });
    return call('reset.respond', { flowId, response: { code: await codeFor(upn, phone) } });
  };
  const byApp = (upn: string, secret: string) => async (flowId: string, view: FlowView) => {
    await call('reset.chooseMethod', { flowId, gateMethod: 'appCode', methodId: option(view, 'appCode') });
    const code = totpNow(secret, clock.now());
    ledger.text('code', `${upn}: authenticator code`, code);
    return call('reset.respond', { flowId, response: { code } });
  };
  const byQuestions = (known: Record<string, string>) => async (flowId: string, view: FlowView) => {
    const asked = await call('reset.chooseMethod', {
      flowId,
      gateMethod: 'securityQuestions',
      methodId: option(view, 'securityQuestions'),
    });
    const questions = asked.step === 'verify' ? (asked.challenge?.questions ?? []) : [];
    return call('reset.respond', { flowId, response: { answers: questions.map((question) => known[question] ?? '') } });
  };

  await reset(
    adele,
    [bySms(adele, '+1 425 555 0101'), byEmail(adele, 'adele.vance@personal.example')],
    'Quartz#Tundra-Harbor9',
  );
  await reset(
    'christie.cline@contoso.com',
    [
      byApp('christie.cline@contoso.com', '4CSXRCR376AJTMEGFG6UGCEBX7LPDWOI'),
      byEmail('christie.cline@contoso.com', 'christie.cline@personal.example'),
    ],
    'Velvet#Comet-Ridge4',
  );
  await reset(
    'enrico.cattaneo@contoso.com',
    [
      byQuestions({
        'What was the name of your first pet?': 'Biscottino',
        'In what town or city did your parents first meet?': 'Castelfranco Emilia',
        'What was your favourite dish as a child?': 'Tortellini in brodo',
        'What was the destination of your first flight?': 'Reykjavik',
      }),
      bySms('enrico.cattaneo@contoso.com', '+1 425 555 0120'),
    ],
    'Ochre#Lantern-Basin6',
  );
  const meganQuestions = Object.fromEntries(answers.map((answer, index) => [info.questions.bank[index] ?? '', answer]));
  await reset(megan, [byApp(megan, registered), byQuestions(meganQuestions)], 'Indigo#Meadow-Crane8');

  // The new passwords sign in.
  await signIn(adele, 'Quartz#Tundra-Harbor9', 'new password');
  await call('session.signOut', {});

  // The helpdesk: a temporary password, then the change it forces at the next sign-in.
  expectOk(await call('admin.open', { credential }), 'admin.open');
  const tenants = await call('admin.tenants.list', {});
  const contoso = tenants.find((tenant) => tenant.name === 'Contoso');
  const lynneUpn = 'lynne.robbins@contoso.com';
  const found = await call('admin.users.search', { tenantId: contoso?.id ?? 0, text: 'lynne' });
  const lynne = found.users.find((user) => user.upn === lynneUpn);
  const temporary = 'Helpdesk-Temp-7731x';
  ledger.text('temporaryPassword', `${lynneUpn}: temporary password`, temporary);
  await call('admin.user.resetPassword', { userId: lynne?.id ?? 0, temporaryPassword: temporary });
  await call('admin.close', {});
  const forced = await call('session.signIn', { upn: lynneUpn, password: temporary });
  if (forced.outcome !== 'signedIn') throw new Error(`The temporary password did not sign in: ${forced.outcome}`);
  await call('session.changePassword', {
    currentPassword: temporary,
    newPassword: password(`${lynneUpn}: new password`, 'Cobalt#Harvest-Fjord2'),
    confirmPassword: 'Cobalt#Harvest-Fjord2',
  });
  await call('session.signOut', {});

  // An expired password, changed at sign-in.
  const joni = 'joni.sherman@contoso.com';
  await signIn(joni, 'Lantern-Ferry-90', 'password');
  await call('session.changePassword', {
    currentPassword: 'Lantern-Ferry-90',
    newPassword: password(`${joni}: new password`, 'Topaz#Willow-Bay3'),
    confirmPassword: 'Topaz#Willow-Bay3',
  });
  await call('session.signOut', {});

  // Issue 9: the connectors' passwords go into the vault; a test message and a directory test use them.
  expectOk(await call('admin.open', { credential }), 'admin.open');
  const smtpPassword = 'Relay#Copper-Lantern-61';
  ledger.text('connectorPassword', 'the SMTP account password', smtpPassword);
  await call('admin.mail.set', { patch: { username: 'sspr-relay' }, password: smtpPassword });
  await call('admin.mail.test', { to: 'trainer@contoso.com' });
  const bindPassword = 'Agent#Granite-Harbor-47';
  ledger.text('connectorPassword', "the LDAP writeback agent's bind password", bindPassword);
  await call('admin.directory.set', {
    tenantId: contoso?.id ?? 0,
    patch: {
      connector: 'ldap',
      url: 'ldap://127.0.0.1:1',
      bindDn: 'cn=sspr-agent,ou=services,dc=contoso,dc=com',
      baseDn: 'dc=contoso,dc=com',
    },
    bindPassword,
  });
  await call('admin.directory.test', { tenantId: contoso?.id ?? 0 });
  await call('admin.directory.set', { tenantId: contoso?.id ?? 0, patch: { connector: 'simulated' } });
  await call('admin.close', {});
}

function expectOk(result: { ok: boolean }, name: string): void {
  if (!result.ok) throw new Error(`${name} was refused: ${JSON.stringify(result).slice(0, 200)}`);
}
