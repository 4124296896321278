import { mkdirSync, writeFileSync } from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import { expect, type Locator, type Page } from '@playwright/test';

/** Where every wizard screen of the reset cases is saved (test-results/screens/reset-<case>-<step>.png). */
export const screensDir = 'test-results/screens';
/** axe-core's findings per screen, all impacts, for the record. */
export const axeDir = 'test-results/axe';
mkdirSync(screensDir, { recursive: true });
mkdirSync(axeDir, { recursive: true });

/**
 * Saves the screen and checks it with axe-core: no violation of serious or critical impact. The
 * findings of every impact are written next to the screenshots.
 */
export async function checkScreen(page: Page, caseName: string, step: string): Promise<void> {
  await checkNamedScreen(page, `reset-${caseName}-${step}`);
}

/** As `checkScreen`, for a screen outside the reset wizard: saved as test-results/screens/<name>.png. */
export async function checkNamedScreen(page: Page, name: string): Promise<void> {
  // Let a step's entrance settle (focus moves to the heading, live regions fill).
  await page.waitForTimeout(150);
  await page.screenshot({ path: `${screensDir}/${name}.png` });
  // Every violation in full; passes and the rest only counted (axe's own advice for speed). The app
  // has no frames, so axe runs in the page itself rather than through a second, blank page.
  const results = await new AxeBuilder({ page })
    .options({ resultTypes: ['violations'] })
    .setLegacyMode(true)
    .analyze();
  const findings = results.violations.map((violation) => ({
    id: violation.id,
    impact: violation.impact,
    help: violation.help,
    nodes: violation.nodes.map((node) => node.target.join(' ')),
  }));
  writeFileSync(`${axeDir}/${name}.json`, `${JSON.stringify({ screen: name, violations: findings }, null, 2)}\n`);
  const blocking = findings.filter((finding) => finding.impact === 'serious' || finding.impact === 'critical');
  expect(blocking, `axe violations on ${name}`).toEqual([]);
}

export function wizard(page: Page): Locator {
  return page.getByTestId('reset-wizard');
}

export function trainingPanel(page: Page): Locator {
  return page.getByTestId('training-panel');
}

/** Lifts the curtain, signs in with a wrong password as Windows would, and follows "Reset password". */
export async function openResetFromLockScreen(
  page: Page,
  url: string,
  options: { otherUser?: string; resetLink?: RegExp; shoot?: string } = {},
): Promise<void> {
  await page.goto(url);
  await expect(page.getByTestId('lock-screen')).toBeVisible();
  await page.keyboard.press('Enter');
  const passwordBox = page.locator('input[type="password"]');
  await expect(passwordBox).toBeFocused();
  if (options.otherUser) {
    await page.getByRole('button', { name: /Other user|Anderer Benutzer|Outro usuário/ }).click();
    await page.locator('input[autocomplete="username"]').fill(options.otherUser);
  }
  const resetLink = page.getByRole('button', { name: options.resetLink ?? /^Reset password$/ });
  // Windows shows the link only after a wrong password (§9).
  await expect(resetLink).toHaveCount(0);
  await passwordBox.fill('not-the-password-1A');
  await passwordBox.press('Enter');
  await page.getByRole('alert').getByRole('button').click();
  await expect(resetLink).toBeVisible();
  if (options.shoot) await checkScreen(page, options.shoot, '0-lock-screen-link');
  await resetLink.click();
  await expect(wizard(page)).toBeVisible();
}

/** "Who are you?": the user ID, and the CAPTCHA answered with its accessible alternative read off the screen. */
export async function identify(page: Page, upn: string): Promise<void> {
  const card = wizard(page);
  await expect(card).toHaveAttribute('data-step', 'identify');
  await card.getByRole('textbox', { name: /User ID|Benutzer-ID|ID de usuário/ }).fill(upn);
  const question = card.getByTestId('captcha-question');
  if (!(await question.isVisible())) {
    await card.getByRole('button', { name: /question|Frage|pergunta/i, expanded: false }).click();
  }
  const text = (await question.textContent()) ?? '';
  const [a, b] = (text.match(/\d+/g) ?? []).map(Number);
  expect(a, `a sum in "${text}"`).toBeDefined();
  await card.getByRole('textbox', { name: /characters|Zeichen|caracteres/ }).fill(String((a ?? 0) + (b ?? 0)));
}

/** Presses the wizard's primary button by its name. */
export async function press(page: Page, name: string | RegExp): Promise<void> {
  await wizard(page)
    .getByRole('button', { name, exact: typeof name === 'string' })
    .click();
}

export async function expectStep(page: Page, step: string): Promise<void> {
  await expect(wizard(page)).toHaveAttribute('data-step', step);
}

/** Opens the training devices panel (it follows the user of the reset under way). */
export async function openTrainingPanel(page: Page): Promise<Locator> {
  const panel = trainingPanel(page);
  if (!(await panel.isVisible())) await page.getByRole('button', { name: 'Training devices', exact: true }).click();
  await expect(panel).toBeVisible();
  return panel;
}

/** The newest 6-digit code in the panel's text messages or mailbox, as the user would read it. */
export async function newestCode(page: Page, box: 'sms-message' | 'mail-message', after = 0): Promise<string> {
  const panel = await openTrainingPanel(page);
  const messages = panel.getByTestId(box);
  await expect(messages).toHaveCount(after + 1, { timeout: 10_000 });
  const body = (await messages.first().textContent()) ?? '';
  const code = /\b(\d{6})\b/.exec(body)?.[1];
  expect(code, `a code in "${body}"`).toBeDefined();
  return code ?? '';
}

/** Types a code into the wizard's challenge and verifies it. */
export async function enterCode(page: Page, code: string): Promise<void> {
  const card = wizard(page);
  await card.getByRole('textbox', { name: /verification code|Überprüfungscode|código de verificação/ }).fill(code);
  await card.getByRole('button', { name: /^(Verify|Überprüfen|Verificar)$/ }).click();
}

/** A gate passed with an e-mail code read from the training mailbox (`earlier` mails already there). */
export async function passEmailGate(page: Page, options: { earlier?: number; shoot?: [string, string] } = {}) {
  const card = wizard(page);
  await card.getByRole('radio', { name: /^Email my alternate email/ }).check();
  await press(page, 'Email');
  const code = await newestCode(page, 'mail-message', options.earlier ?? 0);
  if (options.shoot) await checkScreen(page, ...options.shoot);
  await enterCode(page, code);
}

/** A gate passed with an SMS code: the whole number typed first, the code read from the training phone. */
export async function passSmsGate(
  page: Page,
  phoneNumber: string,
  options: { earlier?: number; shoot?: [string, string] } = {},
) {
  const card = wizard(page);
  await card.getByRole('radio', { name: /^Text my mobile phone/ }).check();
  await card.getByRole('textbox', { name: 'Enter your phone number' }).fill(phoneNumber);
  await press(page, 'Text');
  const code = await newestCode(page, 'sms-message', options.earlier ?? 0);
  if (options.shoot) await checkScreen(page, ...options.shoot);
  await enterCode(page, code);
}

/** Types the same new password twice and finishes. */
export async function chooseNewPassword(page: Page, password: string): Promise<void> {
  await expectStep(page, 'newPassword');
  const card = wizard(page);
  await card.getByLabel('Enter new password').fill(password);
  await card.getByLabel('Confirm new password').fill(password);
  // The main process checks the history and writes the new password with the full-cost slow hash
  // (several scrypt runs, 128 MiB each): on a busy 2-core machine that outlasts the default wait.
  const answered = page.waitForResponse((response) => response.url().endsWith('/api/call/reset.setPassword'), {
    timeout: 45_000,
  });
  await press(page, 'Finish');
  await answered;
}
