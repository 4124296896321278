import { expect, type Locator, type Page } from '@playwright/test';
import { openTrainingPanel } from './reset-wizard';

/** Lifts the curtain and signs in as "Other user" with a user ID and password, as on Windows. */
export async function signIn(page: Page, url: string, upn: string, password: string): Promise<void> {
  if (!(await page.getByTestId('lock-screen').isVisible())) await page.goto(url);
  await expect(page.getByTestId('lock-screen')).toBeVisible();
  // The curtain lifts with a key press, unless it is up already.
  if (!(await page.locator('input[type="password"]').isVisible())) await page.keyboard.press('Enter');
  await expect(page.locator('input[type="password"]')).toBeVisible();
  await page.getByRole('button', { name: 'Other user' }).click();
  await page.locator('input[autocomplete="username"]').fill(upn);
  const passwordBox = page.locator('input[type="password"]');
  await passwordBox.fill(password);
  await passwordBox.press('Enter');
  await expect(page.getByTestId('lock-screen')).toHaveCount(0, { timeout: 20_000 });
}

/** The setup screen of the method being registered (the wizard's panel or the page's dialog). */
export function setup(page: Page): Locator {
  return page.getByTestId('method-setup');
}

/**
 * The 6-digit code in the newest text message or e-mail to `to` on the training devices panel,
 * as a trainee reads it there.
 */
export async function codeOnTrainingDevices(
  page: Page,
  box: 'sms-message' | 'mail-message',
  to: string,
): Promise<string> {
  const panel = await openTrainingPanel(page);
  const message = panel.getByTestId(box).filter({ hasText: to }).first();
  await expect(message).toBeVisible();
  const body = (await message.textContent()) ?? '';
  const code = /\b(\d{6})\b/.exec(body)?.[1];
  expect(code, `a code in "${body}"`).toBeDefined();
  return code ?? '';
}

export async function closeTrainingPanel(page: Page): Promise<void> {
  const close = page.getByRole('button', { name: 'Close training devices' });
  // By keyboard: on the lock screen the device-settings button sits over the panel's corner.
  if (await close.isVisible()) {
    await close.focus();
    await page.keyboard.press('Enter');
  }
  await expect(page.getByTestId('training-panel')).toHaveCount(0);
}
