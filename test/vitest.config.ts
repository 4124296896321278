import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

// Unit and integration tests of the engine, under plain Node. The keychain suite has its own
// config (it needs a private D-Bus session) and the end-to-end suite runs in Playwright.
export default defineConfig({
  test: {
    include: ['test/unit/**/*.test.ts'],
    environment: 'node',
    testTimeout: 20000,
    // Vitest's default leaves one core to its own process, which on a two-core CI machine means one
    // test file at a time; its own process hardly works, so every core runs test files.
    maxWorkers: availableParallelism(),
  },
});
