import { test, expect } from './fixtures';
import { adminConsole, goTo, openConsole, showLockScreen } from '../support/admin-console';
import { openUser } from '../support/admin-pages';
import { checkNamedScreen } from '../support/reset-wizard';

test.describe('issue 6 Groups page: groups and the pilot group', () => {
  test.slow();

  test('§2 §3.2 the pilot group cannot be deleted while SSPR is enabled for it, and a member added to it becomes capable of reset', async ({
    page,
    shell,
  }) => {
    await showLockScreen(page, shell.url);
    await openConsole(page);
    const main = await goTo(page, 'Groups');
    const groups = main.getByTestId('admin-groups');
    await expect(groups.getByRole('row', { name: /SSPR Pilot/ })).toContainText('SSPR group');

    // A new group, created in the engine and audited.
    await groups.getByRole('button', { name: 'New group' }).click();
    const form = groups.getByRole('region', { name: 'New group' });
    await expect(form.getByRole('heading', { name: 'New group' })).toBeFocused();
    await form.getByRole('textbox', { name: 'Name' }).fill('Finance');
    await form.getByRole('button', { name: 'Create' }).click();
    await expect(form.getByText('The tenant already has a group called Finance.')).toBeVisible();
    await form.getByRole('textbox', { name: 'Name' }).fill('Helpdesk trainees');
    await form.getByRole('textbox', { name: 'Description' }).fill('New starters shadowing the helpdesk');
    await form.getByRole('button', { name: 'Create' }).click();
    await expect(groups.getByRole('row', { name: /Helpdesk trainees/ })).toContainText('0');

    // The pilot group: SSPR is enabled for it, so the engine refuses to delete it and says why.
    await groups.getByRole('button', { name: 'SSPR Pilot' }).click();
    const group = adminConsole(page).getByTestId('admin-group');
    await expect(group.getByRole('heading', { level: 2, name: 'SSPR Pilot' })).toBeFocused();
    await group.getByRole('button', { name: 'Delete' }).click();
    await group.getByTestId('group-delete').getByRole('button', { name: 'Delete' }).click();
    await expect(group.getByTestId('group-notice')).toContainText(
      'SSPR is enabled for SSPR Pilot: choose another group (or another scope) on the Properties tab first.',
    );

    // Alex Wilber is outside the pilot (§3.2); added, he is capable of reset.
    await group.getByRole('combobox', { name: 'Add a member' }).fill('Alex');
    await page.getByRole('option', { name: /Alex Wilber/ }).click();
    await group.getByRole('button', { name: 'Add', exact: true }).click();
    await expect(group.getByTestId('group-notice')).toContainText('Alex Wilber added to SSPR Pilot.');
    await expect(group.getByTestId('group-members').getByRole('row', { name: /Alex Wilber/ })).toBeVisible();
    await checkNamedScreen(page, 'admin-groups-1-pilot');

    const alex = await openUser(page, 'Alex Wilber');
    await expect(alex.getByTestId('user-capable')).toHaveText('Yes');
    await expect(alex.getByRole('listitem').filter({ hasText: 'SSPR Pilot' })).toBeVisible();
  });
});
