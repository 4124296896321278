import type { GateMethod } from '../../../shared/policy';
import type { SessionStep } from '../../../shared/session';
import { adminGatePolicy, isAdministrator } from '../policy/admin';
import { distinctRegistrations, evaluateEligibility, usableGateMethods, type StopOutcome } from '../policy/eligibility';
import type { AuthMethod, Domain, Store, Tenant, User } from '../store';

const dayMs = 86_400_000;

/**
 * The directory facts that decide whether the tenant's SSPR applies to a user and which of their
 * registrations count: the `selected` scope needs the user's direct group memberships, and an
 * administrator's methods are judged by the §4 policy (roles, and the tenant's domains for it).
 * `directoryFacts(store, user)` reads them.
 */
export interface DirectoryFacts {
  /** Ids of the groups the user is a DIRECT member of. */
  groupMemberships: readonly number[];
  roles: readonly string[];
  /** The tenant's domains. */
  domains: readonly Domain[];
}

export interface RegistrationDueInput extends DirectoryFacts {
  user: User;
  tenant: Tenant;
  methods: AuthMethod[];
  now: Date;
  /** The user chose "Not now" earlier in this sign-in session. */
  postponedThisSession: boolean;
  /** The user confirmed (or registered) their methods earlier in this sign-in session. */
  confirmedThisSession: boolean;
}

export type RegistrationStep = Extract<SessionStep, { step: 'registration' | 'reconfirm' }>;

/** Reads the directory facts `registrationDue` needs for one user. */
export function directoryFacts(store: Store, user: Pick<User, 'id' | 'tenantId'>): DirectoryFacts {
  return {
    groupMemberships: store.groups.ofUser(user.id).map((group) => group.id),
    roles: store.users.roles(user.id),
    domains: store.tenants.domains(user.tenantId),
  };
}

/**
 * The §3 outcomes that mean the tenant's SSPR does not cover the user at all (not in scope, an
 * unlicensed guest, a password mastered on-premises without writeback, an administrator whose
 * tenant turned admin SSPR off). Such a user is never asked to register: the methods could not be
 * used. A lockout in force or too few methods still mean SSPR applies.
 */
const notCovered: readonly StopOutcome[] = [
  'accountNotFound',
  'ssprDisabled',
  'notInSsprGroup',
  'guestNeedsLicense',
  'managedOnPremises',
  'federatedOrganisation',
  'adminNotAllowed',
];

export interface RegistrationStanding {
  /** The tenant's SSPR covers the user (§3 rules 1 to 6 pass). */
  covered: boolean;
  admin: boolean;
  /** The gate methods the policy that applies to the user allows (the admin policy for administrators). */
  allowedMethods: GateMethod[];
  /** §2 Registration: methods to register; an administrator needs at least as many as their gates. */
  methodsRequired: number;
  /** Distinct registrations that can back a gate under that policy (as §3.8 counts them). */
  methodsUsable: number;
}

/** How the user stands against the registration policy, counting methods exactly as eligibility does. */
export function registrationStanding(
  input: Omit<RegistrationDueInput, 'postponedThisSession' | 'confirmedThisSession'>,
): RegistrationStanding {
  const { user, tenant, methods, now } = input;
  const policy = tenant.ssprPolicy;
  const eligibility = evaluateEligibility({
    user,
    tenant,
    domains: input.domains,
    roles: input.roles,
    groupMemberships: input.groupMemberships,
    methods,
    now,
  });
  const covered = eligibility.eligible || !notCovered.includes(eligibility.outcome);
  const admin = isAdministrator(input.roles);
  let allowedMethods: GateMethod[];
  let methodsRequired = policy.methodsRequiredToRegister;
  if (admin) {
    const adminPolicy = adminGatePolicy(tenant, input.domains, now);
    allowedMethods = adminPolicy.allowedMethods;
    methodsRequired = Math.max(methodsRequired, adminPolicy.gatesRequired);
  } else {
    allowedMethods = [...policy.methodsAllowed];
  }
  const usable = usableGateMethods(user, methods, allowedMethods, policy.questionsRequiredToReset);
  return { covered, admin, allowedMethods, methodsRequired, methodsUsable: distinctRegistrations(usable) };
}

/**
 * What §7 puts between a successful sign-in and the desktop, or null when nothing:
 * - `registration` when "require users to register" is on and the user holds fewer usable methods
 *   than required. It may be postponed ("Not now") until the grace period, counted from the first
 *   prompt, is over; from then on it is `mandatory`. Postponed in this session and not mandatory:
 *   null, so the user reaches the desktop.
 * - else `reconfirm` when the reconfirmation period (not 0) has passed since the last confirmation
 *   (or, never confirmed, since the latest registration), unless confirmed in this session.
 * A user the tenant's SSPR does not cover is never interrupted. The caller records the first
 * prompt with `markPrompted` when it shows the registration step.
 */
export function registrationDue(input: RegistrationDueInput): RegistrationStep | null {
  const { user, tenant, methods, now } = input;
  const policy = tenant.ssprPolicy;
  const standing = registrationStanding(input);
  if (!standing.covered) return null;

  if (policy.requireRegistration && standing.methodsUsable < standing.methodsRequired) {
    const firstPrompted = user.registrationFirstPromptedAt ?? now;
    const graceEnds = new Date(firstPrompted.getTime() + policy.registrationGraceDays * dayMs);
    const mandatory = now.getTime() >= graceEnds.getTime();
    if (input.postponedThisSession && !mandatory) return null;
    return {
      step: 'registration',
      mandatory,
      graceEndsAt: graceEnds.toISOString(),
      methodsRequired: standing.methodsRequired,
      methodsRegistered: standing.methodsUsable,
    };
  }

  if (policy.reconfirmDays > 0 && !input.confirmedThisSession) {
    const own = methods.filter((method) => method.userId === user.id);
    const lastConfirmed = user.registrationConfirmedAt ?? latest(own.map((method) => method.registeredAt));
    // Nothing registered and never confirmed: there is nothing to reconfirm.
    if (lastConfirmed !== null && lastConfirmed.getTime() + policy.reconfirmDays * dayMs <= now.getTime()) {
      return { step: 'reconfirm', lastConfirmedAt: user.registrationConfirmedAt?.toISOString() ?? null };
    }
  }
  return null;
}

/** Records the first registration prompt, which starts the grace period (§7); later prompts change nothing. */
export function markPrompted(store: Store, userId: number, now: Date): void {
  store.transaction(() => {
    const user = store.users.get(userId);
    if (user === null) throw new Error(`There is no user ${userId}.`);
    if (user.registrationFirstPromptedAt === null) store.users.setRegistrationFirstPrompted(userId, now);
  });
}

function latest(dates: readonly Date[]): Date | null {
  let result: Date | null = null;
  for (const date of dates) if (result === null || date.getTime() > result.getTime()) result = date;
  return result;
}
