import type { Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { checkNamedScreen } from '../support/reset-wizard';
import { liftCurtain, showSignIn, signInAsOther, signInUsers, typePassword } from '../support/sign-in';

/** Waits for the change's answer: the main process checks history and hashes at full cost. */
function changeAnswered(page: Page) {
  return page.waitForResponse((response) => response.url().endsWith('/api/call/session.changePassword'), {
    timeout: 45_000,
  });
}

test.describe('§8 §11 changing the password at sign-in', () => {
  test.slow();

  test('§8 an expired password is changed (old + new twice) before the desktop, with the rules shown as typed', async ({
    page,
    shell,
  }) => {
    const { joni } = signInUsers;
    await showSignIn(page, shell.url);
    await signInAsOther(page, joni.upn, joni.password);

    const screen = page.getByTestId('change-password');
    await expect(screen.getByRole('alert')).toContainText("The user's password must be changed before signing in.");
    await expect(screen.getByRole('alert')).toContainText('Your password has expired.');
    await checkNamedScreen(page, 'sign-in-change-1-must-change');
    await screen.getByRole('button', { name: 'OK' }).click();

    const oldBox = screen.getByRole('textbox', { name: 'Old password' });
    const newBox = screen.getByRole('textbox', { name: 'New password' });
    const confirmBox = screen.getByRole('textbox', { name: 'Confirm password' });
    await expect(oldBox).toBeFocused();

    // §8 as the user types: a weak password lists each rule it breaks.
    await oldBox.fill(joni.password);
    await newBox.fill('joni2');
    const feedback = screen.getByTestId('change-feedback');
    await expect(feedback).toContainText("This password doesn't meet these rules yet:");
    await expect(feedback).toContainText(/at least 8 characters/);
    await checkNamedScreen(page, 'sign-in-change-2-rules');

    // A wrong old password is refused and the boxes are emptied.
    await oldBox.fill('Not-The-Old-One-1');
    await newBox.fill('Saffron#Glacier-Rowan5');
    await confirmBox.fill('Saffron#Glacier-Rowan5');
    let answered = changeAnswered(page);
    await confirmBox.press('Enter');
    await answered;
    await expect(screen.getByTestId('change-refusal')).toContainText('The old password is incorrect.');
    await checkNamedScreen(page, 'sign-in-change-3-wrong-old');
    await screen.getByRole('button', { name: 'OK' }).click();
    await expect(oldBox).toHaveValue('');

    // One of the last three passwords is refused with the rule.
    await oldBox.fill(joni.password);
    await newBox.fill('Lantern-Ferry-89');
    await confirmBox.fill('Lantern-Ferry-89');
    answered = changeAnswered(page);
    await confirmBox.press('Enter');
    await answered;
    await expect(screen.getByTestId('change-refusal')).toContainText("doesn't meet your organisation's rules");
    await expect(screen.getByTestId('change-refusal').getByRole('listitem')).toHaveCount(1);
    await screen.getByRole('button', { name: 'OK' }).click();

    await oldBox.fill(joni.password);
    await newBox.fill('Saffron#Glacier-Rowan5');
    await expect(feedback).toContainText("This password meets your organisation's rules.");
    await confirmBox.fill('Saffron#Glacier-Rowan5');
    answered = changeAnswered(page);
    await screen.getByRole('button', { name: 'Change the password' }).click();
    await answered;
    await expect(screen.getByTestId('change-done')).toContainText('Your password has been changed.');
    await checkNamedScreen(page, 'sign-in-change-4-changed');
    await screen.getByRole('button', { name: 'OK' }).click();
    await expect(page.getByTestId('desktop')).toBeVisible();

    // Signed out, the old password no longer works and the new one does.
    await page.getByRole('button', { name: 'Sign out' }).click();
    await liftCurtain(page);
    await typePassword(page, joni.password);
    await expect(page.getByRole('alert')).toContainText('The user name or password is incorrect');
    await page.getByRole('alert').getByRole('button', { name: 'OK' }).click();
    await typePassword(page, 'Saffron#Glacier-Rowan5');
    await expect(page.getByTestId('desktop')).toBeVisible();
  });

  test('§11 "Change a password" from the desktop, as Ctrl+Alt+Del offers it; Cancel goes back', async ({
    page,
    shell,
  }) => {
    const { adele } = signInUsers;
    await showSignIn(page, shell.url);
    await typePassword(page, adele.password);
    await expect(page.getByTestId('desktop')).toBeVisible();
    await checkNamedScreen(page, 'sign-in-desktop');
    await page.getByRole('button', { name: /Change a password/ }).click();
    const screen = page.getByTestId('change-password');
    await expect(screen.getByRole('heading', { name: 'Change a password' })).toBeVisible();
    await expect(screen).toContainText(adele.upn);
    await expect(screen.getByRole('textbox', { name: 'Old password' })).toBeFocused();
    await checkNamedScreen(page, 'sign-in-change-voluntary');
    await screen.getByRole('button', { name: 'Cancel' }).click();
    await expect(page.getByTestId('desktop')).toBeVisible();
  });
});
