// Users in the console (issue 6 "Users"): the list with its search and filters, backed by indexed
// queries (the users' full-text index of migration 5, users_by_tenant, and the methods', roles' and
// members' keys) so it stays fast at 100,000 users; and one user's details. Methods are shown as
// displays (an address, a number, a device name): never a hash, a sealed secret or an answer.
import type { AdminUser, UserPage, UserRow } from '../../../shared/admin';
import { isAdminRole, type MethodKind, type UserSource } from '../../../shared/policy';
import type { Clock } from '../clock';
import { connectorFor, directoryAccountRef, type OnPremDirectory } from '../directory/types';
import { dialString } from '../methods/phone';
import { adminGatePolicy } from '../policy/admin';
import { effectivePlan, usableGateMethods } from '../policy/eligibility';
import type { AuthMethod, Domain, Store, Tenant, User } from '../store';
import type { Database, Statement } from '../store/database';
import { adminRoleSql, capabilityOf, capableSql } from './capability';

const dayMs = 86_400_000;

export interface UserFilters {
  tenantId: number;
  text?: string | undefined;
  registered?: boolean | undefined;
  capable?: boolean | undefined;
  admin?: boolean | undefined;
  synced?: boolean | undefined;
}

interface ListRow {
  id: number;
  upn: string;
  display_name: string;
  enabled: number;
  source: UserSource;
  guest: number;
}

type Params = Record<string, string | number>;

/** Words of the search text as FTS5 prefix queries: `adele va` → `"adele"* "va"*` (all must match). */
export function searchMatch(text: string): string | null {
  const words =
    text
      .normalize('NFKC')
      .match(/[\p{L}\p{N}]+/gu)
      ?.slice(0, 8) ?? [];
  return words.length === 0 ? null : words.map((word) => `"${word}"*`).join(' ');
}

/** The WHERE clause of a search over `users u`, and its parameters. */
export function userSearchWhere(store: Store, filters: UserFilters, now: Date): { where: string; params: Params } {
  const tenant = store.tenants.get(filters.tenantId);
  const conditions = ['u.tenant_id = @tenantId'];
  const params: Params = { tenantId: filters.tenantId };
  const match = filters.text === undefined ? null : searchMatch(filters.text);
  if (match !== null) {
    conditions.push('u.id IN (SELECT rowid FROM users_search WHERE users_search MATCH @match)');
    params['match'] = match;
  }
  const either = (on: boolean | undefined, condition: string) => {
    if (on !== undefined) conditions.push(on ? condition : `NOT (${condition})`);
  };
  either(filters.registered, 'EXISTS (SELECT 1 FROM auth_methods m WHERE m.user_id = u.id)');
  either(filters.admin, adminRoleSql);
  if (filters.synced !== undefined) {
    conditions.push(filters.synced ? "u.source IN ('synced', 'federated')" : "u.source = 'cloud'");
  }
  if (filters.capable !== undefined) {
    either(filters.capable, tenant ? capableSql(tenant, store.tenants.domains(tenant.id), now) : '0');
  }
  return { where: conditions.join(' AND '), params };
}

/** Prepared statements keyed by their SQL: a policy change makes new text, so the cache is bounded. */
function statementCache(db: Database, size = 64) {
  const cache = new Map<string, Statement<[Params], unknown>>();
  return <Row>(sql: string): Statement<[Params], Row> => {
    let statement = cache.get(sql);
    if (!statement) {
      statement = db.prepare<[Params], unknown>(sql);
      cache.set(sql, statement);
      if (cache.size > size) cache.delete(cache.keys().next().value ?? sql);
    }
    return statement as Statement<[Params], Row>;
  };
}

export function createUserDirectory(deps: { store: Store; clock: Clock }) {
  const { store, clock } = deps;
  const prepare = statementCache(store.db);
  const kindsOf = store.db.prepare<[number], { kind: MethodKind }>(
    'SELECT DISTINCT kind FROM auth_methods WHERE user_id = ? ORDER BY kind',
  );

  /** The SQL of a page and of its count, for the query-plan test. */
  const searchSql = (where: string) => ({
    page: `SELECT u.id, u.upn, u.display_name, u.enabled, u.source, u.guest FROM users u WHERE ${where}
           ORDER BY u.display_name, u.id LIMIT @limit OFFSET @offset`,
    count: `SELECT count(*) AS total FROM users u WHERE ${where}`,
  });

  const rowOf = (row: ListRow, tenant: Tenant, domains: readonly Domain[], now: Date): UserRow => {
    const user = store.users.get(row.id);
    const capability = user
      ? capabilityOf(store, user, tenant, domains, now)
      : { capable: false, notCapableBecause: null };
    return {
      id: row.id,
      upn: row.upn,
      displayName: row.display_name,
      enabled: row.enabled === 1,
      source: row.source,
      guest: row.guest === 1,
      admin: store.users.roles(row.id).some(isAdminRole),
      methodKinds: kindsOf.all(row.id).map((entry) => entry.kind),
      ...capability,
    };
  };

  return {
    searchSql,

    search(filters: UserFilters, page: { offset: number; limit: number }): UserPage {
      const tenant = store.tenants.get(filters.tenantId);
      if (!tenant) return { total: 0, offset: page.offset, users: [] };
      const now = clock.now();
      const { where, params } = userSearchWhere(store, filters, now);
      const sql = searchSql(where);
      const total = prepare<{ total: number }>(sql.count).get(params)?.total ?? 0;
      const rows = prepare<ListRow>(sql.page).all({ ...params, limit: page.limit, offset: page.offset });
      const domains = store.tenants.domains(tenant.id);
      return { total, offset: page.offset, users: rows.map((row) => rowOf(row, tenant, domains, now)) };
    },

    /** How many users of the tenant match: the reports count with the same filters as the list. */
    count(filters: UserFilters): number {
      const { where, params } = userSearchWhere(store, filters, clock.now());
      return prepare<{ total: number }>(searchSql(where).count).get(params)?.total ?? 0;
    },

    details(user: User, tenant: Tenant): AdminUser {
      const now = clock.now();
      const roles = store.users.roles(user.id);
      const admin = roles.some(isAdminRole);
      const domains = store.tenants.domains(tenant.id);
      const allowed = admin ? adminGatePolicy(tenant, domains, now).allowedMethods : tenant.ssprPolicy.methodsAllowed;
      const methods = store.methods.listForUser(user.id);
      const capability = capabilityOf(store, user, tenant, domains, now);
      const expiryDays = tenant.passwordPolicy.expiryDays;
      const lockedNow = (until: Date | null) => until !== null && until.getTime() > now.getTime();
      return {
        id: user.id,
        tenantId: tenant.id,
        tenantName: tenant.name,
        upn: user.upn,
        displayName: user.displayName,
        givenName: user.givenName,
        surname: user.surname,
        enabled: user.enabled,
        source: user.source,
        guest: user.guest,
        license: user.license,
        effectivePlan: effectivePlan(user),
        roles,
        admin,
        groups: store.groups.ofUser(user.id).map((group) => ({ id: group.id, name: group.name })),
        risk: user.risk,
        passwordLastSet: user.passwordLastSet.toISOString(),
        passwordExpiresAt:
          expiryDays > 0 ? new Date(user.passwordLastSet.getTime() + expiryDays * dayMs).toISOString() : null,
        mustChange: user.mustChange,
        lockouts: {
          cloud: {
            locked: lockedNow(user.cloudLockout.lockedUntil),
            until: user.cloudLockout.lockedUntil?.toISOString() ?? null,
            failedSignIns: user.cloudLockout.failedSignIns,
          },
          onPremises: {
            locked: lockedNow(user.onPremLockout.lockedUntil),
            until: user.onPremLockout.lockedUntil?.toISOString() ?? null,
            failedSignIns: user.onPremLockout.failedSignIns,
          },
          sspr: { blocked: lockedNow(user.ssprBlockedUntil), until: user.ssprBlockedUntil?.toISOString() ?? null },
        },
        registration: {
          confirmedAt: user.registrationConfirmedAt?.toISOString() ?? null,
          firstPromptedAt: user.registrationFirstPromptedAt?.toISOString() ?? null,
        },
        methods: methods.map((method) => ({
          methodId: method.id,
          kind: method.kind,
          display: methodDisplay(method),
          registeredAt: method.registeredAt.toISOString(),
          usableFor: usableGateMethods(user, [method], allowed, tenant.ssprPolicy.questionsRequiredToReset).map(
            (usable) => usable.gateMethod,
          ),
        })),
        ...capability,
        note: user.note,
      };
    },
  };
}

export type UserDirectory = ReturnType<typeof createUserDirectory>;

/** What the console shows of a registration: never a hash, a sealed secret or an answer. */
/**
 * A user's details with the on-premises lockout as a real directory reports it now (issue 9): an LDAP
 * directory keeps its own, and the store's copy is the simulated directory's. When the directory does
 * not answer, the details stay as the store has them.
 */
export async function withDirectoryLockout(
  details: AdminUser,
  user: User,
  directory: OnPremDirectory,
): Promise<AdminUser> {
  const connector = connectorFor(directory, user.tenantId);
  if (user.source === 'cloud' || connector.kind !== 'ldap') return details;
  try {
    const lockout = await connector.lockoutState(directoryAccountRef(user));
    if (!lockout) return details;
    const onPremises = {
      locked: lockout.locked,
      until: lockout.lockedUntil?.toISOString() ?? null,
      failedSignIns: lockout.badPasswordCount,
    };
    return { ...details, lockouts: { ...details.lockouts, onPremises } };
  } catch {
    return details;
  }
}

export function methodDisplay(method: AuthMethod): string {
  switch (method.kind) {
    case 'email':
      return method.address;
    case 'mobilePhone':
      return method.phoneNumber;
    case 'officePhone':
      return dialString(method.phoneNumber, method.extension);
    case 'authenticatorApp':
      return method.deviceName ?? 'Authenticator app';
    case 'securityQuestions':
      return `${method.answers.length} questions`;
  }
}
