import { defineConfig } from '@playwright/test';
import { chromiumLaunchOptions } from './support/chromium';

// The real renderer in Debian's Chromium, talking to the real engine through the browser shell.
// Each test gets its own shell process and its own copy of the seeded demo database (see support/shell.ts).
export default defineConfig({
  testDir: './e2e',
  outputDir: '../test-results/e2e',
  globalSetup: './support/global-setup.ts',
  fullyParallel: true,
  // One a core: the suite is bound by Chromium's software rendering (three workers were no faster).
  workers: 2,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [
    ['list'],
    ['json', { outputFile: process.env.PLAYWRIGHT_JSON_OUTPUT_NAME || '../test-results/reports/e2e.json' }],
  ],
  use: {
    browserName: 'chromium',
    launchOptions: chromiumLaunchOptions(),
    viewport: { width: 1280, height: 800 },
    locale: 'en-US',
    timezoneId: 'UTC',
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
});
