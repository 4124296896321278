import type { Database } from './database';

export interface Group {
  id: number;
  tenantId: number;
  name: string;
  description: string | null;
}

interface GroupRow {
  id: number;
  tenant_id: number;
  name: string;
  description: string | null;
}

export function createGroupRepository(db: Database) {
  const statements = {
    get: db.prepare<[number], GroupRow>('SELECT id, tenant_id, name, description FROM directory_groups WHERE id = ?'),
    byName: db.prepare<[number, string], GroupRow>(
      'SELECT id, tenant_id, name, description FROM directory_groups WHERE tenant_id = ? AND name = ?',
    ),
    listByTenant: db.prepare<[number], GroupRow>(
      'SELECT id, tenant_id, name, description FROM directory_groups WHERE tenant_id = ? ORDER BY name',
    ),
    ofUser: db.prepare<[number], GroupRow>(
      `SELECT g.id, g.tenant_id, g.name, g.description FROM directory_groups g
       JOIN group_members m ON m.group_id = g.id WHERE m.user_id = ? ORDER BY g.name`,
    ),
    insert: db.prepare<[number, string, string | null]>(
      'INSERT INTO directory_groups (tenant_id, name, description) VALUES (?, ?, ?)',
    ),
    addMember: db.prepare<[number, number]>('INSERT OR IGNORE INTO group_members (group_id, user_id) VALUES (?, ?)'),
    removeMember: db.prepare<[number, number]>('DELETE FROM group_members WHERE group_id = ? AND user_id = ?'),
    isMember: db.prepare<[number, number], { found: number }>(
      'SELECT 1 AS found FROM group_members WHERE group_id = ? AND user_id = ?',
    ),
    members: db.prepare<[number], { user_id: number }>(
      'SELECT user_id FROM group_members WHERE group_id = ? ORDER BY user_id',
    ),
    update: db.prepare<[string, string | null, number]>(
      'UPDATE directory_groups SET name = ?, description = ? WHERE id = ?',
    ),
    remove: db.prepare<[number]>('DELETE FROM directory_groups WHERE id = ?'),
    memberCounts: db.prepare<[number], { group_id: number; count: number }>(
      `SELECT g.id AS group_id, count(m.user_id) AS count FROM directory_groups g
       LEFT JOIN group_members m ON m.group_id = g.id WHERE g.tenant_id = ? GROUP BY g.id`,
    ),
  };

  return {
    get: (id: number): Group | null => {
      const row = statements.get.get(id);
      return row ? toGroup(row) : null;
    },
    /** Group names are unique in a tenant, case-insensitively. */
    byName: (tenantId: number, name: string): Group | null => {
      const row = statements.byName.get(tenantId, name.trim());
      return row ? toGroup(row) : null;
    },
    listByTenant: (tenantId: number): Group[] => statements.listByTenant.all(tenantId).map(toGroup),
    ofUser: (userId: number): Group[] => statements.ofUser.all(userId).map(toGroup),
    create: (tenantId: number, group: { name: string; description?: string | null }): Group => {
      const { lastInsertRowid } = statements.insert.run(tenantId, group.name.trim(), group.description ?? null);
      const row = statements.get.get(Number(lastInsertRowid));
      if (!row) throw new Error('The group was not created.');
      return toGroup(row);
    },
    addMember: (groupId: number, userId: number): void => {
      statements.addMember.run(groupId, userId);
    },
    removeMember: (groupId: number, userId: number): void => {
      statements.removeMember.run(groupId, userId);
    },
    /** Direct membership only: SSPR's `selected` scope does not follow nested groups (spec §2). */
    isMember: (groupId: number, userId: number): boolean => statements.isMember.get(groupId, userId) !== undefined,
    memberIds: (groupId: number): number[] => statements.members.all(groupId).map((row) => row.user_id),
    /** Renames a group or changes its description; the id, and so the SSPR scope that names it, stays. */
    update: (id: number, group: { name: string; description: string | null }): Group | null => {
      statements.update.run(group.name.trim(), group.description, id);
      const row = statements.get.get(id);
      return row ? toGroup(row) : null;
    },
    /** Deletes the group and its memberships (not the members). */
    remove: (id: number): boolean => statements.remove.run(id).changes > 0,
    /** Direct members per group of a tenant, by group id. */
    memberCounts: (tenantId: number): Map<number, number> =>
      new Map(statements.memberCounts.all(tenantId).map((row) => [row.group_id, row.count])),
  };
}

export type GroupRepository = ReturnType<typeof createGroupRepository>;

function toGroup(row: GroupRow): Group {
  return { id: row.id, tenantId: row.tenant_id, name: row.name, description: row.description };
}
