import { defineConfig } from '@playwright/test';
import { chromiumLaunchOptions } from './support/chromium';

// The real renderer in Debian's Chromium, talking to the real engine through the browser shell.
// Each test gets its own shell process and its own copy of the seeded demo database (see support/shell.ts).
export default defineConfig({
  testDir: './e2e',
  outputDir: '../test-results/e2e',
  globalSetup: './support/global-setup.ts',
  fullyParallel: true,
  // Three on two cores: a test spends much of its time waiting on the page and its shell, not computing
  // (npm test's e2e stage used about 40% of both cores with two workers).
  workers: 3,
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
