// Spec §10 reports, with the counts produced by flows run earlier in the same test: registration
// (who registered what, who is capable of reset, who has nothing) and usage (resets and unlocks by
// method and by day, failures by reason, blocked users, users who tried SSPR with nothing
// registered), each computed with SQL on an index.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { splitRange, usageEventsSql, usageSql } from '../../../electron/main/admin/reports';
import type { FlowView } from '../../../shared/reset';
import { openAdminHarness, type AdminHarness } from './support';

let h: AdminHarness;
let contoso: number;
beforeEach(async () => {
  h = await openAdminHarness();
  contoso = h.tenantId('Contoso');
});
afterEach(() => h.close());

const newPassword = 'Quartz#Tundra-Harbor9';

function optionFor(view: FlowView, gateMethod: string): number {
  if (view.step !== 'verify') throw new Error(`expected verify, got ${JSON.stringify(view)}`);
  const option = view.options.find((candidate) => candidate.gateMethod === gateMethod);
  if (!option) throw new Error(`no ${gateMethod} option`);
  return option.methodId;
}

async function passSms(flowId: string, view: FlowView, phone: string): Promise<FlowView> {
  const methodId = optionFor(view, 'mobileSms');
  await h.call('reset.chooseMethod', { flowId, gateMethod: 'mobileSms', methodId, phoneNumber: phone });
  return h.call('reset.respond', { flowId, response: { code: h.codeSentTo(phone) } });
}

async function passEmail(flowId: string, view: FlowView, address: string): Promise<FlowView> {
  await h.call('reset.chooseMethod', { flowId, gateMethod: 'email', methodId: optionFor(view, 'email') });
  return h.call('reset.respond', { flowId, response: { code: h.codeSentTo(address) } });
}

/** The flows whose traces the usage report must count. */
async function runFlows(): Promise<void> {
  // Adele resets with SMS then e-mail.
  const adele = await h.identify('adele.vance@contoso.com');
  const afterSms = await passSms(adele.flowId, adele.view, '+1 425 555 0101');
  await passEmail(adele.flowId, afterSms, 'adele.vance@personal.example');
  expect(
    await h.call('reset.setPassword', { flowId: adele.flowId, newPassword, confirmPassword: newPassword }),
  ).toMatchObject({ step: 'done' });
  // Johanna, synced, unlocks without a reset.
  const johanna = await h.identify('johanna.lorenz@contoso.com');
  const chosen = await h.call('reset.chooseAction', { flowId: johanna.flowId, action: 'unlock' });
  const second = await passSms(johanna.flowId, chosen, '+1 425 555 0110');
  expect(await passEmail(johanna.flowId, second, 'johanna.lorenz@personal.example')).toMatchObject({
    step: 'done',
    action: 'unlock',
  });
  // Megan has nothing registered; Lidia has one method where two are needed.
  expect((await h.identify('megan.bowen@contoso.com')).view).toMatchObject({ outcome: 'notEnoughMethods' });
  expect((await h.identify('lidia.holloway@contoso.com')).view).toMatchObject({ outcome: 'notEnoughMethods' });
  // Christie types a wrong code with a threshold of 1: SSPR is blocked for her.
  await h.call('admin.tenant.set', {
    tenantId: contoso,
    change: { tab: 'protection', patch: { lockoutThreshold: 1 } },
  });
  const christie = await h.identify('christie.cline@contoso.com');
  await h.call('reset.chooseMethod', {
    flowId: christie.flowId,
    gateMethod: 'email',
    methodId: optionFor(christie.view, 'email'),
  });
  expect(await h.call('reset.respond', { flowId: christie.flowId, response: { code: '000000' } })).toMatchObject({
    step: 'stopped',
    outcome: 'ssprLockout',
  });
}

describe('§10 reports', () => {
  it('§10 usage: resets and unlocks by method and day, failures by reason, blocked users, and who tried with nothing registered', async () => {
    await runFlows();
    const now = h.clock.now().getTime();
    const report = await h.call('admin.reports.usage', {
      tenantId: contoso,
      since: new Date(now - 86_400_000).toISOString(),
      until: new Date(now + 60_000).toISOString(),
    });
    expect(report.totals).toEqual({ resets: 1, unlocks: 1, failures: 3 });
    expect([...report.byMethod].sort((a, b) => a.method.localeCompare(b.method))).toEqual([
      { method: 'email', resets: 1, unlocks: 1 },
      { method: 'mobileSms', resets: 1, unlocks: 1 },
    ]);
    expect(report.byDay).toEqual([{ day: '2026-03-02', resets: 1, unlocks: 1, failures: 3 }]);
    expect(report.failuresByReason).toEqual([
      { activity: 'resetBlocked', reason: 'notEnoughMethods', count: 2 },
      { activity: 'verificationFailed', reason: 'wrongCode', count: 1 },
    ]);
    expect(report.blockedUsers).toMatchObject([{ upn: 'christie.cline@contoso.com', blocks: 1 }]);
    expect(report.triedWithNothingRegistered).toMatchObject([
      { upn: 'megan.bowen@contoso.com', attempts: 1, userId: h.userId('megan.bowen@contoso.com') },
    ]);
    // The flow keeps what it saw: Megan registering later does not move her out of the report.
    await h.call('admin.user.act', {
      userId: h.userId('megan.bowen@contoso.com'),
      change: { action: 'preRegister', method: { kind: 'email', address: 'megan@personal.example' } },
    });
    const later = await h.call('admin.reports.usage', {
      tenantId: contoso,
      since: new Date(now - 86_400_000).toISOString(),
      until: new Date(now + 60_000).toISOString(),
    });
    expect(later.triedWithNothingRegistered.map((row) => row.upn)).toEqual(['megan.bowen@contoso.com']);
    // Another range, another tenant: nothing.
    const before = await h.call('admin.reports.usage', {
      tenantId: contoso,
      since: '2026-01-01T00:00:00Z',
      until: '2026-02-01T00:00:00Z',
    });
    expect(before.totals).toEqual({ resets: 0, unlocks: 0, failures: 0 });
  });

  it('§10 registration: users by method kind, capable of reset, nothing registered, and the per-user table', async () => {
    const report = await h.call('admin.reports.registration', { tenantId: contoso, limit: 500 });
    expect(report).toMatchObject({ users: 21, registered: 20, nothingRegistered: 1 });
    const kinds = Object.fromEntries(report.byKind.map((entry) => [entry.kind, entry.users]));
    expect(kinds).toEqual({ email: 16, mobilePhone: 17, officePhone: 2, authenticatorApp: 4, securityQuestions: 2 });
    expect(report.capable).toBe(report.page.users.filter((user) => user.capable).length);
    const nothing = await h.call('admin.reports.registration', { tenantId: contoso, registered: false });
    expect(nothing.page.users.map((user) => user.upn)).toEqual(['megan.bowen@contoso.com']);
    // A method registered moves the counts at once.
    await h.call('admin.user.act', {
      userId: h.userId('megan.bowen@contoso.com'),
      change: { action: 'preRegister', method: { kind: 'email', address: 'megan@personal.example' } },
    });
    expect(await h.call('admin.reports.registration', { tenantId: contoso })).toMatchObject({
      registered: 21,
      nothingRegistered: 0,
    });
  });

  it('§10 each report query runs on an index, whole days from the daily summaries (migration 10)', () => {
    const params = splitRange({
      tenantId: contoso,
      since: '2026-01-01T06:00:00.000Z',
      until: '2026-04-01T06:00:00.000Z',
    });
    const queries = {
      ...usageSql,
      ...Object.fromEntries(Object.entries(usageEventsSql).map(([n, q]) => [`${n} (events)`, q])),
    };
    for (const [name, sql] of Object.entries(queries)) {
      const plan = h.store.db
        .prepare<[typeof params], { detail: string }>(`EXPLAIN QUERY PLAN ${sql}`)
        .all(params)
        .map((row) => row.detail);
      expect(plan.join(' | '), name).toMatch(/INDEX|PRIMARY KEY/);
      expect(
        plan.filter((line) => /^SCAN (audit_events|auth_methods|users|audit_daily_\w+)\b(?! USING)/.test(line)),
        name,
      ).toEqual([]);
      if (name in usageSql && /^by(Method|Day)$|^failures$/.test(name)) {
        expect(plan.join(' | '), name).toMatch(
          /SEARCH audit_daily_(gate_methods|outcomes) USING PRIMARY KEY \(tenant_id=\? AND day>\? AND day<\?\)/,
        );
      }
    }
  });
});
