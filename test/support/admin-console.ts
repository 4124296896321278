import { expect, type Locator, type Page } from '@playwright/test';
import { liftCurtain } from './sign-in';

export { liftCurtain };

/** The local admin credential the console tests set on first run (≥ 12 characters, §8 complexity, not banned). */
export const adminCredential = 'Quiet-Falcon-Ledger-93';

export function adminConsole(page: Page): Locator {
  return page.getByTestId('admin-console');
}

export function credentialPrompt(page: Page): Locator {
  return page.getByTestId('admin-credential-prompt');
}

/** Opens the lock screen and lifts its curtain. */
export async function showLockScreen(page: Page, url: string): Promise<void> {
  if (page.url().startsWith(new URL(url).origin)) await page.reload();
  else await page.goto(url);
  await liftCurtain(page);
}

/** The gear at the lock screen's corner, which asks for the credential. */
export async function askForConsole(page: Page): Promise<Locator> {
  await page.getByRole('button', { name: 'Device settings', exact: true }).click();
  const prompt = credentialPrompt(page);
  await expect(prompt).toBeVisible();
  return prompt;
}

/**
 * Submits the credential prompt. First run sets the credential (typed twice) and opens the console;
 * afterwards it opens it. Waits for the main process's answer (the full-cost hash takes a moment).
 */
export async function submitCredential(page: Page, credential: string): Promise<void> {
  const prompt = credentialPrompt(page);
  const fields = prompt.locator('input[type="password"]');
  // The prompt asks the main process first whether a credential is set: wait for its answer.
  await expect(fields.first()).toBeEditable();
  const setup = (await fields.count()) === 2;
  await fields.first().fill(credential);
  if (setup) await fields.nth(1).fill(credential);
  const answered = page.waitForResponse((response) => /\/api\/call\/admin\.(setup|open)$/.test(response.url()), {
    timeout: 45_000,
  });
  await prompt.getByRole('button', { name: setup ? 'Set up and open' : 'Open', exact: true }).click();
  await answered;
}

/** From the lock screen into the console: the gear, then the credential (set on first run). */
export async function openConsole(page: Page, credential = adminCredential): Promise<void> {
  await askForConsole(page);
  await submitCredential(page, credential);
  await expect(adminConsole(page)).toBeVisible();
}

/** A page of the console's navigation. */
export async function goTo(page: Page, name: string): Promise<Locator> {
  await adminConsole(page).getByRole('navigation').getByText(name, { exact: true }).click();
  const main = adminConsole(page).getByRole('main');
  await expect(main.getByRole('heading', { level: 2, name })).toBeVisible();
  return main;
}

/** "Lock console": closed in the main process, back to the lock screen. */
export async function lockConsole(page: Page): Promise<void> {
  await adminConsole(page).getByRole('button', { name: 'Lock console' }).click();
  await expect(page.getByTestId('lock-screen')).toBeVisible();
}

/** A wrong password for the last user, as Windows takes it: the message, then OK. */
export async function wrongPassword(page: Page): Promise<void> {
  const passwordBox = page.locator('input[type="password"]');
  await passwordBox.fill('not-the-password-1A');
  await passwordBox.press('Enter');
  await expect(page.getByRole('alert')).toContainText('The user name or password is incorrect');
  await page.getByRole('alert').getByRole('button', { name: 'OK' }).click();
}

export function resetLink(page: Page): Locator {
  return page.getByRole('button', { name: 'Reset password', exact: true });
}
