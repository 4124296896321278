import type { Plan } from '../../../shared/policy';

/**
 * Every rule that can decide (or pass) a step of spec §3 and §4, with the section it comes from.
 * The code is stable: the UI's "why?" texts and the admin console's "what would happen?" view key on it.
 * No code is a prefix of another, so each maps to one leaf under `eligibility.reason` in the messages.
 */
export const reasonSections = {
  'account.found': '§3.1',
  'account.notFoundOrDisabled': '§3.1',
  'scope.none': '§3.2',
  'scope.all': '§3.2',
  'scope.selected.member': '§3.2',
  'scope.selected.notMember': '§3.2',
  'guest.licensed': '§3.3',
  'guest.noLicense': '§3.3',
  'license.cloudUserAnyPlan': '§3.4',
  'license.syncedWriteback': '§3.4',
  'license.syncedWritebackOff': '§3.4',
  'license.syncedPlanNoWriteback': '§3.4',
  'license.syncedNoDirectorySync': '§3.4',
  'federation.writeback': '§3.5',
  'federation.writebackOff': '§3.5',
  'federation.planNoWriteback': '§3.5',
  'federation.noDirectorySync': '§3.5',
  'user.tenantPolicy': '§3.6',
  'admin.role': '§4',
  'admin.allowedToUseSspr': '§3.6',
  'admin.notAllowedToUseSspr': '§3.6',
  'admin.twoGates': '§4',
  'admin.oneGateTrial30Days': '§4',
  'admin.oneGateNoCustomDomainNoSync': '§4',
  'admin.noSecurityQuestions': '§4',
  'admin.noVoiceOnTrialOrFree': '§4',
  'admin.voiceCallsAllowed': '§4',
  'lockout.none': '§3.7',
  'lockout.inForce': '§3.7',
  'methods.enough': '§3.8',
  'methods.notEnough': '§3.8',
  'unlock.allowed': '§5',
  'unlock.off': '§5',
  'unlock.planNoUnlock': '§5',
} as const;

export type ReasonRule = keyof typeof reasonSections;
export type SpecSection = (typeof reasonSections)[ReasonRule];
export const reasonRules = Object.keys(reasonSections) as ReasonRule[];

/** Plain values only, so a reason crosses IPC as JSON and fills an i18n template as it is. */
export type ReasonParam = string | number | boolean;

export interface PolicyReason<Rule extends ReasonRule = ReasonRule> {
  rule: Rule;
  section: (typeof reasonSections)[Rule];
  params: Readonly<Record<string, ReasonParam>>;
}

export function policyReason<Rule extends ReasonRule>(
  rule: Rule,
  params: Readonly<Record<string, ReasonParam>> = {},
): PolicyReason<Rule> {
  return { rule, section: reasonSections[rule], params };
}

/** The i18n key of a reason's plain-words explanation. */
export function explainReason(rule: ReasonRule): `eligibility.reason.${ReasonRule}` {
  return `eligibility.reason.${rule}`;
}

/** License names as the admin portals print them, for messages that name the plan. */
export const planNames: Record<Plan, string> = {
  free: 'Microsoft Entra ID Free',
  'm365-business-standard': 'Microsoft 365 Business Standard',
  'm365-business-premium': 'Microsoft 365 Business Premium',
  p1: 'Microsoft Entra ID P1',
  p2: 'Microsoft Entra ID P2',
};

export function planParams(plan: Plan): { plan: Plan; planName: string } {
  return { plan, planName: planNames[plan] };
}
