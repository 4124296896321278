import { test, expect } from './fixtures';
import {
  checkNamedScreen,
  chooseNewPassword,
  enterCode,
  openTrainingPanel,
  press,
  wizard,
} from '../support/reset-wizard';
import { liftCurtain, showSignIn, signInAsOther, signInUsers, typePassword } from '../support/sign-in';

test.describe('§7 risk-based remediation with P2', () => {
  test.slow();

  test('§7 a high-risk P2 user passes an MFA gate and changes the password before the desktop, then signs in normally', async ({
    page,
    shell,
  }) => {
    const { miriam } = signInUsers;
    await showSignIn(page, shell.url);
    await signInAsOther(page, miriam.upn, miriam.password);

    const card = wizard(page);
    await expect(page.getByTestId('risk-remediation')).toBeVisible();
    await expect(card).toHaveAttribute('data-step', 'verify');
    await expect(card.getByTestId('remediation-why')).toContainText(
      'Your organisation detected unusual sign-in activity on your account.',
    );
    await expect(card).toContainText(miriam.upn);
    // MFA methods only: no e-mail, no security questions; one gate.
    await expect(card.getByRole('radio', { name: /Email my alternate email/ })).toHaveCount(0);
    await expect(card.getByRole('radio', { name: /security questions/ })).toHaveCount(0);
    await expect(card.getByText(/Step 1 of/)).toHaveCount(0);
    await checkNamedScreen(page, 'sign-in-risk-1-verify');

    await card.getByRole('radio', { name: /^Enter a code from my authenticator app/ }).check();
    await press(page, 'Continue');
    const panel = await openTrainingPanel(page);
    const code = ((await panel.getByTestId('totp-code').textContent()) ?? '').replace(/\s/g, '');
    expect(code).toMatch(/^\d{6}$/);
    await enterCode(page, code);

    await chooseNewPassword(page, 'Harbor#Willow-Ember62');
    await expect(card).toHaveAttribute('data-step', 'done');
    await expect(card.getByRole('heading', { name: 'Your account is secure again' })).toBeVisible();
    await checkNamedScreen(page, 'sign-in-risk-2-done');
    await card.getByRole('button', { name: 'Continue' }).click();
    await expect(page.getByTestId('desktop')).toBeVisible();
    await expect(page.getByRole('heading', { name: `Welcome, ${miriam.displayName}` })).toBeVisible();

    // Remediated: the next sign-in goes straight to the desktop with the new password.
    await page.getByRole('button', { name: 'Sign out' }).click();
    await liftCurtain(page);
    await typePassword(page, 'Harbor#Willow-Ember62');
    await expect(page.getByTestId('desktop')).toBeVisible();
  });

  test('§7 cancelling the remediation signs the user out: the desktop stays out of reach', async ({ page, shell }) => {
    const { miriam } = signInUsers;
    await showSignIn(page, shell.url);
    await signInAsOther(page, miriam.upn, miriam.password);
    await expect(wizard(page)).toHaveAttribute('data-step', 'verify');
    await page.keyboard.press('Escape');
    await liftCurtain(page);
    await typePassword(page, miriam.password);
    await expect(page.getByTestId('risk-remediation')).toBeVisible();
  });
});
