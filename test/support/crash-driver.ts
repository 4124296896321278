// Issue 7, crashes: the child process of the crash harness (test/support/crash-harness.ts). It opens
// the real engine on the harness's database and runs self-service resets and security-info
// registrations through the contract, without end, until it is killed with SIGKILL: by the harness
// at a random moment, or by itself at a chosen SQLite write (anywhere, or inside the calls that
// commit a reset or a registration), before or after the write runs. Each step is announced on
// stdout as one JSON line, written synchronously so a line is out before the kill can land; no line
// carries a password or a code (the harness derives each new password from the seed and the index).
// At start it first tries the flows and registrations the previous life left unfinished, which must
// be gone, and reports what it saw.
import { createHash } from 'node:crypto';
import { readFileSync, writeSync } from 'node:fs';
import BetterSqlite3 from 'better-sqlite3';
import { dispatch } from '../../electron/main/api/dispatch';
import { ManualClock } from '../../electron/main/clock';
import { openEngine, type Engine } from '../../electron/main/engine';
import { memoryLogger } from '../../electron/main/log';
import { openVault } from '../../electron/main/vault/vault';
import type { CallName, CallRequest, CallResponse } from '../../shared/contract';
import type { FlowView } from '../../shared/reset';
import {
  attemptPassword,
  hashCost,
  registrationUsers,
  resetUsers,
  seededRandom,
  stepMs,
  type DriverConfig,
  type SelfKill,
} from './crash-protocol';

type Line = Record<string, unknown> & { t: string };

async function main(): Promise<void> {
  const config = JSON.parse(readFileSync(process.argv[2] ?? '', 'utf8')) as DriverConfig;
  const clock = new ManualClock(config.startAt);
  const writes = countWrites(config.selfKill);
  const emit = (line: Line) => {
    writeSync(1, `${JSON.stringify({ ...line, at: clock.now().toISOString(), writes: writes.counted() })}\n`);
  };
  const vault = await openVault({ fileDir: config.vaultDir, backend: 'file' });
  const engine = await openEngine({
    dbPath: config.dbPath,
    resourcesDir: config.resourcesDir,
    vault,
    shell: 'browser',
    clock,
    log: memoryLogger(),
    hashCost,
  });
  const call = async <N extends CallName>(name: N, request: CallRequest<N>): Promise<CallResponse<N>> => {
    const answer = await dispatch(engine.handlers, name, request, { shell: 'browser' }, memoryLogger());
    if (!answer.ok) throw new Error(`${name} refused: ${answer.error.code} ${answer.error.message}`);
    return answer.value as CallResponse<N>;
  };

  emit({ t: 'dead', ...(await tryTheDead(engine, call, config)) });
  if (config.stopAfterReady) {
    engine.close();
    emit({ t: 'ready' });
    return;
  }
  writes.start();
  emit({ t: 'ready' });

  const random = seededRandom(`${config.seed}:${config.firstAttempt}:${config.firstRegistration}`);
  let attempt = config.firstAttempt;
  let registration = config.firstRegistration;
  for (;;) {
    clock.advance(stepMs);
    if (random() < 0.65) {
      await reset(call, emit, writes, config.seed, attempt, resetUsers[Math.floor(random() * resetUsers.length)] ?? '');
      attempt += 1;
    } else {
      const user = registrationUsers[Math.floor(random() * registrationUsers.length)] ?? registrationUsers[0];
      await register(call, engine, emit, writes, config.seed, registration, user);
      registration += 1;
    }
  }
}

type Call = <N extends CallName>(name: N, request: CallRequest<N>) => Promise<CallResponse<N>>;
type Emit = (line: Line) => void;

/** One self-service reset through the contract, every gate passed with what the training devices show. */
async function reset(call: Call, emit: Emit, writes: WriteCounter, seed: string, attempt: number, upn: string) {
  const { flowId, view: first } = await call('reset.start', {});
  emit({ t: 'reset-begin', attempt, flowId, upn });
  if (first.step !== 'identify') throw new Error(`a new flow starts at ${first.step}`);
  let view: FlowView = await call('reset.identify', {
    flowId,
    upn,
    captcha: String(first.captchaPuzzle.a + first.captchaPuzzle.b),
  });
  if (view.step === 'chooseAction') view = await call('reset.chooseAction', { flowId, action: 'reset' });
  for (let gate = 0; view.step === 'verify' && gate < 3; gate += 1) {
    view = await passGate(call, flowId, upn, view);
  }
  if (view.step !== 'newPassword') {
    emit({
      t: 'reset-abandoned',
      attempt,
      step: view.step,
      outcome: view.step === 'stopped' ? view.outcome : null,
      notice: view.notice?.code ?? null,
    });
    await call('reset.cancel', { flowId });
    return;
  }
  const password = attemptPassword(seed, attempt);
  emit({ t: 'reset-set', attempt });
  const done = await writes.committing(() =>
    call('reset.setPassword', { flowId, newPassword: password, confirmPassword: password }),
  );
  emit({ t: 'reset-done', attempt, step: done.step, notice: done.notice?.code ?? null });
}

async function passGate(call: Call, flowId: string, upn: string, view: Extract<FlowView, { step: 'verify' }>) {
  const devices = await call('training.devices', { upn });
  const option =
    view.options.find((candidate) => candidate.gateMethod === 'appCode') ??
    view.options.find((candidate) => candidate.gateMethod === 'email') ??
    view.options.find((candidate) => candidate.gateMethod === 'mobileSms');
  if (!option) throw new Error(`${upn} has no gate the driver can pass: ${view.options.map((o) => o.gateMethod)}`);
  if (option.gateMethod === 'appCode') {
    await call('reset.chooseMethod', { flowId, gateMethod: 'appCode', methodId: option.methodId });
    const code = devices.authenticators[0]?.code ?? '';
    return call('reset.respond', { flowId, response: { code } });
  }
  const phone = devices.phones.find((candidate) => candidate.kind === 'mobile')?.number;
  const chosen = await call('reset.chooseMethod', {
    flowId,
    gateMethod: option.gateMethod,
    methodId: option.methodId,
    ...(option.gateMethod === 'mobileSms' && phone ? { phoneNumber: phone } : {}),
  });
  if (chosen.step !== 'verify' || !chosen.challenge) return chosen;
  const recipient = option.gateMethod === 'email' ? devices.emails[0] : phone;
  const inbox = (await call('training.devices', { upn })).inbox;
  const message = inbox.find((candidate) => candidate.to === recipient);
  const code = message ? (/\b(\d{6})\b/u.exec(message.body)?.[1] ?? '') : '';
  return call('reset.respond', { flowId, response: { code } });
}

/** Signs in, registers a new e-mail address (proved by its code), removes it again, signs out. */
async function register(
  call: Call,
  engine: Engine,
  emit: Emit,
  writes: WriteCounter,
  seed: string,
  registration: number,
  user: { upn: string; password: string },
) {
  const signedIn = await call('session.signIn', { upn: user.upn, password: user.password });
  if (signedIn.outcome !== 'signedIn') throw new Error(`${user.upn} could not sign in: ${signedIn.outcome}`);
  const address = `crash.${createHash('sha256').update(seed).digest('hex').slice(0, 6)}.${registration}@training.example`;
  // An address a killed life registered and had no time to remove goes first (one e-mail per user).
  const before = await call('securityInfo.get', {});
  for (const left of before.methods.filter(
    (method) => method.kind === 'email' && method.display.startsWith('crash.'),
  )) {
    await call('securityInfo.remove', { methodId: left.methodId });
  }
  const added = await call('securityInfo.add', { method: { kind: 'email', address } });
  const pendingId = added.pending?.pendingId;
  if (!pendingId) throw new Error(`no pending registration: ${added.notice?.code}`);
  emit({ t: 'reg-pending', registration, upn: user.upn, pendingId, address });
  const code = codeSentTo(engine, address);
  emit({ t: 'reg-prove', registration });
  const proved = await writes.committing(() => call('securityInfo.prove', { pendingId, response: { code } }));
  const method = proved.methods.find((candidate) => candidate.kind === 'email' && candidate.display === address);
  emit({ t: 'reg-done', registration, notice: proved.notice?.code ?? null, methodId: method?.methodId ?? null });
  if (method) {
    emit({ t: 'reg-remove', registration, methodId: method.methodId });
    await call('securityInfo.remove', { methodId: method.methodId });
    emit({ t: 'reg-removed', registration });
  }
  await call('session.signOut', {});
}

/** The code in the newest message to an address, as the training mailbox would show it. */
function codeSentTo(engine: Engine, address: string): string {
  const [message] = engine.devices.inboxFor({ id: -1 }, [], [{ recipient: address, channel: 'email' }]);
  return (message && /\b(\d{6})\b/u.exec(message.body)?.[1]) ?? '';
}

/**
 * What the previous life left half-done must be gone: a dead flow answers `expired` to every step
 * (and sets no password), a dead registration's code proves nothing. The harness checks the store.
 */
async function tryTheDead(engine: Engine, call: Call, config: DriverConfig) {
  let flowsRefused = 0;
  for (const dead of config.dead.flows) {
    const password = attemptPassword(config.seed, dead.attempt);
    const set = await call('reset.setPassword', {
      flowId: dead.flowId,
      newPassword: password,
      confirmPassword: password,
    });
    const respond = await call('reset.respond', { flowId: dead.flowId, response: { code: '000000' } });
    const viewed = await call('reset.view', { flowId: dead.flowId });
    if (set.step === 'expired' && respond.step === 'expired' && viewed.step === 'expired') flowsRefused += 1;
  }
  let registrationsRefused = 0;
  for (const dead of config.dead.registrations) {
    const user = registrationUsers.find((candidate) => candidate.upn === dead.upn);
    if (!user) continue;
    const signedIn = await call('session.signIn', { upn: user.upn, password: user.password });
    if (signedIn.outcome !== 'signedIn') continue;
    // A registration whose commit landed before the kill is registered, rightly; proving it again must add nothing.
    const before = (await call('securityInfo.get', {})).methods.map((method) => method.methodId);
    const proved = await call('securityInfo.prove', {
      pendingId: dead.pendingId,
      response: { code: codeSentTo(engine, dead.address) || '000000' },
    });
    const after = proved.methods.map((method) => method.methodId);
    const unchanged = after.length === before.length && after.every((id) => before.includes(id));
    if (proved.notice?.code === 'pendingGone' && unchanged) registrationsRefused += 1;
    await call('session.signOut', {});
  }
  return {
    flows: config.dead.flows.length,
    flowsRefused,
    registrations: config.dead.registrations.length,
    registrationsRefused,
  };
}

interface WriteCounter {
  /** Counting starts here (the start-up's own writes are not targets). */
  start(): void;
  /** Writes counted so far in the plan's scope. */
  counted(): number;
  /** Runs a call that commits a reset or a registration; its writes count in the `commit` scope. */
  committing<T>(work: () => Promise<T>): Promise<T>;
}

/**
 * Counts the SQLite writes (every statement run, BEGIN, COMMIT and SAVEPOINT included) by wrapping
 * better-sqlite3's Statement.run, and sends this process SIGKILL at the chosen one. The wrap only
 * counts; the statement runs unchanged.
 */
function countWrites(selfKill: SelfKill | null): WriteCounter {
  let started = false;
  let committing = false;
  let counted = 0;
  if (selfKill) {
    const probe = new BetterSqlite3(':memory:');
    const proto = Object.getPrototypeOf(probe.prepare('SELECT 1')) as { run: (...args: unknown[]) => unknown };
    probe.close();
    const run = proto.run;
    proto.run = function (this: unknown, ...args: unknown[]) {
      const counts = started && (selfKill.scope === 'anywhere' || committing);
      if (counts) counted += 1;
      const die = counts && counted === selfKill.atWrite;
      if (die && selfKill.when === 'beforeWrite') process.kill(process.pid, 'SIGKILL');
      const result = run.apply(this, args);
      if (die && selfKill.when === 'afterWrite') process.kill(process.pid, 'SIGKILL');
      return result;
    };
  }
  return {
    start: () => {
      started = true;
    },
    counted: () => counted,
    async committing(work) {
      committing = true;
      try {
        return await work();
      } finally {
        committing = false;
      }
    },
  };
}

main().catch((error: unknown) => {
  writeSync(2, `${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
