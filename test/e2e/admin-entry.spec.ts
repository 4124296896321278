import { test, expect } from './fixtures';
import { checkNamedScreen, trainingPanel } from '../support/reset-wizard';
import {
  adminConsole,
  adminCredential,
  askForConsole,
  credentialPrompt,
  lockConsole,
  openConsole,
  showLockScreen,
  submitCredential,
} from '../support/admin-console';

test.describe('issue 6 the way into the admin console', () => {
  // Whole journeys through the console, each screen checked with axe-core: longer than the default limit on a busy machine.
  test.slow();

  test('§9 first run sets the local admin credential; wrong ones are throttled, the wait shown and the right one refused until the training clock passes it', async ({
    page,
    shell,
  }) => {
    await showLockScreen(page, shell.url);
    const prompt = await askForConsole(page);
    await expect(prompt.getByRole('heading', { name: 'Set up the device administrator credential' })).toBeVisible();
    await checkNamedScreen(page, 'admin-entry-1-setup');

    // A credential under the console's rules is refused with the rules it broke, and nothing is set.
    await submitCredential(page, 'short1A');
    await expect(prompt.getByTestId('admin-credential-problem')).toContainText('Use at least 12 characters.');
    await expect(prompt.locator('input[type="password"]').first()).toHaveValue('');

    await submitCredential(page, adminCredential);
    await expect(adminConsole(page)).toBeVisible();
    await expect(adminConsole(page).getByRole('heading', { level: 2, name: 'Device' })).toBeVisible();
    await lockConsole(page);

    // The shortcut asks again; now the credential is checked.
    await page.keyboard.press('Control+Shift+S');
    await expect(credentialPrompt(page).getByRole('heading', { name: 'Device administrator' })).toBeVisible();
    for (const attempt of [1, 2]) {
      await submitCredential(page, `Wrong-Guess-Number-${attempt}`);
      await expect(credentialPrompt(page).getByTestId('admin-credential-problem')).toHaveText(
        "That isn't this device's administrator credential.",
      );
      await expect(credentialPrompt(page).getByTestId('admin-throttle')).toHaveCount(0);
    }
    // The third wrong one starts the wait (30 s, doubling after each further one).
    await submitCredential(page, 'Wrong-Guess-Number-3');
    const wait = credentialPrompt(page).getByTestId('admin-throttle-wait');
    await expect(wait).toHaveText(/^0:(30|29|28)$/);
    await checkNamedScreen(page, 'admin-entry-2-throttled');

    // The right credential is not even checked while the wait lasts.
    await submitCredential(page, adminCredential);
    await expect(credentialPrompt(page).getByTestId('admin-credential-problem')).toContainText(
      'Too many wrong attempts: the credential wasn',
    );
    await expect(adminConsole(page)).toHaveCount(0);

    // The guard reads the training clock: five minutes on, and the same credential opens the console.
    await credentialPrompt(page).getByRole('button', { name: 'Cancel' }).click();
    await page.getByRole('button', { name: 'Training devices', exact: true }).click();
    const panel = trainingPanel(page);
    await panel.getByRole('button', { name: '+5 min' }).click();
    await expect(panel).toContainText('5 minutes ahead of real time');
    // The open panel covers the corner where the settings gear sits: close it first, as a trainer would.
    await panel.getByRole('button', { name: 'Close training devices' }).click();
    await askForConsole(page);
    await expect(credentialPrompt(page).getByTestId('admin-throttle')).toHaveCount(0);
    await submitCredential(page, adminCredential);
    await expect(adminConsole(page)).toBeVisible();
  });

  test('the console locks itself after 10 idle minutes: its next call brings the prompt back, saying why', async ({
    page,
    shell,
  }) => {
    await showLockScreen(page, shell.url);
    await openConsole(page);
    // An hour passes on the training clock (the guard's clock), as the training panel's "+1 h" would move it.
    const moved = await page.evaluate(async () => {
      const response = await fetch('/api/call/training.advanceClock', {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          Authorization: `Bearer ${sessionStorage.getItem('sspr.shellToken') ?? ''}`,
        },
        body: JSON.stringify({ minutes: 60 }),
      });
      return ((await response.json()) as { ok: boolean }).ok;
    });
    expect(moved).toBe(true);

    // Properties reads the tenant again, and the main process refuses: the console is closed there.
    // (The console's own status check, every 30 s, may have noticed first.)
    const properties = adminConsole(page).getByRole('navigation').getByText('Properties', { exact: true });
    await properties.click({ timeout: 5_000 }).catch(() => undefined);
    const prompt = credentialPrompt(page);
    await expect(prompt).toContainText('The console locked itself after 10 minutes without activity.');
    await expect(adminConsole(page)).toHaveCount(0);
    await submitCredential(page, adminCredential);
    await expect(adminConsole(page).getByRole('heading', { level: 2, name: 'Device' })).toBeVisible();
  });
});
