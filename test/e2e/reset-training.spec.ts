import { test, expect } from './fixtures';
import { startShell } from '../support/shell';
import { liftCurtain } from '../support/sign-in';
import {
  checkScreen,
  expectStep,
  identify,
  openResetFromLockScreen,
  openTrainingPanel,
  passEmailGate,
  press,
  trainingPanel,
  wizard,
} from '../support/reset-wizard';

test.describe('the training devices panel', () => {
  // A whole journey through the UI: every screen is saved and checked with axe-core, and every
  // password set is hashed at full cost, which takes longer than the default limit on a busy machine.
  test.slow();

  test('a call answered on the training phone (answer and press #) passes the gate', async ({ page, shell }) => {
    // Isaiah is a Global Administrator: Contoso leaves calls out for users, but admins may be called (§4).
    await openResetFromLockScreen(page, shell.url);
    await identify(page, 'isaiah.langer@contoso.com');
    await press(page, 'Next');
    await expectStep(page, 'verify');
    const card = wizard(page);
    const panel = await openTrainingPanel(page);
    await passEmailGate(page);
    await expect(card.getByRole('heading', { name: 'Verification step 2' })).toBeVisible();

    await card.getByRole('radio', { name: 'Call my office phone ******** 51 ext. ****' }).check();
    await press(page, 'Call');
    await expect(card.getByText("We're calling your phone ******** 51 ext. ****.")).toBeVisible();
    const call = panel.getByRole('group', { name: 'Incoming call from Contoso' });
    await expect(call).toContainText('To +1 425 555 0151 x2308');
    await checkScreen(page, 'call', '1-verify-2-call-ringing');
    await call.getByRole('button', { name: 'Answer and press #' }).click();
    await expectStep(page, 'newPassword');
  });

  test("a trainer types a user ID: that user's devices only, and an unknown user is said so", async ({
    page,
    shell,
  }) => {
    await page.goto(shell.url);
    await liftCurtain(page);
    const panel = await openTrainingPanel(page);
    await expect(panel).toContainText('Start a reset, or type a user ID');
    await panel.getByRole('textbox', { name: 'Show the devices of' }).fill('christie.cline@contoso.com');
    await panel.getByRole('button', { name: 'Show' }).click();
    await expect(panel).toContainText('Christie Cline');
    await expect(panel).toContainText("Authenticator on Christie's iPhone");
    await expect(panel).toContainText('christie.cline@personal.example');
    await expect(panel).not.toContainText('adele');
    const code = panel.getByTestId('totp-code');
    await expect(code).toHaveText(/^\d{3} \d{3}$/);
    await checkScreen(page, 'training', '1-typed-user');

    await panel.getByRole('textbox', { name: 'Show the devices of' }).fill('nobody@contoso.com');
    await panel.getByRole('button', { name: 'Show' }).click();
    await expect(panel.getByRole('alert')).toHaveText("There's no user nobody@contoso.com in this training tenant.");
    await panel.getByRole('button', { name: 'Close training devices' }).click();
    await expect(trainingPanel(page)).toHaveCount(0);
  });

  test('in kiosk mode there is no training panel at all', async ({ page }) => {
    const kiosk = await startShell({ args: ['--kiosk'] });
    try {
      await openResetFromLockScreen(page, kiosk.url);
      await expect(wizard(page)).toBeVisible();
      await expect(page.getByRole('button', { name: 'Training devices' })).toHaveCount(0);
      await expect(trainingPanel(page)).toHaveCount(0);
      await checkScreen(page, 'kiosk', '1-identify');
    } finally {
      await kiosk.stop();
    }
  });
});
