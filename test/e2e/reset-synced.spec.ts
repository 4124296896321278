import { test, expect } from './fixtures';
import { setWritebackAgent, userRow } from '../support/demo-db';
import {
  checkScreen,
  chooseNewPassword,
  expectStep,
  identify,
  openResetFromLockScreen,
  passEmailGate,
  passSmsGate,
  press,
  wizard,
} from '../support/reset-wizard';

const johanna = { upn: 'johanna.lorenz@contoso.com', mobile: '+1 425 555 0110' };

// The code screens are the regular journey's (reset-regular); only the choice is shot here, once.
async function throughGates(page: Parameters<typeof identify>[0], url: string, action: RegExp, shots?: string) {
  await openResetFromLockScreen(page, url);
  await identify(page, johanna.upn);
  await press(page, 'Next');
  await expectStep(page, 'chooseAction');
  const card = wizard(page);
  await expect(card.getByRole('heading', { name: 'Why are you having trouble signing in?' })).toBeFocused();
  await expect(card.getByRole('radio', { name: 'I forgot my password' })).toBeChecked();
  await card.getByRole('radio', { name: action }).check();
  if (shots) await checkScreen(page, shots, '1-choose-action');
  await press(page, 'Next');
  await expectStep(page, 'verify');
  await passSmsGate(page, johanna.mobile);
  await expect(card.getByRole('heading', { name: 'Verification step 2' })).toBeVisible();
  await passEmailGate(page);
}

// §5.2 and "Writeback and atomicity": a synced user's new password goes to the on-premises directory
// in the same operation, or nothing changes.
test.describe('§5 a synced user (password writeback)', () => {
  // A whole journey through the UI: every screen is saved and checked with axe-core, and every
  // password set is hashed at full cost, which takes longer than the default limit on a busy machine.
  test.slow();

  test('"I forgot my password" with the agent connected: reset and written back', async ({ page, shell }) => {
    await throughGates(page, shell.url, /^I forgot my password/, 'synced-reset');
    const before = userRow(shell, johanna.upn).password_hash;
    await chooseNewPassword(page, 'Harvest-Beacon-6120');
    await expectStep(page, 'done');
    const card = wizard(page);
    await expect(card.getByRole('heading', { name: 'Your password has been reset' })).toBeVisible();
    await expect(card.getByTestId('done-message')).toContainText('written to your on-premises directory');
    expect(userRow(shell, johanna.upn).password_hash).not.toBe(before);
  });

  test('with the writeback agent down nothing changes and the user is told to try again', async ({ page, shell }) => {
    await throughGates(page, shell.url, /^I forgot my password/);
    const before = userRow(shell, johanna.upn).password_hash;
    setWritebackAgent(shell, 'Contoso', 'down');
    await chooseNewPassword(page, 'Harvest-Beacon-6120');

    const card = wizard(page);
    await expect(card.getByTestId('wizard-notice')).toHaveText(
      /on-premises password service isn't reachable right now. Nothing was changed: your old password still works. Try again/,
    );
    await expectStep(page, 'newPassword');
    await expect(card.getByRole('button', { name: 'Finish' })).not.toHaveAttribute('aria-disabled', 'true');
    await checkScreen(page, 'synced-agent-down', '4-new-password-agent-down');
    expect(userRow(shell, johanna.upn).password_hash).toBe(before);

    // Once the agent is back, trying again works in the same flow.
    setWritebackAgent(shell, 'Contoso', 'connected');
    await chooseNewPassword(page, 'Harvest-Beacon-6120');
    await expectStep(page, 'done');
    await expect(card.getByTestId('done-message')).toContainText('written to your on-premises directory');
    expect(userRow(shell, johanna.upn).password_hash).not.toBe(before);
  });

  test('"I know my password but still can\'t sign in": unlocked without a reset', async ({ page, shell }) => {
    const before = userRow(shell, johanna.upn);
    expect(before.onprem_locked_until).not.toBeNull();
    await throughGates(page, shell.url, /^I know my password but still can't sign in/);
    await expectStep(page, 'done');
    const card = wizard(page);
    await expect(card.getByRole('heading', { name: 'Your account has been unlocked' })).toBeFocused();
    await expect(card.getByTestId('done-message')).toContainText('You can sign in with your current password again.');
    await checkScreen(page, 'synced-unlock', '4-done');
    const after = userRow(shell, johanna.upn);
    expect(after.onprem_locked_until).toBeNull();
    expect(after.password_hash).toBe(before.password_hash);

    // Her own password opens the desktop again.
    await press(page, 'Back to sign-in');
    await page.getByRole('button', { name: 'Other user' }).click();
    await page.locator('input[autocomplete="username"]').fill(johanna.upn);
    const passwordBox = page.locator('input[type="password"]');
    await passwordBox.fill('Maple-Compass-22');
    await passwordBox.press('Enter');
    await expect(page.getByTestId('desktop')).toBeVisible();
  });
});
