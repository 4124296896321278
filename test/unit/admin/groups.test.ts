// Issue 6 groups and memberships, the pilot group of §2's `selected` scope among them: membership
// is direct, a member added to the pilot can reset at once, the pilot cannot be deleted while it is
// chosen, names are unique in a tenant, and every change is audited.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openAdminHarness, snapshot, type AdminHarness } from './support';

let h: AdminHarness;
let contoso: number;
beforeEach(async () => {
  h = await openAdminHarness();
  contoso = h.tenantId('Contoso');
});
afterEach(() => h.close());

async function group(name: string) {
  const found = (await h.call('admin.groups.list', { tenantId: contoso })).find((candidate) => candidate.name === name);
  if (!found) throw new Error(`no group ${name}`);
  return found;
}

describe('issue 6 groups', () => {
  it('§2 lists the groups with their member counts and marks the pilot group of the selected scope', async () => {
    const groups = await h.call('admin.groups.list', { tenantId: contoso });
    expect(groups.map((entry) => [entry.name, entry.ssprGroup])).toEqual([
      ['All Staff', false],
      ['Finance', false],
      ['IT Helpdesk', false],
      ['SSPR Pilot', true],
    ]);
    const pilot = await group('SSPR Pilot');
    const members = await h.call('admin.group.members', { groupId: pilot.id, limit: 500 });
    expect(members.total).toBe(pilot.members);
    expect(members.members.map((member) => member.upn)).toContain('adele.vance@contoso.com');
    expect(members.members.map((member) => member.upn)).not.toContain('alex.wilber@contoso.com');
  });

  it('§3.2 a user added to the pilot group can reset at once; removed, they are stopped again', async () => {
    const pilot = await group('SSPR Pilot');
    const alex = h.userId('alex.wilber@contoso.com');
    const added = await h.call('admin.group.addMember', { groupId: pilot.id, userId: alex });
    expect(added.members).toBe(pilot.members + 1);
    expect(await h.call('admin.whatIf', { upn: 'alex.wilber@contoso.com' })).toMatchObject({ eligible: true });
    await h.call('admin.group.removeMember', { groupId: pilot.id, userId: alex });
    expect(await h.call('admin.whatIf', { upn: 'alex.wilber@contoso.com' })).toMatchObject({
      outcome: 'notInSsprGroup',
    });
    expect(
      h.store.audit
        .list({ limit: 2, activity: 'groupChanged' })
        .map((event) => [event.details['field'], event.targetUpn]),
    ).toEqual([
      ['memberRemoved', 'alex.wilber@contoso.com'],
      ['memberAdded', 'alex.wilber@contoso.com'],
    ]);
  });

  it('§2 creates, renames and deletes a group; choosing it as the pilot makes it the scope, and then it cannot be deleted', async () => {
    const created = await h.call('admin.group.create', {
      tenantId: contoso,
      name: 'Kiosk pilot',
      description: 'Front desk',
    });
    expect(created).toMatchObject({ name: 'Kiosk pilot', members: 0, ssprGroup: false });
    const renamed = await h.call('admin.group.update', { groupId: created.id, name: 'Front desk pilot' });
    expect(renamed).toMatchObject({ name: 'Front desk pilot', description: 'Front desk' });
    await h.call('admin.tenant.set', {
      tenantId: contoso,
      change: { tab: 'properties', patch: { selectedGroupId: created.id } },
    });
    expect(await h.call('admin.whatIf', { upn: 'adele.vance@contoso.com' })).toMatchObject({
      outcome: 'notInSsprGroup',
    });
    const before = snapshot(h.store);
    expect(await h.refused('admin.group.delete', { groupId: created.id })).toMatchObject({ code: 'conflict' });
    expect(snapshot(h.store)).toBe(before);
    const pilot = await group('SSPR Pilot');
    await h.call('admin.tenant.set', {
      tenantId: contoso,
      change: { tab: 'properties', patch: { selectedGroupId: pilot.id } },
    });
    const remaining = await h.call('admin.group.delete', { groupId: created.id });
    expect(remaining.map((entry) => entry.name)).not.toContain('Front desk pilot');
    expect(h.store.audit.list({ limit: 10, activity: 'groupChanged' }).map((event) => event.details['field'])).toEqual([
      'deleted',
      'name',
      'created',
    ]);
  });

  it('refuses a duplicate name, a member from another tenant and an unknown group, changing nothing', async () => {
    const before = snapshot(h.store);
    expect(await h.refused('admin.group.create', { tenantId: contoso, name: 'finance' })).toMatchObject({
      code: 'conflict',
    });
    const finance = await group('Finance');
    expect(await h.refused('admin.group.update', { groupId: finance.id, name: 'All Staff' })).toMatchObject({
      code: 'conflict',
    });
    const ben = h.userId('ben.walters@fabrikam.onmicrosoft.com');
    expect(await h.refused('admin.group.addMember', { groupId: finance.id, userId: ben })).toMatchObject({
      code: 'not_found',
    });
    expect(await h.refused('admin.group.members', { groupId: 99_999 })).toMatchObject({ code: 'not_found' });
    expect(snapshot(h.store)).toBe(before);
  });
});
