// "Capable of reset" (spec §3, §10 registration report): the user is in SSPR's scope, licensed for
// it, and holds enough usable methods, as eligibility decides; a temporary SSPR lockout (§3.7) does
// not make a user incapable. One user is judged by the real eligibility rules; a whole tenant is
// filtered and counted in SQL by `capableSql`, whose every term is derived from the same policy
// inputs (the admin policy of §4, planFeatures, gateMethodKind), and a unit test checks the two
// agree user by user.
import {
  adminRoles,
  gateMethodKind,
  planFeatures,
  plans,
  type GateMethod,
  type MethodKind,
} from '../../../shared/policy';
import { adminGatePolicy } from '../policy/admin';
import { evaluateEligibility, type StopOutcome } from '../policy/eligibility';
import type { Domain, Store, Tenant, User } from '../store';

export interface Capability {
  capable: boolean;
  /** The §3 outcome that stops the user; null when capable. */
  notCapableBecause: StopOutcome | null;
}

/** One user, by the eligibility rules themselves, with any SSPR lockout set aside. */
export function capabilityOf(
  store: Store,
  user: User,
  tenant: Tenant,
  domains: readonly Domain[],
  now: Date,
): Capability {
  const eligibility = evaluateEligibility({
    user: { ...user, ssprBlockedUntil: null },
    tenant,
    domains,
    roles: store.users.roles(user.id),
    groupMemberships: store.groups.ofUser(user.id).map((group) => group.id),
    methods: store.methods.listForUser(user.id),
    now,
  });
  return eligibility.eligible
    ? { capable: true, notCapableBecause: null }
    : { capable: false, notCapableBecause: eligibility.outcome };
}

const quoted = (values: readonly string[]) => values.map((value) => `'${value.replaceAll("'", "''")}'`).join(', ');

/** The user row `u` holds a §4 role: the holders are listed once, from user_roles_by_role. */
export const adminRoleSql = `u.id IN (SELECT r.user_id FROM user_roles r WHERE r.role IN (${quoted(adminRoles)}))`;

/** How many of `u`'s registrations can back a gate among `allowed` (§3.8 counts registrations, not gate methods). */
function usableRegistrationsSql(allowed: readonly GateMethod[], questionsRequiredToReset: number): string {
  const kinds = new Set<MethodKind>(allowed.map((method) => gateMethodKind[method]));
  const terms = [...kinds].map((kind) => {
    switch (kind) {
      case 'email':
        // §1: an "alternate" address that is the UPN itself cannot back a gate.
        return `(m.kind = 'email' AND m.email <> u.upn)`;
      case 'securityQuestions':
        return `(m.kind = 'securityQuestions' AND (SELECT count(*) FROM security_answers a WHERE a.method_id = m.id) >= ${questionsRequiredToReset})`;
      default:
        return `m.kind = '${kind}'`;
    }
  });
  if (terms.length === 0) return '0';
  return `(SELECT count(*) FROM auth_methods m WHERE m.user_id = u.id AND (${terms.join(' OR ')}))`;
}

/**
 * A SQL condition on the user row `u` of `tenant`: true when the user is capable of reset. Every
 * figure in it comes from validated store data (integers and enum names), so it is built as text.
 */
export function capableSql(tenant: Tenant, domains: readonly Domain[], now: Date): string {
  const policy = tenant.ssprPolicy;
  const scope =
    policy.enabledFor === 'all'
      ? '1'
      : policy.enabledFor === 'selected' && policy.selectedGroupId !== null
        ? `u.id IN (SELECT gm.user_id FROM group_members gm WHERE gm.group_id = ${Math.trunc(policy.selectedGroupId)})`
        : '0';
  const writebackPlans = plans.filter((plan) => planFeatures[plan].writeback);
  const onPremises =
    policy.writeback && tenant.directorySync
      ? `(u.source = 'cloud' OR coalesce(u.license, 'free') IN (${quoted(writebackPlans)}))`
      : `u.source = 'cloud'`;
  const userGates = policy.methodsRequiredToReset >= 2 ? 2 : 1;
  const adminPolicy = adminGatePolicy(tenant, domains, now);
  const userMethods = `${usableRegistrationsSql(policy.methodsAllowed, policy.questionsRequiredToReset)} >= ${userGates}`;
  const adminMethods = tenant.allowedToUseSspr
    ? `${usableRegistrationsSql(adminPolicy.allowedMethods, policy.questionsRequiredToReset)} >= ${adminPolicy.gatesRequired}`
    : '0';
  return [
    'u.enabled = 1',
    scope,
    '(u.guest = 0 OR u.license IS NOT NULL)',
    onPremises,
    `(CASE WHEN ${adminRoleSql} THEN ${adminMethods} ELSE ${userMethods} END)`,
  ]
    .map((term) => `(${term})`)
    .join(' AND ');
}
