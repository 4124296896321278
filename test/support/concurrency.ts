// Issue 7, concurrency: two browser-shell processes on one database file, run from source (bundled
// once per run with esbuild, so no build is needed and no process transforms TypeScript), each with its own engine, its own one-time codes (codes live in each
// process's memory) and its own HTTP server, sharing only the SQLite file and the vault file beside
// it. Each scenario drives flows for the same user in both processes at the same time, then reads the
// shared file directly:
// - smart lockout (§6): 5 wrong passwords through each shell at once: exactly 10 counted, locked once;
// - SSPR guessing protection (§6): 5 wrong e-mail codes through each shell at once (two codes each,
//   3 + 2 tries): exactly 10 failures, one block, and both shells stop the user with the same end;
// - a reset through one shell (§5) is seen by the other: the new password signs in there, the old one no longer does;
// - the resend throttle (§5): 3 e-mail codes asked through each shell at once: exactly 5 sent, the sixth refused;
// - the console credential's throttle (issue 6): wrong credentials through both shells at once are all counted.
// No vitest here: the unit test asserts on the report, and `npm run verify` prints it.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import BetterSqlite3 from 'better-sqlite3';
import { bundleForNode } from './node-bundle';
import { verifyAuditLogFile } from '../../electron/main/admin/audit-verify';
import { openEngine } from '../../electron/main/engine';
import { memoryLogger } from '../../electron/main/log';
import { openVault } from '../../electron/main/vault/vault';
import type { CallName, CallRequest, CallResponse } from '../../shared/contract';
import type { Envelope } from '../../shared/errors';
import type { FlowView } from '../../shared/reset';

export interface ConcurrencyCheck {
  name: string;
  ok: boolean;
  /** What was expected and what the shared database holds. */
  detail: string;
}

export interface ConcurrencyReport {
  processes: number;
  /** Contract calls made, over both shells. */
  operations: number;
  /** Calls that were in flight at the same time as a call to the other shell. */
  concurrentOperations: number;
  checks: ConcurrencyCheck[];
  elapsedMs: number;
}

const READY = /^SSPR browser shell: (http:\/\/127\.0\.0\.1:(\d+)\/#token=(\S+))$/;
/** The browser shell's own scrypt cost for tests; the seed below uses the same, so sign-ins verify quickly. */
const testHashCost = { N: 2 ** 12, r: 8, p: 1 };

interface Shell {
  name: string;
  call<N extends CallName>(name: N, request: CallRequest<N>): Promise<CallResponse<N>>;
  stop(): Promise<void>;
}

export async function runConcurrency(options: { root?: string } = {}): Promise<ConcurrencyReport> {
  const root = options.root ?? process.cwd();
  const started = performance.now();
  const dir = mkdtempSync(join(tmpdir(), 'sspr-two-shells-'));
  const dbPath = join(dir, 'sspr.db');
  const shells: Shell[] = [];
  let bundled: string | null = null;
  const counter = { operations: 0, concurrent: 0, inFlight: new Map<string, number>() };
  try {
    // Seed once, in this process, so neither shell seeds while the other opens the file.
    const vault = await openVault({ fileDir: dir, backend: 'file' });
    const seeder = await openEngine({
      dbPath,
      resourcesDir: resolve(root, 'resources'),
      vault,
      shell: 'browser',
      log: memoryLogger(),
      hashCost: testHashCost,
    });
    seeder.close();
    // The shell as one file (its packages left to node_modules): two shells start in about a second.
    const entry = await bundleForNode(root, 'electron/main/browser-shell/index.ts', 'two-shells', 'browser-shell');
    bundled = entry;
    shells.push(...(await Promise.all(['A', 'B'].map((name) => startShell(name, entry, dbPath, counter)))));
    const [a, b] = shells as [Shell, Shell];
    const db = new BetterSqlite3(dbPath, { readonly: true, fileMustExist: true });
    try {
      const checks = [
        ...(await smartLockout(a, b, db)),
        ...(await ssprFailures(a, b, db)),
        ...(await resetSeenByOther(a, b)),
        ...(await sendThrottle(a, b, db)),
        ...(await consoleThrottle(a, b, db)),
        ...journalChecks(db),
      ];
      // Both processes sealed audit events into one chain: it must verify intact once they have stopped.
      await Promise.all(shells.splice(0).map((shell) => shell.stop()));
      const chain = await verifyAuditLogFile({ dbPath, vault: 'file' });
      checks.push({
        name: 'issue 7 the audit chain both shells sealed into verifies intact',
        ok: chain.intact && chain.events > 0,
        detail: chain.intact
          ? `${chain.verified} of ${chain.events} events verified`
          : (chain.problem?.message ?? 'broken'),
      });
      return {
        processes: 2,
        operations: counter.operations,
        concurrentOperations: counter.concurrent,
        checks,
        elapsedMs: Math.round(performance.now() - started),
      };
    } finally {
      db.close();
    }
  } finally {
    await Promise.all(shells.map((shell) => shell.stop()));
    rmSync(dir, { recursive: true, force: true });
    if (bundled) rmSync(bundled, { force: true });
  }
}

// ---------------------------------------------------------------------------------------------
// Scenarios

const megan = { upn: 'megan.bowen@contoso.com', password: 'Copper-Kettle-19' };
const adele = { upn: 'adele.vance@contoso.com', email: 'adele.vance@personal.example' };
const ben = { upn: 'ben.walters@fabrikam.onmicrosoft.com', password: 'Delta-Spruce-27' };

async function smartLockout(a: Shell, b: Shell, db: BetterSqlite3.Database): Promise<ConcurrencyCheck[]> {
  const wrong = (shell: Shell, i: number) =>
    shell.call('session.signIn', { upn: megan.upn, password: `Wrong-Guess-${shell.name}${i}` });
  await Promise.all([0, 1, 2, 3, 4].flatMap((i) => [wrong(a, i), wrong(b, i)]));
  const user = db
    .prepare<[string], { id: number; failed_sign_ins: number; locked_until: string | null; lockout_count: number }>(
      'SELECT id, failed_sign_ins, locked_until, lockout_count FROM users WHERE upn = ?',
    )
    .get(megan.upn);
  const events = countEvents(db, user?.id ?? -1);
  const counted = events('signInFailed', 'wrongPassword');
  const lockouts = events('accountLockedOut', 'cloudSmartLockout');
  return [
    {
      name: '§6 smart lockout: 5 wrong passwords through each shell at once are counted exactly 10 times and lock once',
      ok: counted === 10 && lockouts === 1 && user?.lockout_count === 1 && user.locked_until !== null,
      detail: `wrong passwords audited ${counted} (expected 10), lockouts ${lockouts} (expected 1), lockout_count ${user?.lockout_count} (expected 1), locked until ${user?.locked_until ?? 'never'}`,
    },
  ];
}

async function ssprFailures(a: Shell, b: Shell, db: BetterSqlite3.Database): Promise<ConcurrencyCheck[]> {
  const guessFive = async (shell: Shell) => {
    const { flowId } = await identify(shell, adele.upn);
    const views: FlowView[] = [];
    for (const tries of [3, 2]) {
      const view = await shell.call('reset.view', { flowId });
      const email = view.step === 'verify' ? view.options.find((option) => option.gateMethod === 'email') : undefined;
      if (!email) throw new Error(`${shell.name}: no e-mail option for ${adele.upn} (${view.step})`);
      await shell.call('reset.chooseMethod', { flowId, gateMethod: 'email', methodId: email.methodId });
      for (let i = 0; i < tries; i++) {
        // A wrong guess: the code drawn could be 100000 to 100002 (one chance in 333,333 a run), then the count is 9.
        views.push(await shell.call('reset.respond', { flowId, response: { code: String(100000 + i) } }));
      }
    }
    return views;
  };
  await Promise.all([guessFive(a), guessFive(b)]);
  const user = db
    .prepare<[string], { id: number; sspr_blocked_until: string | null }>(
      'SELECT id, sspr_blocked_until FROM users WHERE upn = ?',
    )
    .get(adele.upn);
  const failures =
    db
      .prepare<[number], { count: number }>('SELECT count(*) AS count FROM verification_failures WHERE user_id = ?')
      .get(user?.id ?? -1)?.count ?? -1;
  const blocks = countEvents(db, user?.id ?? -1)('ssprLockoutStarted', 'tooManyFailedVerifications');
  const [seenByA, seenByB] = await Promise.all([identify(a, adele.upn), identify(b, adele.upn)]);
  const stop = (view: FlowView) => (view.step === 'stopped' ? `${view.outcome} until ${view.until}` : view.step);
  return [
    {
      name: '§6 5 wrong codes through each shell at once are exactly 10 failures, and block SSPR once',
      ok: failures === 10 && blocks === 1 && user?.sspr_blocked_until !== null,
      detail: `failures ${failures} (expected 10), blocks ${blocks} (expected 1), blocked until ${user?.sspr_blocked_until ?? 'never'}`,
    },
    {
      name: '§6 both shells stop the user with the same end of the block',
      ok:
        seenByA.view.step === 'stopped' &&
        seenByA.view.outcome === 'ssprLockout' &&
        stop(seenByA.view) === stop(seenByB.view) &&
        seenByA.view.until === (user?.sspr_blocked_until ? new Date(user.sspr_blocked_until).toISOString() : null),
      detail: `A: ${stop(seenByA.view)}; B: ${stop(seenByB.view)}; database: ${user?.sspr_blocked_until}`,
    },
  ];
}

async function resetSeenByOther(a: Shell, b: Shell): Promise<ConcurrencyCheck[]> {
  const newPassword = 'Quartz#Tundra-Harbor9';
  const { flowId, view } = await identify(a, ben.upn);
  const email = view.step === 'verify' ? view.options.find((option) => option.gateMethod === 'email') : undefined;
  if (!email) throw new Error(`no e-mail option for ${ben.upn} (${view.step})`);
  await a.call('reset.chooseMethod', { flowId, gateMethod: 'email', methodId: email.methodId });
  // The code as Ben's training mailbox shows it, read through the other shell: the outbox is shared.
  const inbox = await b.call('training.devices', { upn: ben.upn });
  const code = /\b(\d{6})\b/.exec(inbox.inbox[0]?.body ?? '')?.[1] ?? '';
  const passed = await a.call('reset.respond', { flowId, response: { code } });
  const done = await a.call('reset.setPassword', { flowId, newPassword, confirmPassword: newPassword });
  const withNew = await b.call('session.signIn', { upn: ben.upn, password: newPassword });
  await b.call('session.signOut', {});
  const withOld = await b.call('session.signIn', { upn: ben.upn, password: ben.password });
  return [
    {
      name: '§5 a reset through one shell is seen by the other: the new password signs in there, the old one does not',
      ok:
        passed.step === 'newPassword' &&
        done.step === 'done' &&
        withNew.outcome === 'signedIn' &&
        withOld.outcome === 'wrongCredentials',
      detail: `A: ${passed.step} then ${done.step}; B with the new password: ${withNew.outcome}, with the old one: ${withOld.outcome}`,
    },
  ];
}

const patti = { upn: 'patti.fernandez@contoso.com', email: 'patti.fernandez@personal.example' };

async function sendThrottle(a: Shell, b: Shell, db: BetterSqlite3.Database): Promise<ConcurrencyCheck[]> {
  const askThree = async (shell: Shell) => {
    const { flowId, view } = await identify(shell, patti.upn);
    const email = view.step === 'verify' ? view.options.find((option) => option.gateMethod === 'email') : undefined;
    if (!email) throw new Error(`${shell.name}: no e-mail option for ${patti.upn} (${view.step})`);
    const answers: FlowView[] = [];
    for (let i = 0; i < 3; i++) {
      await shell.call('reset.changeMethod', { flowId });
      answers.push(await shell.call('reset.chooseMethod', { flowId, gateMethod: 'email', methodId: email.methodId }));
    }
    return answers;
  };
  const answers = (await Promise.all([askThree(a), askThree(b)])).flat();
  const sent =
    db
      .prepare<[string], { count: number }>(
        "SELECT count(*) AS count FROM outbox WHERE recipient = ? AND channel = 'email'",
      )
      .get(patti.email)?.count ?? -1;
  const refused = answers.filter((view) => view.notice?.code === 'tooManySends').length;
  return [
    {
      name: '§5 3 codes asked through each shell at once: exactly 5 sent in the hour, the sixth refused',
      ok: sent === 5 && refused === 1,
      detail: `sent ${sent} (expected 5), refused as too many ${refused} (expected 1)`,
    },
  ];
}

async function consoleThrottle(a: Shell, b: Shell, db: BetterSqlite3.Database): Promise<ConcurrencyCheck[]> {
  await a.call('admin.setup', { credential: 'Concurrent-Console-Key-5521!' });
  await a.call('admin.close', {});
  const guess = (shell: Shell, i: number) =>
    shell.call('admin.open', { credential: `Wrong-Console-Key-${shell.name}-${i}` });
  const answers = await Promise.all([0, 1, 2].flatMap((i) => [guess(a, i), guess(b, i)]));
  const checked = answers.filter((answer) => !answer.ok && answer.code === 'wrongCredential').length;
  const stored =
    db.prepare<[], { failed_attempts: number }>('SELECT failed_attempts FROM admin_console WHERE id = 1').get()
      ?.failed_attempts ?? -1;
  return [
    {
      name: 'issue 6 wrong console credentials through both shells at once are each counted toward the throttle',
      ok: checked > 0 && stored === checked,
      detail: `credentials checked and refused ${checked}, counted ${stored}`,
    },
  ];
}

function journalChecks(db: BetterSqlite3.Database): ConcurrencyCheck[] {
  const mode = db.pragma('journal_mode', { simple: true });
  return [
    {
      name: 'the shared file is in WAL mode (readers never wait for a writer)',
      ok: mode === 'wal',
      detail: `journal_mode ${String(mode)}`,
    },
  ];
}

async function identify(shell: Shell, upn: string): Promise<{ flowId: string; view: FlowView }> {
  const { flowId, view } = await shell.call('reset.start', {});
  if (view.step !== 'identify') throw new Error(`${shell.name}: a new flow must start at "who are you"`);
  const captcha = String(view.captchaPuzzle.a + view.captchaPuzzle.b);
  return { flowId, view: await shell.call('reset.identify', { flowId, upn, captcha }) };
}

function countEvents(db: BetterSqlite3.Database, userId: number) {
  const statement = db.prepare<[number, string, string], { count: number }>(
    'SELECT count(*) AS count FROM audit_events WHERE target_user_id = ? AND activity = ? AND reason = ?',
  );
  return (activity: string, reason: string) => statement.get(userId, activity, reason)?.count ?? -1;
}

// ---------------------------------------------------------------------------------------------
// A browser shell from source

async function startShell(
  name: string,
  entry: string,
  dbPath: string,
  counter: { operations: number; concurrent: number; inFlight: Map<string, number> },
): Promise<Shell> {
  const child = spawn(
    process.execPath,
    [entry, '--db', dbPath, '--port', '0', '--vault', 'file', '--weak-hash-for-tests'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const output: string[] = [];
  child.stderr?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  const match = await new Promise<RegExpExecArray>((resolveReady, reject) => {
    const timer = setTimeout(() => reject(new Error(`shell ${name} did not start:\n${output.join('')}`)), 60_000);
    createInterface({ input: child.stdout }).on('line', (line) => {
      output.push(line);
      const found = READY.exec(line);
      if (found) {
        clearTimeout(timer);
        resolveReady(found);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`shell ${name} exited with ${code}:\n${output.join('')}`));
    });
  });
  const [, , port = '', token = ''] = match;
  const origin = `http://127.0.0.1:${port}`;
  return {
    name,
    async call(call, request) {
      counter.operations += 1;
      const others = [...counter.inFlight.entries()].some(([shell, count]) => shell !== name && count > 0);
      if (others) counter.concurrent += 1;
      counter.inFlight.set(name, (counter.inFlight.get(name) ?? 0) + 1);
      try {
        const response = await fetch(`${origin}/api/call/${call}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', origin, authorization: `Bearer ${token}` },
          body: JSON.stringify(request),
        });
        const answer = (await response.json()) as Envelope<CallResponse<typeof call>>;
        if (!answer.ok) throw new Error(`shell ${name}: ${call} refused: ${answer.error.code} ${answer.error.message}`);
        return answer.value;
      } finally {
        counter.inFlight.set(name, (counter.inFlight.get(name) ?? 1) - 1);
      }
    },
    stop: () => stopChild(child),
  };
}

function stopChild(child: ChildProcess): Promise<void> {
  return new Promise((resolveStop) => {
    if (child.exitCode !== null || child.signalCode !== null) {
      resolveStop();
      return;
    }
    child.once('exit', () => resolveStop());
    child.kill('SIGTERM');
  });
}
