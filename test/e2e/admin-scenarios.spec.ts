import { test, expect } from './fixtures';
import { adminConsole, goTo, liftCurtain, lockConsole, openConsole, showLockScreen } from '../support/admin-console';
import { checkNamedScreen, openTrainingPanel } from '../support/reset-wizard';

test.describe('issue 8 Training scenarios page', () => {
  test.slow();

  test('issue 8 loading the lockout drill from the settings pane replaces the lab, and the lock screen shows it', async ({
    page,
    shell,
  }) => {
    await showLockScreen(page, shell.url);
    await expect(page.getByRole('heading', { name: 'Adele Vance' })).toBeVisible();
    await openConsole(page);
    const main = await goTo(page, 'Training scenarios');
    const scenarios = main.getByTestId('admin-scenarios');

    // Each pack with its trainer's note: what to try, what should happen, why.
    const drill = scenarios.getByTestId('scenario-lockout-drill');
    await expect(drill.getByRole('heading', { level: 3, name: 'Lockout drill' })).toBeVisible();
    await expect(drill.getByText('1 tenant · 6 users')).toBeVisible();
    const note = drill.getByTestId('scenario-note');
    await expect(note.getByRole('heading', { name: 'What to try' })).toBeVisible();
    await expect(note.getByRole('heading', { name: 'What should happen' })).toBeVisible();
    await expect(note.getByRole('heading', { name: 'Why' })).toBeVisible();
    await expect(note).toContainText('Jonas is unlocked without a new password');
    await expect(scenarios.getByTestId('scenario-pilot-rollout')).toContainText('Pilot rollout: SSPR for one group');
    await checkNamedScreen(page, 'admin-scenarios-1-packs');

    // Load asks first, saying that it replaces everything on this device; Cancel changes nothing.
    await drill.getByRole('button', { name: 'Load Lockout drill' }).click();
    const confirm = drill.getByTestId('admin-scenarios-confirm');
    await expect(confirm.getByRole('heading', { name: 'Load Lockout drill?' })).toBeFocused();
    await expect(confirm).toContainText('This replaces everything on this device');
    await checkNamedScreen(page, 'admin-scenarios-2-confirm');
    await confirm.getByRole('button', { name: 'Cancel' }).click();
    await expect(confirm).toBeHidden();

    await drill.getByRole('button', { name: 'Load Lockout drill' }).click();
    const loaded = page.waitForResponse((response) => response.url().endsWith('/api/call/admin.scenarios.load'), {
      timeout: 60_000,
    });
    await drill.getByRole('button', { name: 'Replace everything and load' }).click();
    await loaded;
    const notice = drill.getByTestId('scenario-lockout-drill-notice');
    await expect(notice).toContainText('Lockout drill is loaded: 1 tenant with 6 users.');
    // The console reads the new lab's tenants.
    await expect(adminConsole(page).getByTestId('admin-tenant-picker')).toHaveText(/Alpine Ski House/);
    await checkNamedScreen(page, 'admin-scenarios-3-loaded');

    // The lock screen shows the new lab: its tenant, its last user, its training devices.
    await lockConsole(page);
    await liftCurtain(page);
    await expect(page.getByRole('region', { name: /Alpine Ski House/ })).toBeVisible();
    await expect(page.getByRole('heading', { name: 'Kai Jensen' })).toBeVisible();
    await expect(page.getByRole('heading', { name: 'Adele Vance' })).toHaveCount(0);
    const panel = await openTrainingPanel(page);
    await expect(panel).toContainText('Same as real time');
    await panel.getByRole('textbox', { name: 'Show the devices of' }).fill('kai.jensen@alpineskihouse.com');
    await panel.getByRole('button', { name: 'Show', exact: true }).click();
    await expect(panel).toContainText('Kai Jensen');
    await expect(panel).toContainText('kai.jensen@personal.example');
    await checkNamedScreen(page, 'admin-scenarios-4-lock-screen');
  });
});
