import { z } from 'zod';
import {
  Customization,
  DirectoryRole,
  GateMethod,
  MethodKind,
  PasswordPolicy,
  Plan,
  RiskLevel,
  UserSource,
  ssprPolicyShape,
} from './policy';
import { RuleFailure } from './reset';
import { ResetLink } from './session';

/**
 * The admin console and settings pane (issue 6) as the main process shows it. Everything is
 * decided there: the console is open or not in the main process, no token reaches the renderer,
 * and no secret (a password, a code, an answer, a TOTP secret, the admin credential) is in any of
 * these answers.
 */

/** The local admin credential as typed. Never logged, never echoed back. */
export const AdminCredentialInput = z.string().min(1).max(256);

/** A helpdesk's temporary password as typed; checked under §8 in the main process. Never logged, never echoed back. */
export const TemporaryPasswordInput = z.string().min(1).max(256);

/** The local admin credential needs more than a user's password (spec §8 complexity, and at least this long). */
export const adminCredentialMinLength = 12;
/** The console closes after this long without a call. */
export const adminIdleMinutes = 10;

export const AdminStatus = z.object({
  /** A credential was set (first run sets it). */
  credentialSet: z.boolean(),
  /** The console is open on this device now. */
  open: z.boolean(),
  /** When it closes if nothing is done (ISO); null when closed. */
  closesAt: z.string().nullable(),
  idleMinutes: z.number().int(),
  /** Seconds before the next attempt is allowed after wrong ones; 0 when one may be made now. */
  retryAfterSeconds: z.number().int(),
  /** The app was started as a kiosk: the same guard holds, and nothing else leaves the lock screen. */
  kiosk: z.boolean(),
});
export type AdminStatus = z.infer<typeof AdminStatus>;

export const AdminSetupResult = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), status: AdminStatus }),
  /** The credential breaks a rule: at least 12 characters, §8 complexity, not a banned password. */
  z.object({ ok: z.literal(false), failures: z.array(RuleFailure), minLength: z.number().int() }),
]);
export type AdminSetupResult = z.infer<typeof AdminSetupResult>;

export const AdminOpenResult = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), status: AdminStatus }),
  z.object({
    ok: z.literal(false),
    code: z.enum(['wrongCredential', 'throttled', 'notSetUp']),
    /** Seconds before the next attempt is allowed (0: one may be made now). */
    retryAfterSeconds: z.number().int(),
  }),
]);
export type AdminOpenResult = z.infer<typeof AdminOpenResult>;

/** A rule of spec §2 (or §8) a change would break; nothing was changed. */
export const AdminIssue = z.object({ rule: z.string(), path: z.string(), message: z.string() });
export type AdminIssue = z.infer<typeof AdminIssue>;

/** A reason of spec §3/§4 that decided (or passed) a rule, with its section. */
export const PolicyReasonView = z.object({
  rule: z.string(),
  section: z.string(),
  params: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])),
});
export type PolicyReasonView = z.infer<typeof PolicyReasonView>;

const VaultStateView = z.object({ backend: z.enum(['keychain', 'file']), detail: z.string() });

// ---------------------------------------------------------------------------------------------
// Device tab (spec §1 Device, §9)

/** Where Windows keeps a setting: a registry value and the group policy (or tool) that sets it. */
export const RegistryLocation = z.object({
  /** The group policy or management action, as Windows names it; null when it has none. */
  policy: z.string().nullable(),
  /** The registry key; null when the setting is not a registry value (lost mode, a remote session). */
  path: z.string().nullable(),
  valueName: z.string().nullable(),
});

export const DeviceSettingView = z.object({
  /** The field of the device settings (and of `admin.device.set`'s patch). */
  field: z.string(),
  /** The setting's current value as the form edits it. */
  value: z.union([z.boolean(), z.string(), z.number(), z.null()]),
  /** What the registry would hold for it, e.g. 1, 3, `explorer.exe`; null when not set. */
  registryData: z.union([z.string(), z.number(), z.null()]),
  location: RegistryLocation,
  /** The §9 reason it hides the "Reset password" link when active (null for settings that never do). */
  blocker: z.string().nullable(),
  /** It hides the link now. */
  active: z.boolean(),
});
export type DeviceSettingView = z.infer<typeof DeviceSettingView>;

export const AdminDevice = z.object({
  deviceId: z.string(),
  name: z.string(),
  /** HKLM\SOFTWARE\Policies\Microsoft\AzureADAccount\AllowPasswordReset, 0 or 1. */
  allowPasswordReset: DeviceSettingView,
  joinType: z.enum(['entra-joined', 'hybrid-joined', 'workgroup']),
  osVersion: z.string(),
  osOlderThan1803: z.boolean(),
  /** A hybrid-joined device's line of sight to a domain controller (§9: shown, not hidden). */
  domainControllerReachable: z.boolean(),
  /** Every interfering setting of §9, in its order. */
  interfering: z.array(DeviceSettingView),
  kioskOptions: z.object({
    alwaysShowResetLink: z.boolean(),
    fullscreen: z.boolean(),
    trainingPanel: z.boolean(),
    captcha: z.boolean(),
  }),
  /** The app was started with --kiosk: full screen and no training panel whatever the options say. */
  launchedAsKiosk: z.boolean(),
  lastUserUpn: z.string().nullable(),
  resetLink: ResetLink,
  /** Where the app's secrets sit: the OS keychain or the 0600 fallback file. */
  vault: VaultStateView,
});
export type AdminDevice = z.infer<typeof AdminDevice>;

/** Each field as the device settings name it; values are checked by the store's own schema. */
const DevicePatchValue = z.union([z.boolean(), z.string().max(256), z.number(), z.null()]);

// ---------------------------------------------------------------------------------------------
// Tenant tabs (spec §2, §8)

const TenantId = z.number().int().positive();
const UserId = z.number().int().positive();
const GroupId = z.number().int().positive();

/** The fields of the SSPR policy; a patch takes each without its default, so it names only what it changes. */
const field = ssprPolicyShape;

const ssprTabs = {
  properties: ['enabledFor', 'selectedGroupId'],
  authenticationMethods: [
    'methodsAllowed',
    'methodsRequiredToReset',
    'questionsRequiredToRegister',
    'questionsRequiredToReset',
    'useBuiltInQuestions',
    'customQuestions',
  ],
  registration: ['requireRegistration', 'methodsRequiredToRegister', 'reconfirmDays', 'registrationGraceDays'],
  notifications: ['notifyUsersOnReset', 'notifyAdminsOnAdminReset'],
  onPremises: ['writeback', 'allowUnlock', 'writebackAgent'],
  protection: ['lockoutThreshold', 'lockoutWindowMinutes', 'lockoutMinutes', 'codeValidityMinutes'],
} as const satisfies Record<string, readonly (keyof typeof ssprPolicyShape)[]>;

export type SsprTab = keyof typeof ssprTabs;
/** Which SSPR policy fields each of the admin's tabs holds (spec §2). */
export const ssprTabFields: Readonly<Record<SsprTab, readonly string[]>> = ssprTabs;

export const tenantTabs = [
  'properties',
  'authenticationMethods',
  'registration',
  'notifications',
  'customization',
  'onPremises',
  'protection',
  'administrators',
  'licensing',
  'passwordPolicy',
] as const;
export const TenantTab = z.enum(tenantTabs);
export type TenantTab = z.infer<typeof TenantTab>;

const PropertiesPatch = z
  .object({
    enabledFor: field.enabledFor.unwrap().optional(),
    selectedGroupId: field.selectedGroupId.unwrap().optional(),
  })
  .strict();
const AuthenticationMethodsPatch = z
  .object({
    methodsAllowed: field.methodsAllowed.unwrap().optional(),
    methodsRequiredToReset: field.methodsRequiredToReset.unwrap().optional(),
    questionsRequiredToRegister: field.questionsRequiredToRegister.unwrap().optional(),
    questionsRequiredToReset: field.questionsRequiredToReset.unwrap().optional(),
    useBuiltInQuestions: field.useBuiltInQuestions.unwrap().optional(),
    customQuestions: field.customQuestions.unwrap().optional(),
  })
  .strict();
const RegistrationPatch = z
  .object({
    requireRegistration: field.requireRegistration.unwrap().optional(),
    methodsRequiredToRegister: field.methodsRequiredToRegister.unwrap().optional(),
    reconfirmDays: field.reconfirmDays.unwrap().optional(),
    registrationGraceDays: field.registrationGraceDays.unwrap().optional(),
  })
  .strict();
const NotificationsPatch = z
  .object({
    notifyUsersOnReset: field.notifyUsersOnReset.unwrap().optional(),
    notifyAdminsOnAdminReset: field.notifyAdminsOnAdminReset.unwrap().optional(),
  })
  .strict();
const OnPremisesPatch = z
  .object({
    writeback: field.writeback.unwrap().optional(),
    allowUnlock: field.allowUnlock.unwrap().optional(),
    writebackAgent: field.writebackAgent.unwrap().optional(),
  })
  .strict();
const ProtectionPatch = z
  .object({
    lockoutThreshold: field.lockoutThreshold.unwrap().optional(),
    lockoutWindowMinutes: field.lockoutWindowMinutes.unwrap().optional(),
    lockoutMinutes: field.lockoutMinutes.unwrap().optional(),
    codeValidityMinutes: field.codeValidityMinutes.unwrap().optional(),
  })
  .strict();
const CustomizationPatch = z
  .object({
    helpdeskLink: Customization.shape.helpdeskLink.unwrap().optional(),
    helpdeskText: Customization.shape.helpdeskText.unwrap().optional(),
    logoText: Customization.shape.logoText.unwrap().optional(),
    accentColor: Customization.shape.accentColor.unwrap().optional(),
    backgroundColor: Customization.shape.backgroundColor.unwrap().optional(),
  })
  .strict();
const AdministratorsPatch = z.object({ allowedToUseSspr: z.boolean().optional() }).strict();
const LicensingPatch = z
  .object({
    plan: Plan.optional(),
    /** ISO time of the trial's start, or null for no trial. */
    trialStart: z.iso.datetime({ offset: true }).nullable().optional(),
    directorySync: z.boolean().optional(),
  })
  .strict();
const PasswordPolicyPatch = z
  .object({
    minLength: PasswordPolicy.shape.minLength.unwrap().optional(),
    historyCount: PasswordPolicy.shape.historyCount.unwrap().optional(),
    expiryDays: PasswordPolicy.shape.expiryDays.unwrap().optional(),
    /** The custom banned list (§8): checked with its own rules when saved (4 to 16 characters, up to 1000). */
    bannedTerms: z.array(z.string().max(64)).max(2000).optional(),
  })
  .strict();

/** One tab's partial patch: only the fields named change. */
export const TenantChange = z.discriminatedUnion('tab', [
  z.object({ tab: z.literal('properties'), patch: PropertiesPatch }).strict(),
  z.object({ tab: z.literal('authenticationMethods'), patch: AuthenticationMethodsPatch }).strict(),
  z.object({ tab: z.literal('registration'), patch: RegistrationPatch }).strict(),
  z.object({ tab: z.literal('notifications'), patch: NotificationsPatch }).strict(),
  z.object({ tab: z.literal('customization'), patch: CustomizationPatch }).strict(),
  z.object({ tab: z.literal('onPremises'), patch: OnPremisesPatch }).strict(),
  z.object({ tab: z.literal('protection'), patch: ProtectionPatch }).strict(),
  z.object({ tab: z.literal('administrators'), patch: AdministratorsPatch }).strict(),
  z.object({ tab: z.literal('licensing'), patch: LicensingPatch }).strict(),
  z.object({ tab: z.literal('passwordPolicy'), patch: PasswordPolicyPatch }).strict(),
]);
export type TenantChange = z.infer<typeof TenantChange>;

export const TenantSummary = z.object({
  id: z.number().int(),
  name: z.string(),
  initialDomain: z.string().nullable(),
  plan: Plan,
  users: z.number().int(),
});
export type TenantSummary = z.infer<typeof TenantSummary>;

const GroupRef = z.object({ id: z.number().int(), name: z.string() });

export const AdminTenant = z.object({
  id: z.number().int(),
  name: z.string(),
  createdAt: z.string(),
  properties: z.object({
    enabledFor: z.enum(['none', 'selected', 'all']),
    selectedGroupId: z.number().int().nullable(),
    selectedGroupName: z.string().nullable(),
    /** The groups the pilot group may be chosen from. */
    groups: z.array(GroupRef),
  }),
  authenticationMethods: z.object({
    methodsAllowed: z.array(GateMethod),
    methodsRequiredToReset: z.number().int(),
    questionsRequiredToRegister: z.number().int(),
    questionsRequiredToReset: z.number().int(),
    useBuiltInQuestions: z.boolean(),
    customQuestions: z.array(z.string()),
    builtInQuestions: z.array(z.string()),
  }),
  registration: z.object({
    requireRegistration: z.boolean(),
    methodsRequiredToRegister: z.number().int(),
    reconfirmDays: z.number().int(),
    registrationGraceDays: z.number().int(),
  }),
  notifications: z.object({ notifyUsersOnReset: z.boolean(), notifyAdminsOnAdminReset: z.boolean() }),
  customization: z.object({
    helpdeskLink: z.string().nullable(),
    /** The link as the lock screen uses it: an address becomes `mailto:`. */
    helpdeskHref: z.string().nullable(),
    helpdeskText: z.string().nullable(),
    logoText: z.string(),
    accentColor: z.string(),
    backgroundColor: z.string(),
  }),
  onPremises: z.object({
    writeback: z.boolean(),
    allowUnlock: z.boolean(),
    writebackAgent: z.enum(['connected', 'down']),
    directorySync: z.boolean(),
    /** The tenant's plan allows writeback and unlock (§3.4). */
    planAllowsWriteback: z.boolean(),
    /** The on-premises directory behind the agent (e.g. CONTOSO.LOCAL) and whether a write could go through now. */
    directoryName: z.string().nullable(),
    writable: z.boolean(),
    agentMessage: z.string(),
  }),
  protection: z.object({
    lockoutThreshold: z.number().int(),
    lockoutWindowMinutes: z.number().int(),
    lockoutMinutes: z.number().int(),
    codeValidityMinutes: z.number().int(),
  }),
  administrators: z.object({
    allowedToUseSspr: z.boolean(),
    /** Users holding a §4 role. */
    administrators: z.number().int(),
    /** The built-in administrator policy of §4 as it applies today, with every rule that decides it. */
    gatesRequired: z.number().int(),
    allowedMethods: z.array(GateMethod),
    reasons: z.array(PolicyReasonView),
  }),
  licensing: z.object({
    plan: Plan,
    planName: z.string(),
    trialStart: z.string().nullable(),
    onTrial: z.boolean(),
    trialDay: z.number().int().nullable(),
    directorySync: z.boolean(),
    domains: z.array(z.object({ name: z.string(), kind: z.enum(['initial', 'custom']), verified: z.boolean() })),
  }),
  passwordPolicy: z.object({
    minLength: z.number().int(),
    historyCount: z.number().int(),
    expiryDays: z.number().int(),
    bannedTerms: z.array(z.string()),
  }),
});
export type AdminTenant = z.infer<typeof AdminTenant>;

export const TenantChangeResult = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), tenant: AdminTenant }),
  /** Every rule the change would break; nothing was changed. */
  z.object({ ok: z.literal(false), issues: z.array(AdminIssue) }),
]);
export type TenantChangeResult = z.infer<typeof TenantChangeResult>;

/** A custom domain as typed: lowercase letters, digits, dots and hyphens. */
export const DomainName = z
  .string()
  .trim()
  .toLowerCase()
  .min(4)
  .max(253)
  .regex(
    /^(?=.{4,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/,
    'must be a domain name like contoso.com',
  );

// ---------------------------------------------------------------------------------------------
// Users and groups

/** A tri-state filter: true = only those that are, false = only those that are not, absent = all. */
const Filter = z.boolean().optional();

export const UserSearchRequest = z
  .object({
    tenantId: TenantId,
    /** Words matched as prefixes of the UPN's, display name's, given name's and surname's words. */
    text: z.string().max(128).optional(),
    /** Holds at least one registered method. */
    registered: Filter,
    /** Capable of reset: in SSPR's scope, licensed, and enough usable methods (§3 rules 1–6 and 8). */
    capable: Filter,
    /** Holds a §4 administrator role. */
    admin: Filter,
    /** Mastered on-premises (synced or federated). */
    synced: Filter,
    offset: z.number().int().min(0).max(10_000_000).default(0),
    limit: z.number().int().min(1).max(500).default(50),
  })
  .strict();
export type UserSearchRequest = z.input<typeof UserSearchRequest>;

export const UserRow = z.object({
  id: z.number().int(),
  upn: z.string(),
  displayName: z.string(),
  enabled: z.boolean(),
  source: UserSource,
  guest: z.boolean(),
  admin: z.boolean(),
  methodKinds: z.array(MethodKind),
  capable: z.boolean(),
  /** What stops the user when not capable (a §3 outcome), else null. */
  notCapableBecause: z.string().nullable(),
});
export type UserRow = z.infer<typeof UserRow>;

export const UserPage = z.object({ total: z.number().int(), offset: z.number().int(), users: z.array(UserRow) });
export type UserPage = z.infer<typeof UserPage>;

export const MethodDisplay = z.object({
  methodId: z.number().int(),
  kind: MethodKind,
  /** The address or number (with extension), the authenticator's device name, or the number of questions. */
  display: z.string(),
  registeredAt: z.string(),
  /** The reset gates it can serve under the policy that applies to the user. */
  usableFor: z.array(GateMethod),
});

export const AdminUser = z.object({
  id: z.number().int(),
  tenantId: z.number().int(),
  tenantName: z.string(),
  upn: z.string(),
  displayName: z.string(),
  givenName: z.string().nullable(),
  surname: z.string().nullable(),
  enabled: z.boolean(),
  source: UserSource,
  guest: z.boolean(),
  license: Plan.nullable(),
  /** The license that decides (a user without one gets what `free` allows). */
  effectivePlan: Plan,
  roles: z.array(z.string()),
  admin: z.boolean(),
  groups: z.array(GroupRef),
  risk: RiskLevel,
  passwordLastSet: z.string(),
  passwordExpiresAt: z.string().nullable(),
  mustChange: z.boolean(),
  lockouts: z.object({
    cloud: z.object({ locked: z.boolean(), until: z.string().nullable(), failedSignIns: z.number().int() }),
    onPremises: z.object({ locked: z.boolean(), until: z.string().nullable(), failedSignIns: z.number().int() }),
    sspr: z.object({ blocked: z.boolean(), until: z.string().nullable() }),
  }),
  registration: z.object({ confirmedAt: z.string().nullable(), firstPromptedAt: z.string().nullable() }),
  methods: z.array(MethodDisplay),
  capable: z.boolean(),
  notCapableBecause: z.string().nullable(),
  note: z.string().nullable(),
});
export type AdminUser = z.infer<typeof AdminUser>;

export const HelpdeskResetResult = z.discriminatedUnion('ok', [
  z.object({
    ok: z.literal(true),
    user: AdminUser,
    /** Written to the on-premises directory too. */ wroteBack: z.boolean(),
  }),
  z.object({
    ok: z.literal(false),
    code: z.enum(['passwordRefused', 'writebackFailed']),
    failures: z.array(RuleFailure),
    /** Why the directory refused (agentDown, passwordRefused, notAllowed…); null otherwise. */
    reason: z.string().nullable(),
    message: z.string(),
  }),
]);
export type HelpdeskResetResult = z.infer<typeof HelpdeskResetResult>;

export const HelpdeskResult = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), user: AdminUser }),
  z.object({ ok: z.literal(false), code: z.string(), message: z.string() }),
]);
export type HelpdeskResult = z.infer<typeof HelpdeskResult>;

export const PreRegistrationInput = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('email'), address: z.string().trim().min(3).max(254) }).strict(),
  z.object({ kind: z.literal('mobilePhone'), phoneNumber: z.string().trim().min(3).max(32) }).strict(),
  z
    .object({
      kind: z.literal('officePhone'),
      phoneNumber: z.string().trim().min(3).max(32),
      extension: z.string().trim().max(10).optional(),
    })
    .strict(),
]);

export const AdminUserAction = z.discriminatedUnion('action', [
  z.object({ action: z.literal('unlock') }).strict(),
  z.object({ action: z.literal('revokeMethod'), methodId: z.number().int().positive() }).strict(),
  z.object({ action: z.literal('revokeAllMethods') }).strict(),
  z.object({ action: z.literal('preRegister'), method: PreRegistrationInput }).strict(),
  z.object({ action: z.literal('setRisk'), risk: RiskLevel }).strict(),
  z.object({ action: z.literal('setEnabled'), enabled: z.boolean() }).strict(),
  z.object({ action: z.literal('addRole'), role: DirectoryRole }).strict(),
  z.object({ action: z.literal('removeRole'), role: DirectoryRole }).strict(),
  z.object({ action: z.literal('setLicense'), license: Plan.nullable() }).strict(),
]);
export type AdminUserAction = z.infer<typeof AdminUserAction>;

export const GroupView = z.object({
  id: z.number().int(),
  tenantId: z.number().int(),
  name: z.string(),
  description: z.string().nullable(),
  members: z.number().int(),
  /** The Properties tab's selected group (SSPR's pilot group). */
  ssprGroup: z.boolean(),
});
export type GroupView = z.infer<typeof GroupView>;

/** No control character (SQLite's length() stops at a NUL) and no lone surrogate (it would be stored as U+FFFD). */
const plainText = [/^[^\p{Cc}\p{Cs}]*$/u, 'must not contain control characters'] as const;
export const GroupName = z
  .string()
  .trim()
  .min(1)
  .max(256)
  .regex(...plainText);
export const GroupDescription = z
  .string()
  .trim()
  .max(1024)
  .regex(...plainText)
  .nullable();

export const GroupMembersPage = z.object({
  total: z.number().int(),
  offset: z.number().int(),
  members: z.array(z.object({ userId: z.number().int(), upn: z.string(), displayName: z.string() })),
});

// ---------------------------------------------------------------------------------------------
// Audit log (spec §10)

export const AuditFilters = z
  .object({
    tenantId: TenantId.optional(),
    /** ISO times; `since` inclusive, `until` exclusive. */
    since: z.iso.datetime({ offset: true }).optional(),
    until: z.iso.datetime({ offset: true }).optional(),
    /** The target user's UPN, exactly (case-insensitive). */
    upn: z.string().trim().min(1).max(256).optional(),
    activity: z
      .string()
      .regex(/^[A-Za-z]{1,64}$/, 'must be an activity name')
      .optional(),
    result: z.enum(['success', 'failure']).optional(),
  })
  .strict();
export type AuditFilters = z.infer<typeof AuditFilters>;

export const AuditEventView = z.object({
  id: z.number().int(),
  at: z.string(),
  tenantId: z.number().int().nullable(),
  actor: z.string(),
  targetUserId: z.number().int().nullable(),
  targetUpn: z.string().nullable(),
  activity: z.string(),
  result: z.enum(['success', 'failure']),
  reason: z.string().nullable(),
  method: z.string().nullable(),
  flowId: z.string().nullable(),
  deviceId: z.string().nullable(),
  details: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])),
});
export type AuditEventView = z.infer<typeof AuditEventView>;

export const AuditPage = z.object({
  total: z.number().int(),
  offset: z.number().int(),
  events: z.array(AuditEventView),
  /** Every activity the log knows, for the filter's list. */
  activities: z.array(z.string()),
});

export const AuditExport = z.object({
  fileName: z.string(),
  mimeType: z.string(),
  /** The whole file as text, for the renderer to save. */
  content: z.string(),
  events: z.number().int(),
  /** More events matched than one export holds (the newest were kept). */
  truncated: z.boolean(),
});

export const AuditRetention = z.object({
  days: z.number().int(),
  /** Events deleted by this change (0 when reading). */
  purged: z.number().int(),
  events: z.number().int(),
  oldestEventAt: z.string().nullable(),
});
export const auditRetentionLimits = { min: 1, max: 3650 } as const;

/**
 * What verifying the audit log's hash chain found (issue 7): intact, or the first broken link. The
 * kinds: no chain yet (an older database), the vault's key missing or not the one that sealed the
 * log, the chain's anchor/head record altered, an event sealed with an earlier key, an event edited,
 * events missing (deleted) before one, events reordered, an event inserted, the newest events missing.
 */
export const auditChainProblems = [
  'noChain',
  'notSealed',
  'keyMissing',
  'keyMismatch',
  'stateAltered',
  'earlierKey',
  'edited',
  'missing',
  'reordered',
  'inserted',
  'truncated',
] as const;
export const AuditChainProblem = z.enum(auditChainProblems);
export type AuditChainProblem = z.infer<typeof AuditChainProblem>;

export const AuditChainReport = z.object({
  intact: z.boolean(),
  /** Events in the log now. */
  events: z.number().int(),
  /** Events checked in chain order and found sound before the first broken link (all of them when intact). */
  verified: z.number().int(),
  /** The place in the chain up to which retention has pruned (0 when nothing was pruned). */
  prunedThrough: z.number().int(),
  problem: z
    .object({
      kind: AuditChainProblem,
      /** The first broken event; null when the key, the state or the newest events are at fault. */
      row: z
        .object({ id: z.number().int(), seq: z.number().int().nullable(), at: z.string(), activity: z.string() })
        .nullable(),
      /** The place in the chain that was due next. */
      expectedSeq: z.number().int().nullable(),
      /** For events missing: how many. */
      missingCount: z.number().int().nullable(),
      /** The finding in plain English, for the command line and the log. */
      message: z.string(),
    })
    .nullable(),
});
export type AuditChainReport = z.infer<typeof AuditChainReport>;

// ---------------------------------------------------------------------------------------------
// Reports (spec §10)

const Count = z.number().int();

export const RegistrationReport = z.object({
  tenantId: z.number().int(),
  users: Count,
  registered: Count,
  nothingRegistered: Count,
  capable: Count,
  /** Users holding at least one registration of each kind. */
  byKind: z.array(z.object({ kind: MethodKind, users: Count })),
  /** The per-user table, paged, with the same filters as the user list. */
  page: UserPage,
});
export type RegistrationReport = z.infer<typeof RegistrationReport>;

export const UsageReport = z.object({
  tenantId: z.number().int(),
  since: z.string(),
  until: z.string(),
  /** Completed resets and unlocks by the methods whose gates they passed. */
  byMethod: z.array(z.object({ method: z.string(), resets: Count, unlocks: Count })),
  byDay: z.array(z.object({ day: z.string(), resets: Count, unlocks: Count, failures: Count })),
  /** Failures by activity and reason (wrong code, stopped by eligibility, writeback refused…). */
  failuresByReason: z.array(z.object({ activity: z.string(), reason: z.string(), count: Count })),
  /** Users whose SSPR was blocked (§6) in the range. */
  blockedUsers: z.array(
    z.object({ userId: z.number().int().nullable(), upn: z.string(), blocks: Count, lastAt: z.string() }),
  ),
  /** Users who tried SSPR and were stopped holding no registered method at all. */
  triedWithNothingRegistered: z.array(
    z.object({ userId: z.number().int().nullable(), upn: z.string(), attempts: Count, lastAt: z.string() }),
  ),
  totals: z.object({ resets: Count, unlocks: Count, failures: Count }),
});
export type UsageReport = z.infer<typeof UsageReport>;

// ---------------------------------------------------------------------------------------------
// "What would happen?"

export const WhatIf = z.object({
  upn: z.string(),
  /** For the admin only: whether the account exists and is enabled (the lock screen never says). */
  account: z.enum(['found', 'notFound', 'disabled']),
  tenantName: z.string().nullable(),
  eligible: z.boolean(),
  /** The §3 outcome that stops the user; null when eligible. */
  outcome: z.string().nullable(),
  until: z.string().nullable(),
  /** Every rule evaluated, in order, with its reason code and section. */
  reasons: z.array(PolicyReasonView),
  admin: z.boolean(),
  gatesRequired: z.number().int(),
  /** The gate methods the user could choose, with the registration each draws on. */
  methods: z.array(z.object({ gateMethod: GateMethod, methodId: z.number().int(), display: z.string() })),
  canUnlock: z.boolean(),
  /** The wizard's steps in order, as the user would meet them. */
  steps: z.array(z.enum(['identify', 'chooseAction', 'verify1', 'verify2', 'newPassword', 'stopped'])),
  captchaRequired: z.boolean(),
  writeback: z.object({
    /** The new password goes to the on-premises directory (a synced or federated user). */
    applies: z.boolean(),
    /** The tenant's directory connector: the simulated directory, or its LDAP server (issue 9). */
    connector: z.enum(['simulated', 'ldap']).nullable(),
    directoryName: z.string().nullable(),
    /** Where the new password is written: the LDAP URL and base DN, or the simulated directory's name. */
    target: z.string().nullable(),
    agent: z.enum(['connected', 'down']).nullable(),
    writable: z.boolean(),
    /** The connector's own words on its health now (e.g. why LDAP did not answer). */
    message: z.string().nullable(),
  }),
  /** §9: whether this device shows the link at all, and what hides it. */
  resetLink: ResetLink,
});
export type WhatIf = z.infer<typeof WhatIf>;

/** Requests of the `admin.*` rows that take more than an id (the rows themselves are in shared/contract.ts). */
export const adminRequests = {
  credential: z.object({ credential: AdminCredentialInput }).strict(),
  devicePatch: z.object({ patch: z.record(z.string().max(64), DevicePatchValue) }).strict(),
  tenant: z.object({ tenantId: TenantId }).strict(),
  tenantChange: z.object({ tenantId: TenantId, change: TenantChange }).strict(),
  domain: z.object({ tenantId: TenantId, name: DomainName }).strict(),
  user: z.object({ userId: UserId }).strict(),
  helpdeskReset: z.object({ userId: UserId, temporaryPassword: TemporaryPasswordInput }).strict(),
  userAction: z.object({ userId: UserId, change: AdminUserAction }).strict(),
  groupCreate: z.object({ tenantId: TenantId, name: GroupName, description: GroupDescription.optional() }).strict(),
  groupUpdate: z
    .object({ groupId: GroupId, name: GroupName.optional(), description: GroupDescription.optional() })
    .strict(),
  group: z.object({ groupId: GroupId }).strict(),
  groupMembers: z
    .object({
      groupId: GroupId,
      offset: z.number().int().min(0).max(10_000_000).default(0),
      limit: z.number().int().min(1).max(500).default(100),
    })
    .strict(),
  membership: z.object({ groupId: GroupId, userId: UserId }).strict(),
  auditQuery: z
    .object({
      filters: AuditFilters.default({}),
      offset: z.number().int().min(0).max(10_000_000).default(0),
      limit: z.number().int().min(1).max(500).default(100),
    })
    .strict(),
  auditExport: z.object({ format: z.enum(['jsonl', 'csv']), filters: AuditFilters.default({}) }).strict(),
  retention: z.object({ days: z.number().int().min(auditRetentionLimits.min).max(auditRetentionLimits.max) }).strict(),
  registrationReport: z
    .object({
      tenantId: TenantId,
      capable: Filter,
      registered: Filter,
      offset: z.number().int().min(0).max(10_000_000).default(0),
      limit: z.number().int().min(1).max(500).default(50),
    })
    .strict(),
  usageReport: z
    .object({ tenantId: TenantId, since: z.iso.datetime({ offset: true }), until: z.iso.datetime({ offset: true }) })
    .strict(),
} as const;
