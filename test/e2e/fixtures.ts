import { test as base, expect } from '@playwright/test';
import { startShell, type RunningShell } from '../support/shell';

/** Each test gets a browser shell of its own over a fresh copy of the seeded demo tenant. */
export const test = base.extend<{ shell: RunningShell }>({
  shell: async ({}, use) => {
    const shell = await startShell();
    await use(shell);
    await shell.stop();
  },
});

export { expect };
