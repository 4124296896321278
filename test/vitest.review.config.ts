import { defineConfig } from 'vitest/config';

// Issue 7: the Electron security review (electronegativity over the built app and the Electron
// sources). It reads out/, so `npm test` runs it after the end-to-end stage has built the app.
export default defineConfig({
  test: {
    include: ['test/review/**/*.test.ts'],
    environment: 'node',
    testTimeout: 180_000,
    hookTimeout: 180_000,
  },
});
