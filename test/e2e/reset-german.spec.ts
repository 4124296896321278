import { test, expect } from './fixtures';
import { checkScreen, expectStep, identify, openResetFromLockScreen, press, wizard } from '../support/reset-wizard';

test.describe('the wizard speaks the browser language', () => {
  test.use({ locale: 'de-DE' });
  // A whole journey through the UI: every screen is saved and checked with axe-core, and every
  // password set is hashed at full cost, which takes longer than the default limit on a busy machine.
  test.slow();

  test('German: the lock screen link, "who are you" and a stop message', async ({ page, shell }) => {
    await openResetFromLockScreen(page, shell.url, { resetLink: /^Kennwort zurücksetzen$/ });
    const card = wizard(page);
    await expect(page.locator('html')).toHaveAttribute('lang', 'de-DE');
    await expect(card.getByRole('heading', { name: 'Zurück zu Ihrem Konto' })).toBeVisible();
    await expect(card.getByText('Wer sind Sie?')).toBeVisible();
    await expect(card.getByRole('button', { name: 'Weiter' })).toBeVisible();
    await expect(card.getByRole('button', { name: 'Abbrechen' })).toBeVisible();
    await identify(page, 'alex.wilber@contoso.com');
    await expect(card.getByTestId('captcha-question')).toHaveText(/^Was ist \d+ plus \d+\?$/);
    await checkScreen(page, 'german', '1-identify');
    await press(page, 'Weiter');

    await expectStep(page, 'stopped');
    await expect(card.getByTestId('stop-message')).toContainText(
      'Ihr Konto nicht für die Self-Service-Kennwortzurücksetzung aktiviert ist',
    );
    await expect(card.getByRole('heading', { name: 'Wenden Sie sich an Ihren Helpdesk' })).toBeVisible();
    await checkScreen(page, 'german', '2-stopped');
  });
});

test.describe('the wizard speaks the browser language: Brazilian Portuguese', () => {
  test.use({ locale: 'pt-BR' });
  test.slow();

  test('Portuguese (Brazil): the lock screen link and "who are you"', async ({ page, shell }) => {
    await openResetFromLockScreen(page, shell.url, { resetLink: /^Redefinir senha$/ });
    const card = wizard(page);
    await expect(page.locator('html')).toHaveAttribute('lang', 'pt-BR');
    await expect(card.getByRole('heading', { name: 'Volte para sua conta' })).toBeVisible();
    await expect(card.getByText('Quem é você?')).toBeVisible();
    await expect(card.getByRole('button', { name: 'Avançar' })).toBeVisible();
    await checkScreen(page, 'portuguese', '1-identify');
  });
});
