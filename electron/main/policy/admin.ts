import { adminGateMethods, isAdminRole, type GateMethod } from '../../../shared/policy';
import type { Domain, Tenant } from '../store';
import { planParams, policyReason, type PolicyReason } from './reasons';

const dayMs = 86_400_000;

/** The trial exception of spec §4 lasts for the first 30 days from the trial's start. */
export const adminOneGateTrialDays = 30;

/** Voice calls, which spec §4 refuses to administrators of a trial or free tenant. */
const voiceCallMethods: readonly GateMethod[] = ['mobileCall', 'officeCall'];

/** The facts of a tenant the administrator policy depends on. */
export type AdminPolicyTenant = Pick<Tenant, 'plan' | 'trialStart' | 'directorySync'>;

export interface AdminGatePolicy {
  gatesRequired: 1 | 2;
  /** The gate methods an administrator may use, in place of the tenant's `methodsAllowed`. */
  allowedMethods: GateMethod[];
  /** Every rule that decided, gates first, then methods. */
  reasons: PolicyReason[];
}

/** Holding any one role of spec §4 makes the user an administrator for SSPR. */
export function isAdministrator(roles: readonly string[]): boolean {
  return roles.some(isAdminRole);
}

/** The administrator roles among `roles`, for the reason that says why the user faces the admin policy. */
export function administratorRoles(roles: readonly string[]): string[] {
  return roles.filter(isAdminRole);
}

export interface TrialState {
  /**
   * A tenant is on a trial whenever `trialStart` is set, whatever its age: the seeds speak of a trial
   * subscription both "within the first 30 days" and after "30 days elapsed", so the trial does not
   * end at day 30; only the one-gate exception does. The voice-call refusal therefore lasts for the
   * whole trial, and a start in the future (a clock moved back) still counts as a trial: the strict side.
   */
  onTrial: boolean;
  /** From the trial's start (inclusive) to 30 × 24 h later (exclusive); a start in the future is not within. */
  withinFirst30Days: boolean;
  /** 1 on the trial's first day, 31 once 30 days have elapsed, 0 before a future start; null when not on a trial. */
  trialDay: number | null;
}

export function trialState(trialStart: Date | null, now: Date): TrialState {
  if (trialStart === null) return { onTrial: false, withinFirst30Days: false, trialDay: null };
  const elapsed = now.getTime() - trialStart.getTime();
  return {
    onTrial: true,
    withinFirst30Days: elapsed >= 0 && elapsed < adminOneGateTrialDays * dayMs,
    trialDay: elapsed >= 0 ? Math.floor(elapsed / dayMs) + 1 : 0,
  };
}

/**
 * A verified domain that is not `*.onmicrosoft.com`: an unverified domain is not yet the tenant's
 * (it picks no tenant either), so it does not end the no-custom-domain exception.
 */
function customDomains(domains: readonly Domain[]): Domain[] {
  return domains.filter((domain) => domain.verified && domain.kind === 'custom');
}

/**
 * The built-in administrator policy of spec §4, which replaces the tenant's method settings:
 * two gates with two different methods, never security questions, no voice calls on a trial or
 * free tenant, and one gate only within the first 30 days of a trial or when the tenant has
 * neither a custom domain nor directory sync. `domains` are the tenant's own domains.
 */
export function adminGatePolicy(tenant: AdminPolicyTenant, domains: readonly Domain[], now: Date): AdminGatePolicy {
  const trial = trialState(tenant.trialStart, now);
  const custom = customDomains(domains);
  const reasons: PolicyReason[] = [];

  const onlyInitialDomainNoSync = custom.length === 0 && !tenant.directorySync;
  if (trial.withinFirst30Days && tenant.trialStart !== null) {
    reasons.push(
      policyReason('admin.oneGateTrial30Days', {
        trialStart: tenant.trialStart.toISOString(),
        trialDay: trial.trialDay ?? 0,
        daysLeft: adminOneGateTrialDays - (trial.trialDay ?? 0) + 1,
      }),
    );
  }
  if (onlyInitialDomainNoSync) {
    reasons.push(
      policyReason('admin.oneGateNoCustomDomainNoSync', {
        domains: domains
          .filter((domain) => domain.verified)
          .map((domain) => domain.name)
          .join(', '),
      }),
    );
  }
  const gatesRequired: 1 | 2 = trial.withinFirst30Days || onlyInitialDomainNoSync ? 1 : 2;
  if (gatesRequired === 2) {
    reasons.push(
      policyReason('admin.twoGates', {
        customDomains: custom.map((domain) => domain.name).join(', '),
        directorySync: tenant.directorySync,
        onTrial: trial.onTrial,
        trialDay: trial.trialDay ?? 0,
      }),
    );
  }

  reasons.push(policyReason('admin.noSecurityQuestions'));

  const refuseVoice = trial.onTrial || tenant.plan === 'free';
  reasons.push(
    policyReason(refuseVoice ? 'admin.noVoiceOnTrialOrFree' : 'admin.voiceCallsAllowed', {
      ...planParams(tenant.plan),
      onTrial: trial.onTrial,
    }),
  );

  const allowedMethods = adminGateMethods.filter((method) => !(refuseVoice && voiceCallMethods.includes(method)));
  return { gatesRequired, allowedMethods, reasons };
}
