import type { Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { checkNamedScreen } from '../support/reset-wizard';
import { liftCurtain } from '../support/sign-in';
import { demoDevice, setDevice, type DeviceSettingsPatch } from '../support/device';
import { resetLinkBlockers, type ResetLinkBlocker } from '../../shared/session';

/** The one setting that, alone, hides the link for each §9 reason (the demo device has every condition met). */
const hiddenBy: Record<ResetLinkBlocker, { patch: DeviceSettingsPatch; title: RegExp }> = {
  allowPasswordResetOff: { patch: { allow_password_reset: 0 }, title: /Password reset isn't turned on/ },
  notJoined: { patch: { join_type: 'workgroup' }, title: /isn't joined to Microsoft Entra ID/ },
  osTooOld: { patch: { os_version: '10.0.16299' }, title: /version of Windows is too old/ },
  lockScreenAppNotificationsOff: {
    patch: { disable_lock_screen_app_notifications: 1 },
    title: /Lock screen app notifications are turned off/,
  },
  hideFastUserSwitching: { patch: { hide_fast_user_switching: 1 }, title: /Fast user switching is hidden/ },
  dontDisplayLastUserName: { patch: { dont_display_last_user_name: 1 }, title: /last signed-in user isn't shown/ },
  noLockScreen: { patch: { no_lock_screen: 1 }, title: /lock screen is turned off/ },
  blockNonAdminUserInstall: { patch: { block_non_admin_user_install: 1 }, title: /can't install apps/ },
  lostMode: { patch: { lost_mode: 1 }, title: /in lost mode/ },
  customShell: { patch: { custom_shell: 1 }, title: /custom shell replaces Explorer/ },
  requireSmartCard: { patch: { require_smart_card: 1 }, title: /smart card is required/ },
  ctrlAltDelWithHiddenLockedUser: {
    patch: { do_not_require_ctrl_alt_del: 'disabled', dont_display_locked_user_id: 3 },
    title: /Ctrl\+Alt\+Del is required and the locked user is hidden/,
  },
  remoteSession: { patch: { remote_session: 'remoteDesktop' }, title: /remote session/ },
};

async function showSignIn(page: Page, url: string) {
  // Going to the same address again only changes the fragment: reload instead (the token is kept for reloads).
  if (page.url().startsWith(new URL(url).origin)) await page.reload();
  else await page.goto(url);
  // Then the password box, or the user name first when the last user isn't shown (§9 DontDisplayLastUserName).
  await liftCurtain(page);
}

/** A wrong password as Windows takes it: the message, then OK (after ten, smart lockout's message, §6). */
async function wrongPassword(page: Page) {
  const passwordBox = page.locator('input[type="password"]');
  // "Other user" needs a user name first (the tile is hidden when the last user isn't shown).
  const userName = page.locator('input[autocomplete="username"]');
  if (await userName.isVisible()) await userName.fill('adele.vance@contoso.com');
  await passwordBox.fill('not-the-password-1A');
  await passwordBox.press('Enter');
  await expect(page.getByRole('alert')).toContainText(/The user name or password is incorrect|has been locked/);
  await page.getByRole('alert').getByRole('button', { name: 'OK' }).click();
}

const resetLink = (page: Page) => page.getByRole('button', { name: 'Reset password', exact: true });
const why = (page: Page) => page.getByRole('button', { name: "Why don't I see Reset password?" });

test.describe('§9 the "Reset password" link at the sign-in screen', () => {
  test('§9 a wrong password makes the link appear, and not before; the diagnostic says so', async ({ page, shell }) => {
    await showSignIn(page, shell.url);
    await expect(resetLink(page)).toHaveCount(0);
    await expect(why(page)).toBeVisible();
    await why(page).click();
    const diagnostic = page.getByRole('dialog', { name: "Why don't I see Reset password?" });
    await expect(diagnostic.getByTestId('diagnostic-summary')).toHaveText(
      /turned on for this device.*after a wrong password/,
    );
    await expect(diagnostic.getByTestId('diagnostic-blocker')).toHaveCount(0);
    await checkNamedScreen(page, 'sign-in-diagnostic-available');
    await page.keyboard.press('Escape');
    await expect(diagnostic).toHaveCount(0);
    await expect(why(page)).toBeFocused();

    await wrongPassword(page);
    await expect(resetLink(page)).toBeVisible();
    await checkNamedScreen(page, 'sign-in-link-after-wrong-password');
  });

  test('§9 the kiosk option shows the link from the start', async ({ page, shell }) => {
    setDevice(shell, { always_show_reset_link: 1 });
    await showSignIn(page, shell.url);
    await expect(resetLink(page)).toBeVisible();
    await why(page).click();
    await expect(page.getByTestId('diagnostic-summary')).toHaveText(/always shown/);
  });

  test('§9 each interfering setting hides the link, and the diagnostic names it', async ({ page, shell }) => {
    // Thirteen settings, each with a reload, a wrong password and the diagnostic: past 60 s on a busy machine.
    test.slow();
    // One shell for every setting: the engine reads the device on each call, so a reload shows the change.
    for (const blocker of resetLinkBlockers) {
      await test.step(blocker, async () => {
        setDevice(shell, { ...demoDevice, ...hiddenBy[blocker].patch });
        await showSignIn(page, shell.url);
        await wrongPassword(page);
        await expect(resetLink(page)).toHaveCount(0);
        await why(page).click();
        const diagnostic = page.getByRole('dialog', { name: "Why don't I see Reset password?" });
        await expect(diagnostic.getByTestId('diagnostic-summary')).toHaveText(/hidden on this device by one setting/);
        const listed = diagnostic.getByTestId('diagnostic-blocker');
        await expect(listed).toHaveCount(1);
        await expect(listed).toHaveAttribute('data-blocker', blocker);
        await expect(listed.getByRole('heading')).toHaveText(hiddenBy[blocker].title);
        await diagnostic.getByRole('button', { name: 'Close' }).click();
      });
    }

    // All at once: each is listed in plain words, in the order of §9.
    setDevice(shell, Object.assign({}, demoDevice, ...resetLinkBlockers.map((blocker) => hiddenBy[blocker].patch)));
    await showSignIn(page, shell.url);
    await why(page).click();
    const listed = page.getByTestId('diagnostic-blocker');
    await expect(listed).toHaveCount(resetLinkBlockers.length);
    expect(await listed.evaluateAll((items) => items.map((item) => item.getAttribute('data-blocker')))).toEqual([
      ...resetLinkBlockers,
    ]);
    await expect(page.getByTestId('diagnostic-summary')).toHaveText(/13 settings/);
    await expect(listed.first()).toContainText('AllowPasswordReset = 0');
    await checkNamedScreen(page, 'sign-in-diagnostic-every-blocker');
  });

  test('§9 a hybrid device without a domain controller keeps the link and says why signing in may wait', async ({
    page,
    shell,
  }) => {
    setDevice(shell, { join_type: 'hybrid-joined', domain_controller_reachable: 0 });
    await showSignIn(page, shell.url);
    await wrongPassword(page);
    await expect(resetLink(page)).toBeVisible();
    await why(page).click();
    await expect(page.getByTestId('diagnostic-warning')).toContainText("can't reach a domain controller");
    await checkNamedScreen(page, 'sign-in-diagnostic-no-domain-controller');
  });
});
