import { afterEach, describe, expect, it } from 'vitest';
import { Customization, defaultPasswordPolicy, defaultSsprPolicy, type SsprPolicy } from '../../../shared/policy';
import { ManualClock } from '../../../electron/main/clock';
import {
  directoryFacts,
  markPrompted,
  registrationDue,
  type RegistrationDueInput,
} from '../../../electron/main/security-info/due';
import type { AuthMethod, Domain, Tenant, User } from '../../../electron/main/store';
import { addEmail, addUser, openRoom, type Room } from '../methods/support';

const day = 86_400_000;
const start = new Date('2026-01-05T09:00:00.000Z');
const pilotGroup = 7;

function tenant(policy: Partial<SsprPolicy> = {}, overrides: Partial<Tenant> = {}): Tenant {
  return {
    id: 1,
    name: 'Contoso',
    plan: 'p1',
    trialStart: null,
    directorySync: true,
    allowedToUseSspr: true,
    customization: Customization.parse({}),
    ssprPolicy: { ...defaultSsprPolicy, enabledFor: 'all', writeback: true, ...policy },
    passwordPolicy: defaultPasswordPolicy,
    createdAt: new Date('2025-01-01T00:00:00.000Z'),
    ...overrides,
  };
}

function user(overrides: Partial<User> = {}): User {
  return {
    id: 10,
    tenantId: 1,
    upn: 'megan.bowen@contoso.com',
    displayName: 'Megan Bowen',
    givenName: 'Megan',
    surname: 'Bowen',
    enabled: true,
    source: 'cloud',
    guest: false,
    license: 'p1',
    passwordHash: 'scrypt$not-a-real-hash',
    passwordLastSet: new Date(start.getTime() - 10 * day),
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

const registeredAt = new Date('2025-12-01T00:00:00.000Z');
const email = (id = 1, at = registeredAt): AuthMethod => ({
  id,
  userId: 10,
  registeredAt: at,
  kind: 'email',
  address: 'megan@personal.example',
});
const mobile = (id = 2, at = registeredAt): AuthMethod => ({
  id,
  userId: 10,
  registeredAt: at,
  kind: 'mobilePhone',
  phoneNumber: '+1 425 555 0111',
});
const office = (id = 3): AuthMethod => ({
  id,
  userId: 10,
  registeredAt,
  kind: 'officePhone',
  phoneNumber: '+1 425 555 0150',
  extension: null,
});
const questions = (id = 4, count = 3): AuthMethod => ({
  id,
  userId: 10,
  registeredAt,
  kind: 'securityQuestions',
  answers: Array.from({ length: count }, (_, i) => ({ question: `Q${i}`, answerHash: 'scrypt$x' })),
});

const customDomain: Domain = { id: 2, tenantId: 1, name: 'contoso.com', kind: 'custom', verified: true };

function due(overrides: Partial<RegistrationDueInput> = {}) {
  return registrationDue({
    user: user(),
    tenant: tenant(),
    methods: [],
    now: start,
    postponedThisSession: false,
    confirmedThisSession: false,
    groupMemberships: [],
    roles: [],
    domains: [customDomain],
    ...overrides,
  });
}

describe('§7 registration interrupt', () => {
  it('§7 a user with fewer usable methods than required is taken to registration, postponable for 14 days from the first prompt', () => {
    const firstPrompted = new Date(start.getTime() - 3 * day);
    expect(due({ user: user({ registrationFirstPromptedAt: firstPrompted }), methods: [email()] })).toEqual({
      step: 'registration',
      mandatory: false,
      graceEndsAt: new Date(firstPrompted.getTime() + 14 * day).toISOString(),
      methodsRequired: 2,
      methodsRegistered: 1,
    });
  });

  it('§7 the first prompt starts the grace period: never prompted means the grace ends 14 days from now', () => {
    expect(due()).toMatchObject({
      step: 'registration',
      mandatory: false,
      graceEndsAt: new Date(start.getTime() + 14 * day).toISOString(),
    });
  });

  it('§7 registration becomes mandatory exactly when the grace period ends (clock moved)', () => {
    const clock = new ManualClock(start);
    const u = user({ registrationFirstPromptedAt: start });
    clock.advance(14 * day - 1);
    expect(due({ user: u, now: clock.now() })).toMatchObject({ mandatory: false });
    clock.advance(1);
    expect(due({ user: u, now: clock.now() })).toMatchObject({ mandatory: true });
    clock.advance(30 * day);
    expect(due({ user: u, now: clock.now() })).toMatchObject({ mandatory: true });
  });

  it('§7 "Not now" lets the user reach the desktop for this session only while the grace period lasts', () => {
    const u = user({ registrationFirstPromptedAt: start });
    expect(due({ user: u, postponedThisSession: true })).toBeNull();
    expect(due({ user: u, postponedThisSession: false })).toMatchObject({ step: 'registration' });
    expect(due({ user: u, postponedThisSession: true, now: new Date(start.getTime() + 14 * day) })).toMatchObject({
      step: 'registration',
      mandatory: true,
    });
  });

  it('§7 the grace period is the tenant setting: 0 days makes registration mandatory from the first prompt', () => {
    expect(due({ tenant: tenant({ registrationGraceDays: 0 }), postponedThisSession: true })).toMatchObject({
      mandatory: true,
    });
  });

  it('§7 enough usable methods: no interrupt', () => {
    expect(due({ methods: [email(), mobile()] })).toBeNull();
  });

  it('§7 "require users to register" off: never interrupted, however few methods', () => {
    expect(due({ tenant: tenant({ requireRegistration: false }) })).toBeNull();
  });

  it('§7 methods required to register is the tenant setting', () => {
    expect(
      due({ tenant: tenant({ methodsRequiredToRegister: 1, methodsRequiredToReset: 1 }), methods: [email()] }),
    ).toBeNull();
    expect(due({ tenant: tenant({ methodsRequiredToRegister: 3 }), methods: [email(), mobile()] })).toMatchObject({
      step: 'registration',
      methodsRequired: 3,
      methodsRegistered: 2,
    });
  });

  it('§7 a registration the policy does not allow does not count (office phone without officeCall)', () => {
    expect(due({ methods: [email(), office()] })).toMatchObject({ step: 'registration', methodsRegistered: 1 });
    expect(
      due({ tenant: tenant({ methodsAllowed: ['email', 'officeCall'] }), methods: [email(), office()] }),
    ).toBeNull();
  });

  it('§7 security questions count only when the policy allows them and enough answers are held for a reset', () => {
    const allowing = tenant({ methodsAllowed: ['email', 'securityQuestions'], questionsRequiredToReset: 3 });
    expect(due({ tenant: allowing, methods: [email(), questions()] })).toBeNull();
    expect(due({ methods: [email(), questions()] })).toMatchObject({ methodsRegistered: 1 });
    expect(
      due({
        tenant: tenant({
          methodsAllowed: ['email', 'securityQuestions'],
          questionsRequiredToReset: 4,
          questionsRequiredToRegister: 4,
        }),
        methods: [email(), questions(4, 3)],
      }),
    ).toMatchObject({ methodsRegistered: 1 });
  });

  it('§7 an SMS and a call to the same phone are one method, as §3.8 counts them', () => {
    expect(due({ tenant: tenant({ methodsAllowed: ['mobileSms', 'mobileCall'] }), methods: [mobile()] })).toMatchObject(
      { methodsRegistered: 1 },
    );
  });

  it('§7 §4 administrators: security questions never count, and two methods are required even when the tenant asks one', () => {
    const t = tenant({
      methodsAllowed: ['email', 'securityQuestions'],
      methodsRequiredToRegister: 1,
      methodsRequiredToReset: 1,
    });
    expect(due({ tenant: t, methods: [email(), questions()] })).toBeNull();
    expect(due({ tenant: t, methods: [email(), questions()], roles: ['Helpdesk Administrator'] })).toMatchObject({
      step: 'registration',
      methodsRequired: 2,
      methodsRegistered: 1,
    });
    // The admin policy allows the mobile phone even where the tenant's does not.
    expect(due({ tenant: t, methods: [email(), mobile()], roles: ['Helpdesk Administrator'] })).toBeNull();
  });
});

describe('§7 scope: a user the tenant SSPR does not cover is never interrupted', () => {
  it('§7 SSPR enabled for none: no registration, no reconfirmation', () => {
    const old = new Date(start.getTime() - 400 * day);
    expect(due({ tenant: tenant({ enabledFor: 'none' }) })).toBeNull();
    expect(due({ tenant: tenant({ enabledFor: 'none' }), methods: [email(1, old), mobile(2, old)] })).toBeNull();
  });

  it('§7 SSPR for a selected group: only its direct members are interrupted', () => {
    const selected = tenant({ enabledFor: 'selected', selectedGroupId: pilotGroup });
    expect(due({ tenant: selected, groupMemberships: [3] })).toBeNull();
    expect(due({ tenant: selected, groupMemberships: [3, pilotGroup] })).toMatchObject({ step: 'registration' });
  });

  it('§7 an administrator whose tenant turned admin SSPR off, an unlicensed guest and a synced user without writeback are not interrupted', () => {
    expect(due({ tenant: tenant({}, { allowedToUseSspr: false }), roles: ['Global Administrator'] })).toBeNull();
    expect(due({ tenant: tenant({}, { allowedToUseSspr: false }) })).toMatchObject({ step: 'registration' });
    expect(due({ user: user({ guest: true, license: null }) })).toBeNull();
    expect(due({ user: user({ source: 'synced' }), tenant: tenant({ writeback: false }) })).toBeNull();
  });

  it('§7 an SSPR lockout in force does not spare the user the interrupt', () => {
    expect(due({ user: user({ ssprBlockedUntil: new Date(start.getTime() + day) }) })).toMatchObject({
      step: 'registration',
    });
  });
});

describe('§7 reconfirmation', () => {
  const enough = (at = registeredAt) => [email(1, at), mobile(2, at)];

  it('§7 asked to reconfirm once the reconfirmation period (180 days) has passed since the last confirmation', () => {
    const confirmed = new Date(start.getTime() - 180 * day);
    expect(due({ user: user({ registrationConfirmedAt: confirmed }), methods: enough() })).toEqual({
      step: 'reconfirm',
      lastConfirmedAt: confirmed.toISOString(),
    });
    expect(
      due({ user: user({ registrationConfirmedAt: new Date(confirmed.getTime() + 1) }), methods: enough() }),
    ).toBeNull();
  });

  it('§7 never confirmed: the period runs from the latest registration', () => {
    const latest = new Date(start.getTime() - 100 * day);
    const methods = [email(1, new Date(start.getTime() - 300 * day)), mobile(2, latest)];
    expect(due({ methods })).toBeNull();
    expect(due({ methods, now: new Date(latest.getTime() + 180 * day) })).toEqual({
      step: 'reconfirm',
      lastConfirmedAt: null,
    });
  });

  it('§7 confirmed in this session: not asked again', () => {
    const confirmed = new Date(start.getTime() - 200 * day);
    expect(
      due({ user: user({ registrationConfirmedAt: confirmed }), methods: enough(), confirmedThisSession: true }),
    ).toBeNull();
  });

  it('§7 reconfirmation days 0 means never', () => {
    const confirmed = new Date(start.getTime() - 700 * day);
    expect(
      due({
        user: user({ registrationConfirmedAt: confirmed }),
        tenant: tenant({ reconfirmDays: 0 }),
        methods: enough(),
      }),
    ).toBeNull();
  });

  it('§7 registration comes before reconfirmation', () => {
    const confirmed = new Date(start.getTime() - 400 * day);
    expect(due({ user: user({ registrationConfirmedAt: confirmed }), methods: [email()] })).toMatchObject({
      step: 'registration',
    });
  });

  it('§7 the reconfirmation is asked even when registration is not required', () => {
    const confirmed = new Date(start.getTime() - 400 * day);
    expect(
      due({
        user: user({ registrationConfirmedAt: confirmed }),
        tenant: tenant({ requireRegistration: false }),
        methods: [email()],
      }),
    ).toMatchObject({ step: 'reconfirm' });
  });
});

describe('§7 markPrompted', () => {
  let room: Room;
  afterEach(() => room.close());

  it('§7 the first prompt is recorded once; later prompts do not move the grace period', () => {
    room = openRoom();
    const clock = new ManualClock(start);
    markPrompted(room.store, room.user.id, clock.now());
    clock.advance(5 * day);
    markPrompted(room.store, room.user.id, clock.now());
    expect(room.store.users.get(room.user.id)?.registrationFirstPromptedAt).toEqual(start);
  });

  it('§7 directoryFacts reads the direct groups, the roles and the domains that decide the interrupt', () => {
    room = openRoom({ ssprPolicy: { enabledFor: 'all' } });
    const pilot = room.store.groups.create(room.tenant.id, { name: 'SSPR Pilot' });
    room.store.groups.addMember(pilot.id, room.user.id);
    room.store.users.addRole(room.user.id, 'Helpdesk Administrator');
    const other = addUser(room.store, room.tenant, 'alex.wilber@contoso.com', 'Alex Wilber');
    addEmail(room);
    const facts = directoryFacts(room.store, room.user);
    expect(facts.groupMemberships).toEqual([pilot.id]);
    expect(facts.roles).toEqual(['Helpdesk Administrator']);
    expect(facts.domains.map((domain) => domain.name).sort()).toEqual(['contoso.com', 'contoso.onmicrosoft.com']);
    expect(directoryFacts(room.store, other).groupMemberships).toEqual([]);
  });
});
