import { z } from 'zod';
import {
  AdminDevice,
  AdminOpenResult,
  AdminSetupResult,
  AdminStatus,
  AdminTenant,
  AdminUser,
  AuditChainReport,
  AuditExport,
  AuditPage,
  AuditRetention,
  GroupMembersPage,
  GroupView,
  HelpdeskResetResult,
  HelpdeskResult,
  RegistrationReport,
  TenantChangeResult,
  TenantSummary,
  UsageReport,
  UserPage,
  UserSearchRequest,
  WhatIf,
  adminRequests,
} from './admin';
import type { Envelope } from './errors';
import { DirectoryConnectorView, MailSettingsView, MailTestResult, connectorRequests } from './connectors';
import { ScenarioLoadResult, ScenarioPackView, scenarioRequests } from './scenarios';
import { Branding, GateMethod, HelpdeskContact } from './policy';
import { FlowView, PasswordFeedback } from './reset';
import { AddMethodRequest, SecurityInfo } from './security-info';
import { ChangePasswordResult, FlowId, ResetLink, Session, SignInResult, UserTile } from './session';
import { TrainingDevices, TrainingState, trainingClockSteps } from './training';

/**
 * The IPC contract: every call the renderer may make, listed once.
 * The Electron shell registers an `ipcMain.handle` per row, the preload exposes one function per row,
 * and the browser shell serves the same rows over loopback. A request is parsed with its schema
 * before any handler sees it; a response is parsed with its schema before it leaves the main process,
 * so a field the contract does not name never reaches the renderer.
 */

const Upn = z
  .string()
  .trim()
  .min(3)
  .max(256)
  .regex(/^[^\s@]+@[^\s@]+\.[^\s@]+$/, 'must look like name@domain');

/** A password as typed. Never logged, never echoed back. */
const PasswordInput = z.string().min(1).max(256);

const Nothing = z.object({}).strict();

const OnFlow = z.object({ flowId: FlowId }).strict();
/** A one-time code or TOTP as typed: digits, spaces allowed. */
const CodeInput = z
  .string()
  .trim()
  .min(1)
  .max(16)
  .regex(/^[0-9 ]+$/, 'must be digits');
const AnswerInput = z.string().min(1).max(200);
/** A ringing call's or a push's id on the virtual devices. */
const DeviceItemId = z.string().regex(/^[A-Za-z0-9_-]{22}$/, 'is not a device item id');

export { ChangePasswordResult, ResetLink, Session, SignInResult, UserTile } from './session';

export const VaultState = z.object({
  backend: z.enum(['keychain', 'file']),
  detail: z.string(),
});
export type VaultState = z.infer<typeof VaultState>;

export const AppInfo = z.object({
  productName: z.string(),
  version: z.string(),
  shell: z.enum(['electron', 'browser']),
  kiosk: z.boolean(),
  vault: VaultState,
});
export type AppInfo = z.infer<typeof AppInfo>;

export const LockScreen = z.object({
  tenantName: z.string(),
  branding: Branding,
  helpdesk: HelpdeskContact,
  lastUser: UserTile.nullable(),
  kiosk: z.boolean(),
  /** §9: whether the "Reset password" link may show, and every setting that hides it. */
  resetLink: ResetLink,
});
export type LockScreen = z.infer<typeof LockScreen>;

/** A pending registration's id, as `securityInfo.add` gave it. */
const PendingId = z.string().regex(/^[A-Za-z0-9_-]{22}$/, 'is not a pending registration id');

export const contract = {
  'app.getInfo': { request: Nothing, response: AppInfo },
  'lockScreen.get': { request: Nothing, response: LockScreen },
  'session.get': { request: Nothing, response: Session },
  'session.signIn': {
    request: z.object({ upn: Upn, password: PasswordInput }).strict(),
    response: SignInResult,
  },
  'session.lock': { request: Nothing, response: Session },
  'session.signOut': { request: Nothing, response: Session },
  /** Live §8 feedback while the signed-in user chooses a new password (changePassword step or desktop). */
  'session.checkPassword': {
    request: z.object({ password: PasswordInput }).strict(),
    response: z.object({ feedback: PasswordFeedback.nullable() }),
  },
  /** §11: change the signed-in user's password: current + new twice, under §8. */
  'session.changePassword': {
    request: z
      .object({ currentPassword: PasswordInput, newPassword: PasswordInput, confirmPassword: PasswordInput })
      .strict(),
    response: ChangePasswordResult,
  },
  /** §7: "Not now" on the registration interrupt, refused once the grace period is over. */
  'session.postponeRegistration': { request: Nothing, response: Session },
  /** §7: "Looks good" on the reconfirmation. */
  'session.confirmSecurityInfo': { request: Nothing, response: Session },
  'securityInfo.get': { request: Nothing, response: SecurityInfo },
  /** Start registering (or, with `replaces`, changing) a method; it is proven before it counts (§7). */
  'securityInfo.add': {
    request: z.object({ method: AddMethodRequest, replaces: z.number().int().positive().optional() }).strict(),
    response: SecurityInfo,
  },
  /** The code sent, the code the new authenticator shows, or a poll while a call rings. */
  'securityInfo.prove': {
    request: z
      .object({
        pendingId: PendingId,
        response: z.union([z.object({ code: CodeInput }).strict(), z.object({ poll: z.literal(true) }).strict()]),
      })
      .strict(),
    response: SecurityInfo,
  },
  'securityInfo.cancelPending': { request: z.object({ pendingId: PendingId }).strict(), response: SecurityInfo },
  /** §7: the configured number of questions, no duplicate answers, at least 3 characters, not the question's words. */
  'securityInfo.setQuestions': {
    request: z
      .object({
        answers: z
          .array(z.object({ question: z.string().trim().min(1).max(200), answer: AnswerInput }).strict())
          .min(1)
          .max(5),
      })
      .strict(),
    response: SecurityInfo,
  },
  'securityInfo.remove': {
    request: z.object({ methodId: z.number().int().positive() }).strict(),
    response: SecurityInfo,
  },
  'reset.start': { request: Nothing, response: z.object({ flowId: FlowId, view: FlowView }) },
  'reset.view': { request: OnFlow, response: FlowView },
  'reset.newCaptcha': { request: OnFlow, response: FlowView },
  'reset.identify': {
    /** `captcha` may be left out only while the device's CAPTCHA option is off. */
    request: z.object({ flowId: FlowId, upn: Upn, captcha: z.string().trim().min(1).max(32).optional() }).strict(),
    response: FlowView,
  },
  'reset.chooseAction': {
    request: z.object({ flowId: FlowId, action: z.enum(['reset', 'unlock']) }).strict(),
    response: FlowView,
  },
  'reset.chooseMethod': {
    request: z
      .object({
        flowId: FlowId,
        gateMethod: GateMethod,
        methodId: z.number().int().positive(),
        phoneNumber: z.string().trim().min(3).max(32).optional(),
      })
      .strict(),
    response: FlowView,
  },
  'reset.respond': {
    request: z
      .object({
        flowId: FlowId,
        response: z.union([
          z.object({ code: CodeInput }).strict(),
          z.object({ answers: z.array(AnswerInput).min(1).max(5) }).strict(),
          z.object({ poll: z.literal(true) }).strict(),
        ]),
      })
      .strict(),
    response: FlowView,
  },
  'reset.changeMethod': { request: OnFlow, response: FlowView },
  'reset.checkPassword': {
    request: z.object({ flowId: FlowId, password: PasswordInput }).strict(),
    response: z.object({ feedback: PasswordFeedback.nullable() }),
  },
  'reset.setPassword': {
    request: z.object({ flowId: FlowId, newPassword: PasswordInput, confirmPassword: PasswordInput }).strict(),
    response: FlowView,
  },
  'reset.cancel': { request: OnFlow, response: FlowView },
  'training.state': { request: Nothing, response: TrainingState },
  'training.devices': { request: z.object({ upn: Upn }).strict(), response: TrainingDevices },
  'training.answerCall': {
    request: z.object({ upn: Upn, callId: DeviceItemId, confirm: z.boolean() }).strict(),
    response: TrainingDevices,
  },
  'training.respondToPush': {
    request: z
      .object({
        upn: Upn,
        pushId: DeviceItemId,
        response: z.union([
          z.object({ number: z.string().regex(/^\d{2}$/, 'must be two digits') }).strict(),
          z.object({ deny: z.enum(['deny', 'denyAndReport']) }).strict(),
        ]),
      })
      .strict(),
    response: TrainingDevices,
  },
  'training.advanceClock': {
    request: z.object({ minutes: z.union(trainingClockSteps.map((step) => z.literal(step))) }).strict(),
    response: TrainingState,
  },
  /**
   * The admin console (issue 6). `admin.status`, `admin.setup` and `admin.open` are the entry guard;
   * every other `admin.*` call is refused as `unauthorized` unless the console is open in the main process.
   */
  'admin.status': { request: Nothing, response: AdminStatus },
  /** First run only: the local admin credential (at least 12 characters, §8 complexity); refused once one exists. */
  'admin.setup': { request: adminRequests.credential, response: AdminSetupResult },
  /** Opens the console for this device for 10 idle minutes; wrong attempts are throttled. */
  'admin.open': { request: adminRequests.credential, response: AdminOpenResult },
  'admin.close': { request: Nothing, response: AdminStatus },
  /** §1 Device, §9: AllowPasswordReset with its registry value, join type, OS, every interfering setting, kiosk options. */
  'admin.device.get': { request: Nothing, response: AdminDevice },
  'admin.device.set': { request: adminRequests.devicePatch, response: AdminDevice },
  'admin.tenants.list': { request: Nothing, response: z.array(TenantSummary) },
  /** §2 and §8: every tab of the tenant's "Password reset" settings. */
  'admin.tenant.get': { request: adminRequests.tenant, response: AdminTenant },
  /** One tab's partial patch; every invalid combination is refused with its rule's message, nothing changed. */
  'admin.tenant.set': { request: adminRequests.tenantChange, response: TenantChangeResult },
  'admin.tenant.addDomain': { request: adminRequests.domain, response: TenantChangeResult },
  'admin.tenant.removeDomain': { request: adminRequests.domain, response: TenantChangeResult },
  'admin.users.search': { request: UserSearchRequest, response: UserPage },
  'admin.user.get': { request: adminRequests.user, response: AdminUser },
  /** Helpdesk reset: a temporary password typed by the admin, checked under §8; the user must change it. */
  'admin.user.resetPassword': { request: adminRequests.helpdeskReset, response: HelpdeskResetResult },
  /** Unlock, revoke methods, pre-register (§7), risk, enable/disable, roles, license. */
  'admin.user.act': { request: adminRequests.userAction, response: HelpdeskResult },
  'admin.groups.list': { request: adminRequests.tenant, response: z.array(GroupView) },
  'admin.group.create': { request: adminRequests.groupCreate, response: GroupView },
  'admin.group.update': { request: adminRequests.groupUpdate, response: GroupView },
  'admin.group.delete': { request: adminRequests.group, response: z.array(GroupView) },
  'admin.group.members': { request: adminRequests.groupMembers, response: GroupMembersPage },
  'admin.group.addMember': { request: adminRequests.membership, response: GroupView },
  'admin.group.removeMember': { request: adminRequests.membership, response: GroupView },
  /** §10: newest first, filtered by time range, user, activity and result. */
  'admin.audit.query': { request: adminRequests.auditQuery, response: AuditPage },
  /** §10: JSON lines or CSV, same filters, as text for the renderer to save. */
  'admin.audit.export': { request: adminRequests.auditExport, response: AuditExport },
  'admin.audit.retention': { request: Nothing, response: AuditRetention },
  'admin.audit.setRetention': { request: adminRequests.retention, response: AuditRetention },
  /** Issue 7: checks the audit log's HMAC chain with the vault's key; intact, or the first broken link. */
  'admin.audit.verify': { request: Nothing, response: AuditChainReport },
  /** §10 reports. */
  'admin.reports.registration': { request: adminRequests.registrationReport, response: RegistrationReport },
  'admin.reports.usage': { request: adminRequests.usageReport, response: UsageReport },
  /** "What would happen?": eligibility with every rule that decided it, the gates, writeback, the §9 link. */
  'admin.whatIf': { request: z.object({ upn: Upn }).strict(), response: WhatIf },
  /** Issue 8: the training scenario packs with their trainer notes. */
  'admin.scenarios.list': { request: Nothing, response: z.array(ScenarioPackView) },
  /** Issue 8: loads a pack by its id (never a path), replacing everything on this device. */
  'admin.scenarios.load': { request: scenarioRequests.load, response: ScenarioLoadResult },
  /** Issue 9: outgoing e-mail — the simulated outbox or SMTP; the password goes into the vault, never back. */
  'admin.mail.get': { request: Nothing, response: MailSettingsView },
  'admin.mail.set': { request: connectorRequests.mailSet, response: MailSettingsView },
  /** Sends a test message through the connector in use (it lands in the outbox too). */
  'admin.mail.test': { request: connectorRequests.mailTest, response: MailTestResult },
  /** Issue 9: a tenant's writeback directory — simulated or LDAP — with its health and where a reset is written. */
  'admin.directory.get': { request: connectorRequests.directory, response: DirectoryConnectorView },
  'admin.directory.set': { request: connectorRequests.directorySet, response: DirectoryConnectorView },
  /** Binds as the writeback agent now and says what the directory answered. */
  'admin.directory.test': { request: connectorRequests.directory, response: DirectoryConnectorView },
} as const satisfies Record<string, { request: z.ZodType; response: z.ZodType }>;

export type Contract = typeof contract;
export type CallName = keyof Contract;
export const callNames = Object.keys(contract) as CallName[];

export type CallRequest<N extends CallName> = z.input<Contract[N]['request']>;
export type ParsedRequest<N extends CallName> = z.output<Contract[N]['request']>;
export type CallResponse<N extends CallName> = z.output<Contract[N]['response']>;

/** What the renderer sees as `window.sspr` (Electron) or builds over HTTP (browser shell). */
export type SsprApi = {
  [N in CallName]: (request: CallRequest<N>) => Promise<Envelope<CallResponse<N>>>;
};

export function isCallName(name: unknown): name is CallName {
  return typeof name === 'string' && Object.hasOwn(contract, name);
}
