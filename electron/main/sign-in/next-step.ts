import { planFeatures } from '../../../shared/policy';
import type { SessionStep } from '../../../shared/session';
import type { Clock } from '../clock';
import { effectivePlan } from '../policy/eligibility';
import { directoryFacts, markPrompted, registrationDue } from '../security-info/due';
import type { Store, Tenant, User } from '../store';
import type { SignedIn } from './device-session';

const dayMs = 86_400_000;

/** The remediation flows the planner needs from the reset service. */
export interface RemediationFlows {
  startRemediation(userId: number): { flowId: string };
  remediationAlive(flowId: string, userId: number): boolean;
}

/** §7 with P2: a user at high risk whose own license carries risk-based reset. */
export function needsRiskRemediation(user: Pick<User, 'risk' | 'license'>): boolean {
  return user.risk === 'high' && planFeatures[effectivePlan(user)].riskBasedReset;
}

/** §8, §11: the password must be changed before anything else: must-change, or expired under the tenant's policy. */
export function passwordChangeDue(
  user: Pick<User, 'mustChange' | 'passwordLastSet'>,
  tenant: Pick<Tenant, 'passwordPolicy'>,
  now: Date,
): 'mustChange' | 'expired' | null {
  if (user.mustChange) return 'mustChange';
  const days = tenant.passwordPolicy.expiryDays;
  if (days > 0 && user.passwordLastSet.getTime() + days * dayMs <= now.getTime()) return 'expired';
  return null;
}

/**
 * The signed-in user's next step, in the order of §7 and §11: risk remediation (P2, high risk),
 * then a required password change, then the registration interrupt or the reconfirmation, then
 * the desktop. Worked out from the store on every read. Null: the account is gone or disabled, so
 * the session ends.
 */
export function createStepPlanner(deps: { store: Store; clock: Clock; flows: RemediationFlows }) {
  const { store, clock, flows } = deps;
  return function planNext(signedIn: SignedIn): SessionStep | null {
    const user = store.users.get(signedIn.userId);
    const tenant = user ? store.tenants.get(user.tenantId) : null;
    if (!user || !tenant || !user.enabled) return null;
    const now = clock.now();

    if (needsRiskRemediation(user)) {
      if (signedIn.riskFlowId === null || !flows.remediationAlive(signedIn.riskFlowId, user.id)) {
        signedIn.riskFlowId = flows.startRemediation(user.id).flowId;
      }
      return { step: 'riskRemediation', flowId: signedIn.riskFlowId };
    }
    signedIn.riskFlowId = null;

    const change = passwordChangeDue(user, tenant, now);
    if (change) return { step: 'changePassword', reason: change };

    const due = registrationDue({
      ...directoryFacts(store, user),
      user,
      tenant,
      methods: store.methods.listForUser(user.id),
      now,
      postponedThisSession: signedIn.postponedRegistration,
      confirmedThisSession: signedIn.confirmedSecurityInfo,
    });
    if (due) {
      if (due.step === 'registration') markPrompted(store, user.id, now);
      return due;
    }
    return { step: 'desktop' };
  };
}
