import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  Customization,
  adminRoles,
  defaultPasswordPolicy,
  defaultSsprPolicy,
  gateMethods,
  nonAdminRoles,
  planFeatures,
  plans,
  userSources,
  type GateMethod,
  type Plan,
  type SsprPolicy,
} from '../../../shared/policy';
import { ManualClock } from '../../../electron/main/clock';
import { createHasher } from '../../../electron/main/password/hasher';
import {
  distinctRegistrations,
  evaluateEligibility,
  explainOutcome,
  explainReason,
  methodsForNextGate,
  reasonRules,
  stopOutcomes,
  type Eligibility,
  type EligibilityInput,
  type Eligible,
  type Ineligible,
  type StopOutcome,
} from '../../../electron/main/policy';
import messagesDe from '../../../electron/main/policy/messages.de.json';
import messagesEn from '../../../electron/main/policy/messages.en.json';
import messagesPtBr from '../../../electron/main/policy/messages.pt-BR.json';
import { seedIfEmpty } from '../../../electron/main/scenario/load';
import {
  openStore,
  type AuthMethod,
  type Domain,
  type Store,
  type Tenant,
  type User,
} from '../../../electron/main/store';
import { createSecretBox } from '../../../electron/main/vault/secret-box';

const now = new Date('2026-01-05T09:00:00.000Z');
const day = 86_400_000;
const pilotGroup = 7;

// Small factories: plain objects of the store's types, valid by default, each test changing what it tests.

function tenant(overrides: Partial<Omit<Tenant, 'ssprPolicy'>> & { ssprPolicy?: Partial<SsprPolicy> } = {}): Tenant {
  const { ssprPolicy, ...rest } = overrides;
  return {
    id: 1,
    name: 'Contoso',
    plan: 'p1',
    trialStart: null,
    directorySync: true,
    allowedToUseSspr: true,
    customization: Customization.parse({}),
    ssprPolicy: {
      ...defaultSsprPolicy,
      enabledFor: 'all',
      writeback: true,
      allowUnlock: true,
      ...ssprPolicy,
    },
    passwordPolicy: defaultPasswordPolicy,
    createdAt: new Date('2025-01-01T00:00:00.000Z'),
    ...rest,
  };
}

function user(overrides: Partial<User> = {}): User {
  return {
    id: 10,
    tenantId: 1,
    upn: 'adele.vance@contoso.com',
    displayName: 'Adele Vance',
    givenName: 'Adele',
    surname: 'Vance',
    enabled: true,
    source: 'cloud',
    guest: false,
    license: 'p1',
    passwordHash: 'scrypt$not-a-real-hash',
    passwordLastSet: new Date(now.getTime() - 20 * day),
    mustChange: false,
    risk: 'none',
    cloudLockout: { failedSignIns: 0, lockedUntil: null, lockoutCount: 0 },
    onPremLockout: { failedSignIns: 0, lockedUntil: null },
    ssprBlockedUntil: null,
    registrationConfirmedAt: null,
    registrationFirstPromptedAt: null,
    note: null,
    createdAt: new Date('2025-01-01T00:00:00.000Z'),
    ...overrides,
  };
}

const registeredAt = new Date('2025-06-01T00:00:00.000Z');
const email = (id: number, address = `someone${id}@personal.example`, userId = 10): AuthMethod => ({
  id,
  userId,
  registeredAt,
  kind: 'email',
  address,
});
const mobile = (id: number, userId = 10): AuthMethod => ({
  id,
  userId,
  registeredAt,
  kind: 'mobilePhone',
  phoneNumber: '+1 425 555 0101',
});
const office = (id: number, userId = 10): AuthMethod => ({
  id,
  userId,
  registeredAt,
  kind: 'officePhone',
  phoneNumber: '+1 425 555 0150',
  extension: '2305',
});
const app = (id: number, userId = 10): AuthMethod => ({
  id,
  userId,
  registeredAt,
  kind: 'authenticatorApp',
  sealedSecret: 'v1.sealed',
  deviceName: 'Phone',
  lastUsedStep: null,
});
const questions = (id: number, count: number, userId = 10): AuthMethod => ({
  id,
  userId,
  registeredAt,
  kind: 'securityQuestions',
  answers: Array.from({ length: count }, (_, index) => ({ question: `Question ${index + 1}?`, answerHash: 'hash' })),
});

const customDomains: Domain[] = [
  { id: 1, tenantId: 1, name: 'contoso.onmicrosoft.com', kind: 'initial', verified: true },
  { id: 2, tenantId: 1, name: 'contoso.com', kind: 'custom', verified: true },
];
const initialDomainOnly: Domain[] = [customDomains[0] as Domain];

function input(overrides: Partial<EligibilityInput> = {}): EligibilityInput {
  return {
    user: user(),
    tenant: tenant(),
    domains: customDomains,
    roles: [],
    groupMemberships: [pilotGroup],
    methods: [email(1), mobile(2)],
    now,
    ...overrides,
  };
}

function expectStop(result: Eligibility, outcome: StopOutcome): Ineligible {
  if (result.eligible) throw new Error(`expected ${outcome}, the user was eligible`);
  expect(result.outcome).toBe(outcome);
  return result;
}

function expectEligible(result: Eligibility): Eligible {
  if (!result.eligible) throw new Error(`expected eligible, stopped by ${result.outcome}`);
  return result;
}

const rules = (result: Eligibility) => result.reasons.map((reason) => reason.rule);
const lookup = (messages: unknown, key: string): unknown =>
  key.split('.').reduce<unknown>((node, part) => (node as Record<string, unknown> | undefined)?.[part], messages);
const placeholders = (text: unknown) => [...String(text).matchAll(/{{(\w+)}}/g)].map((match) => match[1]).sort();
const selected = { ssprPolicy: { enabledFor: 'selected' as const, selectedGroupId: pilotGroup } };

describe('§3.1 account not found or disabled', () => {
  it('§3.1 a missing account stops with the neutral accountNotFound', () => {
    const result = expectStop(evaluateEligibility(input({ user: null })), 'accountNotFound');
    expect(result.reasons).toEqual([{ rule: 'account.notFoundOrDisabled', section: '§3.1', params: {} }]);
  });

  it('§3.1 a disabled account gives exactly the same result as a missing one', () => {
    const disabled = evaluateEligibility(input({ user: user({ enabled: false }) }));
    expect(disabled).toEqual(evaluateEligibility(input({ user: null })));
  });

  it('§3.1 a UPN whose domain picks no tenant is not found either', () => {
    expectStop(evaluateEligibility(input({ tenant: null })), 'accountNotFound');
    expectStop(evaluateEligibility(input({ user: user({ tenantId: 2 }) })), 'accountNotFound');
  });

  it('§3.1 an enabled account passes with account.found', () => {
    expect(rules(evaluateEligibility(input()))[0]).toBe('account.found');
  });
});

describe('§3.2 SSPR scope', () => {
  it('§3.2 scope none stops everyone, administrators too', () => {
    const off = tenant({ ssprPolicy: { enabledFor: 'none' } });
    expectStop(evaluateEligibility(input({ tenant: off })), 'ssprDisabled');
    const result = expectStop(
      evaluateEligibility(input({ tenant: off, roles: ['Global Administrator'] })),
      'ssprDisabled',
    );
    expect(rules(result)).toEqual(['account.found', 'scope.none']);
  });

  it('§3.2 selected scope stops a non-member of the pilot group', () => {
    const result = expectStop(
      evaluateEligibility(input({ tenant: tenant(selected), groupMemberships: [1, 2, 3] })),
      'notInSsprGroup',
    );
    expect(result.reasons.at(-1)).toEqual({
      rule: 'scope.selected.notMember',
      section: '§3.2',
      params: { groupId: pilotGroup },
    });
  });

  it('§3.2 selected scope lets a direct member of the pilot group through', () => {
    const result = expectEligible(evaluateEligibility(input({ tenant: tenant(selected) })));
    expect(rules(result)).toContain('scope.selected.member');
  });

  it('§3.2 a selected scope with no group chosen stops everyone', () => {
    const noGroup = tenant({ ssprPolicy: { enabledFor: 'selected', selectedGroupId: null } });
    expectStop(evaluateEligibility(input({ tenant: noGroup })), 'notInSsprGroup');
  });

  it('§3.2 scope all lets every user through, without any group', () => {
    const result = expectEligible(evaluateEligibility(input({ groupMemberships: [] })));
    expect(rules(result)[1]).toBe('scope.all');
  });
});

describe('§3.3 guests', () => {
  it('§3.3 a guest without a license in this tenant is stopped', () => {
    const result = expectStop(
      evaluateEligibility(input({ user: user({ guest: true, license: null }) })),
      'guestNeedsLicense',
    );
    expect(rules(result)).toEqual(['account.found', 'scope.all', 'guest.noLicense']);
  });

  it('§3.3 a guest with a license assigned in this tenant may reset', () => {
    const result = expectEligible(evaluateEligibility(input({ user: user({ guest: true, license: 'p1' }) })));
    expect(rules(result)).toContain('guest.licensed');
  });

  it('§3.3 a member without a license is not a guest: she falls back to free, which allows cloud reset', () => {
    const result = expectEligible(evaluateEligibility(input({ user: user({ license: null }) })));
    expect(result.reasons.find((reason) => reason.rule === 'license.cloudUserAnyPlan')?.params).toEqual({
      plan: 'free',
      planName: 'Microsoft Entra ID Free',
      licensed: false,
    });
  });
});

describe('§3.4 licensing and synced users', () => {
  it.each(plans)('§3.4 a cloud user may reset on any plan (%s), without writeback', (plan) => {
    const result = expectEligible(
      evaluateEligibility(input({ user: user({ license: plan }), tenant: tenant({ plan }) })),
    );
    expect(result.writeback).toBe(false);
  });

  it('§3.4 a synced user with writeback on, a license that allows it and directory sync may reset, written back', () => {
    const result = expectEligible(evaluateEligibility(input({ user: user({ source: 'synced' }) })));
    expect(result.writeback).toBe(true);
    expect(rules(result)).toContain('license.syncedWriteback');
  });

  it('§3.4 a synced user is managed on-premises when writeback is off', () => {
    const noWriteback = tenant({ ssprPolicy: { writeback: false, allowUnlock: false } });
    const result = expectStop(
      evaluateEligibility(input({ user: user({ source: 'synced' }), tenant: noWriteback })),
      'managedOnPremises',
    );
    expect(rules(result).at(-1)).toBe('license.syncedWritebackOff');
  });

  it.each<Plan | null>(['m365-business-standard', 'free', null])(
    '§3.4 a synced user whose own license (%s) has no writeback is managed on-premises',
    (license) => {
      const result = expectStop(
        evaluateEligibility(input({ user: user({ source: 'synced', license }) })),
        'managedOnPremises',
      );
      expect(rules(result).at(-1)).toBe('license.syncedPlanNoWriteback');
    },
  );

  it('§3.4 the user’s own license decides writeback, not the tenant’s plan', () => {
    const premiumUser = user({ source: 'synced', license: 'm365-business-premium' });
    expectEligible(
      evaluateEligibility(input({ user: premiumUser, tenant: tenant({ plan: 'm365-business-standard' }) })),
    );
    const standardUser = user({ source: 'synced', license: 'm365-business-standard' });
    expectStop(evaluateEligibility(input({ user: standardUser, tenant: tenant({ plan: 'p2' }) })), 'managedOnPremises');
  });

  it('§3.4 a synced user is managed on-premises when the tenant has no directory sync', () => {
    const result = expectStop(
      evaluateEligibility(input({ user: user({ source: 'synced' }), tenant: tenant({ directorySync: false }) })),
      'managedOnPremises',
    );
    expect(rules(result).at(-1)).toBe('license.syncedNoDirectorySync');
  });

  it('§3.4 every unmet writeback condition is listed, so the admin console can show them all', () => {
    const result = expectStop(
      evaluateEligibility(
        input({
          user: user({ source: 'synced', license: 'free' }),
          tenant: tenant({ directorySync: false, ssprPolicy: { writeback: false, allowUnlock: false } }),
        }),
      ),
      'managedOnPremises',
    );
    expect(rules(result).slice(-3)).toEqual([
      'license.syncedWritebackOff',
      'license.syncedPlanNoWriteback',
      'license.syncedNoDirectorySync',
    ]);
  });
});

describe('§3.5 federated users', () => {
  it('§3.5 a federated user without writeback is sent to their own organisation’s process', () => {
    const noWriteback = tenant({ ssprPolicy: { writeback: false, allowUnlock: false } });
    const result = expectStop(
      evaluateEligibility(input({ user: user({ source: 'federated' }), tenant: noWriteback })),
      'federatedOrganisation',
    );
    expect(rules(result).at(-1)).toBe('federation.writebackOff');
  });

  it('§3.5 a federated user whose license has no writeback, or in a tenant without sync, is sent there too', () => {
    const standard = user({ source: 'federated', license: 'm365-business-standard' });
    expect(rules(expectStop(evaluateEligibility(input({ user: standard })), 'federatedOrganisation')).at(-1)).toBe(
      'federation.planNoWriteback',
    );
    const noSync = evaluateEligibility(
      input({ user: user({ source: 'federated' }), tenant: tenant({ directorySync: false }) }),
    );
    expect(rules(expectStop(noSync, 'federatedOrganisation')).at(-1)).toBe('federation.noDirectorySync');
  });

  it('§3.5 a federated user with writeback may reset; the password is written back, and there is no unlock', () => {
    const result = expectEligible(evaluateEligibility(input({ user: user({ source: 'federated' }) })));
    expect(result.writeback).toBe(true);
    expect(result.canUnlock).toBe(false);
    expect(rules(result)).toContain('federation.writeback');
  });
});

describe('§3.6 administrators', () => {
  const adminTenantOff = tenant({ allowedToUseSspr: false });

  it('§3.6 allowedToUseSspr false stops administrators', () => {
    const result = expectStop(
      evaluateEligibility(
        input({ tenant: adminTenantOff, roles: ['Helpdesk Administrator'], methods: [email(1), mobile(2), app(3)] }),
      ),
      'adminNotAllowed',
    );
    expect(result.reasons.slice(-2)).toEqual([
      { rule: 'admin.role', section: '§4', params: { roles: 'Helpdesk Administrator' } },
      { rule: 'admin.notAllowedToUseSspr', section: '§3.6', params: {} },
    ]);
  });

  it('§3.6 allowedToUseSspr false does not touch regular users, nor holders of non-admin roles', () => {
    expectEligible(evaluateEligibility(input({ tenant: adminTenantOff })));
    const reader = expectEligible(evaluateEligibility(input({ tenant: adminTenantOff, roles: [...nonAdminRoles] })));
    expect(reader.admin).toBe(false);
  });

  it('§3.6 §4 the admin policy replaces the tenant’s: two gates although the tenant asks for one', () => {
    const oneGate = tenant({ ssprPolicy: { methodsRequiredToReset: 1 } });
    const regular = expectEligible(evaluateEligibility(input({ tenant: oneGate })));
    expect(regular.gatesRequired).toBe(1);
    const admin = expectEligible(evaluateEligibility(input({ tenant: oneGate, roles: ['Password Administrator'] })));
    expect(admin.admin).toBe(true);
    expect(admin.gatesRequired).toBe(2);
    expect(rules(admin)).toEqual([
      'account.found',
      'scope.all',
      'license.cloudUserAnyPlan',
      'admin.role',
      'admin.allowedToUseSspr',
      'admin.twoGates',
      'admin.noSecurityQuestions',
      'admin.voiceCallsAllowed',
      'lockout.none',
      'methods.enough',
    ]);
  });

  it('§3.6 §4 an admin may call the office phone although the tenant leaves office calls out for users', () => {
    const methods = [email(1), office(2)];
    expectStop(
      evaluateEligibility(input({ tenant: tenant({ ssprPolicy: { methodsRequiredToReset: 2 } }), methods })),
      'notEnoughMethods',
    );
    const admin = expectEligible(evaluateEligibility(input({ roles: ['Global Administrator'], methods })));
    expect(admin.usableMethods).toEqual([
      { gateMethod: 'email', methodId: 1 },
      { gateMethod: 'officeCall', methodId: 2 },
    ]);
  });

  it('§4 an admin never gets security questions, even where the tenant allows them', () => {
    const allowsQuestions = tenant({ ssprPolicy: { methodsAllowed: [...gateMethods] } });
    const methods = [email(1), questions(2, 5)];
    const regular = expectEligible(evaluateEligibility(input({ tenant: allowsQuestions, methods })));
    expect(regular.usableMethods.map((method) => method.gateMethod)).toContain('securityQuestions');
    const admin = expectStop(
      evaluateEligibility(input({ tenant: allowsQuestions, methods, roles: ['User Administrator'] })),
      'notEnoughMethods',
    );
    expect(admin.reasons.at(-1)?.params).toEqual({ usable: 1, required: 2, registered: 2 });
  });

  it('§4 an admin in the first 30 days of a trial needs one gate and gets no voice calls', () => {
    const trial = tenant({ plan: 'p2', trialStart: new Date(now.getTime() - 10 * day), directorySync: false });
    const result = expectEligible(
      evaluateEligibility(input({ tenant: trial, roles: ['Global Administrator'], methods: [email(1), mobile(2)] })),
    );
    expect(result.gatesRequired).toBe(1);
    expect(result.usableMethods.map((method) => method.gateMethod)).toEqual(['email', 'mobileSms']);
  });

  it('§4 an admin of a tenant with only *.onmicrosoft.com and no sync needs one gate', () => {
    const cloudOnly = tenant({ directorySync: false, ssprPolicy: { writeback: false, allowUnlock: false } });
    const result = expectEligible(
      evaluateEligibility(
        input({ tenant: cloudOnly, domains: initialDomainOnly, roles: ['Global Administrator'], methods: [email(1)] }),
      ),
    );
    expect(result.gatesRequired).toBe(1);
  });
});

describe('§3.7 SSPR lockout', () => {
  it('§3.7 a lockout in force stops the user and says when it ends', () => {
    const until = new Date(now.getTime() + 60 * 60_000);
    const result = expectStop(evaluateEligibility(input({ user: user({ ssprBlockedUntil: until }) })), 'ssprLockout');
    expect(result.until).toEqual(until);
    expect(result.reasons.at(-1)).toEqual({
      rule: 'lockout.inForce',
      section: '§3.7',
      params: { until: until.toISOString() },
    });
  });

  it('§3.7 the lockout ends at its end time exactly; an old one is ignored', () => {
    expectEligible(evaluateEligibility(input({ user: user({ ssprBlockedUntil: now }) })));
    const result = expectEligible(
      evaluateEligibility(input({ user: user({ ssprBlockedUntil: new Date(now.getTime() - day) }) })),
    );
    expect(rules(result)).toContain('lockout.none');
  });

  it('§3.7 only the ssprLockout outcome carries an end time', () => {
    expect('until' in expectStop(evaluateEligibility(input({ user: null })), 'accountNotFound')).toBe(false);
  });
});

describe('§3.8 enough usable registered methods', () => {
  const twoGates = tenant({ ssprPolicy: { methodsRequiredToReset: 2 } });

  it('§3.8 nothing registered stops the user', () => {
    const result = expectStop(evaluateEligibility(input({ methods: [] })), 'notEnoughMethods');
    expect(result.reasons.at(-1)).toEqual({
      rule: 'methods.notEnough',
      section: '§3.8',
      params: { usable: 0, required: 1, registered: 0 },
    });
  });

  it('§3.8 one method is not enough when two gates are required', () => {
    expectStop(evaluateEligibility(input({ tenant: twoGates, methods: [mobile(1)] })), 'notEnoughMethods');
    expectEligible(evaluateEligibility(input({ tenant: twoGates, methods: [mobile(1), email(2)] })));
  });

  it('§3.8 registered is not usable: a method the policy does not allow does not count', () => {
    const result = expectStop(
      evaluateEligibility(input({ tenant: twoGates, methods: [mobile(1), office(2)] })),
      'notEnoughMethods',
    );
    expect(result.reasons.at(-1)?.params).toEqual({ usable: 1, required: 2, registered: 2 });
  });

  it('§3.8 SMS and a call to the same mobile phone are one method, not two', () => {
    const smsAndCall = tenant({
      ssprPolicy: { methodsRequiredToReset: 2, methodsAllowed: ['mobileSms', 'mobileCall'] },
    });
    expectStop(evaluateEligibility(input({ tenant: smsAndCall, methods: [mobile(1)] })), 'notEnoughMethods');
    const oneGate = expectEligible(
      evaluateEligibility(
        input({
          tenant: tenant({ ssprPolicy: { methodsAllowed: ['mobileSms', 'mobileCall'] } }),
          methods: [mobile(1)],
        }),
      ),
    );
    expect(oneGate.usableMethods).toEqual([
      { gateMethod: 'mobileSms', methodId: 1 },
      { gateMethod: 'mobileCall', methodId: 1 },
    ]);
    expect(distinctRegistrations(oneGate.usableMethods)).toBe(1);
  });

  it('§3.8 a code and a push from the same authenticator app are one method; two apps are two', () => {
    expectStop(evaluateEligibility(input({ tenant: twoGates, methods: [app(1)] })), 'notEnoughMethods');
    expectEligible(evaluateEligibility(input({ tenant: twoGates, methods: [app(1), app(2)] })));
  });

  it('§3.8 security questions count only with at least as many answers as a reset asks', () => {
    const withQuestions = tenant({
      ssprPolicy: {
        methodsAllowed: ['email', 'securityQuestions'],
        questionsRequiredToReset: 4,
        questionsRequiredToRegister: 5,
      },
    });
    expectStop(evaluateEligibility(input({ tenant: withQuestions, methods: [questions(1, 3)] })), 'notEnoughMethods');
    const result = expectEligible(evaluateEligibility(input({ tenant: withQuestions, methods: [questions(1, 4)] })));
    expect(result.usableMethods).toEqual([{ gateMethod: 'securityQuestions', methodId: 1 }]);
  });

  it('§3.8 an alternate e-mail that is the UPN itself is not usable (§1)', () => {
    const own = email(1, 'Adele.Vance@contoso.com');
    expectStop(evaluateEligibility(input({ methods: [own] })), 'notEnoughMethods');
  });

  it('§3.8 another user’s methods never count', () => {
    expectStop(evaluateEligibility(input({ methods: [email(1, undefined, 99), mobile(2, 99)] })), 'notEnoughMethods');
  });

  it('§3.8 usable methods list one entry per gate method per registration, in the canonical order', () => {
    const everything = tenant({ ssprPolicy: { methodsAllowed: [...gateMethods] } });
    const result = expectEligible(
      evaluateEligibility(
        input({ tenant: everything, methods: [questions(5, 3), app(4), office(3), mobile(2), email(1)] }),
      ),
    );
    expect(result.usableMethods).toEqual([
      { gateMethod: 'email', methodId: 1 },
      { gateMethod: 'mobileSms', methodId: 2 },
      { gateMethod: 'mobileCall', methodId: 2 },
      { gateMethod: 'officeCall', methodId: 3 },
      { gateMethod: 'appCode', methodId: 4 },
      { gateMethod: 'appNotification', methodId: 4 },
      { gateMethod: 'securityQuestions', methodId: 5 },
    ]);
  });

  it('§5.3 the second gate offers only methods backed by another registration', () => {
    const usable = [
      { gateMethod: 'mobileSms' as const, methodId: 2 },
      { gateMethod: 'mobileCall' as const, methodId: 2 },
      { gateMethod: 'email' as const, methodId: 1 },
    ];
    expect(methodsForNextGate(usable, [2])).toEqual([{ gateMethod: 'email', methodId: 1 }]);
  });
});

describe('§3 the order of the rules', () => {
  const locked = { ssprBlockedUntil: new Date(now.getTime() + 60_000) };
  const cases: { name: string; input: EligibilityInput; outcome: StopOutcome }[] = [
    {
      name: '§3.1 before §3.2: a disabled non-member',
      input: input({ user: user({ enabled: false }), tenant: tenant(selected), groupMemberships: [] }),
      outcome: 'accountNotFound',
    },
    {
      name: '§3.2 before §3.3: an unlicensed guest outside the pilot',
      input: input({ user: user({ guest: true, license: null }), tenant: tenant(selected), groupMemberships: [] }),
      outcome: 'notInSsprGroup',
    },
    {
      name: '§3.3 before §3.4: an unlicensed synced guest',
      input: input({ user: user({ guest: true, license: null, source: 'synced' }) }),
      outcome: 'guestNeedsLicense',
    },
    {
      name: '§3.4 before §3.6: a synced admin without writeback where admins may not reset',
      input: input({
        user: user({ source: 'synced', license: 'm365-business-standard' }),
        tenant: tenant({ allowedToUseSspr: false }),
        roles: ['Global Administrator'],
      }),
      outcome: 'managedOnPremises',
    },
    {
      name: '§3.5 before §3.7: a locked-out federated user without writeback',
      input: input({ user: user({ source: 'federated', license: null, ...locked }) }),
      outcome: 'federatedOrganisation',
    },
    {
      name: '§3.6 before §3.7: a locked-out admin where admins may not reset',
      input: input({ user: user(locked), tenant: tenant({ allowedToUseSspr: false }), roles: ['User Administrator'] }),
      outcome: 'adminNotAllowed',
    },
    {
      name: '§3.7 before §3.8: a locked-out user with nothing registered',
      input: input({ user: user(locked), methods: [] }),
      outcome: 'ssprLockout',
    },
  ];

  it.each(cases)('$name gets the earlier rule', ({ input: given, outcome }) => {
    expectStop(evaluateEligibility(given), outcome);
  });

  it('§3 reasons follow the order of the rules, the deciding one last', () => {
    // §3.6 hands administrators over to §4, so the two share one place in the order.
    const order = ['§3.1', '§3.2', '§3.3', '§3.4', '§3.5', '§3.6 §4', '§3.7', '§3.8', '§5'];
    const results = [
      evaluateEligibility(
        input({
          user: user({ source: 'synced', guest: true }),
          tenant: tenant(selected),
          roles: ['Global Administrator'],
        }),
      ),
      evaluateEligibility(input({ user: user({ source: 'federated' }) })),
      ...cases.map((c) => evaluateEligibility(c.input)),
    ];
    for (const result of results) {
      const positions = result.reasons.map((reason) =>
        order.findIndex((place) => place.split(' ').includes(reason.section)),
      );
      expect(positions).not.toContain(-1);
      expect(positions).toEqual([...positions].sort((a, b) => a - b));
    }
  });
});

describe('canUnlock and writeback', () => {
  it('§5.2 a synced user may unlock when writeback and unlock are on and the license allows it', () => {
    const result = expectEligible(evaluateEligibility(input({ user: user({ source: 'synced' }) })));
    expect(result).toMatchObject({ canUnlock: true, writeback: true });
    expect(rules(result).at(-1)).toBe('unlock.allowed');
  });

  it('§5.2 no unlock when the tenant leaves it off', () => {
    const result = expectEligible(
      evaluateEligibility(
        input({ user: user({ source: 'synced' }), tenant: tenant({ ssprPolicy: { allowUnlock: false } }) }),
      ),
    );
    expect(result).toMatchObject({ canUnlock: false, writeback: true });
    expect(rules(result).at(-1)).toBe('unlock.off');
  });

  it('§5.2 no unlock when the license has writeback but not unlock', () => {
    // No plan is like that today: change the feature table for this test only.
    const p1 = planFeatures.p1;
    planFeatures.p1 = { ...p1, unlock: false };
    try {
      const result = expectEligible(evaluateEligibility(input({ user: user({ source: 'synced' }) })));
      expect(result).toMatchObject({ canUnlock: false, writeback: true });
      expect(result.reasons.at(-1)).toEqual({
        rule: 'unlock.planNoUnlock',
        section: '§5',
        params: { plan: 'p1', planName: 'Microsoft Entra ID P1' },
      });
    } finally {
      planFeatures.p1 = p1;
    }
  });

  it('§5.2 a cloud user never unlocks and never writes back, whatever the tenant allows', () => {
    const result = expectEligible(evaluateEligibility(input()));
    expect(result).toMatchObject({ canUnlock: false, writeback: false });
    expect(rules(result).some((rule) => rule.startsWith('unlock.'))).toBe(false);
  });
});

describe('messages', () => {
  const locales = { en: messagesEn, de: messagesDe, 'pt-BR': messagesPtBr };
  const leafCount = (node: unknown): number =>
    typeof node === 'string'
      ? 1
      : Object.values(node as object).reduce((sum: number, child) => sum + leafCount(child), 0);

  it('every stop outcome maps to eligibility.stop.<outcome>', () => {
    expect(stopOutcomes.map(explainOutcome)).toEqual(stopOutcomes.map((outcome) => `eligibility.stop.${outcome}`));
  });

  it.each(Object.entries(locales))(
    '%s has a text for every outcome and every reason, and nothing else',
    (_, messages) => {
      const keys = [...stopOutcomes.map(explainOutcome), ...reasonRules.map(explainReason)];
      for (const key of keys) {
        const text = lookup(messages, key);
        expect(typeof text, key).toBe('string');
        expect(placeholders(text), key).toEqual(placeholders(lookup(messagesEn, key)));
      }
      expect(leafCount(messages)).toBe(keys.length);
    },
  );

  it('the lockout stop names its end; the reasons fill their templates from their own params', () => {
    expect(placeholders(lookup(messagesEn, explainOutcome('ssprLockout')))).toEqual(['until']);
    const result = evaluateEligibility(input({ roles: ['Global Administrator'], user: user({ source: 'synced' }) }));
    for (const reason of result.reasons) {
      for (const name of placeholders(lookup(messagesEn, explainReason(reason.rule)))) {
        expect(reason.params, `${reason.rule} needs ${name}`).toHaveProperty(name as string);
      }
    }
  });
});

describe('properties', () => {
  const arbitraryMethod = (userId: number) =>
    fc.oneof(
      fc.record({
        kind: fc.constant('email' as const),
        address: fc.constantFrom('a@personal.example', 'adele.vance@contoso.com'),
      }),
      fc.record({ kind: fc.constant('mobilePhone' as const), phoneNumber: fc.constant('+1 425 555 0101') }),
      fc.record({
        kind: fc.constant('officePhone' as const),
        phoneNumber: fc.constant('+1 425 555 0150'),
        extension: fc.constant(null),
      }),
      fc.record({
        kind: fc.constant('authenticatorApp' as const),
        sealedSecret: fc.constant('v1.sealed'),
        deviceName: fc.constant(null),
        lastUsedStep: fc.constant(null),
      }),
      fc.integer({ min: 0, max: 5 }).map((count) => questions(0, count, userId)),
    );

  // Weighted towards the facts that let a user through, so every later rule is reached often.
  const likely = fc.oneof({ weight: 5, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) });
  const arbitraryInput = fc
    .record({
      enabled: likely,
      exists: likely,
      source: fc.constantFrom(...userSources),
      guest: fc.boolean(),
      license: fc.constantFrom<Plan | null>(null, ...plans),
      blocked: fc.constantFrom<number | null>(null, null, null, -60_000, 0, 60_000),
      plan: fc.constantFrom(...plans),
      trialDaysAgo: fc.constantFrom<number | null>(null, -1, 0, 10, 29.99, 30, 31, 400),
      directorySync: likely,
      allowedToUseSspr: likely,
      enabledFor: fc.constantFrom('none' as const, 'selected' as const, 'all' as const, 'all' as const),
      member: likely,
      writeback: likely,
      allowUnlock: fc.boolean(),
      methodsAllowed: fc.subarray([...gateMethods], { minLength: 1 }),
      methodsRequiredToReset: fc.constantFrom(1, 2),
      questionsRequiredToReset: fc.constantFrom(3, 4, 5),
      customDomain: fc.boolean(),
      roles: fc.subarray([...adminRoles.slice(0, 3), ...nonAdminRoles]),
      methods: fc.array(arbitraryMethod(10), { maxLength: 5 }),
    })
    .map((facts): EligibilityInput => {
      const methods = facts.methods.map(
        (method, index) => ({ ...method, id: index + 1, userId: 10, registeredAt }) as AuthMethod,
      );
      return {
        user: facts.exists
          ? user({
              enabled: facts.enabled,
              source: facts.source,
              guest: facts.guest,
              license: facts.license,
              ssprBlockedUntil: facts.blocked === null ? null : new Date(now.getTime() + facts.blocked),
            })
          : null,
        tenant: tenant({
          plan: facts.plan,
          trialStart: facts.trialDaysAgo === null ? null : new Date(now.getTime() - facts.trialDaysAgo * day),
          directorySync: facts.directorySync,
          allowedToUseSspr: facts.allowedToUseSspr,
          ssprPolicy: {
            enabledFor: facts.enabledFor,
            selectedGroupId: pilotGroup,
            writeback: facts.writeback,
            allowUnlock: facts.allowUnlock,
            methodsAllowed: facts.methodsAllowed,
            methodsRequiredToReset: facts.methodsRequiredToReset,
            questionsRequiredToReset: facts.questionsRequiredToReset,
          },
        }),
        domains: facts.customDomain ? customDomains : initialDomainOnly,
        roles: facts.roles,
        groupMemberships: facts.member ? [pilotGroup] : [],
        methods,
        now,
      };
    });

  /** §3 written out the plain way, as an oracle: the first rule that fails, or null. */
  function firstFailingRule(given: EligibilityInput): StopOutcome | null {
    const { user: u, tenant: t } = given;
    if (!u || !t || !u.enabled) return 'accountNotFound';
    if (t.ssprPolicy.enabledFor === 'none') return 'ssprDisabled';
    if (t.ssprPolicy.enabledFor === 'selected' && !given.groupMemberships.includes(pilotGroup)) return 'notInSsprGroup';
    if (u.guest && u.license === null) return 'guestNeedsLicense';
    const canWriteBack =
      t.ssprPolicy.writeback && t.directorySync && ['m365-business-premium', 'p1', 'p2'].includes(u.license ?? 'free');
    if (u.source === 'synced' && !canWriteBack) return 'managedOnPremises';
    if (u.source === 'federated' && !canWriteBack) return 'federatedOrganisation';
    const admin = given.roles.some((role) => (adminRoles as readonly string[]).includes(role));
    if (admin && !t.allowedToUseSspr) return 'adminNotAllowed';
    if (u.ssprBlockedUntil && u.ssprBlockedUntil > now) return 'ssprLockout';
    const trialAge = t.trialStart ? now.getTime() - t.trialStart.getTime() : null;
    const inFirst30Days = trialAge !== null && trialAge >= 0 && trialAge < 30 * day;
    const noCustomNoSync = !given.domains.some((d) => d.kind === 'custom') && !t.directorySync;
    const gates = admin ? (inFirst30Days || noCustomNoSync ? 1 : 2) : t.ssprPolicy.methodsRequiredToReset;
    const noVoice = admin && (t.trialStart !== null || t.plan === 'free');
    const allowed = (gate: GateMethod) =>
      admin
        ? gate !== 'securityQuestions' && !(noVoice && (gate === 'mobileCall' || gate === 'officeCall'))
        : t.ssprPolicy.methodsAllowed.includes(gate);
    const backing: Record<AuthMethod['kind'], GateMethod[]> = {
      email: ['email'],
      mobilePhone: ['mobileSms', 'mobileCall'],
      officePhone: ['officeCall'],
      authenticatorApp: ['appCode', 'appNotification'],
      securityQuestions: ['securityQuestions'],
    };
    const usableRegistrations = given.methods.filter((m) => {
      if (m.kind === 'email' && m.address === u.upn) return false;
      if (m.kind === 'securityQuestions' && m.answers.length < t.ssprPolicy.questionsRequiredToReset) return false;
      return backing[m.kind].some(allowed);
    });
    return usableRegistrations.length < gates ? 'notEnoughMethods' : null;
  }

  it('§3 the outcome is always the first failing rule of a plain re-implementation', () => {
    const seen = new Set<string>();
    const rulesSeen = new Set<string>();
    fc.assert(
      fc.property(arbitraryInput, (given) => {
        const result = evaluateEligibility(given);
        const outcome = result.eligible ? null : result.outcome;
        expect(outcome).toBe(firstFailingRule(given));
        seen.add(outcome ?? 'eligible');
        for (const reason of result.reasons) {
          rulesSeen.add(reason.rule);
          for (const name of placeholders(lookup(messagesEn, explainReason(reason.rule)))) {
            expect(reason.params, `${reason.rule} needs ${name}`).toHaveProperty(name as string);
          }
        }
      }),
      { numRuns: 2000 },
    );
    // The property means something only if the runs reached every rule, and eligibility too.
    expect([...seen].sort()).toEqual([...stopOutcomes, 'eligible'].sort());
    // Every plan with writeback has unlock today (planFeatures), so only the test below reaches that rule.
    expect(reasonRules.filter((rule) => !rulesSeen.has(rule))).toEqual(['unlock.planNoUnlock']);
  });

  it('§4 an admin never gets securityQuestions among usableMethods', () => {
    fc.assert(
      fc.property(arbitraryInput, (given) => {
        const result = evaluateEligibility(given);
        if (result.eligible && result.admin) {
          expect(result.usableMethods.map((method) => method.gateMethod)).not.toContain('securityQuestions');
        }
      }),
    );
  });

  it('§4 gatesRequired is 2 for admins unless one of the two exceptions holds', () => {
    fc.assert(
      fc.property(arbitraryInput, (given) => {
        const result = evaluateEligibility(given);
        if (!result.eligible || !result.admin || !given.tenant) return;
        const trialStart = given.tenant.trialStart;
        const age = trialStart ? now.getTime() - trialStart.getTime() : -1;
        const exception =
          (age >= 0 && age < 30 * day) ||
          (!given.domains.some((domain) => domain.kind === 'custom') && !given.tenant.directorySync);
        expect(result.gatesRequired).toBe(exception ? 1 : 2);
      }),
    );
  });

  it('§3.1 a disabled user always gets accountNotFound', () => {
    fc.assert(
      fc.property(arbitraryInput, (given) => {
        if (!given.user) return;
        const result = evaluateEligibility({ ...given, user: { ...given.user, enabled: false } });
        expect(result).toEqual({
          eligible: false,
          outcome: 'accountNotFound',
          reasons: [{ rule: 'account.notFoundOrDisabled', section: '§3.1', params: {} }],
        });
      }),
    );
  });

  it('§3.8 an eligible user can always pass every gate with a different registration', () => {
    fc.assert(
      fc.property(arbitraryInput, (given) => {
        const result = evaluateEligibility(given);
        if (!result.eligible) return;
        expect(distinctRegistrations(result.usableMethods)).toBeGreaterThanOrEqual(result.gatesRequired);
        const first = result.usableMethods[0];
        if (result.gatesRequired === 2 && first) {
          expect(methodsForNextGate(result.usableMethods, [first.methodId]).length).toBeGreaterThan(0);
        }
      }),
    );
  });
});

describe('the demo scenario (resources/scenarios/contoso.json)', () => {
  let store: Store;
  let dir: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sspr-policy-'));
    store = openStore(join(dir, 'sspr.db'));
    await seedIfEmpty(store, resolve('resources/scenarios/contoso.json'), {
      hasher: createHasher({ N: 1024, r: 8, p: 1 }),
      secretBox: createSecretBox(randomBytes(32)),
      clock: new ManualClock(now),
    });
  });

  afterAll(() => {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  function evaluate(upn: string): Eligibility {
    const found = store.users.byUpn(upn);
    const foundTenant = store.tenants.forUpn(upn);
    return evaluateEligibility({
      user: found,
      tenant: foundTenant,
      domains: foundTenant ? store.tenants.domains(foundTenant.id) : [],
      roles: found ? store.users.roles(found.id) : [],
      groupMemberships: found ? store.groups.ofUser(found.id).map((group) => group.id) : [],
      methods: found ? store.methods.listForUser(found.id) : [],
      now,
    });
  }

  type Expected =
    | { outcome: StopOutcome }
    | {
        outcome: 'eligible';
        admin: boolean;
        gates: 1 | 2;
        canUnlock?: boolean;
        writeback?: boolean;
        methods?: GateMethod[];
      };

  // What each user's `note` says they demonstrate.
  const demoUsers: [upn: string, expected: Expected][] = [
    ['adele.vance@contoso.com', { outcome: 'eligible', admin: false, gates: 2, methods: ['email', 'mobileSms'] }],
    ['alex.wilber@contoso.com', { outcome: 'notInSsprGroup' }],
    ['megan.bowen@contoso.com', { outcome: 'notEnoughMethods' }],
    ['lidia.holloway@contoso.com', { outcome: 'notEnoughMethods' }],
    ['lee.gu@contoso.com', { outcome: 'notEnoughMethods' }],
    [
      'patti.fernandez@contoso.com',
      {
        outcome: 'eligible',
        admin: true,
        gates: 2,
        methods: ['email', 'mobileSms', 'mobileCall', 'appCode', 'appNotification'],
      },
    ],
    ['diego.siciliani@contoso.com', { outcome: 'notEnoughMethods' }],
    [
      'isaiah.langer@contoso.com',
      { outcome: 'eligible', admin: true, gates: 2, methods: ['email', 'mobileSms', 'mobileCall', 'officeCall'] },
    ],
    [
      'admin@contoso.onmicrosoft.com',
      { outcome: 'eligible', admin: true, gates: 2, methods: ['email', 'appCode', 'appNotification'] },
    ],
    ['johanna.lorenz@contoso.com', { outcome: 'eligible', admin: false, gates: 2, canUnlock: true, writeback: true }],
    ['grady.archie@contoso.com', { outcome: 'managedOnPremises' }],
    ['nestor.wilke@contoso.com', { outcome: 'federatedOrganisation' }],
    ['pat.jones_fabrikam.example#EXT#@contoso.onmicrosoft.com', { outcome: 'eligible', admin: false, gates: 2 }],
    ['sam.taylor_tailspintoys.example#EXT#@contoso.onmicrosoft.com', { outcome: 'guestNeedsLicense' }],
    ['irvin.sayers@contoso.com', { outcome: 'accountNotFound' }],
    ['miriam.graham@contoso.com', { outcome: 'eligible', admin: false, gates: 2 }],
    ['joni.sherman@contoso.com', { outcome: 'eligible', admin: false, gates: 2 }],
    ['lynne.robbins@contoso.com', { outcome: 'eligible', admin: false, gates: 2 }],
    ['christie.cline@contoso.com', { outcome: 'eligible', admin: false, gates: 2 }],
    [
      'enrico.cattaneo@contoso.com',
      { outcome: 'eligible', admin: false, gates: 2, methods: ['mobileSms', 'securityQuestions'] },
    ],
    ['henrietta.mueller@contoso.com', { outcome: 'ssprLockout' }],
    ['ben.walters@fabrikam.onmicrosoft.com', { outcome: 'eligible', admin: false, gates: 1, methods: ['email'] }],
    [
      'kim.akers@fabrikam.onmicrosoft.com',
      { outcome: 'eligible', admin: false, gates: 1, methods: ['mobileSms', 'mobileCall'] },
    ],
    ['admin@fabrikam.onmicrosoft.com', { outcome: 'eligible', admin: true, gates: 1, methods: ['email', 'mobileSms'] }],
    ['dana.kim@northwindtraders.com', { outcome: 'eligible', admin: true, gates: 1, methods: ['email', 'mobileSms'] }],
    ['ravi.patel@adatum.com', { outcome: 'adminNotAllowed' }],
    ['mia.chen@adatum.com', { outcome: 'eligible', admin: false, gates: 1 }],
  ];

  it('the table covers every demo user', () => {
    const everyone = store.tenants
      .list()
      .flatMap((t) => store.users.listByTenant(t.id).map((u) => u.upn.toLowerCase()));
    expect(demoUsers.map(([upn]) => upn.toLowerCase()).sort()).toEqual(everyone.sort());
  });

  it.each(demoUsers)('%s: the outcome its note describes', (upn, expected) => {
    const result = evaluate(upn);
    if (expected.outcome !== 'eligible') {
      expectStop(result, expected.outcome);
      return;
    }
    const eligible = expectEligible(result);
    expect(eligible.admin).toBe(expected.admin);
    expect(eligible.gatesRequired).toBe(expected.gates);
    expect(eligible.canUnlock).toBe(expected.canUnlock ?? false);
    expect(eligible.writeback).toBe(expected.writeback ?? false);
    if (expected.methods) expect(eligible.usableMethods.map((method) => method.gateMethod)).toEqual(expected.methods);
  });

  it('§3.7 Henrietta is told when her SSPR lockout ends (one hour after loading)', () => {
    const result = expectStop(evaluate('henrietta.mueller@contoso.com'), 'ssprLockout');
    expect(result.until).toEqual(new Date(now.getTime() + 60 * 60_000));
  });

  it('§3.1 an unknown UPN and the disabled Irvin get the same result', () => {
    expect(evaluate('nobody@contoso.com')).toEqual(evaluate('irvin.sayers@contoso.com'));
    expect(evaluate('someone@unknown.example')).toEqual(evaluate('irvin.sayers@contoso.com'));
  });
});
