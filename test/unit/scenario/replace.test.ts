// Issue 8: loading a scenario pack from the settings pane (admin.scenarios.load) on a running engine
// replaces the whole lab, all or nothing, keeps the audit log verifiable, and leaves nothing of the
// old lab in the engine's memory. The demo tenant (Contoso) is the old lab; the lockout drill the new.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { deviceDefaults } from '../../../electron/main/scenario/replace';
import { openStore } from '../../../electron/main/store';
import { verifyAuditChain } from '../../../electron/main/store/audit-chain';
import { adminCredential, openAdminHarness, type AdminHarness } from '../admin/support';
import { databaseDigest } from './support';

let h: AdminHarness;
beforeEach(async () => {
  h = await openAdminHarness();
});
afterEach(() => h.close());

const adele = { upn: 'adele.vance@contoso.com', password: 'Harbor-Lantern-47', phone: '+1 425 555 0101' };
const dayMs = 86_400_000;

/** Old-lab activity: a reset stopped by the scope rule, a code sent to Adele, a sign-in. */
async function useTheDemo(): Promise<string> {
  const alex = await h.identify('alex.wilber@contoso.com');
  expect(alex.view).toMatchObject({ step: 'stopped', outcome: 'notInSsprGroup' });
  const { flowId, view } = await h.identify(adele.upn);
  if (view.step !== 'verify') throw new Error(`expected the verify step, got ${view.step}`);
  const sms = view.options.find((option) => option.gateMethod === 'mobileSms');
  await h.call('reset.chooseMethod', {
    flowId,
    gateMethod: 'mobileSms',
    methodId: sms?.methodId ?? 0,
    phoneNumber: adele.phone,
  });
  return flowId;
}

describe('issue 8 loading a scenario replaces the lab', () => {
  it('issue 8 a pack replaces every tenant, user and message of the old lab, and says so in the audit log, which verifies', async () => {
    await useTheDemo();
    expect(h.store.outbox.list({ limit: 5, recipient: adele.phone })).not.toHaveLength(0);

    const result = await h.call('admin.scenarios.load', { packId: 'lockout-drill' });
    expect(result).toEqual({ id: 'lockout-drill', name: 'Lockout drill', tenants: 1, users: 6 });
    expect(h.store.tenants.list().map((tenant) => tenant.name)).toEqual(['Alpine Ski House']);
    expect(h.store.users.byUpn(adele.upn)).toBeNull();
    expect(h.store.outbox.list({ limit: 5, recipient: adele.phone })).toHaveLength(0);
    const count = (table: string) =>
      h.store.db.prepare<[], { n: number }>(`SELECT count(*) AS n FROM ${table}`).get()?.n ?? -1;
    expect(count('users')).toBe(6);
    // Two synced users, each with an on-premises account in the new directory and nothing of Contoso's.
    expect(count('onprem_accounts')).toBe(2);
    expect(count('outbox')).toBe(0);
    expect(count('verification_failures')).toBe(0);
    expect(h.store.device.get()).toMatchObject({ name: 'ASH-LODGE-01', lastUserUpn: 'kai.jensen@alpineskihouse.com' });

    // §10: the log holds the one event of the load, naming the pack and who loaded it, and verifies.
    const events = h.store.audit.list({ limit: 10 });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      activity: 'scenarioLoaded',
      result: 'success',
      tenantId: null,
      actor: expect.stringContaining('Local administrator') as unknown,
      details: { scenario: 'Lockout drill', source: 'pack lockout-drill', tenants: 1, users: 6 },
    });
    expect(Number(events[0]?.details['auditEventsPurged'])).toBeGreaterThan(3);
    expect(await h.call('admin.audit.verify', {})).toMatchObject({ intact: true, events: 1 });
    expect(verifyAuditChain(h.store.db, await h.t.vault.auditKey())).toMatchObject({ intact: true });
  });

  it("issue 8 §10 the new tenant's reports count none of the old tenant's events, though it takes the old tenant's id", async () => {
    await useTheDemo();
    const contosoId = h.tenantId('Contoso');
    const range = {
      since: new Date(h.clock.now().getTime() - dayMs).toISOString(),
      until: new Date(h.clock.now().getTime() + dayMs).toISOString(),
    };
    const before = await h.call('admin.reports.usage', { tenantId: contosoId, ...range });
    expect(before.totals.failures).toBeGreaterThan(0);

    await h.call('admin.scenarios.load', { packId: 'lockout-drill' });
    const alpineId = h.tenantId('Alpine Ski House');
    expect(alpineId).toBe(contosoId);
    const after = await h.call('admin.reports.usage', { tenantId: alpineId, ...range });
    expect(after.totals).toEqual({ resets: 0, unlocks: 0, failures: 0 });
    expect(after.failuresByReason).toEqual([]);
  });

  it('issue 8 a load that fails at its last write leaves the database exactly as it was, and the engine keeps its lab', async () => {
    const flowId = await useTheDemo();
    h.store.db.exec(`CREATE TRIGGER refuse_scenario_loaded BEFORE INSERT ON audit_events
      WHEN NEW.activity = 'scenarioLoaded' BEGIN SELECT RAISE(ABORT, 'refused by the test'); END`);
    const before = databaseDigest(h.store.db);

    const refusal = await h.refused('admin.scenarios.load', { packId: 'lockout-drill' });
    expect(refusal.code).toBe('conflict');
    expect(refusal.message).toContain('Nothing was changed.');
    expect(databaseDigest(h.store.db)).toEqual(before);
    // The old lab goes on: the flow begun before the failed load still waits for its code.
    expect(await h.call('reset.view', { flowId })).toMatchObject({ step: 'verify', upn: adele.upn });
  });

  it('issue 8 nothing the engine held of the old lab survives a load: flows, the session, the training clock and devices', async () => {
    const flowId = await useTheDemo();
    const adeleId = h.userId(adele.upn);
    await h.call('session.signIn', { upn: adele.upn, password: adele.password });
    await h.call('training.advanceClock', { minutes: 60 });
    expect((await h.call('training.state', {})).offsetMinutes).toBe(60);
    // An hour on the training clock closed the idle console: the trainer opens it again.
    await h.call('admin.open', { credential: adminCredential });

    await h.call('admin.scenarios.load', { packId: 'lockout-drill' });
    // The new lab reuses Adele's user id, so a flow or a session that survived would act on someone else.
    expect(h.store.users.get(adeleId)?.upn).toMatch(/@alpineskihouse\.com$/);
    expect(await h.call('reset.view', { flowId })).toEqual({ step: 'expired', notice: null });
    expect(await h.call('session.get', {})).toMatchObject({ user: null });
    expect((await h.call('training.state', {})).offsetMinutes).toBe(0);
    expect(await h.refused('training.devices', { upn: adele.upn })).toMatchObject({ code: 'not_found' });
    // The console stays open for the trainer who loaded the lab.
    expect(await h.call('admin.status', {})).toMatchObject({ open: true });
  });

  it('issue 8 only an open console loads a pack, by its plain name: a path or an unknown name changes nothing', async () => {
    const before = databaseDigest(h.store.db);
    for (const packId of ['../scenarios/contoso', '/etc/passwd', 'lockout-drill.json', 'LOCKOUT-DRILL']) {
      expect(await h.refused('admin.scenarios.load', { packId })).toMatchObject({ code: 'invalid_request' });
    }
    expect(await h.refused('admin.scenarios.load', { packId: 'no-such-pack' })).toMatchObject({ code: 'not_found' });
    await h.call('admin.close', {});
    expect(await h.refused('admin.scenarios.load', { packId: 'lockout-drill' })).toMatchObject({
      code: 'unauthorized',
    });
    expect(await h.refused('admin.scenarios.list', {})).toMatchObject({ code: 'unauthorized' });
    // admin.close audits itself; apart from that event nothing moved.
    const after = databaseDigest(h.store.db);
    const changed = Object.keys(after).filter((table) => after[table] !== before[table]);
    expect(changed.sort()).toEqual(['audit_chain', 'audit_events']);
    expect(h.store.tenants.list().map((tenant) => tenant.name)).toContain('Contoso');
  });

  it('issue 8 the console lists every pack with its trainer note and counts', async () => {
    const packs = await h.call('admin.scenarios.list', {});
    expect(packs.map((pack) => pack.id)).toEqual([
      'admin-two-gates',
      'contoso',
      'hybrid-writeback-outage',
      'lockout-drill',
      'pilot-rollout',
      'registration-campaign',
    ]);
    for (const pack of packs.filter((candidate) => candidate.id !== 'contoso')) {
      expect(pack.error).toBeNull();
      expect(pack.trainerNote?.try.length).toBeGreaterThan(0);
      expect(pack.trainerNote?.expect.length).toBeGreaterThan(0);
      expect(pack.users).toBeGreaterThanOrEqual(5);
      expect(pack.users).toBeLessThanOrEqual(15);
    }
  });

  it("issue 8 §9 a load starts the device from a new database's settings, then applies the pack's", () => {
    const fresh = openStore(':memory:');
    try {
      const { deviceId: _deviceId, ...settings } = fresh.device.get();
      expect(settings).toEqual(deviceDefaults);
    } finally {
      fresh.close();
    }
  });
});
