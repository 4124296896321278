import { z } from 'zod';

/** License plans a tenant (and a user) may hold (spec §1). */
export const plans = ['free', 'm365-business-standard', 'm365-business-premium', 'p1', 'p2'] as const;
export const Plan = z.enum(plans);
export type Plan = z.infer<typeof Plan>;

/** What each plan allows (spec §3.4, §7); a user without a license falls back to `free`. */
export const planFeatures: Record<Plan, { writeback: boolean; unlock: boolean; riskBasedReset: boolean }> = {
  free: { writeback: false, unlock: false, riskBasedReset: false },
  'm365-business-standard': { writeback: false, unlock: false, riskBasedReset: false },
  'm365-business-premium': { writeback: true, unlock: true, riskBasedReset: false },
  p1: { writeback: true, unlock: true, riskBasedReset: false },
  p2: { writeback: true, unlock: true, riskBasedReset: true },
};

/** The kinds of authentication method a user registers (spec §1). */
export const methodKinds = ['email', 'mobilePhone', 'officePhone', 'authenticatorApp', 'securityQuestions'] as const;
export const MethodKind = z.enum(methodKinds);
export type MethodKind = z.infer<typeof MethodKind>;

/** The ways a gate can be passed: phone and app registrations split by how they are used (spec §2). */
export const gateMethods = [
  'email',
  'mobileSms',
  'mobileCall',
  'officeCall',
  'appCode',
  'appNotification',
  'securityQuestions',
] as const;
export const GateMethod = z.enum(gateMethods);
export type GateMethod = z.infer<typeof GateMethod>;

/** Which registration each gate method draws on. */
export const gateMethodKind: Record<GateMethod, MethodKind> = {
  email: 'email',
  mobileSms: 'mobilePhone',
  mobileCall: 'mobilePhone',
  officeCall: 'officePhone',
  appCode: 'authenticatorApp',
  appNotification: 'authenticatorApp',
  securityQuestions: 'securityQuestions',
};

/** Gate methods an administrator may use, whatever the tenant allows: never security questions (spec §4). */
export const adminGateMethods = [
  'email',
  'mobileSms',
  'mobileCall',
  'officeCall',
  'appCode',
  'appNotification',
] as const satisfies readonly GateMethod[];

/** Holders of any of these roles are administrators for SSPR and face the two-gate policy (spec §4). */
export const adminRoles = [
  'Application Administrator',
  'Authentication Administrator',
  'Billing Administrator',
  'Compliance Administrator',
  'Cloud Device Administrator',
  'Directory Synchronization Accounts',
  'Directory Writers',
  'Dynamics 365 Administrator',
  'Exchange Administrator',
  'Global Administrator',
  'Helpdesk Administrator',
  'Intune Administrator',
  'Entra Joined Device Local Administrator',
  'Partner Tier1 Support',
  'Partner Tier2 Support',
  'Password Administrator',
  'Power Platform Administrator',
  'Privileged Authentication Administrator',
  'Privileged Role Administrator',
  'Security Administrator',
  'Service Support Administrator',
  'SharePoint Administrator',
  'Skype for Business Administrator',
  'Teams Administrator',
  'Teams Communications Administrator',
  'Teams Devices Administrator',
  'User Administrator',
] as const;
export type AdminRole = (typeof adminRoles)[number];

/** Roles that do not make their holder an administrator for SSPR, so a scenario can show the difference. */
export const nonAdminRoles = ['Reports Reader', 'Message Center Reader', 'Guest Inviter', 'Directory Readers'] as const;

export const directoryRoles = [...adminRoles, ...nonAdminRoles] as const;
export const DirectoryRole = z.enum(directoryRoles);
export type DirectoryRole = z.infer<typeof DirectoryRole>;

export function isAdminRole(role: string): role is AdminRole {
  return (adminRoles as readonly string[]).includes(role);
}

export const userSources = ['cloud', 'synced', 'federated'] as const;
export const UserSource = z.enum(userSources);
export type UserSource = z.infer<typeof UserSource>;

export const riskLevels = ['none', 'low', 'medium', 'high'] as const;
export const RiskLevel = z.enum(riskLevels);
export type RiskLevel = z.infer<typeof RiskLevel>;

export const ssprScopes = ['none', 'selected', 'all'] as const;
export const SsprScope = z.enum(ssprScopes);
export type SsprScope = z.infer<typeof SsprScope>;

export const writebackAgentStates = ['connected', 'down'] as const;

/** The built-in question bank, in this app's own words; tenants may add custom questions (spec §2). */
export const builtInSecurityQuestions = [
  'What was the name of your first pet?',
  'In what town or city did your parents first meet?',
  'What was the surname of your favourite teacher at primary school?',
  'What was the make and model of the first car you owned?',
  'What is the middle name of your oldest cousin?',
  'What was the name of the street you lived on at age ten?',
  'What was the first concert you went to?',
  'What was the name of your childhood best friend?',
  'In what city was your first full-time job?',
  'What was your favourite dish as a child?',
  'What was the title of the first book you loved?',
  'What was the name of your first school?',
  'What is the name of the hospital where you were born?',
  'Which sports team did you support as a child?',
  'What was the name of your first manager?',
  'What was your childhood nickname?',
  'Where did you go on your first holiday without your family?',
  'What is the first name of your oldest niece or nephew?',
  'What was the name of the first band or singer you liked?',
  'What was the destination of your first flight?',
] as const;

const customQuestion = z.string().trim().min(1).max(200);

/** The fields of the admin's "Password reset" tabs, each with the default of the spec §2 table. */
export const ssprPolicyShape = {
  /** Properties: who may use SSPR; `selected` means the direct members of one security group. */
  enabledFor: SsprScope.default('none'),
  selectedGroupId: z.int().positive().nullable().default(null),
  /** Authentication methods. */
  methodsAllowed: z
    .array(GateMethod)
    .min(1)
    .refine((methods) => new Set(methods).size === methods.length, 'each method may be listed once')
    .default((): GateMethod[] => ['email', 'mobileSms', 'appCode', 'appNotification']),
  methodsRequiredToReset: z.int().min(1).max(2).default(1),
  questionsRequiredToRegister: z.int().min(3).max(5).default(3),
  questionsRequiredToReset: z.int().min(3).max(5).default(3),
  useBuiltInQuestions: z.boolean().default(true),
  customQuestions: z
    .array(customQuestion)
    .max(100)
    .default(() => []),
  /** Registration. */
  requireRegistration: z.boolean().default(true),
  methodsRequiredToRegister: z.int().min(1).max(3).default(2),
  reconfirmDays: z.int().min(0).max(730).default(180),
  registrationGraceDays: z.int().min(0).max(30).default(14),
  /** Notifications. */
  notifyUsersOnReset: z.boolean().default(true),
  notifyAdminsOnAdminReset: z.boolean().default(true),
  /** On-premises integration. */
  writeback: z.boolean().default(false),
  allowUnlock: z.boolean().default(false),
  writebackAgent: z.enum(writebackAgentStates).default('connected'),
  /** Protection (spec §6): failures within the window block SSPR for the lockout length. */
  lockoutThreshold: z.int().min(1).max(100).default(10),
  lockoutWindowMinutes: z.int().min(1).max(1440).default(30),
  lockoutMinutes: z.int().min(1).max(10080).default(60),
  codeValidityMinutes: z.int().min(1).max(60).default(5),
};

export interface PolicyIssue {
  rule: string;
  message: string;
  path: string;
}

type SsprPolicyFields = z.output<z.ZodObject<typeof ssprPolicyShape>>;

/** The cross-field rules of spec §2 that need nothing but the policy itself. */
export function ssprPolicyIssues(policy: SsprPolicyFields): PolicyIssue[] {
  const issues: PolicyIssue[] = [];
  if (policy.questionsRequiredToReset > policy.questionsRequiredToRegister) {
    issues.push({
      rule: 'questionsToResetWithinRegister',
      path: 'questionsRequiredToReset',
      message: `Security questions required to reset (${policy.questionsRequiredToReset}) cannot be more than security questions required to register (${policy.questionsRequiredToRegister}).`,
    });
  }
  if (policy.methodsRequiredToRegister < policy.methodsRequiredToReset) {
    issues.push({
      rule: 'methodsToRegisterAtLeastReset',
      path: 'methodsRequiredToRegister',
      message: `Methods required to register (${policy.methodsRequiredToRegister}) cannot be fewer than methods required to reset (${policy.methodsRequiredToReset}).`,
    });
  }
  if (policy.enabledFor === 'selected' && policy.selectedGroupId === null) {
    issues.push({
      rule: 'selectedScopeNeedsGroup',
      path: 'selectedGroupId',
      message: 'SSPR enabled for a selected group needs the group to be chosen.',
    });
  }
  if (policy.allowUnlock && !policy.writeback) {
    issues.push({
      rule: 'unlockNeedsWriteback',
      path: 'allowUnlock',
      message: 'Letting users unlock their account without resetting needs password writeback to be on.',
    });
  }
  const bankSize = (policy.useBuiltInQuestions ? builtInSecurityQuestions.length : 0) + policy.customQuestions.length;
  if (policy.methodsAllowed.includes('securityQuestions') && bankSize < policy.questionsRequiredToRegister) {
    issues.push({
      rule: 'questionBankCoversRegister',
      path: 'customQuestions',
      message: `Security questions are allowed, but the question bank holds ${bankSize} questions, fewer than the ${policy.questionsRequiredToRegister} a user must register.`,
    });
  }
  if (policy.methodsRequiredToReset > policy.methodsAllowed.length) {
    issues.push({
      rule: 'enoughMethodsAllowedToReset',
      path: 'methodsAllowed',
      message: `Resetting needs ${policy.methodsRequiredToReset} different methods, but only ${policy.methodsAllowed.length} is allowed.`,
    });
  }
  return issues;
}

function refusePolicyIssues(issues: PolicyIssue[], ctx: z.RefinementCtx): void {
  for (const issue of issues) {
    ctx.addIssue({ code: 'custom', message: issue.message, path: [issue.path], params: { rule: issue.rule } });
  }
}

/** Only a policy whose every field is valid is checked across fields, so each break is reported once. */
const whenFieldsValid = { when: (payload: { issues: readonly unknown[] }) => payload.issues.length === 0 };

export const SsprPolicy = z.object(ssprPolicyShape).superRefine((policy, ctx) => {
  refusePolicyIssues(ssprPolicyIssues(policy), ctx);
}, whenFieldsValid);
export type SsprPolicy = z.output<typeof SsprPolicy>;
export type SsprPolicyInput = z.input<typeof SsprPolicy>;

export const defaultSsprPolicy: SsprPolicy = SsprPolicy.parse({});

/** Every question a user of this policy may register. */
export function questionBank(policy: Pick<SsprPolicy, 'useBuiltInQuestions' | 'customQuestions'>): string[] {
  return [...(policy.useBuiltInQuestions ? builtInSecurityQuestions : []), ...policy.customQuestions];
}

/** The longest password any policy accepts (spec §8). */
export const passwordMaxLength = 256;

/** The tenant's password policy (spec §8); complexity (3 of 4 classes) is always on and has no setting. */
export const PasswordPolicy = z.object({
  minLength: z.int().min(8).max(passwordMaxLength).default(8),
  historyCount: z.int().min(0).max(24).default(3),
  /** 0 = passwords never expire. */
  expiryDays: z.int().min(0).max(730).default(90),
  bannedTerms: z
    .array(z.string().trim().min(4).max(16))
    .max(1000)
    .default(() => []),
});
export type PasswordPolicy = z.output<typeof PasswordPolicy>;
export type PasswordPolicyInput = z.input<typeof PasswordPolicy>;

export const defaultPasswordPolicy: PasswordPolicy = PasswordPolicy.parse({});

const emailAddress = /^[^\s@<>()[\]\\,;:"]+@[^\s@<>()[\]\\,;:"]+\.[A-Za-z]{2,}$/;
const webAddress = /^https?:\/\/[^\s/?#]+\.[^\s/?#]+(?:[/?#]\S*)?$/i;
const hexColor = z.string().regex(/^#[0-9a-fA-F]{6}$/, 'must be a colour like #0067b8');

/** Branding and the helpdesk contact shown wherever SSPR stops a user (spec §1, §2 Customization). */
export const Customization = z.object({
  helpdeskLink: z
    .string()
    .trim()
    .max(2048)
    .refine((link) => webAddress.test(link) || emailAddress.test(link), 'must be an http(s) URL or an e-mail address')
    .nullable()
    .default(null),
  helpdeskText: z.string().trim().max(500).nullable().default(null),
  logoText: z.string().trim().max(64).default(''),
  accentColor: hexColor.default('#0067b8'),
  backgroundColor: hexColor.default('#004e8c'),
});
export type Customization = z.output<typeof Customization>;
export type CustomizationInput = z.input<typeof Customization>;

/** An e-mail address becomes a `mailto:` link (spec §2). */
export function helpdeskHref(link: string | null): string | null {
  if (link === null) return null;
  return emailAddress.test(link) && !webAddress.test(link) ? `mailto:${link}` : link;
}

/** What a screen shows of a tenant's customization: the logo text (the tenant's name when none) and the colours. */
export const Branding = z.object({
  accentColor: z.string(),
  backgroundColor: z.string(),
  logoText: z.string(),
});
export type Branding = z.infer<typeof Branding>;

/** The helpdesk a screen offers: the link as an href (an address becomes `mailto:`) and the free text. */
export const HelpdeskContact = z.object({ link: z.string().nullable(), text: z.string().nullable() });
export type HelpdeskContact = z.infer<typeof HelpdeskContact>;

/** The one mapping from a tenant's customization to what the lock screen and the reset wizard show. */
export function tenantLook(
  name: string,
  customization: Customization,
): { branding: Branding; helpdesk: HelpdeskContact } {
  return {
    branding: {
      accentColor: customization.accentColor,
      backgroundColor: customization.backgroundColor,
      logoText: customization.logoText || name,
    },
    helpdesk: { link: helpdeskHref(customization.helpdeskLink), text: customization.helpdeskText },
  };
}

/** The facts about a tenant that its policies are checked against. */
export interface TenantPolicyInput {
  plan: Plan;
  directorySync: boolean;
  ssprPolicy: SsprPolicy;
  /** When given, the selected group must be one of these (the tenant's own groups). */
  groupIds?: readonly number[];
}

/** Every rule of spec §2 a tenant's settings break, policy-level and tenant-level; empty when valid. */
export function validateTenantPolicy(tenant: TenantPolicyInput): PolicyIssue[] {
  const { ssprPolicy: policy } = tenant;
  const issues = ssprPolicyIssues(policy);
  if (policy.writeback && !tenant.directorySync) {
    issues.push({
      rule: 'writebackNeedsDirectorySync',
      path: 'writeback',
      message: 'Password writeback needs directory sync to be on for the tenant.',
    });
  }
  if (policy.writeback && !planFeatures[tenant.plan].writeback) {
    issues.push({
      rule: 'writebackNeedsPlan',
      path: 'writeback',
      message: `Password writeback needs Microsoft 365 Business Premium, P1 or P2; the tenant's plan is ${tenant.plan}.`,
    });
  }
  if (
    tenant.groupIds !== undefined &&
    policy.selectedGroupId !== null &&
    !tenant.groupIds.includes(policy.selectedGroupId)
  ) {
    issues.push({
      rule: 'selectedGroupInTenant',
      path: 'selectedGroupId',
      message: 'The group SSPR is enabled for must be a group of this tenant.',
    });
  }
  return issues;
}
