import { mkdirSync } from 'node:fs';
import { test, expect } from './fixtures';
import { demo } from '../support/demo-tenant';
import { liftCurtain } from '../support/sign-in';

const screens = 'test-results/screens';
mkdirSync(screens, { recursive: true });

test.describe('§11 sign-in at the lock screen', () => {
  test('the lock screen of the demo tenant shows the clock, then the last user tile', async ({ page, shell }) => {
    await page.goto(shell.url);
    const lock = page.getByTestId('lock-screen');
    await expect(lock).toBeVisible();
    await expect(lock.locator('time')).toBeVisible();
    await expect(page.getByText(demo.tenantLogoText)).toBeVisible();
    await page.screenshot({ path: `${screens}/lock-screen-curtain.png` });

    await liftCurtain(page);
    await expect(page.getByRole('heading', { name: demo.lastUser.displayName })).toBeVisible();
    await expect(page.getByPlaceholder('Password')).toBeFocused();
    await expect(page.getByRole('navigation', { name: 'Users on this device' })).toContainText('Other user');
    // The token left the address bar once the page read it.
    expect(page.url()).not.toContain('token=');
    await page.screenshot({ path: `${screens}/lock-screen-sign-in.png` });
  });

  test('a wrong password is refused with the Windows message and the password box is emptied', async ({
    page,
    shell,
  }) => {
    await page.goto(shell.url);
    await liftCurtain(page);
    await page.getByPlaceholder('Password').fill('not-the-password-1A');
    await page.keyboard.press('Enter');
    await expect(page.getByRole('alert')).toHaveText(/The user name or password is incorrect/);
    await page.screenshot({ path: `${screens}/lock-screen-wrong-password.png` });
    await page.getByRole('button', { name: 'OK' }).click();
    await expect(page.getByPlaceholder('Password')).toHaveValue('');
  });

  test('the right password reaches the desktop; Lock keeps the user, Sign out ends the session', async ({
    page,
    shell,
  }) => {
    await page.goto(shell.url);
    await liftCurtain(page);
    await page.getByPlaceholder('Password').fill(demo.lastUser.password);
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('desktop')).toBeVisible();
    await expect(page.getByRole('heading', { name: `Welcome, ${demo.lastUser.displayName}` })).toBeVisible();
    await page.screenshot({ path: `${screens}/desktop.png` });

    await page.getByRole('button', { name: 'Lock' }).click();
    await liftCurtain(page);
    await expect(page.getByRole('heading', { name: demo.lastUser.displayName })).toBeVisible();
    await expect(page.getByRole('navigation', { name: 'Users on this device' })).toHaveCount(0);
    await page.getByPlaceholder('Password').fill(demo.lastUser.password);
    await page.keyboard.press('Enter');
    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect(page.getByTestId('lock-screen')).toBeVisible();
  });

  test('"Other user" signs in with a user name and password', async ({ page, shell }) => {
    await page.goto(shell.url);
    await liftCurtain(page);
    await page.getByRole('button', { name: 'Other user' }).click();
    await expect(page.getByRole('heading', { name: 'Other user' })).toBeVisible();
    await page.getByPlaceholder('User name').fill(demo.otherUser.upn);
    await page.getByPlaceholder('Password').fill(demo.otherUser.password);
    await page.screenshot({ path: `${screens}/lock-screen-other-user.png` });
    await page.keyboard.press('Enter');
    await expect(page.getByRole('heading', { name: `Welcome, ${demo.otherUser.displayName}` })).toBeVisible();
  });

  test('the app reloads without losing its token, and a page without the token is refused', async ({
    page,
    browser,
    shell,
  }) => {
    await page.goto(shell.url);
    await expect(page.getByTestId('lock-screen')).toBeVisible();
    await page.reload();
    await expect(page.getByTestId('lock-screen')).toBeVisible();

    const stranger = await browser.newPage();
    await stranger.goto(shell.origin);
    await expect(stranger.getByRole('alert')).toContainText("isn't allowed to talk to the app");
    await stranger.close();
  });
});
