import { describe, expect, it } from 'vitest';
import { adminGateMethods, adminRoles, nonAdminRoles, type Plan } from '../../../shared/policy';
import { adminGatePolicy, isAdministrator, trialState, type AdminPolicyTenant } from '../../../electron/main/policy';
import type { Domain } from '../../../electron/main/store';

const now = new Date('2026-01-05T09:00:00.000Z');
const day = 86_400_000;
const minute = 60_000;

function tenant(overrides: Partial<AdminPolicyTenant> = {}): AdminPolicyTenant {
  return { plan: 'p1', trialStart: null, directorySync: true, ...overrides };
}

let nextDomainId = 1;
function domain(name: string, verified = true): Domain {
  const kind = name.endsWith('.onmicrosoft.com') ? 'initial' : 'custom';
  return { id: nextDomainId++, tenantId: 1, name, kind, verified };
}

const initialOnly = [domain('contoso.onmicrosoft.com')];
const withCustom = [domain('contoso.onmicrosoft.com'), domain('contoso.com')];
const daysAgo = (days: number) => new Date(now.getTime() - days * day);
const rules = (policy: { reasons: { rule: string }[] }) => policy.reasons.map((reason) => reason.rule);

describe('isAdministrator', () => {
  it.each(adminRoles)('§4 %s is an administrator for SSPR', (role) => {
    expect(isAdministrator([role])).toBe(true);
  });

  it.each(nonAdminRoles)('§4 %s alone does not make an administrator', (role) => {
    expect(isAdministrator([role])).toBe(false);
  });

  it('§4 no roles is no administrator; one admin role among others is enough', () => {
    expect(isAdministrator([])).toBe(false);
    expect(isAdministrator(['Reports Reader', 'Password Administrator'])).toBe(true);
  });

  it('§4 role names must match exactly', () => {
    expect(isAdministrator(['global administrator', 'Administrator', 'Global Admin'])).toBe(false);
  });
});

describe('adminGatePolicy', () => {
  it('§4 admins always need two gates, whatever the tenant says', () => {
    const policy = adminGatePolicy(tenant({ plan: 'p2', directorySync: true }), withCustom, now);
    expect(policy.gatesRequired).toBe(2);
    expect(rules(policy)).toEqual(['admin.twoGates', 'admin.noSecurityQuestions', 'admin.voiceCallsAllowed']);
    expect(policy.reasons.every((reason) => reason.section === '§4')).toBe(true);
  });

  it('§4 a custom domain alone, or directory sync alone, ends the no-custom-domain exception', () => {
    expect(adminGatePolicy(tenant({ directorySync: false }), withCustom, now).gatesRequired).toBe(2);
    expect(adminGatePolicy(tenant({ directorySync: true }), initialOnly, now).gatesRequired).toBe(2);
  });

  it('§4 never security questions for admins', () => {
    for (const plan of ['free', 'm365-business-standard', 'm365-business-premium', 'p1', 'p2'] as Plan[]) {
      for (const trialStart of [null, daysAgo(3), daysAgo(90)]) {
        const policy = adminGatePolicy(tenant({ plan, trialStart }), withCustom, now);
        expect(policy.allowedMethods).not.toContain('securityQuestions');
        expect(rules(policy)).toContain('admin.noSecurityQuestions');
      }
    }
  });

  it('§4 admins on a paid tenant with no trial may use every admin method, voice calls included', () => {
    const policy = adminGatePolicy(tenant({ plan: 'm365-business-premium' }), withCustom, now);
    expect(policy.allowedMethods).toEqual([...adminGateMethods]);
    expect(policy.reasons.at(-1)).toEqual({
      rule: 'admin.voiceCallsAllowed',
      section: '§4',
      params: { plan: 'm365-business-premium', planName: 'Microsoft 365 Business Premium', onTrial: false },
    });
  });

  it('§4 voice calls refused on a trial or free tenant', () => {
    const withoutVoice = ['email', 'mobileSms', 'appCode', 'appNotification'];
    const free = adminGatePolicy(tenant({ plan: 'free' }), withCustom, now);
    expect(free.allowedMethods).toEqual(withoutVoice);
    expect(rules(free)).toContain('admin.noVoiceOnTrialOrFree');

    const trial = adminGatePolicy(tenant({ plan: 'p2', trialStart: daysAgo(10) }), withCustom, now);
    expect(trial.allowedMethods).toEqual(withoutVoice);
    expect(trial.reasons.at(-1)?.params).toMatchObject({ plan: 'p2', onTrial: true });
  });

  it('§4 a trial stays a trial after its first 30 days: voice calls stay refused, two gates come back', () => {
    const policy = adminGatePolicy(tenant({ plan: 'p2', trialStart: daysAgo(200) }), withCustom, now);
    expect(policy.gatesRequired).toBe(2);
    expect(policy.allowedMethods).not.toContain('mobileCall');
    expect(policy.allowedMethods).not.toContain('officeCall');
  });

  it('§4 one gate within the first 30 days of a trial', () => {
    for (const start of [now, daysAgo(1), daysAgo(10), new Date(now.getTime() - 30 * day + minute)]) {
      const policy = adminGatePolicy(tenant({ plan: 'p2', trialStart: start }), withCustom, now);
      expect(policy.gatesRequired).toBe(1);
      expect(rules(policy)[0]).toBe('admin.oneGateTrial30Days');
    }
    const tenDays = adminGatePolicy(tenant({ plan: 'p2', trialStart: daysAgo(10) }), withCustom, now);
    expect(tenDays.reasons[0]?.params).toEqual({ trialStart: daysAgo(10).toISOString(), trialDay: 11, daysLeft: 20 });
  });

  it('§4 two gates again from day 31 of a trial (30 full days elapsed)', () => {
    for (const days of [30, 31, 45]) {
      const policy = adminGatePolicy(tenant({ plan: 'p2', trialStart: daysAgo(days) }), withCustom, now);
      expect(policy.gatesRequired).toBe(2);
      expect(rules(policy)[0]).toBe('admin.twoGates');
      expect(policy.reasons[0]?.params).toMatchObject({ onTrial: true, trialDay: days + 1 });
    }
  });

  it('§4 a trial that starts in the future gives no one-gate exception but already refuses voice calls', () => {
    const policy = adminGatePolicy(tenant({ plan: 'p2', trialStart: new Date(now.getTime() + day) }), withCustom, now);
    expect(policy.gatesRequired).toBe(2);
    expect(policy.allowedMethods).not.toContain('mobileCall');
  });

  it('§4 one gate when only *.onmicrosoft.com and no directory sync', () => {
    const policy = adminGatePolicy(tenant({ plan: 'p1', directorySync: false }), initialOnly, now);
    expect(policy.gatesRequired).toBe(1);
    expect(policy.reasons[0]).toEqual({
      rule: 'admin.oneGateNoCustomDomainNoSync',
      section: '§4',
      params: { domains: 'contoso.onmicrosoft.com' },
    });
    expect(rules(policy)).not.toContain('admin.twoGates');
  });

  it('§4 an unverified custom domain is not yet the tenant’s, so the exception still holds', () => {
    const domains = [domain('fabrikam.onmicrosoft.com'), domain('fabrikam.com', false)];
    expect(adminGatePolicy(tenant({ directorySync: false }), domains, now).gatesRequired).toBe(1);
  });

  it('§4 when both exceptions hold, both are named', () => {
    const policy = adminGatePolicy(
      tenant({ plan: 'p2', trialStart: daysAgo(2), directorySync: false }),
      initialOnly,
      now,
    );
    expect(policy.gatesRequired).toBe(1);
    expect(rules(policy)).toEqual([
      'admin.oneGateTrial30Days',
      'admin.oneGateNoCustomDomainNoSync',
      'admin.noSecurityQuestions',
      'admin.noVoiceOnTrialOrFree',
    ]);
  });

  it('§4 the free plan with only the initial domain: one gate, no voice calls (the Fabrikam case)', () => {
    const policy = adminGatePolicy(tenant({ plan: 'free', directorySync: false }), initialOnly, now);
    expect(policy.gatesRequired).toBe(1);
    expect(policy.allowedMethods).toEqual(['email', 'mobileSms', 'appCode', 'appNotification']);
  });
});

describe('trialState', () => {
  it('§4 no trial start means no trial', () => {
    expect(trialState(null, now)).toEqual({ onTrial: false, withinFirst30Days: false, trialDay: null });
  });

  it('§4 the first 30 days run from the start, inclusive, to 30 × 24 h later, exclusive', () => {
    expect(trialState(now, now)).toEqual({ onTrial: true, withinFirst30Days: true, trialDay: 1 });
    expect(trialState(new Date(now.getTime() - 30 * day + 1), now).withinFirst30Days).toBe(true);
    expect(trialState(daysAgo(30), now)).toEqual({ onTrial: true, withinFirst30Days: false, trialDay: 31 });
  });
});
