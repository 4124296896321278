import { test as base, expect } from '@playwright/test';
import { startShell, type RunningShell } from '../support/shell';

/** Each test gets a browser shell of its own over a fresh copy of the seeded demo tenant. */
export const test = base.extend<{ shell: RunningShell }>({
  // The devices run with Windows' "Transparency effects" off: the sign-in panel's acrylic blur, redrawn
  // by Chromium's software renderer at every caret blink, was a sixth of the suite's CPU on two cores.
  // The blur is cosmetic; every screen and rule is the same without it.
  page: async ({ page }, use) => {
    const session = await page.context().newCDPSession(page);
    await session.send('Emulation.setEmulatedMedia', {
      features: [{ name: 'prefers-reduced-transparency', value: 'reduce' }],
    });
    await use(page);
  },
  shell: async ({}, use) => {
    const shell = await startShell();
    await use(shell);
    await shell.stop();
  },
});

export { expect };
