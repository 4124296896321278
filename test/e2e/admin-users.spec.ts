import { test, expect } from './fixtures';
import { goTo, lockConsole, openConsole, showLockScreen } from '../support/admin-console';
import { openUser, pickTenant, usersPage } from '../support/admin-pages';
import {
  checkNamedScreen,
  checkScreen,
  expectStep,
  identify,
  openResetFromLockScreen,
  press,
  wizard,
} from '../support/reset-wizard';
import { showSignIn, signInAsOther } from '../support/sign-in';

test.describe('issue 6 Users page: the directory and the helpdesk', () => {
  test.slow();

  test('§3 §4 the users list searches and filters in the engine, and a user made admin faces two gates in the wizard', async ({
    page,
    shell,
  }) => {
    await showLockScreen(page, shell.url);
    await openConsole(page);
    const users = await usersPage(page);
    const table = users.getByTestId('users-table');
    await expect(users.getByRole('status')).toHaveText('21 users found');
    await expect(table.getByRole('button', { name: 'Open Adele Vance' })).toBeVisible();
    await checkNamedScreen(page, 'admin-users-1-list');

    // Filters are the engine's: administrators of Contoso, then those not capable of reset.
    await users.getByLabel('Administrator', { exact: true }).selectOption('yes');
    await expect(table.getByRole('button', { name: 'Open Patti Fernandez' })).toBeVisible();
    await expect(table.getByRole('button', { name: 'Open Adele Vance' })).toHaveCount(0);
    await users.getByLabel('Administrator', { exact: true }).selectOption('any');
    await users.getByLabel('Capable of reset', { exact: true }).selectOption('no');
    await expect(table.getByRole('row', { name: /Megan Bowen/ })).toContainText('not enough methods registered');
    await expect(table.getByRole('row', { name: /Alex Wilber/ })).toContainText('not in the SSPR group');
    await users.getByLabel('Capable of reset', { exact: true }).selectOption('any');

    // Adatum: Mia Chen is a regular user, so one gate.
    await pickTenant(page, 'Adatum');
    const details = await openUser(page, 'Mia Chen');
    await expect(details.getByTestId('user-capable')).toHaveText('Yes');
    await details.getByLabel('Assign a role').selectOption('Password Administrator');
    await details.getByRole('button', { name: 'Assign', exact: true }).click();
    await expect(details.getByTestId('user-notice')).toContainText('Password Administrator assigned.');
    await expect(details.getByText('Administrator (two gates)')).toBeVisible();
    // Adatum keeps administrators out of SSPR: the engine says so.
    await expect(details.getByTestId('user-capable')).toContainText('admins may not use SSPR');
    await details.getByRole('heading', { level: 2, name: 'Mia Chen' }).scrollIntoViewIfNeeded();
    await checkNamedScreen(page, 'admin-users-2-made-admin');

    // Administrators tab: let admins use SSPR in Adatum.
    const main = await goTo(page, 'Administrators');
    await main.getByRole('switch', { name: /allowedToUseSspr/ }).check();
    await main.getByRole('button', { name: 'Save', exact: true }).click();
    await expect(main.getByText(/^Saved\./)).toBeVisible();

    await lockConsole(page);
    await openResetFromLockScreen(page, shell.url, { otherUser: 'mia.chen@adatum.com' });
    await identify(page, 'mia.chen@adatum.com');
    await press(page, 'Next');
    await expectStep(page, 'verify');
    await expect(wizard(page).getByText('Step 1 of 2')).toBeVisible();
    await expect(wizard(page).getByTestId('admin-explanation')).toBeVisible();
    await checkScreen(page, 'made-admin', '1-verify-two-gates');
  });

  test('§6 §7 §8 the helpdesk: a temporary password (a weak one refused, then changed at sign-in), unlock, a phone and an e-mail pre-registered, a lost phone removed, every method revoked', async ({
    page,
    shell,
  }) => {
    await showLockScreen(page, shell.url);
    await openConsole(page);
    const details = await openUser(page, 'Alex Wilber');
    await details.getByRole('button', { name: 'Reset password' }).click();
    const dialog = details.getByRole('region', { name: 'Reset password for Alex Wilber' });
    const box = dialog.getByLabel('Temporary password');
    await box.fill('contoso1');
    await dialog.getByRole('button', { name: 'Reset password' }).click();
    await expect(dialog.getByTestId('reset-refusal')).toContainText(
      'The temporary password breaks the password policy.',
    );
    await expect(dialog.getByTestId('reset-refusal').getByRole('listitem').first()).toBeVisible();
    await checkNamedScreen(page, 'admin-users-3-reset-refused');
    await expect(details.getByText('Must change password at next sign-in').locator('..')).toBeVisible();

    await box.fill('Quartz-Harbor-6142');
    const answered = page.waitForResponse((response) => response.url().endsWith('/api/call/admin.user.resetPassword'), {
      timeout: 45_000,
    });
    await dialog.getByRole('button', { name: 'Reset password' }).click();
    await answered;
    await expect(details.getByTestId('user-notice')).toContainText('Alex Wilber must change it at the next sign-in.');
    await expect(dialog).toHaveCount(0);
    await checkNamedScreen(page, 'admin-users-4-reset-done');

    // §6 Unlock: Henrietta Mueller's SSPR lockout (§3.7) is lifted.
    const henrietta = await openUser(page, 'Henrietta Mueller');
    await expect(henrietta.getByText(/^Blocked until /)).toBeVisible();
    await henrietta.getByRole('button', { name: 'Unlock', exact: true }).click();
    await expect(henrietta.getByTestId('user-notice')).toContainText('Henrietta Mueller is unlocked.');
    await expect(henrietta.getByText('Not blocked', { exact: true })).toBeVisible();
    await expect(henrietta.getByRole('button', { name: 'Unlock', exact: true })).toBeDisabled();

    // §7 Pre-registration: Megan Bowen (nothing registered) gets a phone and an e-mail, and may reset.
    const megan = await openUser(page, 'Megan Bowen');
    await expect(megan.getByTestId('user-capable')).toContainText('not enough methods registered');
    const preRegister = megan.getByRole('form', { name: 'Add a phone or email for the user' });
    await preRegister.getByLabel('Phone number').fill('+1 425 555 0103');
    await preRegister.getByRole('button', { name: 'Add method' }).click();
    await expect(megan.getByTestId('user-notice')).toContainText('Mobile phone added.');
    await preRegister.getByLabel('Method').selectOption('email');
    await preRegister.getByLabel('Email address').fill('megan.bowen@personal.example');
    await preRegister.getByRole('button', { name: 'Add method' }).click();
    await expect(megan.getByTestId('user-notice')).toContainText('Email added.');
    await expect(megan.getByTestId('user-capable')).toHaveText('Yes');
    await checkNamedScreen(page, 'admin-users-5-pre-registered');

    // §7 The phone is lost: removed, so one method is too few again.
    await megan.getByRole('button', { name: /^Remove lost phone Mobile phone / }).click();
    await expect(megan.getByTestId('user-notice')).toContainText('Mobile phone removed.');
    await expect(megan.getByTestId('user-capable')).toContainText('not enough methods registered');

    // §7 Revoke methods: every method goes, once confirmed.
    await megan.getByRole('button', { name: 'Revoke all methods' }).click();
    const revoke = megan.getByRole('region', { name: 'Revoke every method of Megan Bowen?' });
    await checkNamedScreen(page, 'admin-users-6-revoke-confirm');
    await revoke.getByRole('button', { name: 'Revoke all methods' }).click();
    await expect(revoke).toHaveCount(0);
    await expect(megan.getByTestId('user-notice')).toContainText('Saved.');
    await expect(megan.getByRole('table', { name: 'Authentication methods' })).toHaveCount(0);
    await expect(megan.getByRole('button', { name: 'Revoke all methods' })).toBeDisabled();

    await lockConsole(page);
    await showSignIn(page, shell.url);
    await signInAsOther(page, 'alex.wilber@contoso.com', 'Quartz-Harbor-6142');
    const screen = page.getByTestId('change-password');
    await expect(screen.getByRole('alert')).toContainText("The user's password must be changed before signing in.");
    await screen.getByRole('button', { name: 'OK' }).click();
    await screen.getByRole('textbox', { name: 'Old password' }).fill('Quartz-Harbor-6142');
    await screen.getByRole('textbox', { name: 'New password' }).fill('Saffron#Glacier-Rowan5');
    await screen.getByRole('textbox', { name: 'Confirm password' }).fill('Saffron#Glacier-Rowan5');
    const changed = page.waitForResponse((response) => response.url().endsWith('/api/call/session.changePassword'), {
      timeout: 45_000,
    });
    await screen.getByRole('button', { name: 'Change the password' }).click();
    await changed;
    await expect(screen.getByTestId('change-done')).toContainText('Your password has been changed.');
    await screen.getByRole('button', { name: 'OK' }).click();
    await expect(page.getByTestId('desktop')).toBeVisible();
  });
});
