import { test, expect } from './fixtures';
import { checkScreen, expectStep, identify, openResetFromLockScreen, press, wizard } from '../support/reset-wizard';

// §3: the first rule that fails decides what the user sees, and every stop shows the tenant's helpdesk.
test.describe('§3 who may reset: stopped users', () => {
  // A whole journey through the UI: every screen is saved and checked with axe-core, and every
  // password set is hashed at full cost, which takes longer than the default limit on a busy machine.
  test.slow();

  test('a user outside the pilot group is stopped, with the helpdesk link and text', async ({ page, shell }) => {
    await openResetFromLockScreen(page, shell.url);
    await identify(page, 'alex.wilber@contoso.com');
    await press(page, 'Next');

    await expectStep(page, 'stopped');
    const card = wizard(page);
    await expect(card.getByRole('heading', { name: 'Get back into your account' })).toBeFocused();
    await expect(card.getByTestId('stop-message')).toHaveText(
      "You can't reset your own password because your account isn't enabled for self-service password reset. Contact your helpdesk to reset it.",
    );
    await expect(card).toContainText('only for the members of one group');
    const helpdesk = card.getByTestId('helpdesk');
    await expect(helpdesk).toContainText('Still locked out? Call the Contoso IT Helpdesk on +1 425 555 0100');
    await expect(helpdesk.getByRole('link', { name: 'helpdesk.contoso.com/password' })).toHaveAttribute(
      'href',
      'https://helpdesk.contoso.com/password',
    );
    await checkScreen(page, 'outside-pilot', '1-stopped');
    await press(page, 'Back to sign-in');
    await expect(card).toHaveCount(0);
  });

  test('a user with nothing registered is stopped: not enough security info', async ({ page, shell }) => {
    await openResetFromLockScreen(page, shell.url);
    await identify(page, 'megan.bowen@contoso.com');
    await press(page, 'Next');

    await expectStep(page, 'stopped');
    const card = wizard(page);
    await expect(card.getByTestId('stop-message')).toContainText("you haven't registered enough security info");
    await expect(card.getByTestId('helpdesk').getByRole('link')).toBeVisible();
    await checkScreen(page, 'unregistered', '1-stopped');
  });

  test('a wrong CAPTCHA answer gets a new picture and keeps the user ID', async ({ page, shell }) => {
    await openResetFromLockScreen(page, shell.url);
    const card = wizard(page);
    const picture = card.getByRole('img', { name: 'Picture of distorted characters to type' });
    const first = await picture.getAttribute('src');
    expect(first).toMatch(/^data:image\/svg\+xml;base64,/);
    await card.getByRole('textbox', { name: 'User ID' }).fill('megan.bowen@contoso.com');
    await card.getByRole('textbox', { name: /characters/ }).fill('wrong');
    await press(page, 'Next');
    await expect(card.getByTestId('wizard-notice')).toHaveText(/didn't match. Try again with the new picture/);
    await expect(picture).not.toHaveAttribute('src', first ?? '');
    await expect(card.getByRole('textbox', { name: 'User ID' })).toHaveValue('megan.bowen@contoso.com');
    await expect(card.getByRole('textbox', { name: /characters/ })).toHaveValue('');
    await checkScreen(page, 'captcha', '1-identify-wrong');
    await card.getByRole('button', { name: 'New picture' }).click();
    await expect(card.getByTestId('wizard-notice')).toBeEmpty();
  });
});
