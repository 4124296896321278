// Spec §2 (the tenant's "Password reset" tabs), §4 (administrators) and §8 (the password policy)
// through the console: each tab read, each changed by a partial patch with its effect seen by the
// flows, every invalid combination refused with its rule's message and nothing changed, every
// change audited with the tab, the field, old → new.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TenantChange } from '../../../shared/admin';
import { openAdminHarness, snapshot, type AdminHarness } from './support';

let h: AdminHarness;
let contoso: number;
beforeEach(async () => {
  h = await openAdminHarness();
  contoso = h.tenantId('Contoso');
});
afterEach(() => h.close());

async function refusedRules(tenantId: number, change: TenantChange): Promise<string[]> {
  const before = snapshot(h.store);
  const result = await h.call('admin.tenant.set', { tenantId, change });
  if (result.ok) throw new Error(`${change.tab} was accepted`);
  expect(snapshot(h.store), change.tab).toBe(before);
  for (const issue of result.issues) expect(issue.message.length, issue.rule).toBeGreaterThan(10);
  return result.issues.map((issue) => issue.rule);
}

describe('§2 the tenant tabs', () => {
  it('§2 lists the tenants and shows every tab of Contoso as the scenario set it', async () => {
    const tenants = await h.call('admin.tenants.list', {});
    expect(tenants.map((tenant) => [tenant.name, tenant.initialDomain, tenant.plan])).toEqual([
      ['Contoso', 'contoso.onmicrosoft.com', 'p1'],
      ['Fabrikam', 'fabrikam.onmicrosoft.com', 'free'],
      ['Northwind Traders', 'northwindtraders.onmicrosoft.com', 'p2'],
      ['Adatum', 'adatum.onmicrosoft.com', 'm365-business-premium'],
    ]);
    const tenant = await h.call('admin.tenant.get', { tenantId: contoso });
    expect(tenant.properties).toMatchObject({ enabledFor: 'selected', selectedGroupName: 'SSPR Pilot' });
    expect(tenant.properties.groups.map((group) => group.name)).toContain('Finance');
    expect(tenant.authenticationMethods).toMatchObject({ methodsRequiredToReset: 2, questionsRequiredToRegister: 4 });
    expect(tenant.authenticationMethods.builtInQuestions.length).toBeGreaterThanOrEqual(20);
    expect(tenant.registration).toEqual({
      requireRegistration: true,
      methodsRequiredToRegister: 2,
      reconfirmDays: 180,
      registrationGraceDays: 14,
    });
    expect(tenant.onPremises).toMatchObject({
      writeback: true,
      allowUnlock: true,
      writebackAgent: 'connected',
      directorySync: true,
      planAllowsWriteback: true,
      directoryName: 'CONTOSO.LOCAL',
      writable: true,
    });
    expect(tenant.protection).toEqual({
      lockoutThreshold: 10,
      lockoutWindowMinutes: 30,
      lockoutMinutes: 60,
      codeValidityMinutes: 5,
    });
    expect(tenant.administrators).toMatchObject({ allowedToUseSspr: true, gatesRequired: 2 });
    expect(tenant.administrators.administrators).toBe(4);
    expect(tenant.administrators.reasons.map((reason) => [reason.rule, reason.section])).toContainEqual([
      'admin.twoGates',
      '§4',
    ]);
    expect(tenant.licensing.domains.map((domain) => [domain.name, domain.kind])).toEqual([
      ['contoso.onmicrosoft.com', 'initial'],
      ['contoso.com', 'custom'],
    ]);
    expect(tenant.passwordPolicy.bannedTerms).toContain('blank');
    expect(tenant.customization.logoText).toBe('Contoso');
  });

  it('§2 every invalid combination of the policy tabs is refused with its rule, and nothing changes', async () => {
    const finance = (await h.call('admin.groups.list', { tenantId: contoso })).find(
      (group) => group.name === 'Finance',
    );
    const adatum = h.tenantId('Adatum');
    expect(
      await refusedRules(contoso, { tab: 'authenticationMethods', patch: { questionsRequiredToReset: 5 } }),
    ).toEqual(['questionsToResetWithinRegister']);
    expect(await refusedRules(contoso, { tab: 'registration', patch: { methodsRequiredToRegister: 1 } })).toEqual([
      'methodsToRegisterAtLeastReset',
    ]);
    expect(
      await refusedRules(adatum, { tab: 'properties', patch: { enabledFor: 'selected', selectedGroupId: null } }),
    ).toEqual(['selectedScopeNeedsGroup']);
    expect(
      await refusedRules(adatum, {
        tab: 'properties',
        patch: { enabledFor: 'selected', selectedGroupId: finance?.id ?? 0 },
      }),
    ).toEqual(['selectedGroupInTenant']);
    expect(await refusedRules(contoso, { tab: 'onPremises', patch: { writeback: false } })).toEqual([
      'unlockNeedsWriteback',
    ]);
    expect(await refusedRules(contoso, { tab: 'authenticationMethods', patch: { methodsAllowed: ['email'] } })).toEqual(
      ['enoughMethodsAllowedToReset'],
    );
    expect(
      await refusedRules(contoso, {
        tab: 'authenticationMethods',
        patch: { useBuiltInQuestions: false, customQuestions: ['What is your team?'] },
      }),
    ).toEqual(['questionBankCoversRegister']);
    expect(await refusedRules(contoso, { tab: 'licensing', patch: { directorySync: false } })).toEqual([
      'writebackNeedsDirectorySync',
    ]);
    expect(await refusedRules(contoso, { tab: 'licensing', patch: { plan: 'm365-business-standard' } })).toEqual([
      'writebackNeedsPlan',
    ]);
    expect(await refusedRules(adatum, { tab: 'onPremises', patch: { writeback: true } })).toEqual([
      'writebackNeedsDirectorySync',
    ]);
    expect(h.store.audit.list({ limit: 5, activity: 'policyChanged' })).toEqual([]);
  });

  it('§2 a field out of its range is refused by the contract with the field named, before any handler runs', async () => {
    const before = snapshot(h.store);
    const error = await h.refused('admin.tenant.set', {
      tenantId: contoso,
      change: { tab: 'protection', patch: { lockoutThreshold: 0 } },
    });
    expect(error).toMatchObject({ code: 'invalid_request' });
    expect(JSON.stringify(error)).toContain('lockoutThreshold');
    expect(
      await h.refused('admin.tenant.set', {
        tenantId: contoso,
        change: { tab: 'customization', patch: { helpdeskLink: 'javascript:alert(1)' } },
      }),
    ).toMatchObject({ code: 'invalid_request' });
    expect(snapshot(h.store)).toBe(before);
  });

  it('§2 Properties: scope all lets a non-member of the pilot reset; selected with the pilot group stops them again (§3.2)', async () => {
    const alex = 'alex.wilber@contoso.com';
    expect(await h.call('admin.whatIf', { upn: alex })).toMatchObject({ eligible: false, outcome: 'notInSsprGroup' });
    const all = await h.call('admin.tenant.set', {
      tenantId: contoso,
      change: { tab: 'properties', patch: { enabledFor: 'all' } },
    });
    expect(all).toMatchObject({ ok: true, tenant: { properties: { enabledFor: 'all' } } });
    expect(await h.call('admin.whatIf', { upn: alex })).toMatchObject({ eligible: true, gatesRequired: 2 });
    const tenant = await h.call('admin.tenant.get', { tenantId: contoso });
    const pilot = tenant.properties.groups.find((group) => group.name === 'SSPR Pilot');
    await h.call('admin.tenant.set', {
      tenantId: contoso,
      change: { tab: 'properties', patch: { enabledFor: 'selected', selectedGroupId: pilot?.id ?? 0 } },
    });
    const { flowId } = await h.identify(alex);
    expect(await h.call('reset.view', { flowId })).toMatchObject({ step: 'stopped', outcome: 'notInSsprGroup' });
  });

  it('§10 each change is audited as policyChanged with the tab, the field and old → new; an unchanged field is not', async () => {
    await h.call('admin.tenant.set', {
      tenantId: contoso,
      change: { tab: 'registration', patch: { reconfirmDays: 90, registrationGraceDays: 14 } },
    });
    await h.call('admin.tenant.set', {
      tenantId: contoso,
      change: { tab: 'customization', patch: { helpdeskLink: 'helpdesk@contoso.com', accentColor: '#c50f1f' } },
    });
    const events = h.store.audit.list({ limit: 10, activity: 'policyChanged' });
    expect(events.map((event) => [event.reason, event.details])).toEqual([
      ['customization.accentColor', { area: 'customization', field: 'accentColor', old: '#0f6cbd', new: '#c50f1f' }],
      [
        'customization.helpdeskLink',
        {
          area: 'customization',
          field: 'helpdeskLink',
          old: 'https://helpdesk.contoso.com/password',
          new: 'helpdesk@contoso.com',
        },
      ],
      ['registration.reconfirmDays', { area: 'registration', field: 'reconfirmDays', old: 180, new: 90 }],
    ]);
    for (const event of events) {
      expect(event).toMatchObject({
        tenantId: contoso,
        result: 'success',
        actor: expect.stringMatching(/^Local administrator/),
      });
    }
    // The lock screen uses the new branding and helpdesk at once (an address becomes mailto:).
    const lock = await h.call('lockScreen.get', {});
    expect(lock.branding.accentColor).toBe('#c50f1f');
    expect(lock.helpdesk.link).toBe('mailto:helpdesk@contoso.com');
  });

  it('§4 Administrators: allowedToUseSspr off stops an administrator, on lets them face two gates', async () => {
    const patti = 'patti.fernandez@contoso.com';
    expect(await h.call('admin.whatIf', { upn: patti })).toMatchObject({
      eligible: true,
      admin: true,
      gatesRequired: 2,
    });
    await h.call('admin.tenant.set', {
      tenantId: contoso,
      change: { tab: 'administrators', patch: { allowedToUseSspr: false } },
    });
    expect(await h.call('admin.whatIf', { upn: patti })).toMatchObject({ eligible: false, outcome: 'adminNotAllowed' });
  });

  it('§4 Licensing: a custom domain ends the one-gate exception of a free tenant without sync; removing it brings it back', async () => {
    const fabrikam = h.tenantId('Fabrikam');
    expect((await h.call('admin.tenant.get', { tenantId: fabrikam })).administrators.gatesRequired).toBe(1);
    const added = await h.call('admin.tenant.addDomain', { tenantId: fabrikam, name: 'Fabrikam-Lab.com' });
    if (!added.ok) throw new Error(JSON.stringify(added.issues));
    expect(added.tenant.licensing.domains.map((domain) => domain.name)).toContain('fabrikam-lab.com');
    expect(added.tenant.administrators.gatesRequired).toBe(2);
    const removed = await h.call('admin.tenant.removeDomain', { tenantId: fabrikam, name: 'fabrikam-lab.com' });
    expect(removed).toMatchObject({ ok: true, tenant: { administrators: { gatesRequired: 1 } } });
    expect(h.store.audit.list({ limit: 1, activity: 'policyChanged' })[0]?.details).toEqual({
      area: 'licensing',
      field: 'domains',
      old: 'fabrikam.onmicrosoft.com, fabrikam-lab.com',
      new: 'fabrikam.onmicrosoft.com',
    });
  });

  it("§1 Licensing: a domain in use, the initial domain, a second onmicrosoft domain and another tenant's domain are refused", async () => {
    const before = snapshot(h.store);
    const fabrikam = h.tenantId('Fabrikam');
    const rules = async (result: Promise<{ ok: boolean; issues?: Array<{ rule: string }> }>) =>
      (await result).issues?.map((issue) => issue.rule);
    expect(await rules(h.call('admin.tenant.removeDomain', { tenantId: contoso, name: 'contoso.com' }))).toEqual([
      'domainInUse',
    ]);
    expect(
      await rules(h.call('admin.tenant.removeDomain', { tenantId: contoso, name: 'contoso.onmicrosoft.com' })),
    ).toEqual(['initialDomainStays']);
    expect(
      await rules(h.call('admin.tenant.addDomain', { tenantId: fabrikam, name: 'fabrikam2.onmicrosoft.com' })),
    ).toEqual(['customDomainOnly']);
    expect(await rules(h.call('admin.tenant.addDomain', { tenantId: fabrikam, name: 'contoso.com' }))).toEqual([
      'domainTaken',
    ]);
    expect(await h.refused('admin.tenant.removeDomain', { tenantId: fabrikam, name: 'nowhere.com' })).toMatchObject({
      code: 'not_found',
    });
    expect(snapshot(h.store)).toBe(before);
  });

  it("§2 On-premises integration: the agent down is shown, and a synced user's reset would not be writable", async () => {
    const changed = await h.call('admin.tenant.set', {
      tenantId: contoso,
      change: { tab: 'onPremises', patch: { writebackAgent: 'down' } },
    });
    expect(changed).toMatchObject({ ok: true, tenant: { onPremises: { writebackAgent: 'down', writable: false } } });
    expect(await h.call('admin.whatIf', { upn: 'johanna.lorenz@contoso.com' })).toMatchObject({
      writeback: { applies: true, agent: 'down', writable: false },
    });
  });

  it("§8 the custom banned list is checked term by term, and a saved list is used at once (the spec's worked example)", async () => {
    const before = snapshot(h.store);
    const refused = await h.call('admin.tenant.set', {
      tenantId: contoso,
      change: { tab: 'passwordPolicy', patch: { bannedTerms: ['blank', 'abc', 'x'.repeat(17)] } },
    });
    if (refused.ok) throw new Error('a 3-character term was accepted');
    expect(refused.issues.map((issue) => [issue.rule, issue.path])).toEqual([
      ['bannedTerms.termTooShort', 'bannedTerms.1'],
      ['bannedTerms.termTooLong', 'bannedTerms.2'],
    ]);
    expect(snapshot(h.store)).toBe(before);

    // Duplicates (ignoring case) are dropped when saved.
    await h.call('admin.tenant.set', {
      tenantId: contoso,
      change: { tab: 'passwordPolicy', patch: { bannedTerms: ['welcome', 'Welcome', 'kiosk'] } },
    });
    expect((await h.call('admin.tenant.get', { tenantId: contoso })).passwordPolicy.bannedTerms).toEqual([
      'welcome',
      'kiosk',
    ]);
    // 12 characters, no term matched: 12 points. With "quokka" and "lynx" banned: 1 + 1 + "#" + "9" = 4 points.
    const megan = h.userId('megan.bowen@contoso.com');
    const accepted = await h.call('admin.user.resetPassword', { userId: megan, temporaryPassword: 'Quokka#Lynx9' });
    expect(accepted, JSON.stringify(accepted)).toMatchObject({ ok: true });
    await h.call('admin.tenant.set', {
      tenantId: contoso,
      change: { tab: 'passwordPolicy', patch: { bannedTerms: ['quokka', 'lynx'], minLength: 10 } },
    });
    const lidia = h.userId('lidia.holloway@contoso.com');
    const banned = await h.call('admin.user.resetPassword', { userId: lidia, temporaryPassword: 'Quokka#Lynx9' });
    expect(banned).toMatchObject({
      ok: false,
      code: 'passwordRefused',
      failures: [{ code: 'banned', params: { score: 4 } }],
    });
    expect(
      await h.call('admin.user.resetPassword', { userId: lidia, temporaryPassword: 'Quokka#Lynx9-Fern!' }),
    ).toMatchObject({ ok: true });
  });
});
