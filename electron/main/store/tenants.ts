import { z } from 'zod';
import {
  Customization,
  PasswordPolicy,
  SsprPolicy,
  defaultSsprPolicy,
  ssprPolicyShape,
  validateTenantPolicy,
  type CustomizationInput,
  type PasswordPolicyInput,
  type Plan,
  type PolicyIssue,
  type SsprPolicyInput,
} from '../../../shared/policy';
import type { Database } from './database';
import { bit, dateOrNull, isoTime, isoTimeOrNull, upnDomain } from './rows';

export interface Tenant {
  id: number;
  name: string;
  plan: Plan;
  trialStart: Date | null;
  directorySync: boolean;
  allowedToUseSspr: boolean;
  customization: Customization;
  ssprPolicy: SsprPolicy;
  passwordPolicy: PasswordPolicy;
  createdAt: Date;
}

export type DomainKind = 'initial' | 'custom';

export interface Domain {
  id: number;
  tenantId: number;
  name: string;
  kind: DomainKind;
  verified: boolean;
}

export interface NewTenant {
  name: string;
  plan: Plan;
  trialStart?: Date | null;
  directorySync?: boolean;
  allowedToUseSspr?: boolean;
  customization?: CustomizationInput;
  ssprPolicy?: SsprPolicyInput;
  passwordPolicy?: PasswordPolicyInput;
  createdAt: Date;
}

/** The tenant's own settings; policies and branding have their own setters. */
export interface TenantSettingsPatch {
  name?: string;
  plan?: Plan;
  trialStart?: Date | null;
  directorySync?: boolean;
  allowedToUseSspr?: boolean;
}

/** A change that would leave the tenant breaking a rule of spec §2; `issues` name each rule. */
export class TenantPolicyError extends Error {
  constructor(readonly issues: PolicyIssue[]) {
    super(
      `The tenant's settings break ${issues.length === 1 ? 'a rule' : 'rules'}: ${issues.map((i) => `${i.message} [${i.rule}]`).join(' ')}`,
    );
    this.name = 'TenantPolicyError';
  }
}

interface TenantRow {
  id: number;
  name: string;
  plan: Plan;
  trial_start: string | null;
  directory_sync: number;
  allowed_to_use_sspr: number;
  helpdesk_link: string | null;
  helpdesk_text: string | null;
  logo_text: string;
  accent_color: string;
  background_color: string;
  sspr_policy: string;
  password_policy: string;
  created_at: string;
}

interface DomainRow {
  id: number;
  tenant_id: number;
  name: string;
  kind: DomainKind;
  verified: number;
}

type TenantColumns = Omit<TenantRow, 'id' | 'created_at'>;

// Stored policies are read without the cross-field rules, so a rule added later cannot lock the app out of its own data.
const StoredSsprPolicy = z.object(ssprPolicyShape);

const tenantColumns = [
  'id',
  'name',
  'plan',
  'trial_start',
  'directory_sync',
  'allowed_to_use_sspr',
  'helpdesk_link',
  'helpdesk_text',
  'logo_text',
  'accent_color',
  'background_color',
  'sspr_policy',
  'password_policy',
  'created_at',
] as const;

function selectColumns(alias?: string): string {
  return tenantColumns.map((column) => (alias ? `${alias}.${column}` : column)).join(', ');
}

export function createTenantRepository(db: Database) {
  const columns = selectColumns();
  const statements = {
    list: db.prepare<[], TenantRow>(`SELECT ${columns} FROM tenants ORDER BY id`),
    get: db.prepare<[number], TenantRow>(`SELECT ${columns} FROM tenants WHERE id = ?`),
    first: db.prepare<[], TenantRow>(`SELECT ${columns} FROM tenants ORDER BY id LIMIT 1`),
    byDomain: db.prepare<[string], TenantRow>(
      `SELECT ${selectColumns('t')} FROM tenants t JOIN domains d ON d.tenant_id = t.id
       WHERE d.name = ? AND d.verified = 1`,
    ),
    insert: db.prepare<[TenantColumns & { created_at: string }]>(
      `INSERT INTO tenants (name, plan, trial_start, directory_sync, allowed_to_use_sspr, helpdesk_link, helpdesk_text,
         logo_text, accent_color, background_color, sspr_policy, password_policy, created_at)
       VALUES (@name, @plan, @trial_start, @directory_sync, @allowed_to_use_sspr, @helpdesk_link, @helpdesk_text,
         @logo_text, @accent_color, @background_color, @sspr_policy, @password_policy, @created_at)`,
    ),
    update: db.prepare<[TenantColumns & { id: number }]>(
      `UPDATE tenants SET name = @name, plan = @plan, trial_start = @trial_start, directory_sync = @directory_sync,
         allowed_to_use_sspr = @allowed_to_use_sspr, helpdesk_link = @helpdesk_link, helpdesk_text = @helpdesk_text,
         logo_text = @logo_text, accent_color = @accent_color, background_color = @background_color,
         sspr_policy = @sspr_policy, password_policy = @password_policy
       WHERE id = @id`,
    ),
    domains: db.prepare<[number], DomainRow>(
      'SELECT id, tenant_id, name, kind, verified FROM domains WHERE tenant_id = ? ORDER BY kind DESC, name',
    ),
    insertDomain: db.prepare<[{ tenant_id: number; name: string; kind: DomainKind; verified: number }]>(
      'INSERT INTO domains (tenant_id, name, kind, verified) VALUES (@tenant_id, @name, @kind, @verified)',
    ),
    deleteDomain: db.prepare<[number, string]>(
      "DELETE FROM domains WHERE tenant_id = ? AND name = ? AND kind = 'custom'",
    ),
    groupIds: db.prepare<[number], { id: number }>('SELECT id FROM directory_groups WHERE tenant_id = ?'),
    count: db.prepare<[], { count: number }>('SELECT count(*) AS count FROM tenants'),
  };

  const get = (id: number): Tenant | null => {
    const row = statements.get.get(id);
    return row ? toTenant(row) : null;
  };

  const requireTenant = (id: number): Tenant => {
    const tenant = get(id);
    if (!tenant) throw new Error(`There is no tenant ${id}.`);
    return tenant;
  };

  /** Checks the whole tenant as it would be after a change, then writes it. */
  const write = (tenant: Tenant): Tenant => {
    const issues = validateTenantPolicy({
      plan: tenant.plan,
      directorySync: tenant.directorySync,
      ssprPolicy: tenant.ssprPolicy,
      groupIds: statements.groupIds.all(tenant.id).map((row) => row.id),
    });
    if (issues.length > 0) throw new TenantPolicyError(issues);
    statements.update.run({ id: tenant.id, ...toColumns(tenant) });
    return requireTenant(tenant.id);
  };

  return {
    list: (): Tenant[] => statements.list.all().map(toTenant),
    get,
    first: (): Tenant | null => {
      const row = statements.first.get();
      return row ? toTenant(row) : null;
    },
    isEmpty: (): boolean => (statements.count.get()?.count ?? 0) === 0,
    /** The tenant a verified domain belongs to; unverified domains pick no tenant. */
    byDomain: (domain: string): Tenant | null => {
      const row = statements.byDomain.get(domain.trim().toLowerCase());
      return row ? toTenant(row) : null;
    },
    /** The UPN's domain picks the tenant (spec §1). */
    forUpn: (upn: string): Tenant | null => {
      const row = statements.byDomain.get(upnDomain(upn.trim()));
      return row ? toTenant(row) : null;
    },
    create: (input: NewTenant): Tenant => {
      const candidate: Omit<Tenant, 'id'> = {
        name: input.name,
        plan: input.plan,
        trialStart: input.trialStart ?? null,
        directorySync: input.directorySync ?? false,
        allowedToUseSspr: input.allowedToUseSspr ?? true,
        customization: Customization.parse(input.customization ?? {}),
        ssprPolicy: input.ssprPolicy ? SsprPolicy.parse(input.ssprPolicy) : defaultSsprPolicy,
        passwordPolicy: PasswordPolicy.parse(input.passwordPolicy ?? {}),
        createdAt: input.createdAt,
      };
      const issues = validateTenantPolicy({
        plan: candidate.plan,
        directorySync: candidate.directorySync,
        ssprPolicy: candidate.ssprPolicy,
        groupIds: [],
      });
      if (issues.length > 0) throw new TenantPolicyError(issues);
      const { lastInsertRowid } = statements.insert.run({
        ...toColumns(candidate),
        created_at: isoTime(candidate.createdAt),
      });
      return requireTenant(Number(lastInsertRowid));
    },
    update: (id: number, patch: TenantSettingsPatch): Tenant => {
      const tenant = requireTenant(id);
      return write({ ...tenant, ...definedOnly(patch) });
    },
    setSsprPolicy: (id: number, policy: SsprPolicyInput): Tenant => {
      const tenant = requireTenant(id);
      const parsed = SsprPolicy.safeParse(policy);
      if (!parsed.success) throw new TenantPolicyError(zodIssues(parsed.error));
      return write({ ...tenant, ssprPolicy: parsed.data });
    },
    setPasswordPolicy: (id: number, policy: PasswordPolicyInput): Tenant => {
      const tenant = requireTenant(id);
      const parsed = PasswordPolicy.safeParse(policy);
      if (!parsed.success) throw new TenantPolicyError(zodIssues(parsed.error));
      return write({ ...tenant, passwordPolicy: parsed.data });
    },
    setCustomization: (id: number, customization: CustomizationInput): Tenant => {
      const tenant = requireTenant(id);
      const parsed = Customization.safeParse(customization);
      if (!parsed.success) throw new TenantPolicyError(zodIssues(parsed.error));
      return write({ ...tenant, customization: parsed.data });
    },
    domains: (tenantId: number): Domain[] => statements.domains.all(tenantId).map(toDomain),
    /** `*.onmicrosoft.com` is the tenant's initial domain; any other is a custom one. */
    addDomain: (tenantId: number, domain: { name: string; verified?: boolean }): Domain => {
      const name = domain.name.trim().toLowerCase();
      const kind: DomainKind = name.endsWith('.onmicrosoft.com') ? 'initial' : 'custom';
      statements.insertDomain.run({ tenant_id: tenantId, name, kind, verified: bit(domain.verified ?? true) });
      const added = statements.domains.all(tenantId).find((row) => row.name === name);
      if (!added) throw new Error(`The domain ${name} was not added.`);
      return toDomain(added);
    },
    /** Removes a custom domain; the initial `*.onmicrosoft.com` one cannot be. False when there was none. */
    removeDomain: (tenantId: number, name: string): boolean =>
      statements.deleteDomain.run(tenantId, name.trim().toLowerCase()).changes > 0,
  };
}

export type TenantRepository = ReturnType<typeof createTenantRepository>;

function toTenant(row: TenantRow): Tenant {
  return {
    id: row.id,
    name: row.name,
    plan: row.plan,
    trialStart: dateOrNull(row.trial_start),
    directorySync: row.directory_sync === 1,
    allowedToUseSspr: row.allowed_to_use_sspr === 1,
    customization: Customization.parse({
      helpdeskLink: row.helpdesk_link,
      helpdeskText: row.helpdesk_text,
      logoText: row.logo_text,
      accentColor: row.accent_color,
      backgroundColor: row.background_color,
    }),
    ssprPolicy: StoredSsprPolicy.parse(JSON.parse(row.sspr_policy)),
    passwordPolicy: PasswordPolicy.parse(JSON.parse(row.password_policy)),
    createdAt: new Date(row.created_at),
  };
}

function toColumns(tenant: Omit<Tenant, 'id' | 'createdAt'>): TenantColumns {
  return {
    name: tenant.name,
    plan: tenant.plan,
    trial_start: isoTimeOrNull(tenant.trialStart),
    directory_sync: bit(tenant.directorySync),
    allowed_to_use_sspr: bit(tenant.allowedToUseSspr),
    helpdesk_link: tenant.customization.helpdeskLink,
    helpdesk_text: tenant.customization.helpdeskText,
    logo_text: tenant.customization.logoText,
    accent_color: tenant.customization.accentColor,
    background_color: tenant.customization.backgroundColor,
    sspr_policy: JSON.stringify(tenant.ssprPolicy),
    password_policy: JSON.stringify(tenant.passwordPolicy),
  };
}

function toDomain(row: DomainRow): Domain {
  return { id: row.id, tenantId: row.tenant_id, name: row.name, kind: row.kind, verified: row.verified === 1 };
}

function definedOnly<T extends object>(patch: T): Partial<T> {
  return Object.fromEntries(Object.entries(patch).filter(([, value]) => value !== undefined)) as Partial<T>;
}

function zodIssues(error: z.ZodError): PolicyIssue[] {
  return error.issues.map((issue) => {
    const rule =
      issue.code === 'custom' && typeof issue.params?.['rule'] === 'string' ? issue.params['rule'] : issue.code;
    const path = issue.path.map(String).join('.');
    return { rule, path, message: `${path || 'policy'}: ${issue.message}` };
  });
}
