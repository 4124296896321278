import { describe, expect, it } from 'vitest';
import {
  Customization,
  PasswordPolicy,
  SsprPolicy,
  adminGateMethods,
  adminRoles,
  builtInSecurityQuestions,
  defaultPasswordPolicy,
  defaultSsprPolicy,
  gateMethods,
  helpdeskHref,
  isAdminRole,
  methodKinds,
  planFeatures,
  plans,
  validateTenantPolicy,
  type SsprPolicyInput,
} from '../../../shared/policy';

function rulesBroken(input: SsprPolicyInput): string[] {
  const result = SsprPolicy.safeParse(input);
  if (result.success) return [];
  return result.error.issues.map((issue) =>
    issue.code === 'custom' && typeof issue.params?.['rule'] === 'string'
      ? issue.params['rule']
      : `${issue.path.join('.')}:${issue.code}`,
  );
}

describe('§2 the tenant SSPR policy', () => {
  it('defaults equal the §2 table', () => {
    expect(defaultSsprPolicy).toEqual({
      enabledFor: 'none',
      selectedGroupId: null,
      methodsAllowed: ['email', 'mobileSms', 'appCode', 'appNotification'],
      methodsRequiredToReset: 1,
      questionsRequiredToRegister: 3,
      questionsRequiredToReset: 3,
      useBuiltInQuestions: true,
      customQuestions: [],
      requireRegistration: true,
      methodsRequiredToRegister: 2,
      reconfirmDays: 180,
      registrationGraceDays: 14,
      notifyUsersOnReset: true,
      notifyAdminsOnAdminReset: true,
      writeback: false,
      allowUnlock: false,
      writebackAgent: 'connected',
      lockoutThreshold: 10,
      lockoutWindowMinutes: 30,
      lockoutMinutes: 60,
      codeValidityMinutes: 5,
    });
  });

  it('defaults are fresh objects: changing one parse does not change the next', () => {
    const first = SsprPolicy.parse({});
    first.methodsAllowed.push('securityQuestions');
    expect(SsprPolicy.parse({}).methodsAllowed).toEqual(['email', 'mobileSms', 'appCode', 'appNotification']);
  });

  it('security questions required to reset may not exceed those required to register', () => {
    expect(rulesBroken({ questionsRequiredToRegister: 3, questionsRequiredToReset: 4 })).toEqual([
      'questionsToResetWithinRegister',
    ]);
    expect(rulesBroken({ questionsRequiredToRegister: 5, questionsRequiredToReset: 5 })).toEqual([]);
    const message = SsprPolicy.safeParse({ questionsRequiredToRegister: 3, questionsRequiredToReset: 5 }).error
      ?.issues[0]?.message;
    expect(message).toMatch(/Security questions required to reset \(5\) cannot be more than .* to register \(3\)/);
  });

  it('methods required to register may not be fewer than methods required to reset', () => {
    expect(rulesBroken({ methodsRequiredToReset: 2, methodsRequiredToRegister: 1 })).toEqual([
      'methodsToRegisterAtLeastReset',
    ]);
    expect(rulesBroken({ methodsRequiredToReset: 2, methodsRequiredToRegister: 2 })).toEqual([]);
  });

  it('SSPR for selected users needs a group; unlock needs writeback', () => {
    expect(rulesBroken({ enabledFor: 'selected' })).toEqual(['selectedScopeNeedsGroup']);
    expect(rulesBroken({ enabledFor: 'selected', selectedGroupId: 7 })).toEqual([]);
    expect(rulesBroken({ allowUnlock: true })).toEqual(['unlockNeedsWriteback']);
  });

  it('two gates need two allowed methods; questions need a bank big enough to register', () => {
    expect(rulesBroken({ methodsAllowed: ['email'], methodsRequiredToReset: 2 })).toEqual([
      'enoughMethodsAllowedToReset',
    ]);
    expect(
      rulesBroken({
        methodsAllowed: ['email', 'securityQuestions'],
        useBuiltInQuestions: false,
        customQuestions: ['One?', 'Two?'],
      }),
    ).toEqual(['questionBankCoversRegister']);
  });

  it('every setting keeps to its §2 range', () => {
    expect(rulesBroken({ methodsRequiredToReset: 3 })).toEqual(['methodsRequiredToReset:too_big']);
    expect(rulesBroken({ questionsRequiredToRegister: 2 })).toContain('questionsRequiredToRegister:too_small');
    expect(rulesBroken({ questionsRequiredToReset: 6 })).toContain('questionsRequiredToReset:too_big');
    expect(rulesBroken({ methodsRequiredToRegister: 4 })).toEqual(['methodsRequiredToRegister:too_big']);
    expect(rulesBroken({ reconfirmDays: 731 })).toEqual(['reconfirmDays:too_big']);
    expect(rulesBroken({ reconfirmDays: 0 })).toEqual([]);
    expect(rulesBroken({ registrationGraceDays: 31 })).toEqual(['registrationGraceDays:too_big']);
    expect(rulesBroken({ methodsAllowed: [] })).toEqual(['methodsAllowed:too_small']);
    expect(rulesBroken({ methodsAllowed: ['email', 'email'] })).toEqual(['methodsAllowed:custom']);
    expect(rulesBroken({ customQuestions: ['x'.repeat(201)] })).toEqual(['customQuestions.0:too_big']);
  });

  it('writeback needs directory sync and a plan that allows it (tenant-level rules)', () => {
    const writeback = SsprPolicy.parse({ writeback: true, allowUnlock: true });
    expect(validateTenantPolicy({ plan: 'p1', directorySync: true, ssprPolicy: writeback })).toEqual([]);
    expect(
      validateTenantPolicy({ plan: 'p1', directorySync: false, ssprPolicy: writeback }).map((i) => i.rule),
    ).toEqual(['writebackNeedsDirectorySync']);
    for (const plan of ['free', 'm365-business-standard'] as const) {
      const issues = validateTenantPolicy({ plan, directorySync: true, ssprPolicy: writeback });
      expect(issues.map((i) => i.rule)).toEqual(['writebackNeedsPlan']);
      expect(issues[0]?.message).toContain(plan);
    }
    for (const plan of ['m365-business-premium', 'p1', 'p2'] as const) {
      expect(validateTenantPolicy({ plan, directorySync: true, ssprPolicy: writeback })).toEqual([]);
    }
  });

  it('the selected group must be one of the tenant’s groups', () => {
    const policy = SsprPolicy.parse({ enabledFor: 'selected', selectedGroupId: 3 });
    expect(
      validateTenantPolicy({ plan: 'p1', directorySync: false, ssprPolicy: policy, groupIds: [1, 2] }).map(
        (i) => i.rule,
      ),
    ).toEqual(['selectedGroupInTenant']);
    expect(validateTenantPolicy({ plan: 'p1', directorySync: false, ssprPolicy: policy, groupIds: [3] })).toEqual([]);
  });

  it('the built-in question bank holds about twenty questions, none longer than 200 characters', () => {
    expect(builtInSecurityQuestions.length).toBeGreaterThanOrEqual(20);
    expect(new Set(builtInSecurityQuestions).size).toBe(builtInSecurityQuestions.length);
    for (const question of builtInSecurityQuestions) expect(question.length).toBeLessThanOrEqual(200);
  });

  it('customization: a helpdesk e-mail address becomes a mailto: link', () => {
    expect(helpdeskHref('helpdesk@contoso.com')).toBe('mailto:helpdesk@contoso.com');
    expect(helpdeskHref('https://helpdesk.contoso.com/password')).toBe('https://helpdesk.contoso.com/password');
    expect(helpdeskHref(null)).toBeNull();
    expect(Customization.safeParse({ helpdeskLink: 'ftp://x.example' }).success).toBe(false);
  });
});

describe('§8 the password policy', () => {
  it('defaults: at least 8, history 3, expiry 90 days, no custom banned terms', () => {
    expect(defaultPasswordPolicy).toEqual({ minLength: 8, historyCount: 3, expiryDays: 90, bannedTerms: [] });
  });

  it('minimum length is configurable from 8 up to 256; history 0 to 24; expiry 0 means never', () => {
    expect(PasswordPolicy.safeParse({ minLength: 7 }).success).toBe(false);
    expect(PasswordPolicy.safeParse({ minLength: 256 }).success).toBe(true);
    expect(PasswordPolicy.safeParse({ minLength: 257 }).success).toBe(false);
    expect(PasswordPolicy.safeParse({ historyCount: 0 }).success).toBe(true);
    expect(PasswordPolicy.safeParse({ historyCount: 25 }).success).toBe(false);
    expect(PasswordPolicy.safeParse({ expiryDays: 0 }).success).toBe(true);
  });

  it('custom banned terms: up to 1000, each 4 to 16 characters', () => {
    expect(PasswordPolicy.safeParse({ bannedTerms: ['blank', 'contoso'] }).success).toBe(true);
    expect(PasswordPolicy.safeParse({ bannedTerms: ['abc'] }).success).toBe(false);
    expect(PasswordPolicy.safeParse({ bannedTerms: ['a'.repeat(17)] }).success).toBe(false);
    expect(PasswordPolicy.safeParse({ bannedTerms: Array.from({ length: 1001 }, (_, i) => `term${i}`) }).success).toBe(
      false,
    );
  });
});

describe('§1, §2, §4 constants', () => {
  it('plans, method kinds and gate methods', () => {
    expect(plans).toEqual(['free', 'm365-business-standard', 'm365-business-premium', 'p1', 'p2']);
    expect(methodKinds).toEqual(['email', 'mobilePhone', 'officePhone', 'authenticatorApp', 'securityQuestions']);
    expect(gateMethods).toEqual([
      'email',
      'mobileSms',
      'mobileCall',
      'officeCall',
      'appCode',
      'appNotification',
      'securityQuestions',
    ]);
  });

  it('§3.4 only Business Premium, P1 and P2 allow writeback; P2 adds risk-based reset', () => {
    expect(plans.filter((plan) => planFeatures[plan].writeback)).toEqual(['m365-business-premium', 'p1', 'p2']);
    expect(plans.filter((plan) => planFeatures[plan].riskBasedReset)).toEqual(['p2']);
  });

  it('§4 the 27 administrator roles; admins never use security questions', () => {
    expect(adminRoles).toHaveLength(27);
    expect(new Set(adminRoles).size).toBe(27);
    for (const role of [
      'Global Administrator',
      'Helpdesk Administrator',
      'Partner Tier2 Support',
      'Directory Writers',
      'User Administrator',
    ]) {
      expect(isAdminRole(role)).toBe(true);
    }
    expect(isAdminRole('Reports Reader')).toBe(false);
    expect(adminGateMethods).not.toContain('securityQuestions');
  });
});
