import { expect, type Locator, type Page } from '@playwright/test';
import { adminConsole, goTo } from './admin-console';

/** Picks the tenant in the console's tenant picker. */
export async function pickTenant(page: Page, name: string): Promise<void> {
  const picker = page.getByTestId('admin-tenant-picker');
  const option = page.getByRole('option', { name: new RegExp(`^${name} `) });
  // Fluent's drop-down may miss a click that lands while it is still settling: ask until it opens.
  await expect(async () => {
    if (!(await option.isVisible())) await picker.click();
    await expect(option).toBeVisible({ timeout: 1000 });
  }).toPass({ timeout: 10_000 });
  await option.click();
  await expect(page.getByTestId('admin-tenant-picker')).toHaveText(name);
}

/** The Users page, found by its heading. */
export async function usersPage(page: Page): Promise<Locator> {
  await goTo(page, 'Users');
  const users = adminConsole(page).getByTestId('admin-users');
  await expect(users.getByRole('status')).toHaveText(/found/);
  return users;
}

/** Opens a user's details from the Users page by searching their name (from another user's details, back to the list first). */
export async function openUser(page: Page, displayName: string): Promise<Locator> {
  const open = adminConsole(page).getByTestId('admin-user');
  if (await open.isVisible()) {
    await open.getByRole('navigation', { name: 'Breadcrumb' }).getByRole('button', { name: '← All users' }).click();
    await expect(open).toHaveCount(0);
  }
  const users = await usersPage(page);
  await users.getByRole('searchbox').fill(displayName);
  await expect(users.getByRole('status')).toHaveText(/^1 user found$/);
  await users.getByRole('button', { name: `Open ${displayName}` }).click();
  const details = adminConsole(page).getByTestId('admin-user');
  await expect(details.getByRole('heading', { level: 2, name: displayName })).toBeVisible();
  return details;
}
