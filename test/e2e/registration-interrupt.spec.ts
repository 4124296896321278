import { test, expect } from './fixtures';
import { checkNamedScreen, openTrainingPanel } from '../support/reset-wizard';
import { liftCurtain } from '../support/sign-in';
import { closeTrainingPanel, codeOnTrainingDevices, setup, signIn } from '../support/registration';

const megan = { upn: 'megan.bowen@contoso.com', password: 'Copper-Kettle-19' };

test.describe('§7 the registration interrupt after sign-in', () => {
  // Two sign-ins at full scrypt cost and a whole registration through the UI, each screen checked with axe.
  test.slow();

  test('§7 "Not now" within the 14-day grace period, then mandatory once it has passed (training clock moved); e-mail and SMS registered with the codes read on the training devices', async ({
    page,
    shell,
  }) => {
    // Megan is in the SSPR pilot with nothing registered; Contoso requires two methods.
    await signIn(page, shell.url, megan.upn, megan.password);
    const interrupt = page.getByTestId('registration-interrupt');
    await expect(interrupt.getByRole('heading', { name: 'More information required' })).toBeVisible();
    await expect(interrupt).toContainText('Your organization needs more information to keep your account secure');
    await expect(interrupt.getByTestId('grace')).toContainText('You can skip this until');
    await checkNamedScreen(page, 'registration-1-more-information');
    await interrupt.getByRole('button', { name: 'Not now' }).click();
    await expect(page.getByTestId('desktop')).toBeVisible();

    // Fourteen days later (the trainer moves the training clock), "Not now" is gone.
    await page.getByRole('button', { name: 'Sign out' }).click();
    await liftCurtain(page);
    const panel = await openTrainingPanel(page);
    await panel.getByRole('button', { name: '+14 days' }).click();
    await expect(panel).toContainText('ahead of real time');
    await closeTrainingPanel(page);
    await signIn(page, shell.url, megan.upn, megan.password);
    await expect(interrupt.getByRole('heading', { name: 'More information required' })).toBeVisible();
    await expect(interrupt.getByRole('button', { name: 'Not now' })).toHaveCount(0);
    await expect(interrupt.getByTestId('grace')).toContainText('The time to put this off ended on');
    await checkNamedScreen(page, 'registration-2-mandatory');
    await interrupt.getByRole('button', { name: 'Next' }).click();

    // "Keep your account secure": method 1 of 2, an e-mail address instead of the app proposed first.
    const wizard = page.getByTestId('registration-wizard');
    await expect(wizard.getByRole('heading', { name: 'Keep your account secure' })).toBeVisible();
    await expect(wizard.getByTestId('step-of')).toHaveText('Method 1 of 2: Authenticator app');
    await checkNamedScreen(page, 'registration-3-wizard-app-proposed');
    await wizard.getByRole('button', { name: 'I want to set up a different method' }).click();
    const chooser = page.getByRole('dialog', { name: 'Choose a different method' });
    await chooser.getByRole('combobox').selectOption({ label: 'Email' });
    await checkNamedScreen(page, 'registration-4-choose-method');
    await chooser.getByRole('button', { name: 'Confirm' }).click();
    await setup(page).getByRole('textbox', { name: 'Email' }).fill('megan.b@personal.example');
    await setup(page).getByRole('button', { name: 'Next' }).click();
    await expect(setup(page)).toContainText('We just sent a code to megan.b@personal.example');
    await checkNamedScreen(page, 'registration-5-email-code');
    const emailCode = await codeOnTrainingDevices(page, 'mail-message', 'megan.b@personal.example');
    await checkNamedScreen(page, 'registration-6-email-code-on-training-devices');
    await closeTrainingPanel(page);
    await setup(page).getByRole('textbox', { name: 'Code' }).fill(emailCode);
    await setup(page).getByRole('button', { name: 'Next' }).click();

    // Method 2 of 2: a mobile phone, proven by a text message.
    await expect(wizard.getByTestId('step-of')).toHaveText('Method 2 of 2: Authenticator app');
    await wizard.getByRole('button', { name: 'I want to set up a different method' }).click();
    await chooser.getByRole('combobox').selectOption({ label: 'Phone' });
    await chooser.getByRole('button', { name: 'Confirm' }).click();
    await setup(page).getByRole('textbox', { name: 'Phone number' }).fill('+1 425 555 0177');
    await expect(setup(page).getByRole('radio', { name: 'Receive a code' })).toBeChecked();
    await checkNamedScreen(page, 'registration-7-phone');
    await setup(page).getByRole('button', { name: 'Next' }).click();
    await expect(setup(page)).toContainText('We just sent a 6-digit code to +1 425 555 0177');
    // A wrong code first: the main process says how many tries are left.
    await setup(page).getByRole('textbox', { name: 'Code' }).fill('000000');
    await setup(page).getByRole('button', { name: 'Next' }).click();
    await expect(setup(page).getByTestId('si-notice')).toContainText("That code didn't work");
    const smsCode = await codeOnTrainingDevices(page, 'sms-message', '+1 425 555 0177');
    await closeTrainingPanel(page);
    await setup(page).getByRole('textbox', { name: 'Code' }).fill(smsCode);
    await setup(page).getByRole('button', { name: 'Next' }).click();

    const success = page.getByTestId('registration-success');
    await expect(success.getByRole('heading', { name: 'Success!' })).toBeVisible();
    await expect(success).toContainText('Phone – text +1 425 555 0177');
    await expect(success).toContainText('megan.b@personal.example');
    await checkNamedScreen(page, 'registration-8-success');
    await success.getByRole('button', { name: 'Done' }).click();
    await expect(page.getByTestId('desktop')).toBeVisible();
  });
});
