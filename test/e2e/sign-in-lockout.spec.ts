import { test, expect } from './fixtures';
import { checkNamedScreen, openTrainingPanel } from '../support/reset-wizard';
import { showSignIn, signInAsOther, signInUsers, typePassword } from '../support/sign-in';

test.describe('§6 the sign-in lockouts', () => {
  // Every password typed is checked with the full-cost slow hash.
  test.slow();

  test('§6 smart lockout: 10 wrong passwords lock the account, even the right one waits, and it ends when the clock moves', async ({
    page,
    shell,
  }) => {
    const { adele } = signInUsers;
    await showSignIn(page, shell.url);
    const alert = page.getByRole('alert');
    for (let attempt = 1; attempt <= 9; attempt += 1) {
      await typePassword(page, `Wrong-Password-${attempt}`);
      await expect(alert).toContainText('The user name or password is incorrect');
      await alert.getByRole('button', { name: 'OK' }).click();
    }
    await typePassword(page, 'Wrong-Password-10');
    await expect(alert).toContainText('Your account has been locked. Try again later.');
    await expect(alert).toContainText(/You can try again after \d{1,2}:\d{2}:\d{2}/);
    await checkNamedScreen(page, 'sign-in-smart-lockout');
    await alert.getByRole('button', { name: 'OK' }).click();

    // The right password is refused while the lockout lasts.
    await typePassword(page, adele.password);
    await expect(alert).toContainText('Your account has been locked.');
    await alert.getByRole('button', { name: 'OK' }).click();
    // A locked-out user can still reach "Reset password" (§9 shows it after a refused password).
    await expect(page.getByRole('button', { name: 'Reset password', exact: true })).toBeVisible();

    // The training clock moves past the 60 seconds.
    const panel = await openTrainingPanel(page);
    await panel.getByRole('button', { name: '+5 min' }).click();
    await expect(panel).toContainText('5 minutes ahead');
    await typePassword(page, adele.password);
    await expect(page.getByTestId('desktop')).toBeVisible();
  });

  test('§6 a synced user locked out on-premises gets the Windows message, whatever the password', async ({
    page,
    shell,
  }) => {
    const { johanna } = signInUsers;
    await showSignIn(page, shell.url);
    await signInAsOther(page, johanna.upn, johanna.password);
    const alert = page.getByRole('alert');
    await expect(alert).toContainText('The referenced account is currently locked out and may not be logged on to.');
    await expect(alert).toContainText(/unlocks it at \d{1,2}:\d{2}:\d{2}/);
    await checkNamedScreen(page, 'sign-in-on-premises-lockout');
    await alert.getByRole('button', { name: 'OK' }).click();
    await expect(page.getByRole('button', { name: 'Reset password', exact: true })).toBeVisible();
  });
});
