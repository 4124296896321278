import { test, expect } from './fixtures';
import { demo } from '../support/demo-tenant';
import {
  checkScreen,
  chooseNewPassword,
  enterCode,
  expectStep,
  identify,
  newestCode,
  openResetFromLockScreen,
  openTrainingPanel,
  passSmsGate,
  press,
  wizard,
} from '../support/reset-wizard';

// Nobody in the demo tenant has one gate by SMS: Contoso asks two methods, Fabrikam's only user
// resets with e-mail. So the regular user's SMS gate is Adele's first of two, and the one-gate case is Ben's.
test.describe('§5 a regular user resets through the wizard', () => {
  // A whole journey through the UI: every screen is saved and checked with axe-core, and every
  // password set is hashed at full cost, which takes longer than the default limit on a busy machine.
  test.slow();

  test('two gates, SMS then e-mail: codes read from the training phone and mailbox, then a new password', async ({
    page,
    shell,
  }) => {
    const adele = demo.lastUser;
    await openResetFromLockScreen(page, shell.url, { shoot: 'sms-email' });
    const card = wizard(page);
    // The lock screen's user is offered as the user ID.
    await expect(card.getByRole('textbox', { name: 'User ID' })).toHaveValue(adele.upn);
    await expect(card.getByRole('heading', { name: 'Get back into your account' })).toBeFocused();
    await identify(page, adele.upn);
    await checkScreen(page, 'sms-email', '1-identify');
    await press(page, 'Next');

    await expectStep(page, 'verify');
    await expect(card.getByRole('heading', { name: 'Verification step 1' })).toBeFocused();
    await expect(card.getByText('Step 1 of 2')).toBeVisible();
    await expect(card.getByRole('radio', { name: 'Email my alternate email a*****@p*****.example' })).toBeVisible();
    await card.getByRole('radio', { name: 'Text my mobile phone ******** 01' }).check();
    await checkScreen(page, 'sms-email', '2-verify-1-methods');

    // The whole number is typed before anything is sent (§5.3); a wrong one is refused in plain words.
    await card.getByRole('textbox', { name: 'Enter your phone number' }).fill('+1 425 555 0199');
    await press(page, 'Text');
    await expect(card.getByTestId('wizard-notice')).toHaveText(/doesn't match the one registered/);
    await card.getByRole('radio', { name: 'Text my mobile phone ******** 01' }).check();
    await card.getByRole('textbox', { name: 'Enter your phone number' }).fill('+1 425 555 0101');
    await press(page, 'Text');
    await expect(card.getByText("We've sent a text message with a verification code to your phone.")).toBeVisible();
    const smsCode = await newestCode(page, 'sms-message');
    await checkScreen(page, 'sms-email', '3-verify-1-code');

    // A wrong code says how many tries are left.
    const wrong = smsCode === '000000' ? '111111' : '000000';
    await enterCode(page, wrong);
    await expect(card.getByTestId('wizard-notice')).toHaveText(/try this code 2 more times/);
    await enterCode(page, smsCode);

    await expect(card.getByRole('heading', { name: 'Verification step 2' })).toBeFocused();
    await expect(card.getByText('Step 2 of 2')).toBeVisible();
    // The second gate offers only what wasn't used in the first.
    await expect(card.getByRole('radio', { name: /Text my mobile phone/ })).toHaveCount(0);
    await card.getByRole('radio', { name: /Email my alternate email/ }).check();
    await checkScreen(page, 'sms-email', '4-verify-2-methods');
    await press(page, 'Email');
    const mailCode = await newestCode(page, 'mail-message');
    await checkScreen(page, 'sms-email', '5-verify-2-code');
    await enterCode(page, mailCode);

    await expectStep(page, 'newPassword');
    await expect(card.getByRole('heading', { name: 'Choose a new password' })).toBeFocused();
    const newPassword = card.getByLabel('Enter new password');
    await newPassword.fill('contoso1');
    const feedback = card.getByTestId('password-feedback');
    await expect(feedback).toContainText('Use 3 of these 4: lowercase letters, uppercase letters, numbers, symbols.');
    await expect(feedback).toContainText(
      /Too easy to guess: it's based on a common or banned word \(score \d+ of the 5 needed\)/,
    );
    await checkScreen(page, 'sms-email', '6-new-password-feedback');

    const chosen = 'Quartz-Meridian-2048!';
    await newPassword.fill(chosen);
    await card.getByLabel('Confirm new password').fill('Quartz-Meridian-2049!');
    await expect(feedback).toHaveText(/meets your organisation's rules/);
    await press(page, 'Finish');
    await expect(card.getByTestId('wizard-notice')).toHaveText(/The passwords don't match/);
    // The passwords left the screen with the refused attempt.
    await expect(newPassword).toHaveValue('');
    await newPassword.fill(chosen);
    await card.getByLabel('Confirm new password').fill(chosen);
    await card.getByLabel('Confirm new password').press('Enter');

    await expectStep(page, 'done');
    await expect(card.getByRole('heading', { name: 'Your password has been reset' })).toBeFocused();
    await expect(card.getByTestId('done-message')).toHaveText(/sign in with your new password/);
    await checkScreen(page, 'sms-email', '7-done');
    await press(page, 'Back to sign-in');
    await expect(card).toHaveCount(0);

    // The new password opens the desktop.
    const passwordBox = page.locator('input[type="password"]');
    await passwordBox.fill(chosen);
    await passwordBox.press('Enter');
    await expect(page.getByTestId('desktop')).toBeVisible();
  });

  test('one gate by e-mail in another tenant (Fabrikam), all by keyboard', async ({ page, shell }) => {
    const ben = demo.otherUser;
    await openResetFromLockScreen(page, shell.url, { otherUser: ben.upn });
    const card = wizard(page);
    await expect(card.getByRole('textbox', { name: 'User ID' })).toHaveValue(ben.upn);
    await identify(page, ben.upn);
    await checkScreen(page, 'ben-email', '1-identify');
    await page.keyboard.press('Enter');

    await expectStep(page, 'verify');
    // One gate: no "Step 1 of 2", and not an administrator.
    await expect(card.getByText(/Step \d of \d/)).toHaveCount(0);
    await expect(card.getByTestId('admin-explanation')).toHaveCount(0);
    const email = card.getByRole('radio', { name: 'Email my alternate email b*****@p*****.example' });
    await expect(email).toBeChecked();
    await openTrainingPanel(page);
    await email.focus();
    await page.keyboard.press('Enter');
    const code = await newestCode(page, 'mail-message');
    const codeBox = card.getByRole('textbox', { name: 'Enter your verification code' });
    await expect(codeBox).toBeFocused();
    await codeBox.fill(code);
    await page.keyboard.press('Enter');

    await expectStep(page, 'newPassword');
    await card.getByLabel('Enter new password').fill('Saffron-Lattice-7310');
    await card.getByLabel('Confirm new password').fill('Saffron-Lattice-7310');
    await page.keyboard.press('Enter');
    await expectStep(page, 'done');
    // A cloud-only user's password isn't written back anywhere.
    await expect(card.getByTestId('done-message')).not.toContainText('on-premises');
  });

  test('one gate by SMS (Fabrikam): the full number typed, the code read off the training phone', async ({
    page,
    shell,
  }) => {
    const kim = { upn: 'kim.akers@fabrikam.onmicrosoft.com', mobile: '+1 206 555 0142' };
    await openResetFromLockScreen(page, shell.url, { otherUser: kim.upn });
    const card = wizard(page);
    // §1 §2 Customization: the device's tenant until the UPN picks Fabrikam, then Fabrikam's logo and helpdesk.
    await expect(card.getByTestId('wizard-logo')).toHaveText('Contoso');
    await identify(page, kim.upn);
    await press(page, 'Next');

    await expectStep(page, 'verify');
    await expect(card.getByTestId('wizard-logo')).toHaveText('Fabrikam');
    await expect(card.getByRole('link', { name: 'Having trouble? Contact your helpdesk' })).toHaveAttribute(
      'href',
      'mailto:helpdesk@fabrikam.onmicrosoft.com',
    );
    await expect(card.getByText(/Step \d of \d/)).toHaveCount(0);
    await expect(card.getByRole('radio', { name: /^Text my mobile phone/ })).toBeChecked();
    await passSmsGate(page, kim.mobile, { shoot: ['kim-sms', '2-verify-code'] });
    await chooseNewPassword(page, 'Pewter-Orchard-6251');
    await expectStep(page, 'done');
  });

  test('Escape cancels the wizard and ends its flow; the lock screen is usable again', async ({ page, shell }) => {
    await openResetFromLockScreen(page, shell.url);
    await expectStep(page, 'identify');
    await page.keyboard.press('Escape');
    await expect(wizard(page)).toHaveCount(0);
    await expect(page.getByRole('button', { name: 'Reset password', exact: true })).toBeFocused();
    await openTrainingPanel(page);
  });
});
