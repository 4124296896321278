// Groups and memberships (issue 6 "Users"): the pilot group of SSPR's `selected` scope is one of
// these, chosen on the Properties tab. Membership is direct only (spec §2). The group SSPR is
// enabled for cannot be deleted while it is chosen: the scope would name nothing.
import type { GroupView } from '../../../shared/admin';
import { CallFailure } from '../../../shared/errors';
import type { Clock } from '../clock';
import type { Group, Store } from '../store';
import { auditChanges, type FieldChange } from './changes';
import type { AdminActor } from './entry-guard';

export function createGroupAdmin(deps: { store: Store; clock: Clock }) {
  const { store, clock } = deps;
  const members = store.db.prepare<[number, number, number], { user_id: number; upn: string; display_name: string }>(
    `SELECT u.id AS user_id, u.upn, u.display_name FROM group_members m JOIN users u ON u.id = m.user_id
     WHERE m.group_id = ? ORDER BY u.display_name, u.id LIMIT ? OFFSET ?`,
  );
  const memberTotal = store.db.prepare<[number], { count: number }>(
    'SELECT count(*) AS count FROM group_members WHERE group_id = ?',
  );

  const requireGroup = (groupId: number): Group => {
    const group = store.groups.get(groupId);
    if (!group) throw new CallFailure('not_found', 'There is no such group.');
    return group;
  };

  const viewOf = (group: Group): GroupView => {
    const tenant = store.tenants.get(group.tenantId);
    return {
      id: group.id,
      tenantId: group.tenantId,
      name: group.name,
      description: group.description,
      members: memberTotal.get(group.id)?.count ?? 0,
      ssprGroup: tenant?.ssprPolicy.selectedGroupId === group.id,
    };
  };

  const audit = (admin: AdminActor, group: Group, change: FieldChange, target?: { id: number; upn: string }): void =>
    auditChanges(
      store,
      'groupChanged',
      {
        admin,
        at: clock.now(),
        tenantId: group.tenantId,
        targetUserId: target?.id ?? null,
        targetUpn: target?.upn ?? null,
        area: `group.${group.id}`,
      },
      [change],
    );

  const nameTaken = (tenantId: number, name: string, except: number | null): void => {
    const existing = store.groups.byName(tenantId, name);
    if (existing && existing.id !== except) {
      throw new CallFailure('conflict', `The tenant already has a group called ${existing.name}.`);
    }
  };

  const memberOf = (group: Group, userId: number) => {
    const user = store.users.get(userId);
    if (!user || user.tenantId !== group.tenantId)
      throw new CallFailure('not_found', "There is no such user in the group's tenant.");
    return user;
  };

  const list = (tenantId: number): GroupView[] => {
    if (!store.tenants.get(tenantId)) throw new CallFailure('not_found', 'There is no such tenant.');
    const counts = store.groups.memberCounts(tenantId);
    const selected = store.tenants.get(tenantId)?.ssprPolicy.selectedGroupId ?? null;
    return store.groups.listByTenant(tenantId).map((group) => ({
      id: group.id,
      tenantId: group.tenantId,
      name: group.name,
      description: group.description,
      members: counts.get(group.id) ?? 0,
      ssprGroup: selected === group.id,
    }));
  };

  return {
    list,

    create(admin: AdminActor, tenantId: number, name: string, description: string | null): GroupView {
      if (!store.tenants.get(tenantId)) throw new CallFailure('not_found', 'There is no such tenant.');
      return store.transaction(() => {
        nameTaken(tenantId, name, null);
        const group = store.groups.create(tenantId, { name, description });
        audit(admin, group, { field: 'created', old: null, new: group.name });
        return viewOf(group);
      });
    },

    update(admin: AdminActor, groupId: number, patch: { name?: string; description?: string | null }): GroupView {
      return store.transaction(() => {
        const before = requireGroup(groupId);
        const name = patch.name ?? before.name;
        const description = patch.description === undefined ? before.description : patch.description || null;
        nameTaken(before.tenantId, name, before.id);
        const after = store.groups.update(groupId, { name, description }) ?? before;
        if (after.name !== before.name) audit(admin, after, { field: 'name', old: before.name, new: after.name });
        if (after.description !== before.description) {
          audit(admin, after, { field: 'description', old: before.description, new: after.description });
        }
        return viewOf(after);
      });
    },

    remove(admin: AdminActor, groupId: number): GroupView[] {
      const group = requireGroup(groupId);
      const tenant = store.tenants.get(group.tenantId);
      if (tenant?.ssprPolicy.selectedGroupId === group.id) {
        throw new CallFailure(
          'conflict',
          `SSPR is enabled for ${group.name}: choose another group (or another scope) on the Properties tab first.`,
        );
      }
      store.transaction(() => {
        store.groups.remove(group.id);
        audit(admin, group, { field: 'deleted', old: group.name, new: null });
      });
      return list(group.tenantId);
    },

    members(groupId: number, offset: number, limit: number) {
      const group = requireGroup(groupId);
      return {
        total: memberTotal.get(group.id)?.count ?? 0,
        offset,
        members: members.all(group.id, limit, offset).map((row) => ({
          userId: row.user_id,
          upn: row.upn,
          displayName: row.display_name,
        })),
      };
    },

    addMember(admin: AdminActor, groupId: number, userId: number): GroupView {
      const group = requireGroup(groupId);
      const user = memberOf(group, userId);
      store.transaction(() => {
        if (store.groups.isMember(group.id, user.id)) return;
        store.groups.addMember(group.id, user.id);
        audit(admin, group, { field: 'memberAdded', old: null, new: user.upn }, user);
      });
      return viewOf(group);
    },

    removeMember(admin: AdminActor, groupId: number, userId: number): GroupView {
      const group = requireGroup(groupId);
      const user = memberOf(group, userId);
      store.transaction(() => {
        if (!store.groups.isMember(group.id, user.id)) return;
        store.groups.removeMember(group.id, user.id);
        audit(admin, group, { field: 'memberRemoved', old: user.upn, new: null }, user);
      });
      return viewOf(group);
    },
  };
}

export type GroupAdmin = ReturnType<typeof createGroupAdmin>;
