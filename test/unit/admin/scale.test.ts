// Issue 6 "large lists stay fast": the user list's search and filters over 100,000 users run on
// indexes (the users' full-text index of migration 5, users_by_tenant, and the keys of methods,
// roles and memberships). The query plan is checked, not the clock; the timings are printed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUserDirectory, userSearchWhere, type UserFilters } from '../../../electron/main/admin/user-directory';
import { ManualClock } from '../../../electron/main/clock';
import { openStore, type Store } from '../../../electron/main/store';

const userCount = 100_000;
const clock = new ManualClock('2026-03-02T09:00:00Z');
let store: Store;
let tenantId: number;

beforeAll(() => {
  store = openStore(':memory:');
  const now = clock.now();
  const tenant = store.tenants.create({ name: 'Scale', plan: 'p1', directorySync: true, createdAt: now });
  tenantId = tenant.id;
  store.tenants.addDomain(tenantId, { name: 'scale.onmicrosoft.com' });
  store.tenants.addDomain(tenantId, { name: 'scale.example' });
  const pilot = store.groups.create(tenantId, { name: 'Pilot' });
  store.tenants.setSsprPolicy(tenantId, {
    ...tenant.ssprPolicy,
    enabledFor: 'selected',
    selectedGroupId: pilot.id,
    writeback: true,
    methodsRequiredToReset: 2,
    methodsAllowed: ['email', 'mobileSms', 'appCode', 'securityQuestions'],
  });
  const hash = 'scrypt$v=1$N=1024,r=8,p=1$c2FsdHNhbHRzYWx0c2FsdA==$a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2U=';
  const insertUser = store.db.prepare<[number, string, string, string, string, string, string, string]>(
    `INSERT INTO users (tenant_id, upn, display_name, given_name, surname, source, password_hash, password_last_set, created_at, license)
     VALUES (?, ?, ?, ?, ?, ?, '${hash}', ?, ?, 'p1')`,
  );
  const insertMethod = store.db.prepare<[number, string, string | null, string | null, string]>(
    'INSERT INTO auth_methods (user_id, kind, email, phone_number, registered_at) VALUES (?, ?, ?, ?, ?)',
  );
  const insertRole = store.db.prepare<[number]>(
    "INSERT INTO user_roles (user_id, role) VALUES (?, 'User Administrator')",
  );
  const insertMember = store.db.prepare<[number, number]>(
    'INSERT INTO group_members (group_id, user_id) VALUES (?, ?)',
  );
  const given = ['Ada', 'Ben', 'Cleo', 'Dev', 'Eli', 'Fay', 'Gus', 'Hana', 'Ivo', 'Jun'];
  const family = ['Stone', 'Rivera', 'Okafor', 'Lindqvist', 'Tanaka', 'Moreau', 'Novak', 'Haddad'];
  const iso = now.toISOString();
  store.transaction(() => {
    for (let index = 0; index < userCount; index++) {
      const first = given[index % given.length] ?? 'Ada';
      const last = `${family[index % family.length] ?? 'Stone'}${index}`;
      const upn = `${first.toLowerCase()}.${last.toLowerCase()}@scale.example`;
      const { lastInsertRowid } = insertUser.run(
        tenantId,
        upn,
        `${first} ${last}`,
        first,
        last,
        index % 10 === 0 ? 'synced' : 'cloud',
        iso,
        iso,
      );
      const id = Number(lastInsertRowid);
      if (index % 2 === 0) insertMethod.run(id, 'email', `${first}${index}@home.example`, null, iso);
      if (index % 3 === 0)
        insertMethod.run(id, 'mobilePhone', null, `+1 425 555 ${String(index % 10000).padStart(4, '0')}`, iso);
      if (index % 100 === 0) insertRole.run(id);
      if (index % 4 !== 0) insertMember.run(pilot.id, id);
    }
  });
}, 120_000);
afterAll(() => store.close());

const combinations: Array<Omit<UserFilters, 'tenantId'>> = [
  {},
  { text: 'hana' },
  { text: 'tanaka4' },
  { registered: true },
  { registered: false },
  { admin: true },
  { synced: true },
  { capable: true },
  { capable: false, registered: true },
  { text: 'cleo', capable: true, synced: false, admin: false },
];

function plan(sql: string, params: Record<string, string | number>): string[] {
  return store.db
    .prepare<[Record<string, string | number>], { detail: string }>(`EXPLAIN QUERY PLAN ${sql}`)
    .all(params)
    .map((row) => row.detail);
}

describe('issue 6 the user list at 100,000 users', () => {
  it('every search and filter runs on an index: users by tenant, the full-text index, and the keys of methods, roles and members', () => {
    const directory = createUserDirectory({ store, clock });
    for (const filters of combinations) {
      const { where, params } = userSearchWhere(store, { tenantId, ...filters }, clock.now());
      const sql = directory.searchSql(where);
      for (const statement of [sql.page, sql.count]) {
        const lines = plan(statement, { ...params, limit: 50, offset: 0 });
        const label = `${JSON.stringify(filters)}: ${lines.join(' | ')}`;
        expect(
          // Users come by tenant from users_by_tenant, or by id from the full-text index's matches.
          lines.some((line) => /SEARCH u USING ((COVERING )?INDEX users_by_tenant|INTEGER PRIMARY KEY)/.test(line)),
          label,
        ).toBe(true);
        // A full scan of a table (not an index, not the full-text table) is what would not scale.
        expect(
          lines.filter((line) => /^SCAN (u|m|r|gm|a|users|auth_methods|user_roles|group_members)\b/.test(line)),
          label,
        ).toEqual([]);
        for (const line of lines.filter((line) => /SEARCH (m|r|gm|a) /.test(line))) {
          expect(line, label).toMatch(/USING (COVERING )?(INDEX|PRIMARY KEY)/);
        }
      }
    }
  });

  it('answers each search with the right counts, and prints how long each took', () => {
    const directory = createUserDirectory({ store, clock });
    const timings: string[] = [];
    for (const filters of combinations) {
      const started = performance.now();
      const page = directory.search({ tenantId, ...filters }, { offset: 0, limit: 50 });
      timings.push(`${JSON.stringify(filters)}: ${page.total} users, ${(performance.now() - started).toFixed(1)} ms`);
      expect(page.users.length).toBe(Math.min(50, page.total));
    }
    console.log(`user list over ${userCount} users:\n  ${timings.join('\n  ')}`);
    expect(directory.count({ tenantId })).toBe(userCount);
    expect(directory.count({ tenantId, admin: true })).toBe(userCount / 100);
    expect(directory.count({ tenantId, registered: false })).toBe(
      userCount - directory.count({ tenantId, registered: true }),
    );
    expect(directory.count({ tenantId, text: 'tanaka4' })).toBe(
      store.db.prepare<[], { n: number }>("SELECT count(*) AS n FROM users WHERE surname LIKE 'Tanaka4%'").get()?.n,
    );
  });
});
