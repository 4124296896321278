import { gateMethodKind, gateMethods, planFeatures, type GateMethod, type Plan } from '../../../shared/policy';
import type { AuthMethod, Domain, Tenant, User } from '../store';
import { adminGatePolicy, administratorRoles } from './admin';
import { planParams, policyReason, type PolicyReason, type ReasonParam, type ReasonRule } from './reasons';

/**
 * What stops a user at the "who may reset" check of spec §3, one code per rule, in the order of
 * the rules. `accountNotFound` covers both a missing and a disabled account (§3.1).
 */
export const stopOutcomes = [
  'accountNotFound',
  'ssprDisabled',
  'notInSsprGroup',
  'guestNeedsLicense',
  'managedOnPremises',
  'federatedOrganisation',
  'adminNotAllowed',
  'ssprLockout',
  'notEnoughMethods',
] as const;
export type StopOutcome = (typeof stopOutcomes)[number];

export interface EligibilityInput {
  /** Null when no account has the UPN that was typed. */
  user: User | null;
  /** Null when the UPN's domain picks no tenant. */
  tenant: Tenant | null;
  /** The tenant's domains (they decide the admin one-gate exception, §4). */
  domains: readonly Domain[];
  /** The user's directory roles. */
  roles: readonly string[];
  /** Ids of the groups the user is a DIRECT member of: the selected scope does not follow nesting (§2). */
  groupMemberships: readonly number[];
  /** The user's registered methods; any other user's are ignored. */
  methods: readonly AuthMethod[];
  now: Date;
}

/** One way to pass a gate: a gate method and the registration it draws on. */
export interface UsableMethod {
  gateMethod: GateMethod;
  methodId: number;
}

export interface Ineligible {
  eligible: false;
  outcome: StopOutcome;
  /** Every rule evaluated, in order; the last one is the rule that stopped the user. */
  reasons: PolicyReason[];
  /** When an SSPR lockout ends (`ssprLockout` only). */
  until?: Date;
}

export interface Eligible {
  eligible: true;
  admin: boolean;
  gatesRequired: 1 | 2;
  /** One entry per usable gate method per registration, in the order of `gateMethods`, then registration. */
  usableMethods: UsableMethod[];
  /** Offer "I know my password but still can't sign in" (§5.2): synced user, writeback and unlock on, plan allows it. */
  canUnlock: boolean;
  /** The new password must be written to the on-premises directory (synced or federated user). */
  writeback: boolean;
  /** Every rule that decided, in the order of §3, the passed ones included. */
  reasons: PolicyReason[];
}

export type Eligibility = Eligible | Ineligible;

/** The i18n key of the message shown when `outcome` stops the user. */
export function explainOutcome(outcome: StopOutcome): `eligibility.stop.${StopOutcome}` {
  return `eligibility.stop.${outcome}`;
}

/**
 * The license that decides the user-level features (writeback and unlock for a synced or federated
 * user, P2's risk-based reset): the user's own, as licensing is per user (§1, and the seeds: "the
 * tenant itself does not need to be Premium; only the users"); no license falls back to `free`.
 * The tenant's plan decides only the tenant-level checks of §4 (voice calls on `free`).
 */
export function effectivePlan(user: Pick<User, 'license'>): Plan {
  return user.license ?? 'free';
}

/**
 * Evaluates spec §3 rules 1 to 8 strictly in order; the first rule that fails decides.
 *
 * Pure and fast on purpose. §3.1's "spend about the same time either way" is the caller's job: the
 * flow must look up the user, load the same data and wait out the same minimum time whether the
 * account is missing, disabled or fine, so the response time does not tell which.
 */
export function evaluateEligibility(input: EligibilityInput): Eligibility {
  const reasons: PolicyReason[] = [];
  const stop = (outcome: StopOutcome, rule: ReasonRule, params: Record<string, ReasonParam> = {}) => {
    reasons.push(policyReason(rule, params));
    return { eligible: false, outcome, reasons } satisfies Ineligible;
  };

  // §3.1: one neutral outcome and one reason for both, with no params that could tell them apart.
  const { user, tenant, now } = input;
  if (user === null || tenant === null || !user.enabled || user.tenantId !== tenant.id) {
    return stop('accountNotFound', 'account.notFoundOrDisabled');
  }
  reasons.push(policyReason('account.found'));

  // §3.2
  const policy = tenant.ssprPolicy;
  switch (policy.enabledFor) {
    case 'none':
      return stop('ssprDisabled', 'scope.none');
    case 'selected': {
      const groupId = policy.selectedGroupId;
      // A selected scope with no group chosen has no members, so it stops everyone.
      if (groupId === null) return stop('notInSsprGroup', 'scope.selected.notMember');
      if (!input.groupMemberships.includes(groupId)) {
        return stop('notInSsprGroup', 'scope.selected.notMember', { groupId });
      }
      reasons.push(policyReason('scope.selected.member', { groupId }));
      break;
    }
    case 'all':
      reasons.push(policyReason('scope.all'));
      break;
  }

  // §3.3: a license assigned in this tenant is the user row's own license.
  const plan = effectivePlan(user);
  if (user.guest) {
    if (user.license === null) return stop('guestNeedsLicense', 'guest.noLicense');
    reasons.push(policyReason('guest.licensed', planParams(user.license)));
  }

  // §3.4 (synced) and §3.5 (federated): the password is mastered outside the tenant, so it needs writeback.
  if (user.source !== 'cloud') {
    const source = user.source === 'synced' ? onPremisesRules.synced : onPremisesRules.federated;
    const failures = writebackFailures(tenant, plan, source);
    if (failures.length > 0) {
      reasons.push(...failures);
      return { eligible: false, outcome: source.outcome, reasons };
    }
    reasons.push(policyReason(source.pass, planParams(plan)));
  } else {
    reasons.push(policyReason('license.cloudUserAnyPlan', { ...planParams(plan), licensed: user.license !== null }));
  }

  // §3.6: for administrators the built-in policy of §4 replaces the tenant's method settings.
  const adminRoles = administratorRoles(input.roles);
  const admin = adminRoles.length > 0;
  let gatesRequired: 1 | 2;
  let allowedMethods: readonly GateMethod[];
  if (admin) {
    reasons.push(policyReason('admin.role', { roles: adminRoles.join(', ') }));
    if (!tenant.allowedToUseSspr) return stop('adminNotAllowed', 'admin.notAllowedToUseSspr');
    reasons.push(policyReason('admin.allowedToUseSspr'));
    const adminPolicy = adminGatePolicy(tenant, input.domains, now);
    reasons.push(...adminPolicy.reasons);
    gatesRequired = adminPolicy.gatesRequired;
    allowedMethods = adminPolicy.allowedMethods;
  } else {
    gatesRequired = policy.methodsRequiredToReset >= 2 ? 2 : 1;
    allowedMethods = policy.methodsAllowed;
    reasons.push(policyReason('user.tenantPolicy', { gatesRequired, methodsAllowed: allowedMethods.join(', ') }));
  }

  // §3.7: the block ends at `until` exactly.
  if (user.ssprBlockedUntil !== null && user.ssprBlockedUntil.getTime() > now.getTime()) {
    const until = user.ssprBlockedUntil;
    reasons.push(policyReason('lockout.inForce', { until: until.toISOString() }));
    return { eligible: false, outcome: 'ssprLockout', reasons, until };
  }
  reasons.push(policyReason('lockout.none'));

  // §3.8: each gate needs a different registration, so count registrations, not gate methods.
  const usableMethods = usableGateMethods(user, input.methods, allowedMethods, policy.questionsRequiredToReset);
  const usable = distinctRegistrations(usableMethods);
  const methodCounts = { usable, required: gatesRequired, registered: ownMethods(user, input.methods).length };
  if (usable < gatesRequired) return stop('notEnoughMethods', 'methods.notEnough', methodCounts);
  reasons.push(policyReason('methods.enough', methodCounts));

  let canUnlock = false;
  if (user.source === 'synced') {
    canUnlock = policy.allowUnlock && planFeatures[plan].unlock;
    const unlockRule = !policy.allowUnlock ? 'unlock.off' : canUnlock ? 'unlock.allowed' : 'unlock.planNoUnlock';
    reasons.push(policyReason(unlockRule, planParams(plan)));
  }

  return {
    eligible: true,
    admin,
    gatesRequired,
    usableMethods,
    canUnlock,
    writeback: user.source !== 'cloud',
    reasons,
  };
}

const onPremisesRules = {
  synced: {
    outcome: 'managedOnPremises',
    pass: 'license.syncedWriteback',
    writebackOff: 'license.syncedWritebackOff',
    planNoWriteback: 'license.syncedPlanNoWriteback',
    noDirectorySync: 'license.syncedNoDirectorySync',
  },
  federated: {
    outcome: 'federatedOrganisation',
    pass: 'federation.writeback',
    writebackOff: 'federation.writebackOff',
    planNoWriteback: 'federation.planNoWriteback',
    noDirectorySync: 'federation.noDirectorySync',
  },
} as const satisfies Record<
  'synced' | 'federated',
  {
    outcome: StopOutcome;
    pass: ReasonRule;
    writebackOff: ReasonRule;
    planNoWriteback: ReasonRule;
    noDirectorySync: ReasonRule;
  }
>;

/** Every unmet condition of writeback (§3.4), so the admin console can list them all, not just the first. */
function writebackFailures(
  tenant: Tenant,
  plan: Plan,
  rules: (typeof onPremisesRules)[keyof typeof onPremisesRules],
): PolicyReason[] {
  const failures: PolicyReason[] = [];
  if (!tenant.ssprPolicy.writeback) failures.push(policyReason(rules.writebackOff));
  if (!planFeatures[plan].writeback) failures.push(policyReason(rules.planNoWriteback, planParams(plan)));
  if (!tenant.directorySync) failures.push(policyReason(rules.noDirectorySync));
  return failures;
}

function ownMethods(user: Pick<User, 'id'>, methods: readonly AuthMethod[]): AuthMethod[] {
  return methods.filter((method) => method.userId === user.id);
}

/**
 * Whether a registration can back a gate at all, whatever the policy: security questions need at
 * least as many answers as a reset asks; an "alternate" e-mail that is the UPN itself would send the
 * code to the mailbox of the very account that is locked out (§1: never the UPN).
 */
function registrationUsable(method: AuthMethod, user: Pick<User, 'upn'>, questionsRequiredToReset: number): boolean {
  switch (method.kind) {
    case 'email':
      return method.address.trim().toLowerCase() !== user.upn.trim().toLowerCase();
    case 'securityQuestions':
      return method.answers.length >= questionsRequiredToReset;
    case 'mobilePhone':
    case 'officePhone':
    case 'authenticatorApp':
      return true;
  }
}

/**
 * The gate methods a user can use (§3.8): allowed by the policy that applies to them (the admin
 * policy for administrators, else the tenant's `methodsAllowed`) and backed by a usable
 * registration of the user's own. SMS and a call to the same mobile phone are two entries here but
 * one registration: see `distinctRegistrations`.
 */
export function usableGateMethods(
  user: Pick<User, 'id' | 'upn'>,
  methods: readonly AuthMethod[],
  allowedMethods: readonly GateMethod[],
  questionsRequiredToReset: number,
): UsableMethod[] {
  const registrations = ownMethods(user, methods).filter((method) =>
    registrationUsable(method, user, questionsRequiredToReset),
  );
  return gateMethods
    .filter((gateMethod) => allowedMethods.includes(gateMethod))
    .flatMap((gateMethod) =>
      registrations
        .filter((method) => method.kind === gateMethodKind[gateMethod])
        .map((method) => ({ gateMethod, methodId: method.id })),
    );
}

/**
 * How many different authentication methods the usable gate methods stand for. Microsoft counts
 * authentication methods, not ways of using them: an SMS and a call to the same phone, or a code and
 * a push from the same app, prove the same possession, so two gates need two registrations.
 */
export function distinctRegistrations(usableMethods: readonly UsableMethod[]): number {
  return new Set(usableMethods.map((method) => method.methodId)).size;
}

/** The methods a later gate may offer: only those backed by a registration no earlier gate used (§5.3). */
export function methodsForNextGate(
  usableMethods: readonly UsableMethod[],
  usedMethodIds: readonly number[],
): UsableMethod[] {
  return usableMethods.filter((method) => !usedMethodIds.includes(method.methodId));
}
