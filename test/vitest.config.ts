import { defineConfig } from 'vitest/config';

// Unit and integration tests of the engine, under plain Node. The keychain suite has its own
// config (it needs a private D-Bus session) and the end-to-end suite runs in Playwright.
export default defineConfig({
  test: {
    include: ['test/unit/**/*.test.ts'],
    environment: 'node',
    testTimeout: 20000,
  },
});
