import { defineConfig } from '@playwright/test';

// The built app in the real Electron runtime (out/main/index.js). Where the runtime was never
// downloaded, the smoke test skips itself and says why; run `npm run build` first.
export default defineConfig({
  testDir: './electron',
  outputDir: '../test-results/electron',
  workers: 1,
  // The first run may compile better-sqlite3 for Electron's ABI.
  timeout: 15 * 60_000,
  expect: { timeout: 15_000 },
  reporter: [
    ['list'],
    ['json', { outputFile: process.env.PLAYWRIGHT_JSON_OUTPUT_NAME || '../test-results/reports/electron.json' }],
  ],
});
