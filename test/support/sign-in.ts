import { expect, type Page } from '@playwright/test';

/** Demo users of resources/scenarios/contoso.json that the sign-in specs use (training passwords). */
export const signInUsers = {
  adele: { upn: 'adele.vance@contoso.com', displayName: 'Adele Vance', password: 'Harbor-Lantern-47' },
  johanna: { upn: 'johanna.lorenz@contoso.com', displayName: 'Johanna Lorenz', password: 'Maple-Compass-22' },
  joni: { upn: 'joni.sherman@contoso.com', displayName: 'Joni Sherman', password: 'Lantern-Ferry-90' },
  miriam: { upn: 'miriam.graham@contoso.com', displayName: 'Miriam Graham', password: 'Crystal-Prairie-76' },
} as const;

/** Opens the lock screen and lifts the curtain; the password box (or the user name) has the focus. */
export async function showSignIn(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await liftCurtain(page);
}

/**
 * Lifts the lock screen's curtain with a key, once the curtain is there to take it (a key pressed
 * while the desktop is still going away is lost), and waits for the sign-in box to have the focus.
 */
export async function liftCurtain(page: Page): Promise<void> {
  await expect(page.locator('.curtain')).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.locator('.sign-in-form input').first()).toBeFocused();
}

/** "Other user": types the user name and the password, and presses Enter. */
export async function signInAsOther(page: Page, upn: string, password: string): Promise<void> {
  await page.getByRole('button', { name: 'Other user' }).click();
  await page.getByPlaceholder('User name').fill(upn);
  await page.getByPlaceholder('Password').fill(password);
  await page.getByPlaceholder('Password').press('Enter');
}

/** Types a password into the shown tile's box and presses Enter. */
export async function typePassword(page: Page, password: string): Promise<void> {
  const box = page.getByPlaceholder('Password');
  await box.fill(password);
  await box.press('Enter');
}
