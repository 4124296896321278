import type { Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { goTo, openConsole, showLockScreen } from '../support/admin-console';
import {
  checkNamedScreen,
  chooseNewPassword,
  expectStep,
  identify,
  openResetFromLockScreen,
  passEmailGate,
  passSmsGate,
  press,
  wizard,
} from '../support/reset-wizard';

const adele = { upn: 'adele.vance@contoso.com', mobile: '+1 425 555 0101' };
const lynne = 'lynne.robbins@contoso.com';
const megan = 'megan.bowen@contoso.com';

/** A wrong number typed to confirm the phone: a failed verification (§6) that sends nothing. */
async function mistypePhone(page: Page): Promise<void> {
  const card = wizard(page);
  await card.getByRole('radio', { name: /^Text my mobile phone/ }).check();
  await card.getByRole('textbox', { name: 'Enter your phone number' }).fill('+1 425 555 0999');
  await press(page, 'Text');
}

test.describe('§10 reports in the console', () => {
  test.slow();

  test('§10 the usage report counts the flows run before it: one reset by e-mail and SMS, one user blocked after ten failures, one who tried with nothing registered', async ({
    page,
    shell,
  }) => {
    // One self-service reset with two gates (Contoso asks for two).
    await openResetFromLockScreen(page, shell.url);
    await identify(page, adele.upn);
    await press(page, 'Next');
    await passEmailGate(page);
    await passSmsGate(page, adele.mobile, { earlier: 0 });
    await chooseNewPassword(page, 'Lilac-Sextant-5093');
    await expectStep(page, 'done');

    // Ten wrong phone numbers block Lynne's SSPR for an hour (§6). (The page's own address reloads it;
    // the shell's address differs only by its fragment, which would not.)
    await openResetFromLockScreen(page, page.url());
    await identify(page, lynne);
    await press(page, 'Next');
    await expectStep(page, 'verify');
    for (let failure = 1; failure < 10; failure += 1) {
      await mistypePhone(page);
      await expect(wizard(page).getByTestId('wizard-notice')).toContainText("That number doesn't match");
    }
    await mistypePhone(page);
    await expectStep(page, 'stopped');

    // Megan has nothing registered: stopped at once (§3.8).
    await openResetFromLockScreen(page, page.url());
    await identify(page, megan);
    await press(page, 'Next');
    await expectStep(page, 'stopped');

    await showLockScreen(page, shell.url);
    await openConsole(page);
    const main = await goTo(page, 'Reports');
    const reports = main.getByTestId('admin-reports');

    // Registration: the demo tenant as loaded.
    await expect(reports.getByTestId('tile-users')).toContainText('21');
    await expect(reports.getByTestId('tile-nothing-registered')).toContainText('1');
    const byKind = reports.getByTestId('chart-by-kind').getByRole('table');
    await expect(byKind.getByRole('row', { name: /^Security questions/ })).toContainText('2');
    await checkNamedScreen(page, 'admin-reports-1-registration');

    // Usage: what the flows above did, and nothing else.
    await expect(reports.getByTestId('tile-resets')).toContainText('1');
    await expect(reports.getByTestId('tile-unlocks')).toContainText('0');
    await expect(reports.getByTestId('tile-blocked')).toContainText('1');
    await expect(reports.getByTestId('tile-tried-nothing')).toContainText('1');
    const byMethod = reports.getByTestId('chart-by-method').getByRole('table');
    await expect(byMethod.getByRole('row', { name: /^Email/ })).toHaveText(/^Email\s*1\s*0$/);
    await expect(byMethod.getByRole('row', { name: /^Mobile phone \(text\)/ })).toHaveText(
      /^Mobile phone \(text\)\s*1\s*0$/,
    );
    const failures = reports.getByTestId('chart-failures').getByRole('table');
    await expect(failures.getByRole('row', { name: /^Phone number didn't match/ })).toContainText('10');
    await expect(failures.getByRole('row', { name: /^Not enough methods registered/ })).toContainText('1');
    await expect(reports.getByTestId('blocked-users').getByRole('row', { name: new RegExp(lynne) })).toContainText('1');
    await expect(reports.getByTestId('tried-nothing').getByRole('row', { name: new RegExp(megan) })).toContainText('1');
    const byDay = reports.getByTestId('chart-by-day').getByRole('table');
    await expect(byDay.getByRole('row')).toHaveCount(2);
    await reports.getByTestId('chart-by-method').scrollIntoViewIfNeeded();
    await checkNamedScreen(page, 'admin-reports-2-usage');
  });
});
