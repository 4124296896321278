import { test, expect } from './fixtures';
import { checkNamedScreen } from '../support/reset-wizard';
import {
  adminConsole,
  liftCurtain,
  lockConsole,
  openConsole,
  resetLink,
  showLockScreen,
  wrongPassword,
} from '../support/admin-console';

test.describe('issue 6 the Device tab', () => {
  // Whole journeys through the console, each screen checked with axe-core: longer than the default limit on a busy machine.
  test.slow();

  test('§9 AllowPasswordReset off in the Device tab takes the link off the lock screen and the diagnostic names it; on brings it back', async ({
    page,
    shell,
  }) => {
    await showLockScreen(page, shell.url);
    await openConsole(page);
    const device = adminConsole(page).getByTestId('admin-device');
    await expect(device.getByTestId('admin-link-status')).toHaveAttribute('data-available', 'true');
    await checkNamedScreen(page, 'admin-tab-device');

    const allow = device.getByRole('switch', { name: 'Allow password reset at sign-in (AllowPasswordReset)' });
    await allow.click();
    await expect(device.getByTestId('admin-link-status')).toHaveText(
      /hidden on this lock screen by one setting:.*Password reset isn't turned on for this device/,
    );
    // The registry value as Windows would hold it.
    await expect(device.locator('[data-field="allowPasswordReset"]')).toContainText(
      'HKLM\\SOFTWARE\\Policies\\Microsoft\\AzureADAccount\\AllowPasswordReset = 0',
    );
    await checkNamedScreen(page, 'admin-device-2-link-hidden');
    await lockConsole(page);

    // The lock screen follows at once: no link even after a wrong password, and the diagnostic says why.
    await liftCurtain(page);
    await wrongPassword(page);
    await expect(resetLink(page)).toHaveCount(0);
    await page.getByRole('button', { name: "Why don't I see Reset password?" }).click();
    const diagnostic = page.getByTestId('reset-link-diagnostic');
    await expect(diagnostic.getByTestId('diagnostic-blocker')).toHaveCount(1);
    await expect(diagnostic.getByTestId('diagnostic-blocker')).toHaveAttribute('data-blocker', 'allowPasswordResetOff');
    await checkNamedScreen(page, 'admin-device-3-lock-screen-diagnostic');
    await diagnostic.getByRole('button', { name: 'Close' }).click();

    // Back on: the link returns after a wrong password.
    await openConsole(page);
    await expect(allow).not.toBeChecked();
    await allow.click();
    await expect(device.getByTestId('admin-link-status')).toHaveAttribute('data-available', 'true');
    await lockConsole(page);
    await liftCurtain(page);
    await expect(resetLink(page)).toHaveCount(0);
    await wrongPassword(page);
    await expect(resetLink(page)).toBeVisible();
  });
});
