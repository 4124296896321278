// The tenant's tabs (spec §2, §8; issue 6): Properties, Authentication methods, Registration,
// Notifications, Customization, On-premises integration, Protection, Administrators, Licensing and
// the password policy. A tab takes a partial patch; the whole tenant as it would be after it is
// checked by the store's own rules (shared/policy.ts through store/tenants.ts), so every invalid
// combination is refused with its rule's message and nothing changes; every change is audited
// field by field, old → new.
import { z } from 'zod';
import {
  DomainName,
  ssprTabFields,
  type AdminIssue,
  type AdminTenant,
  type TenantChange,
  type TenantChangeResult,
  type TenantSummary,
} from '../../../shared/admin';
import { CallFailure } from '../../../shared/errors';
import { validateCustomList, type CustomListError } from '../../../shared/password/custom-list';
import {
  builtInSecurityQuestions,
  helpdeskHref,
  Plan,
  planFeatures,
  type PasswordPolicy,
  type SsprPolicy,
} from '../../../shared/policy';
import type { Clock } from '../clock';
import { ensureDirectoryAccounts } from '../directory/simulated';
import type { OnPremDirectory } from '../directory/types';
import { customBannedIndex } from '../password/banned-list';
import { adminGatePolicy, trialState } from '../policy/admin';
import { planNames } from '../policy/reasons';
import { TenantPolicyError, type Store, type Tenant } from '../store';
import { adminRoleSql } from './capability';
import { auditChanges, changedFields, type FieldChange } from './changes';
import type { AdminActor } from './entry-guard';

export interface TenantTabsDeps {
  store: Store;
  clock: Clock;
  directory: OnPremDirectory;
}

function definedOnly<T extends object>(patch: T): Partial<T> {
  return Object.fromEntries(Object.entries(patch).filter(([, value]) => value !== undefined)) as Partial<T>;
}

/** The custom banned list's own rules (shared/password/custom-list.ts), in words that name the entry. */
function customListIssue(error: CustomListError): AdminIssue {
  const rule = `bannedTerms.${error.code}`;
  switch (error.code) {
    case 'empty':
      return { rule, path: 'bannedTerms', message: 'The custom banned list is empty.' };
    case 'tooMany':
      return {
        rule,
        path: 'bannedTerms',
        message: `The custom banned list holds ${error.params.count} terms; at most ${error.params.maxTerms} are allowed.`,
      };
    case 'termTooShort':
    case 'termTooLong':
      return {
        rule,
        path: `bannedTerms.${error.params.position - 1}`,
        message: `Banned term ${error.params.position} has ${error.params.length} characters; a term has 4 to 16.`,
      };
  }
}

/** A tenant as `tenants add` takes it. */
const NewTenantInput = z.strictObject({
  name: z
    .string()
    .trim()
    .min(1)
    .max(256)
    .regex(/^[^\p{Cc}\p{Cs}]*$/u, 'must not contain control characters'),
  initialDomain: DomainName.refine(
    (name) => /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.onmicrosoft\.com$/.test(name),
    'must be the initial domain, like contoso.onmicrosoft.com',
  ),
  plan: Plan,
  directorySync: z.boolean().default(false),
});

export function createTenantTabs(deps: TenantTabsDeps) {
  const { store, clock, directory } = deps;
  const adminCount = store.db.prepare<[number], { count: number }>(
    `SELECT count(*) AS count FROM users u WHERE u.tenant_id = ? AND ${adminRoleSql}`,
  );
  const userCount = store.db.prepare<[number], { count: number }>(
    'SELECT count(*) AS count FROM users WHERE tenant_id = ?',
  );
  const usersOnDomain = store.db.prepare<[number, string], { count: number }>(
    `SELECT count(*) AS count FROM users WHERE tenant_id = ? AND substr(upn, instr(upn, '@') + 1) = ? COLLATE NOCASE`,
  );

  const requireTenant = (tenantId: number): Tenant => {
    const tenant = store.tenants.get(tenantId);
    if (!tenant) throw new CallFailure('not_found', 'There is no such tenant.');
    return tenant;
  };

  async function view(tenantId: number): Promise<AdminTenant> {
    const tenant = requireTenant(tenantId);
    const now = clock.now();
    const policy = tenant.ssprPolicy;
    const groups = store.groups.listByTenant(tenant.id);
    const domains = store.tenants.domains(tenant.id);
    const health = await directory.health(tenant.id);
    const adminPolicy = adminGatePolicy(tenant, domains, now);
    const trial = trialState(tenant.trialStart, now);
    return {
      id: tenant.id,
      name: tenant.name,
      createdAt: tenant.createdAt.toISOString(),
      properties: {
        enabledFor: policy.enabledFor,
        selectedGroupId: policy.selectedGroupId,
        selectedGroupName: groups.find((group) => group.id === policy.selectedGroupId)?.name ?? null,
        groups: groups.map((group) => ({ id: group.id, name: group.name })),
      },
      authenticationMethods: {
        methodsAllowed: [...policy.methodsAllowed],
        methodsRequiredToReset: policy.methodsRequiredToReset,
        questionsRequiredToRegister: policy.questionsRequiredToRegister,
        questionsRequiredToReset: policy.questionsRequiredToReset,
        useBuiltInQuestions: policy.useBuiltInQuestions,
        customQuestions: [...policy.customQuestions],
        builtInQuestions: [...builtInSecurityQuestions],
      },
      registration: {
        requireRegistration: policy.requireRegistration,
        methodsRequiredToRegister: policy.methodsRequiredToRegister,
        reconfirmDays: policy.reconfirmDays,
        registrationGraceDays: policy.registrationGraceDays,
      },
      notifications: {
        notifyUsersOnReset: policy.notifyUsersOnReset,
        notifyAdminsOnAdminReset: policy.notifyAdminsOnAdminReset,
      },
      customization: { ...tenant.customization, helpdeskHref: helpdeskHref(tenant.customization.helpdeskLink) },
      onPremises: {
        writeback: policy.writeback,
        allowUnlock: policy.allowUnlock,
        writebackAgent: policy.writebackAgent,
        directorySync: tenant.directorySync,
        planAllowsWriteback: planFeatures[tenant.plan].writeback,
        directoryName: health.directoryName,
        writable: health.writable,
        agentMessage: health.message,
      },
      protection: {
        lockoutThreshold: policy.lockoutThreshold,
        lockoutWindowMinutes: policy.lockoutWindowMinutes,
        lockoutMinutes: policy.lockoutMinutes,
        codeValidityMinutes: policy.codeValidityMinutes,
      },
      administrators: {
        allowedToUseSspr: tenant.allowedToUseSspr,
        administrators: adminCount.get(tenant.id)?.count ?? 0,
        gatesRequired: adminPolicy.gatesRequired,
        allowedMethods: adminPolicy.allowedMethods,
        reasons: adminPolicy.reasons.map((reason) => ({ ...reason, params: { ...reason.params } })),
      },
      licensing: {
        plan: tenant.plan,
        planName: planNames[tenant.plan],
        trialStart: tenant.trialStart?.toISOString() ?? null,
        onTrial: trial.onTrial,
        trialDay: trial.trialDay,
        directorySync: tenant.directorySync,
        domains: domains.map((domain) => ({ name: domain.name, kind: domain.kind, verified: domain.verified })),
      },
      passwordPolicy: { ...tenant.passwordPolicy, bannedTerms: [...tenant.passwordPolicy.bannedTerms] },
    };
  }

  /** Writes the tab's patch and returns what changed; throws TenantPolicyError when a rule refuses it. */
  function write(tenant: Tenant, change: TenantChange): { changes: FieldChange[]; issues: AdminIssue[] } {
    switch (change.tab) {
      case 'properties':
      case 'authenticationMethods':
      case 'registration':
      case 'notifications':
      case 'onPremises':
      case 'protection': {
        const patch: Partial<SsprPolicy> = change.patch;
        const after = store.tenants.setSsprPolicy(tenant.id, { ...tenant.ssprPolicy, ...definedOnly(patch) });
        const fields = ssprTabFields[change.tab] as (keyof Tenant['ssprPolicy'] & string)[];
        return { changes: changedFields(tenant.ssprPolicy, after.ssprPolicy, fields), issues: [] };
      }
      case 'customization': {
        const after = store.tenants.setCustomization(tenant.id, {
          ...tenant.customization,
          ...definedOnly(change.patch),
        });
        return {
          changes: changedFields(tenant.customization, after.customization, [
            'helpdeskLink',
            'helpdeskText',
            'logoText',
            'accentColor',
            'backgroundColor',
          ]),
          issues: [],
        };
      }
      case 'administrators': {
        const after = store.tenants.update(tenant.id, definedOnly(change.patch));
        return { changes: changedFields(tenant, after, ['allowedToUseSspr']), issues: [] };
      }
      case 'licensing': {
        const { trialStart, ...rest } = change.patch;
        const after = store.tenants.update(tenant.id, {
          ...definedOnly(rest),
          ...(trialStart === undefined ? {} : { trialStart: trialStart === null ? null : new Date(trialStart) }),
        });
        // A tenant that starts syncing gets its on-premises directory (the simulated one) at once.
        if (after.directorySync && !tenant.directorySync) ensureDirectoryAccounts(store);
        return { changes: changedFields(tenant, after, ['plan', 'trialStart', 'directorySync']), issues: [] };
      }
      case 'passwordPolicy': {
        const patch: Partial<PasswordPolicy> = definedOnly(change.patch);
        if (patch.bannedTerms !== undefined && patch.bannedTerms.length > 0) {
          const checked = validateCustomList(patch.bannedTerms);
          if (!checked.ok) return { changes: [], issues: checked.errors.map(customListIssue) };
          patch.bannedTerms = checked.terms;
        }
        const after = store.tenants.setPasswordPolicy(tenant.id, { ...tenant.passwordPolicy, ...patch });
        return {
          changes: changedFields(tenant.passwordPolicy, after.passwordPolicy, [
            'minLength',
            'historyCount',
            'expiryDays',
            'bannedTerms',
          ]),
          issues: [],
        };
      }
    }
  }

  /** Runs `apply` in one transaction with its audit; a rule's refusal rolls it back and is returned. */
  async function changed(
    tenantId: number,
    admin: AdminActor,
    area: string,
    apply: (tenant: Tenant) => { changes: FieldChange[]; issues: AdminIssue[] },
  ): Promise<TenantChangeResult> {
    const tenant = requireTenant(tenantId);
    let issues: AdminIssue[] = [];
    try {
      store.transaction(() => {
        const result = apply(tenant);
        issues = result.issues;
        if (issues.length > 0) return;
        auditChanges(store, 'policyChanged', { admin, at: clock.now(), tenantId, area }, result.changes);
      });
    } catch (error) {
      if (error instanceof TenantPolicyError) return { ok: false, issues: error.issues };
      throw error;
    }
    if (issues.length > 0) return { ok: false, issues };
    return { ok: true, tenant: await view(tenantId) };
  }

  return {
    view,

    list(): TenantSummary[] {
      return store.tenants.list().map((tenant) => ({
        id: tenant.id,
        name: tenant.name,
        initialDomain: store.tenants.domains(tenant.id).find((domain) => domain.kind === 'initial')?.name ?? null,
        plan: tenant.plan,
        users: userCount.get(tenant.id)?.count ?? 0,
      }));
    },

    async change(tenantId: number, admin: AdminActor, change: TenantChange): Promise<TenantChangeResult> {
      const result = await changed(tenantId, admin, change.tab, (tenant) => write(tenant, change));
      // §8: a changed custom list is indexed now, not at the first password checked against it.
      if (result.ok && change.tab === 'passwordPolicy' && change.patch.bannedTerms !== undefined) {
        customBannedIndex(result.tenant.passwordPolicy.bannedTerms);
      }
      return result;
    },

    /** A custom domain (Licensing): verified at once in this offline tenant; never a second `*.onmicrosoft.com`. */
    addDomain(tenantId: number, admin: AdminActor, name: string): Promise<TenantChangeResult> {
      return changed(tenantId, admin, 'licensing', (tenant) => {
        if (name.endsWith('.onmicrosoft.com')) {
          return {
            changes: [],
            issues: [
              {
                rule: 'customDomainOnly',
                path: 'name',
                message: 'A tenant has one *.onmicrosoft.com domain, made with it; add a custom domain instead.',
              },
            ],
          };
        }
        if (store.tenants.byDomain(name)) {
          return {
            changes: [],
            issues: [{ rule: 'domainTaken', path: 'name', message: `The domain ${name} already belongs to a tenant.` }],
          };
        }
        const before = store.tenants.domains(tenant.id).map((domain) => domain.name);
        store.tenants.addDomain(tenant.id, { name, verified: true });
        const after = store.tenants.domains(tenant.id).map((domain) => domain.name);
        return { changes: changedFields({ domains: before }, { domains: after }, ['domains']), issues: [] };
      });
    },

    /** Removes a custom domain no user's UPN is on; the initial domain stays. */
    removeDomain(tenantId: number, admin: AdminActor, name: string): Promise<TenantChangeResult> {
      return changed(tenantId, admin, 'licensing', (tenant) => {
        const domains = store.tenants.domains(tenant.id);
        const domain = domains.find((candidate) => candidate.name === name);
        if (!domain) throw new CallFailure('not_found', `The tenant has no domain ${name}.`);
        if (domain.kind === 'initial') {
          return {
            changes: [],
            issues: [
              {
                rule: 'initialDomainStays',
                path: 'name',
                message: 'The initial *.onmicrosoft.com domain cannot be removed.',
              },
            ],
          };
        }
        const users = usersOnDomain.get(tenant.id, name)?.count ?? 0;
        if (users > 0) {
          return {
            changes: [],
            issues: [
              {
                rule: 'domainInUse',
                path: 'name',
                message: `${users} ${users === 1 ? 'user has a UPN' : 'users have UPNs'} on ${name}; move them to another domain first.`,
              },
            ],
          };
        }
        store.tenants.removeDomain(tenant.id, name);
        const after = store.tenants.domains(tenant.id).map((candidate) => candidate.name);
        return {
          changes: changedFields({ domains: domains.map((candidate) => candidate.name) }, { domains: after }, [
            'domains',
          ]),
          issues: [],
        };
      });
    },

    /**
     * A new, empty tenant (the admin command line's `tenants add`): its initial `*.onmicrosoft.com`
     * domain, a plan, and the §2 defaults (SSPR off until a scope is chosen). Refused with every issue
     * and nothing written when the name or domain is not valid or the domain belongs to another tenant.
     */
    create(
      admin: AdminActor,
      input: { name: string; initialDomain: string; plan: Plan; directorySync?: boolean },
    ): { ok: true; tenant: TenantSummary } | { ok: false; issues: AdminIssue[] } {
      const parsed = NewTenantInput.safeParse(input);
      if (!parsed.success) {
        return {
          ok: false,
          issues: parsed.error.issues.map((issue) => ({
            rule: 'invalid',
            path: issue.path.map(String).join('.'),
            message: issue.message,
          })),
        };
      }
      const { name, initialDomain, plan, directorySync } = parsed.data;
      if (store.tenants.byDomain(initialDomain)) {
        return {
          ok: false,
          issues: [
            { rule: 'domainTaken', path: 'initialDomain', message: `${initialDomain} belongs to another tenant.` },
          ],
        };
      }
      const now = clock.now();
      const tenant = store.transaction(() => {
        const created = store.tenants.create({ name, plan, directorySync, createdAt: now });
        store.tenants.addDomain(created.id, { name: initialDomain });
        store.audit.append({
          at: now,
          actor: admin.actor,
          activity: 'tenantCreated',
          result: 'success',
          reason: null,
          tenantId: created.id,
          deviceId: admin.deviceId,
          details: { plan, directorySync },
        });
        return created;
      });
      return {
        ok: true,
        tenant: { id: tenant.id, name: tenant.name, initialDomain, plan: tenant.plan, users: 0 },
      };
    },
  };
}

export type TenantTabs = ReturnType<typeof createTenantTabs>;
