// Issue 6 "Users": the list with search and filters (registered, capable of reset, admin, synced)
// and paging, and one user's details with methods as displays, never secrets. "Capable of reset" is
// counted in SQL for the whole tenant and judged by the eligibility rules (§3) for one user: the two
// must agree for every user under every policy the console can set.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { capabilityOf } from '../../../electron/main/admin/capability';
import type { TenantChange } from '../../../shared/admin';
import { openAdminHarness, type AdminHarness } from './support';

let h: AdminHarness;
let contoso: number;
beforeEach(async () => {
  h = await openAdminHarness();
  contoso = h.tenantId('Contoso');
});
afterEach(() => h.close());

async function upns(request: Parameters<AdminHarness['call']>[1] & { tenantId: number }): Promise<string[]> {
  const page = await h.call('admin.users.search', { limit: 500, ...request });
  return page.users.map((user) => user.upn);
}

describe('issue 6 the user list', () => {
  it('finds users by the start of any word of the UPN, display name, given name or surname', async () => {
    expect(await upns({ tenantId: contoso, text: 'vance' })).toEqual(['adele.vance@contoso.com']);
    expect(await upns({ tenantId: contoso, text: 'ADE va' })).toEqual(['adele.vance@contoso.com']);
    // Case and accents are ignored, as the tokenizer folds both.
    expect(await upns({ tenantId: contoso, text: 'HÉNRI' })).toEqual(['henrietta.mueller@contoso.com']);
    expect(await upns({ tenantId: contoso, text: 'fabrikam' })).toEqual([
      'pat.jones_fabrikam.example#EXT#@contoso.onmicrosoft.com',
    ]);
    expect(await upns({ tenantId: contoso, text: 'nobody-like-this' })).toEqual([]);
    // Punctuation is not a query operator: it only separates words.
    expect(await upns({ tenantId: contoso, text: '"adele*" (vance) -' })).toEqual(['adele.vance@contoso.com']);
  });

  it('filters: registered, admin, synced, and each negated', async () => {
    const all = await upns({ tenantId: contoso });
    expect(all).toHaveLength(21);
    expect(await upns({ tenantId: contoso, registered: false })).toEqual(['megan.bowen@contoso.com']);
    expect((await upns({ tenantId: contoso, admin: true })).sort()).toEqual([
      'admin@contoso.onmicrosoft.com',
      'diego.siciliani@contoso.com',
      'isaiah.langer@contoso.com',
      'patti.fernandez@contoso.com',
    ]);
    expect((await upns({ tenantId: contoso, synced: true })).sort()).toEqual([
      'grady.archie@contoso.com',
      'johanna.lorenz@contoso.com',
      'nestor.wilke@contoso.com',
    ]);
    expect(await upns({ tenantId: contoso, synced: false })).toHaveLength(18);
    expect(await upns({ tenantId: contoso, synced: true, text: 'johanna' })).toEqual(['johanna.lorenz@contoso.com']);
  });

  it('§3 capable of reset: in scope, licensed, enough usable methods; a lockout in force does not count against it', async () => {
    const page = await h.call('admin.users.search', { tenantId: contoso, limit: 500 });
    const byUpn = new Map(page.users.map((user) => [user.upn, user]));
    expect(byUpn.get('adele.vance@contoso.com')).toMatchObject({ capable: true, notCapableBecause: null });
    expect(byUpn.get('alex.wilber@contoso.com')).toMatchObject({ capable: false, notCapableBecause: 'notInSsprGroup' });
    expect(byUpn.get('megan.bowen@contoso.com')).toMatchObject({
      capable: false,
      notCapableBecause: 'notEnoughMethods',
    });
    expect(byUpn.get('grady.archie@contoso.com')).toMatchObject({ notCapableBecause: 'managedOnPremises' });
    expect(byUpn.get('diego.siciliani@contoso.com')).toMatchObject({
      admin: true,
      notCapableBecause: 'notEnoughMethods',
    });
    expect(byUpn.get('henrietta.mueller@contoso.com')).toMatchObject({ capable: true });
    expect(byUpn.get('irvin.sayers@contoso.com')).toMatchObject({
      enabled: false,
      notCapableBecause: 'accountNotFound',
    });
    const capable = await upns({ tenantId: contoso, capable: true });
    expect(capable.sort()).toEqual(
      page.users
        .filter((user) => user.capable)
        .map((user) => user.upn)
        .sort(),
    );
    expect(await upns({ tenantId: contoso, capable: false })).toHaveLength(21 - capable.length);
  });

  it('§3 §4 the SQL count of capable users agrees with the eligibility rules for every user, under every policy the console can set', async () => {
    const pilot = (await h.call('admin.groups.list', { tenantId: contoso })).find((group) => group.name === 'Finance');
    const changes: Array<[string, TenantChange]> = [
      ['as seeded', { tab: 'notifications', patch: {} }],
      ['everyone', { tab: 'properties', patch: { enabledFor: 'all' } }],
      ['the Finance group', { tab: 'properties', patch: { enabledFor: 'selected', selectedGroupId: pilot?.id ?? 0 } }],
      ['one gate', { tab: 'authenticationMethods', patch: { methodsRequiredToReset: 1 } }],
      [
        'office phone and questions',
        { tab: 'authenticationMethods', patch: { methodsAllowed: ['officeCall', 'securityQuestions'] } },
      ],
      ['four questions to reset', { tab: 'authenticationMethods', patch: { questionsRequiredToReset: 4 } }],
      ['no unlock', { tab: 'onPremises', patch: { allowUnlock: false } }],
      ['no writeback', { tab: 'onPremises', patch: { writeback: false } }],
      ['no admin SSPR', { tab: 'administrators', patch: { allowedToUseSspr: false } }],
      ['admin SSPR back', { tab: 'administrators', patch: { allowedToUseSspr: true } }],
      ['a trial', { tab: 'licensing', patch: { trialStart: '2026-02-20T00:00:00Z' } }],
      ['nobody', { tab: 'properties', patch: { enabledFor: 'none' } }],
    ];
    for (const [label, change] of changes) {
      const result = await h.call('admin.tenant.set', { tenantId: contoso, change });
      expect(result.ok, `${label}: ${JSON.stringify(result)}`).toBe(true);
      for (const tenant of h.store.tenants.list()) {
        const domains = h.store.tenants.domains(tenant.id);
        const expected = h.store.users
          .listByTenant(tenant.id)
          .filter((user) => capabilityOf(h.store, user, tenant, domains, h.clock.now()).capable)
          .map((user) => user.upn)
          .sort();
        expect((await upns({ tenantId: tenant.id, capable: true })).sort(), `${label}, ${tenant.name}`).toEqual(
          expected,
        );
      }
    }
  });

  it('pages through the list in display-name order with the total', async () => {
    const first = await h.call('admin.users.search', { tenantId: contoso, limit: 5 });
    const second = await h.call('admin.users.search', { tenantId: contoso, limit: 5, offset: 5 });
    expect(first.total).toBe(21);
    expect(second).toMatchObject({ total: 21, offset: 5 });
    const names = [...first.users, ...second.users].map((user) => user.displayName);
    expect(names).toEqual([...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    expect(new Set(names).size).toBe(10);
  });

  it("a user's details: roles, groups, license, risk, lockouts, SSPR block and methods as displays, never a secret", async () => {
    const enrico = await h.call('admin.user.get', { userId: h.userId('enrico.cattaneo@contoso.com') });
    expect(enrico).toMatchObject({
      tenantName: 'Contoso',
      license: 'p1',
      effectivePlan: 'p1',
      admin: false,
      risk: 'none',
      capable: true,
    });
    expect(enrico.groups.map((group) => group.name).sort()).toEqual(['All Staff', 'Finance', 'SSPR Pilot']);
    expect(enrico.methods.map((method) => [method.kind, method.display, method.usableFor])).toEqual([
      ['mobilePhone', '+1 425 555 0120', ['mobileSms']],
      ['securityQuestions', '4 questions', ['securityQuestions']],
    ]);
    const christie = await h.call('admin.user.get', { userId: h.userId('christie.cline@contoso.com') });
    expect(christie.methods.find((method) => method.kind === 'authenticatorApp')?.usableFor).toEqual([
      'appCode',
      'appNotification',
    ]);
    const johanna = await h.call('admin.user.get', { userId: h.userId('johanna.lorenz@contoso.com') });
    expect(johanna.lockouts.onPremises).toMatchObject({ locked: true, failedSignIns: 5 });
    const henrietta = await h.call('admin.user.get', { userId: h.userId('henrietta.mueller@contoso.com') });
    expect(henrietta.lockouts.sspr).toMatchObject({ blocked: true });
    const patti = await h.call('admin.user.get', { userId: h.userId('patti.fernandez@contoso.com') });
    expect(patti).toMatchObject({ admin: true, roles: ['Helpdesk Administrator'] });

    for (const user of [enrico, christie, johanna, patti]) {
      const text = JSON.stringify(user);
      expect(text).not.toMatch(/scrypt\$|sealed|answerHash|passwordHash/i);
    }
    expect(JSON.stringify(enrico)).not.toContain('Biscottino');
    expect(JSON.stringify(christie)).not.toContain('4CSXRCR376AJTMEGFG6UGCEBX7LPDWOI');
    expect(await h.refused('admin.user.get', { userId: 99_999 })).toMatchObject({ code: 'not_found' });
  });
});
