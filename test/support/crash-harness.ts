// Issue 7, crashes: runs the engine in a child process (test/support/crash-driver.ts, bundled once
// with esbuild so a restart costs no TypeScript transform) doing self-service resets and security-info
// registrations through the contract, and kills it with SIGKILL again and again: from here after a
// random delay, or by the child itself at a chosen SQLite write (anywhere, or inside the calls that
// commit a reset or a registration), before or after that write runs. After each kill, with the
// child gone, the store is checked: SQLite's integrity and foreign keys, the audit log's hash chain,
// every user's password against its history, and every reset all or nothing across the tenant, the
// on-premises directory and the audit log (the password hash, the history, the directory's password,
// its operation log, the passwordReset, writeback and notification events, for the same flow). Each
// restart first tries the flows and registrations the dead process left half-done, which must be gone.
// No vitest here: test/unit/hardening/crash.test.ts asserts on the report and `npm run verify` prints
// its counts (runCrashHarness).
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { bundleForNode } from './node-bundle';
import { createHasher } from '../../electron/main/password/hasher';
import { verifyAuditChain } from '../../electron/main/store/audit-chain';
import { openVault } from '../../electron/main/vault/vault';
import {
  attemptPassword,
  hashCost,
  registrationUsers,
  seededRandom,
  type DriverConfig,
  type SelfKill,
} from './crash-protocol';

export { attemptPassword, registrationUsers, resetUsers, stepMs } from './crash-protocol';
export type { DeadFlow, DeadRegistration, DriverConfig, SelfKill } from './crash-protocol';

/** Between two lives the clock moves on, as a restarted machine's would. */
const restartGapMs = 30 * 60_000;

export interface CrashHarnessOptions {
  /** SIGKILLs to survive; `SSPR_CRASH_KILLS` or 10 by default (`npm run verify` asks for 200 or more). */
  kills?: number;
  /** Seeds the kill plan and the child's choices; `SSPR_CRASH_SEED` or random. Printed in the report. */
  seed?: string;
  /** The repository's root (resources/, node_modules/). */
  root?: string;
  /** Keep the data folder for a look. */
  keep?: boolean;
  /** One line per life, for a long run. */
  progress?: (line: string) => void;
}

export interface CrashReport {
  seed: string;
  /** Child processes started (the first seeds the database). */
  runs: number;
  /** SIGKILLs: from the harness after a random delay, or by the child at a chosen write. */
  kills: number;
  killsBy: { harnessTimer: number; selfAnywhere: number; selfInCommit: number };
  restarts: number;
  /** Individual checks made after the kills and at the restarts. */
  checks: number;
  failures: string[];
  resets: {
    attempted: number;
    completed: number;
    /** Killed between "set the password" and its answer: each must be all or nothing. */
    killedWhileSetting: number;
    committedWhenKilled: number;
    rolledBackWhenKilled: number;
  };
  registrations: { attempted: number; completed: number; killedWhileProving: number; registeredWhenKilled: number };
  /** Flows and pending registrations a dead process left, tried at the restart: every one refused. */
  deadFlows: { tried: number; refused: number };
  deadRegistrations: { tried: number; refused: number };
  durationMs: number;
}

interface Attempt {
  attempt: number;
  flowId: string;
  upn: string;
  stage: 'begun' | 'setting' | 'answered' | 'abandoned';
  /** Decided by the store once the attempt can no longer change: the password was reset or not. */
  committed: boolean | null;
}

interface Registration {
  registration: number;
  upn: string;
  pendingId: string;
  address: string;
  stage: 'pending' | 'proving' | 'answered';
  methodId: number | null;
}

type KillPlan = { kind: 'harnessTimer'; delayMs: number } | { kind: 'self'; selfKill: SelfKill };

export async function runCrashHarness(options: CrashHarnessOptions = {}): Promise<CrashReport> {
  const started = Date.now();
  const root = resolve(options.root ?? process.cwd());
  const kills = options.kills ?? (Number(process.env['SSPR_CRASH_KILLS']) || 10);
  if (!Number.isInteger(kills) || kills < 1)
    throw new Error(`SSPR_CRASH_KILLS must be a whole number of at least 1, not ${kills}.`);
  const seed = options.seed ?? process.env['SSPR_CRASH_SEED'] ?? randomBytes(8).toString('hex');
  const random = seededRandom(`harness:${seed}`);
  const dir = mkdtempSync(join(tmpdir(), 'sspr-crash-'));
  const dbPath = join(dir, 'sspr.db');
  // The child as one file: a restart starts in well under a second instead of transforming the engine again.
  const driver = await bundleForNode(root, 'test/support/crash-driver.ts', 'crash-harness', 'driver');
  const hasher = createHasher(hashCost);
  const report: CrashReport = {
    seed,
    runs: 0,
    kills: 0,
    killsBy: { harnessTimer: 0, selfAnywhere: 0, selfInCommit: 0 },
    restarts: 0,
    checks: 0,
    failures: [],
    resets: { attempted: 0, completed: 0, killedWhileSetting: 0, committedWhenKilled: 0, rolledBackWhenKilled: 0 },
    registrations: { attempted: 0, completed: 0, killedWhileProving: 0, registeredWhenKilled: 0 },
    deadFlows: { tried: 0, refused: 0 },
    deadRegistrations: { tried: 0, refused: 0 },
    durationMs: 0,
  };
  const check = (what: string, ok: boolean, detail = ''): void => {
    report.checks += 1;
    if (!ok) report.failures.push(`after kill ${report.kills}: ${what}${detail ? ` (${detail})` : ''}`);
  };

  const attempts = new Map<number, Attempt>();
  const registrations = new Map<number, Registration>();
  /** Each reset user's password as the last decided attempt left it (the scenario's at first). */
  const passwords = new Map<string, string>(seededPasswords(root));
  let clockAt = Date.parse('2026-03-02T09:00:00.000Z');
  let nextAttempt = 0;
  let nextRegistration = 0;
  let dead: DriverConfig['dead'] = { flows: [], registrations: [] };

  try {
    for (let life = 0; life <= kills; life += 1) {
      const last = life === kills;
      // The first kill lands inside a reset's or a registration's commit, the second at a random
      // moment, whatever the draws: even a short run covers both; the rest are drawn.
      const plan = last ? null : chooseKill(random, life);
      const config: DriverConfig = {
        dbPath,
        vaultDir: dir,
        resourcesDir: join(root, 'resources'),
        startAt: new Date(clockAt).toISOString(),
        seed,
        firstAttempt: nextAttempt,
        firstRegistration: nextRegistration,
        selfKill: plan?.kind === 'self' ? plan.selfKill : null,
        dead,
        stopAfterReady: last,
      };
      const configPath = join(dir, `life-${life}.json`);
      writeFileSync(configPath, JSON.stringify(config));
      report.runs += 1;
      if (life > 0) report.restarts += 1;
      const ended = await runLife(driver, configPath, plan, (line) => {
        const at = typeof line['at'] === 'string' ? Date.parse(line['at']) : NaN;
        if (!Number.isNaN(at)) clockAt = Math.max(clockAt, at);
        switch (line.t) {
          case 'dead': {
            const seen = line as unknown as {
              flows: number;
              flowsRefused: number;
              registrations: number;
              registrationsRefused: number;
            };
            report.deadFlows.tried += seen.flows;
            report.deadFlows.refused += seen.flowsRefused;
            report.deadRegistrations.tried += seen.registrations;
            report.deadRegistrations.refused += seen.registrationsRefused;
            check(
              'every flow the dead process left answers "expired" and sets nothing',
              seen.flowsRefused === seen.flows,
              `${seen.flowsRefused} of ${seen.flows}`,
            );
            check(
              'no registration the dead process left can be proved',
              seen.registrationsRefused === seen.registrations,
              `${seen.registrationsRefused} of ${seen.registrations}`,
            );
            break;
          }
          case 'reset-begin':
            report.resets.attempted += 1;
            attempts.set(Number(line['attempt']), {
              attempt: Number(line['attempt']),
              flowId: String(line['flowId']),
              upn: String(line['upn']),
              stage: 'begun',
              committed: null,
            });
            nextAttempt = Math.max(nextAttempt, Number(line['attempt']) + 1);
            break;
          case 'reset-set':
            setStage(attempts, line, 'setting');
            break;
          case 'reset-abandoned':
            setStage(attempts, line, 'abandoned');
            break;
          case 'reset-done':
            setStage(attempts, line, 'answered');
            if (line['step'] === 'done') report.resets.completed += 1;
            break;
          case 'reg-pending':
            report.registrations.attempted += 1;
            registrations.set(Number(line['registration']), {
              registration: Number(line['registration']),
              upn: String(line['upn']),
              pendingId: String(line['pendingId']),
              address: String(line['address']),
              stage: 'pending',
              methodId: null,
            });
            nextRegistration = Math.max(nextRegistration, Number(line['registration']) + 1);
            break;
          case 'reg-prove': {
            const registration = registrations.get(Number(line['registration']));
            if (registration) registration.stage = 'proving';
            break;
          }
          case 'reg-done': {
            const registration = registrations.get(Number(line['registration']));
            if (registration) {
              registration.stage = 'answered';
              registration.methodId = typeof line['methodId'] === 'number' ? line['methodId'] : null;
              if (line['notice'] === 'registered') report.registrations.completed += 1;
            }
            break;
          }
        }
      });
      nextRegistration = Math.max(nextRegistration, ...[...registrations.keys()].map((key) => key + 1));
      if (last) {
        if (ended.code !== 0)
          report.failures.push(`the last restart ended with ${ended.code ?? ended.signal}: ${ended.stderr.trim()}`);
        options.progress?.(`restart ${report.restarts}: the dead flows and registrations are gone`);
        break;
      }
      if (ended.signal !== 'SIGKILL') {
        throw new Error(
          `life ${life} ended with ${ended.code ?? ended.signal} instead of a SIGKILL: ${ended.stderr.trim()}`,
        );
      }
      report.kills += 1;
      if (plan?.kind === 'self')
        report.killsBy[plan.selfKill.scope === 'commit' ? 'selfInCommit' : 'selfAnywhere'] += 1;
      else report.killsBy.harnessTimer += 1;

      const auditKey = await (await openVault({ fileDir: dir, backend: 'file' })).auditKey();
      const decided = await checkStore(dbPath, auditKey, hasher, {
        seed,
        attempts: [...attempts.values()],
        registrations: [...registrations.values()],
        passwords,
        check,
      });
      report.resets.killedWhileSetting += decided.killedWhileSetting;
      report.resets.committedWhenKilled += decided.committed;
      report.resets.rolledBackWhenKilled += decided.rolledBack;
      report.registrations.killedWhileProving += decided.killedWhileProving;
      report.registrations.registeredWhenKilled += decided.registered;
      // The next life tries whatever this one left unfinished.
      dead = {
        flows: [...attempts.values()]
          .filter((attempt) => attempt.stage === 'begun' || attempt.stage === 'setting')
          .map(({ attempt, flowId, upn }) => ({ attempt, flowId, upn })),
        registrations: [...registrations.values()]
          .filter((registration) => registration.stage !== 'answered')
          .map(({ registration, upn, pendingId, address }) => ({ registration, upn, pendingId, address })),
      };
      for (const attempt of attempts.values())
        if (attempt.stage === 'begun' || attempt.stage === 'setting') attempt.stage = 'abandoned';
      for (const registration of registrations.values())
        if (registration.stage !== 'answered') registration.stage = 'answered';
      clockAt += restartGapMs;
      options.progress?.(
        `kill ${report.kills}/${kills} (${plan?.kind === 'self' ? `${plan.selfKill.scope} write ${plan.selfKill.atWrite} ${plan.selfKill.when}` : `after ${plan?.delayMs} ms`}): ${report.checks} checks, ${report.failures.length} failed`,
      );
    }
  } finally {
    rmSync(driver, { force: true });
    if (!options.keep) rmSync(dir, { recursive: true, force: true });
  }
  report.durationMs = Date.now() - started;
  return report;
}

function setStage(
  attempts: Map<number, Attempt>,
  line: Record<string, unknown>,
  stage: Attempt['stage'],
): Attempt | null {
  const attempt = attempts.get(Number(line['attempt']));
  if (attempt) attempt.stage = stage;
  return attempt ?? null;
}

/**
 * The kill plan of one life. The child writes to SQLite some 30 to 60 times per operation and 10 to
 * 25 times inside the call that commits a reset or a registration; the ranges reach a few operations in.
 */
function chooseKill(random: () => number, life: number): KillPlan {
  const when = random() < 0.5 ? 'beforeWrite' : 'afterWrite';
  const timer = (): KillPlan => ({ kind: 'harnessTimer', delayMs: Math.floor(random() * 1500) });
  const self = (scope: SelfKill['scope'], upTo: number): KillPlan => ({
    kind: 'self',
    selfKill: { scope, atWrite: 1 + Math.floor(random() * upTo), when },
  });
  // Writes 1 to 20 of the commit are inside the first reset's or registration's transaction.
  if (life === 0) return self('commit', 20);
  if (life === 1) return timer();
  const draw = random();
  if (draw < 0.4) return timer();
  if (draw < 0.7) return self('anywhere', 200);
  return self('commit', 40);
}

interface LifeEnd {
  code: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
}

/** How long a life may run after "ready" before the harness kills it whatever the plan said. */
const lifeLimitMs = 60_000;

function runLife(
  driver: string,
  configPath: string,
  plan: KillPlan | null,
  onLine: (line: Record<string, unknown> & { t: string }) => void,
): Promise<LifeEnd> {
  return new Promise((resolveEnd, reject) => {
    const child = spawn(process.execPath, [driver, configPath], { stdio: ['ignore', 'pipe', 'pipe'] });
    let pending = '';
    let stderr = '';
    const timers: NodeJS.Timeout[] = [];
    child.stdout.setEncoding('utf8');
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      stderr += chunk;
    });
    child.stdout.on('data', (chunk: string) => {
      pending += chunk;
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const text of lines) {
        if (!text.trim()) continue;
        const line = JSON.parse(text) as Record<string, unknown> & { t: string };
        onLine(line);
        if (line.t === 'ready' && plan) {
          if (plan.kind === 'harnessTimer') timers.push(setTimeout(() => child.kill('SIGKILL'), plan.delayMs));
          timers.push(setTimeout(() => child.kill('SIGKILL'), lifeLimitMs));
        }
      }
    });
    child.on('error', reject);
    child.on('close', (code, signal) => {
      for (const timer of timers) clearTimeout(timer);
      // A line cut short by the kill is dropped: the child writes each line whole, so it never began.
      resolveEnd({ code, signal, stderr });
    });
  });
}

interface StoreCheck {
  seed: string;
  attempts: Attempt[];
  registrations: Registration[];
  passwords: Map<string, string>;
  check: (what: string, ok: boolean, detail?: string) => void;
}

/** Everything that must hold in the store after a kill, with no process holding it. */
async function checkStore(
  dbPath: string,
  auditKey: Buffer,
  hasher: ReturnType<typeof createHasher>,
  { seed, attempts, registrations, passwords, check }: StoreCheck,
) {
  const decided = { killedWhileSetting: 0, committed: 0, rolledBack: 0, killedWhileProving: 0, registered: 0 };
  const db = new BetterSqlite3(dbPath);
  try {
    check('PRAGMA integrity_check is ok', db.pragma('integrity_check', { simple: true }) === 'ok');
    check('PRAGMA foreign_key_check finds nothing', (db.pragma('foreign_key_check') as unknown[]).length === 0);
    const chain = verifyAuditChain(db, auditKey);
    check("the audit log's hash chain verifies", chain.intact, JSON.stringify(chain.problem ?? null));
    const drifted = db
      .prepare<[], { upn: string }>(
        `SELECT upn FROM users u WHERE u.password_hash IS NOT
           (SELECT h.password_hash FROM password_history h WHERE h.user_id = u.id ORDER BY h.set_at DESC, h.id DESC LIMIT 1)`,
      )
      .all();
    check(
      "every user's password is the newest in their history",
      drifted.length === 0,
      drifted.map((row) => row.upn).join(', '),
    );

    const events = db.prepare<[string, string], { count: number }>(
      "SELECT count(*) AS count FROM audit_events WHERE activity = ? AND result = 'success' AND flow_id = ?",
    );
    const count = (activity: string, flowId: string) => events.get(activity, flowId)?.count ?? 0;
    const userRow = db.prepare<[string], { id: number; source: string; password_hash: string }>(
      'SELECT id, source, password_hash FROM users WHERE upn = ? COLLATE NOCASE',
    );
    const onprem = db.prepare<[number], { id: number; password_hash: string }>(
      'SELECT id, password_hash FROM onprem_accounts WHERE user_id = ?',
    );
    const onpremSets = db.prepare<[string], { count: number }>(
      "SELECT count(*) AS count FROM onprem_operations WHERE operation = 'passwordSet' AND flow_id = ?",
    );

    // Each reset this life began, in order: decided by its passwordReset event, and every other part
    // of it (the notification, the writeback event, the directory's log) must say the same.
    const touched = new Set<string>();
    for (const attempt of attempts) {
      if (attempt.committed === false) {
        // A flow that died never completes later.
        check(
          `attempt ${attempt.attempt}, decided not done, stays not done`,
          count('passwordReset', attempt.flowId) === 0,
        );
        continue;
      }
      if (attempt.committed === true) continue;
      if (attempt.stage === 'abandoned') {
        // Given up before "set the password" (the resend throttle): nothing of it may be there.
        check(`attempt ${attempt.attempt}, given up, did nothing`, count('passwordReset', attempt.flowId) === 0);
        attempt.committed = false;
        continue;
      }
      const reset = count('passwordReset', attempt.flowId);
      const committed = reset === 1;
      const what = `reset attempt ${attempt.attempt} (${attempt.upn}, ${attempt.stage}, ${committed ? 'done' : 'not done'})`;
      check(`${what}: one passwordReset event at most`, reset <= 1, String(reset));
      if (attempt.stage === 'begun') check(`${what}: killed before "set the password", it changed nothing`, !committed);
      check(`${what}: the notification agrees`, count('notificationSent', attempt.flowId) > 0 === committed);
      const user = userRow.get(attempt.upn);
      if (user && user.source !== 'cloud') {
        check(`${what}: the writeback event agrees`, (count('writebackSucceeded', attempt.flowId) === 1) === committed);
        check(
          `${what}: the directory's operation log agrees`,
          (onpremSets.get(attempt.flowId)?.count ?? 0) === (committed ? 1 : 0),
        );
      }
      if (attempt.stage === 'setting') {
        decided.killedWhileSetting += 1;
        if (committed) decided.committed += 1;
        else decided.rolledBack += 1;
      }
      attempt.committed = committed;
      if (committed) passwords.set(attempt.upn, attemptPassword(seed, attempt.attempt));
      touched.add(attempt.upn);
    }
    // The password each user holds, in the tenant and (synced) in the directory, is the one the last
    // reset that was done set, or the one before: never one whose reset is not in the audit log.
    for (const upn of touched) {
      const user = userRow.get(upn);
      const expected = passwords.get(upn) ?? '';
      if (!user) {
        check(`${upn} exists`, false);
        continue;
      }
      check(
        `${upn}: the tenant holds the password of the last reset done`,
        (await hasher.verify(expected, user.password_hash)).ok,
      );
      if (user.source !== 'cloud') {
        const account = onprem.get(user.id);
        check(
          `${upn}: the on-premises directory holds the same password`,
          account ? (await hasher.verify(expected, account.password_hash)).ok : false,
        );
      }
    }

    // Registrations: a method id's events alternate (registered, removed, registered, …: SQLite reuses
    // the id of a removed row), and the method exists exactly when its last event is "registered".
    const registrationEvents = db
      .prepare<[], { method_id: number; activity: string }>(
        `SELECT json_extract(details, '$.methodId') AS method_id, activity FROM audit_events
         WHERE activity IN ('securityInfoRegistered', 'securityInfoRemoved') AND target_upn IN (${registrationUsers
           .map((user) => `'${user.upn}'`)
           .join(', ')})
         ORDER BY id`,
      )
      .all();
    const notifications =
      db
        .prepare<[], { count: number }>(
          `SELECT count(*) AS count FROM audit_events WHERE activity = 'notificationSent' AND reason = 'securityInfoChanged'
           AND target_upn IN (${registrationUsers.map((user) => `'${user.upn}'`).join(', ')})`,
        )
        .get()?.count ?? 0;
    check(
      'each registration and removal has its notification',
      notifications === registrationEvents.length,
      `${notifications} of ${registrationEvents.length}`,
    );
    const lastEvent = new Map<number, string>();
    const outOfTurn: number[] = [];
    for (const event of registrationEvents) {
      const registeredBefore = lastEvent.get(event.method_id) === 'securityInfoRegistered';
      if (registeredBefore === (event.activity === 'securityInfoRegistered')) outOfTurn.push(event.method_id);
      lastEvent.set(event.method_id, event.activity);
    }
    check("each method's registered and removed events alternate", outOfTurn.length === 0, outOfTurn.join(', '));
    const live = new Set(
      db
        .prepare<[], { id: number }>('SELECT id FROM auth_methods')
        .all()
        .map((row) => row.id),
    );
    for (const [methodId, activity] of lastEvent) {
      check(
        `method ${methodId}: it exists exactly when its last event is "registered"`,
        live.has(methodId) === (activity === 'securityInfoRegistered'),
      );
    }
    const methods = db.prepare<[string], { id: number }>(
      "SELECT id FROM auth_methods WHERE kind = 'email' AND email = ?",
    );
    for (const registration of registrations) {
      const rows = methods.all(registration.address);
      check(`registration ${registration.registration}: the address is registered once at most`, rows.length <= 1);
      const [row] = rows;
      if (row) {
        check(
          `registration ${registration.registration}: the method has its securityInfoRegistered event`,
          lastEvent.get(row.id) === 'securityInfoRegistered',
        );
      }
      if (registration.stage === 'proving') {
        decided.killedWhileProving += 1;
        if (row) decided.registered += 1;
      }
    }
  } finally {
    db.close();
  }
  return decided;
}

/** The passwords the demo scenario seeds, for the reset users. */
function seededPasswords(root: string): [string, string][] {
  const scenario = JSON.parse(readFileSync(join(root, 'resources', 'scenarios', 'contoso.json'), 'utf8')) as {
    tenants: { users: { upn: string; password: string }[] }[];
  };
  return scenario.tenants.flatMap((tenant) => tenant.users).map((user) => [user.upn, user.password]);
}
