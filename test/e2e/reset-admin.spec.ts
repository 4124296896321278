import { test, expect } from './fixtures';
import {
  checkScreen,
  chooseNewPassword,
  expectStep,
  identify,
  openResetFromLockScreen,
  openTrainingPanel,
  passEmailGate,
  passSmsGate,
  press,
  trainingPanel,
  wizard,
} from '../support/reset-wizard';

const patti = { upn: 'patti.fernandez@contoso.com', mobile: '+1 425 555 0106' };

test.describe('§4 administrators: two gates, never security questions', () => {
  // A whole journey through the UI: every screen is saved and checked with axe-core, and every
  // password set is hashed at full cost, which takes longer than the default limit on a busy machine.
  test.slow();

  test('an admin passes two gates with two different methods and sees why two steps are needed', async ({
    page,
    shell,
  }) => {
    await openResetFromLockScreen(page, shell.url);
    await identify(page, patti.upn);
    await press(page, 'Next');

    await expectStep(page, 'verify');
    const card = wizard(page);
    await expect(card.getByText('Step 1 of 2')).toBeVisible();
    await expect(card.getByRole('radio', { name: /security questions/ })).toHaveCount(0);
    const why = card.getByTestId('admin-explanation');
    await why.getByText('Why two verification steps?').click();
    await expect(why).toContainText('Administrators always need two verification steps');
    await expect(why).toContainText("Administrators can't use security questions");
    await checkScreen(page, 'admin', '1-verify-1-why-two-steps');

    await passEmailGate(page);
    await expect(card.getByRole('heading', { name: 'Verification step 2' })).toBeFocused();
    await expect(card.getByText('Step 2 of 2')).toBeVisible();
    // The method used for the first gate isn't offered again.
    await expect(card.getByRole('radio', { name: /^Email my alternate email/ })).toHaveCount(0);
    await expect(card.getByRole('radio', { name: /security questions/ })).toHaveCount(0);
    await expect(card.getByTestId('admin-explanation')).toBeVisible();
    await checkScreen(page, 'admin', '3-verify-2-methods');
    await passSmsGate(page, patti.mobile);

    await chooseNewPassword(page, 'Lilac-Sextant-5093');
    await expectStep(page, 'done');
  });

  test('a push approved by number matching: the number read off the wizard and typed into the app', async ({
    page,
    shell,
  }) => {
    await openResetFromLockScreen(page, shell.url);
    await identify(page, patti.upn);
    await press(page, 'Next');
    await expectStep(page, 'verify');
    const card = wizard(page);
    const panel = await openTrainingPanel(page);

    // Denied first: the gate fails and says so.
    await card.getByRole('radio', { name: 'Approve a notification on my authenticator app' }).check();
    await press(page, 'Send notification');
    const prompt = panel.getByRole('form', { name: 'Are you trying to sign in?' });
    await expect(prompt).toBeVisible();
    await checkScreen(page, 'push', '1-verify-push-sent');
    await prompt.getByRole('button', { name: 'Deny', exact: true }).click();
    await expect(card.getByTestId('wizard-notice')).toHaveText(/denied in your authenticator app/);
    await checkScreen(page, 'push', '2-verify-push-denied');

    // Then approved with the number the wizard shows.
    await card.getByRole('radio', { name: 'Approve a notification on my authenticator app' }).check();
    await press(page, 'Send notification');
    const number = (await card.getByTestId('push-number').textContent()) ?? '';
    expect(number).toMatch(/^\d{2}$/);
    await expect(card.getByText(/Waiting for your answer/)).toBeVisible();
    await prompt.getByRole('textbox', { name: 'Enter the number shown to sign in.' }).fill(number);
    await checkScreen(page, 'push', '3-app-number-typed');
    await prompt.getByRole('button', { name: 'Approve' }).click();
    // The wizard learns it by polling and moves on by itself.
    await expect(card.getByRole('heading', { name: 'Verification step 2' })).toBeVisible({ timeout: 15_000 });
    await expect(trainingPanel(page).getByRole('form', { name: 'Are you trying to sign in?' })).toHaveCount(0);
    // Push and app code are one registration: neither is offered for the second gate.
    await expect(card.getByRole('radio', { name: /authenticator app/ })).toHaveCount(0);
  });
});
