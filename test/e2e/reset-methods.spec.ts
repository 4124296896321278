import { generate } from 'otplib';
import { test, expect } from './fixtures';
import { userRow } from '../support/demo-db';
import {
  checkScreen,
  chooseNewPassword,
  enterCode,
  expectStep,
  identify,
  openResetFromLockScreen,
  openTrainingPanel,
  passEmailGate,
  passSmsGate,
  press,
  wizard,
} from '../support/reset-wizard';

const christie = {
  upn: 'christie.cline@contoso.com',
  // The authenticator secret of resources/scenarios/contoso.json (training data).
  secret: '4CSXRCR376AJTMEGFG6UGCEBX7LPDWOI',
};
const enrico = {
  upn: 'enrico.cattaneo@contoso.com',
  mobile: '+1 425 555 0120',
  answers: {
    'What was the name of your first pet?': 'Biscottino',
    'In what town or city did your parents first meet?': 'Castelfranco Emilia',
    'What was your favourite dish as a child?': 'Tortellini in brodo',
    'What was the destination of your first flight?': 'Reykjavik',
  } as Record<string, string>,
};

/** RFC 6238 as the app does it (SHA-1, 6 digits, 30 s), at a given second. */
function totpAt(seconds: number): Promise<string> {
  return generate({ secret: christie.secret, algorithm: 'sha1', digits: 6, period: 30, epoch: seconds });
}

async function toAppCode(page: Parameters<typeof identify>[0], url: string) {
  await openResetFromLockScreen(page, url);
  await identify(page, christie.upn);
  await press(page, 'Next');
  await expectStep(page, 'verify');
  const card = wizard(page);
  await card.getByRole('radio', { name: 'Enter a code from my authenticator app' }).check();
  await press(page, 'Continue');
  await expect(card.getByRole('textbox', { name: 'Enter your verification code' })).toBeVisible();
}

test.describe('§5.3 verification methods', () => {
  // A whole journey through the UI: every screen is saved and checked with axe-core, and every
  // password set is hashed at full cost, which takes longer than the default limit on a busy machine.
  test.slow();

  test('authenticator code (TOTP): the code the test computes is the one the app shows, and it passes', async ({
    page,
    shell,
  }) => {
    await toAppCode(page, shell.url);
    await checkScreen(page, 'totp', '1-verify-1-app-code');
    const panel = await openTrainingPanel(page);
    const shown = ((await panel.getByTestId('totp-code').textContent()) ?? '').replace(/\s/g, '');
    const now = Math.floor(Date.now() / 1000);
    // The panel's code was read a moment ago: it is this step's or (at a step's edge) the one before.
    expect([await totpAt(now), await totpAt(now - 30)]).toContain(shown);

    await enterCode(page, await totpAt(Math.floor(Date.now() / 1000)));
    const card = wizard(page);
    await expect(card.getByRole('heading', { name: 'Verification step 2' })).toBeVisible();
    await passEmailGate(page);
    await chooseNewPassword(page, 'Juniper-Cascade-4471');
    await expectStep(page, 'done');
  });

  test('10 wrong codes block SSPR until the time shown; the training clock (+1 h) shows the block ends', async ({
    page,
    shell,
  }) => {
    await toAppCode(page, shell.url);
    const card = wizard(page);
    const notice = card.getByTestId('wizard-notice');
    const codeBox = card.getByRole('textbox', { name: 'Enter your verification code' });
    for (let attempt = 1; attempt <= 10; attempt += 1) {
      const now = Math.floor(Date.now() / 1000);
      const valid = await Promise.all([-30, 0, 30].map((offset) => totpAt(now + offset)));
      // A code that is wrong at every step the app accepts.
      let wrong = 100000 + attempt;
      while (valid.includes(String(wrong))) wrong += 1;
      await codeBox.fill(String(wrong));
      await press(page, 'Verify');
      if (attempt < 10) {
        await expect(notice).toHaveText(/That code didn't work/);
        await expect(codeBox).toHaveValue('');
        if (attempt === 1) await checkScreen(page, 'lockout', '1-verify-wrong-code');
      }
    }

    await expectStep(page, 'stopped');
    const blockedUntil = userRow(shell, christie.upn).sspr_blocked_until;
    expect(blockedUntil).not.toBeNull();
    const until = new Intl.DateTimeFormat('en-US', {
      weekday: 'long',
      day: 'numeric',
      month: 'long',
      hour: 'numeric',
      minute: '2-digit',
      timeZone: 'UTC',
    }).format(new Date(blockedUntil ?? ''));
    await expect(card.getByTestId('stop-message')).toHaveText(
      `You've tried to verify your identity too many times. You can try again after ${until}, or contact your helpdesk.`,
    );
    await checkScreen(page, 'lockout', '2-stopped');

    // Starting again doesn't get round it: §3.7 stops the user at "who are you".
    await press(page, 'Back to sign-in');
    await page.getByRole('button', { name: 'Reset password', exact: true }).click();
    await identify(page, christie.upn);
    await press(page, 'Next');
    await expectStep(page, 'stopped');
    await expect(card.getByTestId('stop-message')).toContainText(until);

    // An hour later on the training clock, the block has ended.
    const panel = await openTrainingPanel(page);
    const before = await panel.getByTestId('training-time').textContent();
    await panel.getByRole('button', { name: '+1 h' }).click();
    await expect(panel.getByTestId('training-time')).not.toHaveText(before ?? '');
    await expect(panel).toContainText('60 minutes ahead of real time');
    await checkScreen(page, 'lockout', '3-clock-advanced');
    await press(page, 'Back to sign-in');
    await page.getByRole('button', { name: 'Reset password', exact: true }).click();
    await identify(page, christie.upn);
    await press(page, 'Next');
    await expectStep(page, 'verify');
    await expect(card.getByRole('radio', { name: 'Enter a code from my authenticator app' })).toBeVisible();
    await checkScreen(page, 'lockout', '4-verify-after-block');
  });

  test('security questions: a wrong answer is refused without saying which, the right ones pass', async ({
    page,
    shell,
  }) => {
    await openResetFromLockScreen(page, shell.url);
    await identify(page, enrico.upn);
    await press(page, 'Next');
    await expectStep(page, 'verify');
    const card = wizard(page);
    await card.getByRole('radio', { name: 'Answer my security questions' }).check();
    await press(page, 'Continue');

    const boxes = card.getByRole('textbox');
    await expect(boxes).toHaveCount(3);
    const questions: string[] = [];
    for (let index = 0; index < 3; index += 1) {
      const label = (await card.locator('label').nth(index).textContent()) ?? '';
      questions.push(label.replace(/\s*\*$/, '').trim());
    }
    for (const question of questions) expect(Object.keys(enrico.answers)).toContain(question);

    // One answer wrong: refused, and the notice doesn't say which.
    for (const [index, question] of questions.entries()) {
      await boxes.nth(index).fill(index === 1 ? 'not the answer' : (enrico.answers[question] ?? ''));
    }
    await checkScreen(page, 'questions', '2-verify-1-questions');
    await press(page, 'Verify');
    await expect(card.getByTestId('wizard-notice')).toHaveText(
      "One or more of your answers don't match what you registered. Try again.",
    );
    await checkScreen(page, 'questions', '3-verify-1-wrong');

    // Answers compare trimmed and case-insensitively (§5.3).
    for (const [index, question] of questions.entries()) {
      await boxes.nth(index).fill(`  ${(enrico.answers[question] ?? '').toUpperCase()} `);
    }
    await press(page, 'Verify');
    await expect(card.getByRole('heading', { name: 'Verification step 2' })).toBeVisible();
    await passSmsGate(page, enrico.mobile);
    await chooseNewPassword(page, 'Walnut-Aurora-8832');
    await expectStep(page, 'done');
  });
});
