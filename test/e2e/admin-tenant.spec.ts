import type { Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { checkNamedScreen, expectStep, press, wizard } from '../support/reset-wizard';
import {
  adminConsole,
  goTo,
  liftCurtain,
  lockConsole,
  openConsole,
  resetLink,
  showLockScreen,
  wrongPassword,
} from '../support/admin-console';

/** "What would happen?" for one user; returns the result panel. */
async function whatIf(page: Page, upn: string) {
  const main = await goTo(page, 'What would happen?');
  await main.getByRole('combobox', { name: 'User', exact: true }).fill(upn);
  await main.getByRole('button', { name: 'Check', exact: true }).click();
  const result = main.getByTestId('admin-what-if-result');
  await expect(result).toContainText(upn);
  return result;
}

async function saveTab(page: Page) {
  await adminConsole(page).getByRole('main').getByRole('button', { name: 'Save', exact: true }).click();
}

test.describe('issue 6 the tenant tabs and What would happen?', () => {
  // Whole journeys through the console, each screen checked with axe-core: longer than the default limit on a busy machine.
  test.slow();

  test('§3.2 scope Selected with the pilot group: What would happen? names the rule and a non-member is stopped in the wizard; with the CAPTCHA off "Who are you?" asks none', async ({
    page,
    shell,
  }) => {
    await showLockScreen(page, shell.url);
    await openConsole(page);

    // Everyone first: Alex Wilber (outside the pilot group) could reset.
    let main = await goTo(page, 'Properties');
    await main.getByRole('radio', { name: 'All' }).check();
    await saveTab(page);
    await expect(main.getByTestId('admin-saved')).toBeVisible();
    let result = await whatIf(page, 'alex.wilber@contoso.com');
    await expect(result).toHaveAttribute('data-eligible', 'true');

    // Selected, with the pilot group: the same user is stopped by §3.2, and the rule says so.
    main = await goTo(page, 'Properties');
    await main.getByRole('radio', { name: 'Selected' }).check();
    await main.getByRole('combobox', { name: 'Selected group' }).click();
    await page.getByRole('option', { name: 'SSPR Pilot' }).click();
    await checkNamedScreen(page, 'admin-tab-properties');
    await saveTab(page);
    await expect(main.getByTestId('admin-saved')).toBeVisible();
    result = await whatIf(page, 'alex.wilber@contoso.com');
    await expect(result).toHaveAttribute('data-eligible', 'false');
    await expect(result.getByTestId('admin-what-if-outcome')).toContainText(
      "your account isn't enabled for self-service password reset",
    );
    const deciding = result.locator('[data-rule="scope.selected.notMember"]');
    await expect(deciding).toHaveAttribute('data-verdict', 'stops');
    await expect(deciding).toContainText('§3.2');
    await expect(result.getByTestId('admin-what-if-steps').locator('li')).toHaveText([
      'Who are you?with CAPTCHA',
      'Stopped',
    ]);
    await checkNamedScreen(page, 'admin-tab-what-if-stopped');

    // A training room turns the CAPTCHA off on the Device tab.
    main = await goTo(page, 'Device');
    await main.getByRole('switch', { name: 'CAPTCHA in "Who are you?"' }).click();
    await expect(main.getByTestId('admin-saved')).toBeVisible();
    await lockConsole(page);

    // The wizard: no CAPTCHA to answer, and the non-member is stopped with the helpdesk.
    await liftCurtain(page);
    await wrongPassword(page);
    await resetLink(page).click();
    await expectStep(page, 'identify');
    await expect(wizard(page).getByRole('img', { name: /distorted characters/ })).toHaveCount(0);
    await expect(wizard(page).getByTestId('captcha-question')).toHaveCount(0);
    await wizard(page).getByRole('textbox', { name: 'User ID' }).fill('alex.wilber@contoso.com');
    await checkNamedScreen(page, 'admin-wizard-identify-without-captcha');
    await press(page, 'Next');
    await expectStep(page, 'stopped');
    await expect(wizard(page)).toContainText("your account isn't enabled for self-service password reset");
  });

  test('§2 every tenant tab drawn and checked; an invalid combination is refused with its rule and nothing changes; §4 an administrator faces two gates', async ({
    page,
    shell,
  }) => {
    // Ten screens, each checked by axe-core: more than the default minute on a busy 2-core machine.
    test.setTimeout(150_000);
    await showLockScreen(page, shell.url);
    await openConsole(page);
    const tabs: Array<[string, string]> = [
      ['Authentication methods', 'authentication-methods'],
      ['Registration', 'registration'],
      ['Notifications', 'notifications'],
      ['Customization', 'customization'],
      ['On-premises integration', 'on-premises'],
      ['Protection', 'protection'],
      ['Administrators', 'administrators'],
      ['Licensing', 'licensing'],
      ['Password policy', 'password-policy'],
    ];
    for (const [name, slug] of tabs) {
      await goTo(page, name);
      await checkNamedScreen(page, `admin-tab-${slug}`);
    }

    // §2: methods to register may not be fewer than methods to reset (Contoso asks for 2).
    const main = await goTo(page, 'Registration');
    const toRegister = main.getByRole('spinbutton', { name: 'Number of methods required to register' });
    await expect(toRegister).toHaveValue('2');
    await toRegister.fill('1');
    await toRegister.press('Tab');
    await saveTab(page);
    await expect(main.getByTestId('admin-refused')).toContainText(
      'Methods required to register (1) cannot be fewer than methods required to reset (2).',
    );
    await checkNamedScreen(page, 'admin-tab-registration-refused');
    await main.getByRole('button', { name: 'Discard', exact: true }).click();
    await expect(toRegister).toHaveValue('2');

    // §4: a Helpdesk Administrator faces two gates, and the console says why.
    const result = await whatIf(page, 'patti.fernandez@contoso.com');
    await expect(result).toHaveAttribute('data-eligible', 'true');
    await expect(result).toContainText('with 2 verification steps');
    await expect(result.getByTestId('admin-what-if-steps').locator('li[data-step="verify2"]')).toBeVisible();
    await expect(result.locator('[data-rule="admin.twoGates"]')).toContainText('Administrators always need two');
    await checkNamedScreen(page, 'admin-tab-what-if-admin');
  });
});
