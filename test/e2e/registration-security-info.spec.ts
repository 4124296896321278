import { test, expect } from './fixtures';
import { checkNamedScreen, openTrainingPanel } from '../support/reset-wizard';
import { closeTrainingPanel, setup, signIn } from '../support/registration';

const adele = { upn: 'adele.vance@contoso.com', password: 'Harbor-Lantern-47' };
const enrico = { upn: 'enrico.cattaneo@contoso.com', password: 'Misty-Bridge-65' };

test.describe('§7 Manage my security info and the reconfirmation', () => {
  test.slow();

  test('§7 past the 180-day reconfirmation period the user reviews the methods, may change them, and confirms with "Looks good"', async ({
    page,
    shell,
  }) => {
    await signIn(page, shell.url, enrico.upn, enrico.password);
    const reconfirm = page.getByTestId('reconfirm');
    await expect(reconfirm.getByRole('heading', { name: 'Are these still right?' })).toBeVisible();
    await expect(reconfirm.getByTestId('reconfirm-methods')).toContainText('+1 425 555 0120');
    await expect(reconfirm.getByTestId('reconfirm-methods')).toContainText('4 questions');
    await checkNamedScreen(page, 'security-info-1-reconfirm');

    // "Change them" opens the Security info page; back from it, the review is still due.
    await reconfirm.getByRole('button', { name: 'Change them' }).click();
    await expect(page.getByTestId('security-info-page')).toBeVisible();
    await page.getByRole('button', { name: 'Back to desktop' }).click();
    await expect(reconfirm.getByRole('heading', { name: 'Are these still right?' })).toBeVisible();
    await reconfirm.getByRole('button', { name: 'Looks good' }).click();
    await expect(page.getByTestId('desktop')).toBeVisible();
  });

  test('§7 add security questions (a rule broken, then right), change a phone proven by a call answered on the training phone, delete a method', async ({
    page,
    shell,
  }) => {
    await signIn(page, shell.url, adele.upn, adele.password);
    await expect(page.getByTestId('desktop')).toBeVisible();
    await page.getByRole('button', { name: /Manage my security info/ }).click();
    const info = page.getByTestId('security-info-page');
    await expect(info.getByRole('heading', { name: 'Security info', level: 1 })).toBeVisible();
    await expect(info.getByTestId('default-method')).toHaveText('Default sign-in method: Phone – text +1 425 555 0101');
    await expect(info.getByTestId('method-row')).toHaveCount(2);
    await checkNamedScreen(page, 'security-info-2-page');

    // Security questions: Contoso asks for four.
    await info.getByRole('button', { name: 'Add sign-in method' }).click();
    const chooser = info.getByTestId('choose-kind');
    await expect(chooser.getByRole('heading', { name: 'Add a method' })).toBeVisible();
    await chooser.getByRole('combobox').selectOption({ label: 'Security questions' });
    await chooser.getByRole('button', { name: 'Add' }).click();
    const rows = setup(page).getByTestId('question-row');
    await expect(rows).toHaveCount(4);
    const pick = [
      'What was the name of your first pet?',
      'What was the first concert you went to?',
      'What was your childhood nickname?',
      'What was the name of your first school?',
    ];
    const answers = ['Pickles', 'Coldplay in Seattle', 'Pickles', 'Lakeside School'];
    for (const [index, question] of pick.entries()) {
      await rows.nth(index).getByRole('combobox').selectOption({ label: question });
      await rows
        .nth(index)
        .getByRole('textbox')
        .fill(answers[index] ?? '');
    }
    await setup(page).getByRole('button', { name: 'Done' }).click();
    await expect(setup(page).getByTestId('si-notice')).toContainText("Some answers can't be used");
    await expect(rows.nth(2)).toContainText('Each answer must be different.');
    // The fourth answer holds "school", a word of its question.
    await expect(rows.nth(3)).toContainText("An answer can't contain words from its question.");
    await checkNamedScreen(page, 'security-info-3-questions-refused');
    await rows.nth(2).getByRole('textbox').fill('Ziggy');
    await rows.nth(3).getByRole('textbox').fill('Lakeside');
    await setup(page).getByRole('button', { name: 'Done' }).click();
    // Four answers hashed at full scrypt cost: slow on a busy two-core machine, so wait for the answer.
    await expect(info.getByTestId('si-notice')).toHaveText('Your security questions were saved.', { timeout: 60_000 });
    await expect(info.locator('[data-testid="method-row"][data-kind="securityQuestions"]')).toContainText(
      '4 questions',
    );

    // Change the phone: a call rings the new number; the trainee answers it on the training phone.
    await info.getByRole('button', { name: 'Change Phone' }).click();
    await setup(page).getByRole('textbox', { name: 'Phone number' }).fill('+1 425 555 0166');
    await setup(page).getByRole('radio', { name: 'Call me' }).check();
    await setup(page).getByRole('button', { name: 'Next' }).click();
    await expect(setup(page)).toContainText("We're calling +1 425 555 0166 now.");
    const panel = await openTrainingPanel(page);
    const call = panel.getByRole('group', { name: 'Incoming call from Contoso' });
    await expect(call).toContainText('To +1 425 555 0166');
    await checkNamedScreen(page, 'security-info-4-change-phone-call');
    await call.getByRole('button', { name: 'Answer and press #' }).click();
    await expect(info.getByTestId('si-notice')).toHaveText('Your security info was updated: the method was changed.');
    await closeTrainingPanel(page);
    await expect(info.locator('[data-testid="method-row"][data-kind="mobilePhone"]')).toContainText('+1 425 555 0166');

    // Delete the e-mail address.
    await info.getByRole('button', { name: 'Delete Email' }).click();
    const confirm = page.getByRole('dialog', { name: 'Delete Email' });
    await expect(confirm).toContainText('Are you sure you would like to delete this method for your account?');
    await checkNamedScreen(page, 'security-info-5-delete');
    await confirm.getByRole('button', { name: 'OK' }).click();
    await expect(info.getByTestId('si-notice')).toHaveText('The method was deleted from your security info.');
    await expect(info.locator('[data-testid="method-row"][data-kind="email"]')).toHaveCount(0);
    await checkNamedScreen(page, 'security-info-6-after-changes');
    await page.getByRole('button', { name: 'Back to desktop' }).click();
    await expect(page.getByTestId('desktop')).toBeVisible();
  });
});
