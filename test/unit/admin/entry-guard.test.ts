// Issue 6 "Entry" and spec §9 ("changing a device setting needs the local admin credential"): the
// credential set on first run and kept as a slow hash through the vault, the console open in the
// main process for 10 idle minutes, wrong attempts throttled with a growing delay that survives a
// restart, every attempt audited without the credential, and every other admin.* call refused
// while the console is closed, kiosk or not.
import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { firstDelayMs, freeAttempts, throttleDelayMs } from '../../../electron/main/admin/entry-guard';
import { dispatch } from '../../../electron/main/api/dispatch';
import { ManualClock } from '../../../electron/main/clock';
import { openEngine } from '../../../electron/main/engine';
import { memoryLogger } from '../../../electron/main/log';
import { openVault } from '../../../electron/main/vault/vault';
import { callNames, type CallName, type CallRequest } from '../../../shared/contract';
import { fastHashCost } from '../support/engine';
import { adminCredential, auditText, openAdminHarness, type AdminHarness } from './support';

let h: AdminHarness;
afterEach(() => h?.close());

const wrong = 'Wrong-Guess-Lantern-11';

/** A request that passes each admin row's schema, so only the guard can refuse it. */
const sampleRequests: Record<string, object> = {
  'admin.device.get': {},
  'admin.device.set': { patch: { allowPasswordReset: false } },
  'admin.tenants.list': {},
  'admin.tenant.get': { tenantId: 1 },
  'admin.tenant.set': { tenantId: 1, change: { tab: 'notifications', patch: { notifyUsersOnReset: false } } },
  'admin.tenant.addDomain': { tenantId: 1, name: 'contoso-lab.com' },
  'admin.tenant.removeDomain': { tenantId: 1, name: 'contoso.com' },
  'admin.users.search': { tenantId: 1 },
  'admin.user.get': { userId: 1 },
  'admin.user.resetPassword': { userId: 1, temporaryPassword: 'Temp-Harbor-4411' },
  'admin.user.act': { userId: 1, change: { action: 'unlock' } },
  'admin.groups.list': { tenantId: 1 },
  'admin.group.create': { tenantId: 1, name: 'Helpdesk pilot' },
  'admin.group.update': { groupId: 1, name: 'Renamed' },
  'admin.group.delete': { groupId: 1 },
  'admin.group.members': { groupId: 1 },
  'admin.group.addMember': { groupId: 1, userId: 1 },
  'admin.group.removeMember': { groupId: 1, userId: 1 },
  'admin.audit.query': {},
  'admin.audit.export': { format: 'csv' },
  'admin.audit.retention': {},
  'admin.audit.setRetention': { days: 7 },
  'admin.audit.verify': {},
  'admin.reports.registration': { tenantId: 1 },
  'admin.reports.usage': { tenantId: 1, since: '2026-01-01T00:00:00Z', until: '2026-04-01T00:00:00Z' },
  'admin.whatIf': { upn: 'adele.vance@contoso.com' },
  'admin.scenarios.list': {},
  'admin.scenarios.load': { packId: 'lockout-drill' },
  'admin.mail.get': {},
  'admin.mail.set': { patch: { connector: 'simulated' } },
  'admin.mail.test': { to: 'adele.vance@contoso.com' },
  'admin.directory.get': { tenantId: 1 },
  'admin.directory.set': { tenantId: 1, patch: { connector: 'simulated' } },
  'admin.directory.test': { tenantId: 1 },
};
const guardCalls = ['admin.status', 'admin.setup', 'admin.open', 'admin.close'];
const guardedCalls = callNames.filter((name) => name.startsWith('admin.') && !guardCalls.includes(name));

async function everyGuardedCallRefused(harness: AdminHarness): Promise<void> {
  for (const name of guardedCalls) {
    const error = await harness.refused(name, sampleRequests[name] as CallRequest<typeof name>);
    expect(error.code, name).toBe('unauthorized');
    expect(error.message, name).toMatch(/admin console is closed/);
  }
}

describe('issue 6 entry: the local admin credential', () => {
  it('every admin call has a sample request here, so none escapes the guard test', () => {
    expect(guardedCalls.length).toBeGreaterThan(20);
    expect(guardedCalls.filter((name) => !(name in sampleRequests))).toEqual([]);
  });

  it('§9 before first run no credential is set, the console is closed, and every other admin call is refused as unauthorized', async () => {
    h = await openAdminHarness({ open: false });
    expect(await h.call('admin.status', {})).toMatchObject({ credentialSet: false, open: false, retryAfterSeconds: 0 });
    expect(await h.call('admin.open', { credential: adminCredential })).toEqual({
      ok: false,
      code: 'notSetUp',
      retryAfterSeconds: 0,
    });
    await everyGuardedCallRefused(h);
  });

  it('§8 first run refuses a credential under 12 characters or without 3 of 4 classes, and sets nothing', async () => {
    h = await openAdminHarness({ open: false });
    const short = await h.call('admin.setup', { credential: 'Ab1-short' });
    expect(short).toMatchObject({ ok: false, minLength: 12 });
    if (short.ok) throw new Error('unreachable');
    expect(short.failures.map((failure) => failure.code)).toContain('length.tooShort');
    const simple = await h.call('admin.setup', { credential: 'onlylowercaseletters' });
    if (simple.ok) throw new Error('a one-class credential was accepted');
    expect(simple.failures.map((failure) => failure.code)).toContain('complexity');
    expect(await h.call('admin.status', {})).toMatchObject({ credentialSet: false, open: false });
    expect(JSON.stringify(short)).not.toContain('Ab1-short');
  });

  it('§9 first run keeps only the slow hash, through the vault (never the database), opens the console, and cannot be run twice', async () => {
    h = await openAdminHarness({ open: false });
    const setup = await h.call('admin.setup', { credential: adminCredential });
    expect(setup).toMatchObject({ ok: true, status: { credentialSet: true, open: true } });
    const vaultFiles = readdirSync(h.t.dir).filter((file) => file.startsWith('vault'));
    expect(vaultFiles.length).toBeGreaterThan(0);
    for (const file of readdirSync(h.t.dir)) {
      expect(readFileSync(join(h.t.dir, file)).includes(adminCredential), file).toBe(false);
    }
    expect(h.store.db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE sql LIKE '%credential%'").get()).toEqual({
      n: 0,
    });
    expect(await h.refused('admin.setup', { credential: 'Another-Credential-77' })).toMatchObject({
      code: 'conflict',
    });
    expect(await h.call('admin.tenants.list', {})).toHaveLength(4);
  });

  it('the console closes on request and after 10 idle minutes; a call within them keeps it open', async () => {
    h = await openAdminHarness();
    h.clock.advance(9 * 60_000);
    await h.call('admin.device.get', {});
    h.clock.advance(9 * 60_000);
    expect(await h.call('admin.status', {})).toMatchObject({ open: true });
    await h.call('admin.device.get', {});
    h.clock.advance(10 * 60_000);
    expect(await h.refused('admin.device.get', {})).toMatchObject({ code: 'unauthorized' });
    expect(await h.call('admin.status', {})).toMatchObject({ open: false, closesAt: null });
    expect(h.store.audit.list({ limit: 1, activity: 'adminConsoleClosed' })[0]).toMatchObject({ reason: 'idle' });

    expect(await h.call('admin.open', { credential: adminCredential })).toMatchObject({ ok: true });
    expect(await h.call('admin.close', {})).toMatchObject({ open: false });
    await everyGuardedCallRefused(h);
  });

  it('after 3 wrong attempts each further one waits longer, moved by the clock; a throttled attempt is not even checked', async () => {
    h = await openAdminHarness();
    await h.call('admin.close', {});
    expect(freeAttempts).toBe(3);
    for (let attempt = 1; attempt < freeAttempts; attempt++) {
      expect(await h.call('admin.open', { credential: wrong })).toEqual({
        ok: false,
        code: 'wrongCredential',
        retryAfterSeconds: 0,
      });
    }
    expect(await h.call('admin.open', { credential: wrong })).toEqual({
      ok: false,
      code: 'wrongCredential',
      retryAfterSeconds: firstDelayMs / 1000,
    });
    // Even the right credential waits out the delay.
    expect(await h.call('admin.open', { credential: adminCredential })).toMatchObject({
      ok: false,
      code: 'throttled',
    });
    expect(await h.call('admin.status', {})).toMatchObject({ open: false, retryAfterSeconds: 30 });
    h.clock.advance(firstDelayMs);
    expect(await h.call('admin.open', { credential: wrong })).toMatchObject({ retryAfterSeconds: 60 });
    h.clock.advance(59_000);
    expect(await h.call('admin.open', { credential: adminCredential })).toMatchObject({
      code: 'throttled',
      retryAfterSeconds: 1,
    });
    h.clock.advance(1_000);
    expect(await h.call('admin.open', { credential: adminCredential })).toMatchObject({ ok: true });
    // A right credential starts the count again.
    await h.call('admin.close', {});
    expect(await h.call('admin.open', { credential: wrong })).toMatchObject({ retryAfterSeconds: 0 });
    expect([3, 4, 5, 8, 30].map(throttleDelayMs)).toEqual([30_000, 60_000, 120_000, 900_000, 900_000]);
  });

  it('parallel guesses are checked one at a time, so they cannot slip past the delay together', async () => {
    h = await openAdminHarness();
    await h.call('admin.close', {});
    const answers = await Promise.all(Array.from({ length: 8 }, () => h.call('admin.open', { credential: wrong })));
    expect(answers.filter((answer) => !answer.ok && answer.code === 'wrongCredential')).toHaveLength(3);
    expect(answers.filter((answer) => !answer.ok && answer.code === 'throttled')).toHaveLength(5);
  });

  it('every attempt is audited, right or wrong, and no audit row or log line holds the credential', async () => {
    h = await openAdminHarness();
    await h.call('admin.close', {});
    for (let attempt = 0; attempt < 4; attempt++) await h.call('admin.open', { credential: wrong });
    const attempts = h.store.audit.list({ limit: 20, activity: 'adminConsoleOpened' });
    expect(attempts.map((event) => [event.result, event.reason])).toEqual([
      ['failure', 'throttled'],
      ['failure', 'wrongCredential'],
      ['failure', 'wrongCredential'],
      ['failure', 'wrongCredential'],
      ['success', null],
    ]);
    expect(attempts[0]?.actor).toMatch(/^Local administrator \(/);
    expect(h.store.audit.list({ limit: 1, activity: 'adminCredentialSet' })).toHaveLength(1);
    const text = auditText(h.store) + h.t.log.lines.join('\n');
    expect(text).not.toContain(wrong);
    expect(text).not.toContain(adminCredential);
  });

  it('the wrong-attempt count and the delay are kept in the store: a restart does not reset them', async () => {
    h = await openAdminHarness();
    await h.call('admin.close', {});
    for (let attempt = 0; attempt < 3; attempt++) await h.call('admin.open', { credential: wrong });
    h.t.engine.close();
    const clock = new ManualClock(h.clock.now());
    const engine = await openEngine({
      dbPath: h.t.dbPath,
      resourcesDir: resolve('resources'),
      vault: await openVault({ fileDir: h.t.dir, backend: 'file' }),
      shell: 'browser',
      hashCost: fastHashCost,
      clock,
      log: memoryLogger(),
    });
    try {
      const call = async <N extends CallName>(name: N, request: CallRequest<N>) =>
        dispatch(engine.handlers, name, request, { shell: 'browser' }, memoryLogger());
      expect(await call('admin.status', {})).toMatchObject({
        ok: true,
        value: { credentialSet: true, open: false, retryAfterSeconds: 30 },
      });
      expect(await call('admin.open', { credential: adminCredential })).toMatchObject({
        value: { ok: false, code: 'throttled' },
      });
      clock.advance(firstDelayMs);
      expect(await call('admin.open', { credential: adminCredential })).toMatchObject({ value: { ok: true } });
    } finally {
      engine.close();
    }
  });

  it('kiosk mode has the same guard: the status says kiosk, and nothing else answers while closed', async () => {
    h = await openAdminHarness({ open: false });
    h.t.engine.close();
    const engine = await openEngine({
      dbPath: h.t.dbPath,
      resourcesDir: resolve('resources'),
      vault: await openVault({ fileDir: h.t.dir, backend: 'file' }),
      shell: 'browser',
      hashCost: fastHashCost,
      clock: new ManualClock('2026-03-02T09:00:00Z'),
      log: memoryLogger(),
      kiosk: true,
    });
    try {
      const answer = await dispatch(engine.handlers, 'admin.status', {}, { shell: 'browser' }, memoryLogger());
      expect(answer).toMatchObject({ ok: true, value: { kiosk: true, open: false } });
      const refused = await dispatch(engine.handlers, 'admin.device.get', {}, { shell: 'browser' }, memoryLogger());
      expect(refused).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
      await dispatch(
        engine.handlers,
        'admin.setup',
        { credential: adminCredential },
        { shell: 'browser' },
        memoryLogger(),
      );
      const device = await dispatch(engine.handlers, 'admin.device.get', {}, { shell: 'browser' }, memoryLogger());
      expect(device).toMatchObject({ ok: true, value: { launchedAsKiosk: true } });
    } finally {
      engine.close();
    }
  });
});
