import { defineConfig } from 'vitest/config';

// The vault against a real OS keychain. Run only inside scripts/with-keyring.sh (a private D-Bus session
// with an unlocked GNOME keyring), so these tests fail, never skip, when no keychain answers.
export default defineConfig({
  test: {
    include: ['test/keychain/**/*.test.ts'],
    environment: 'node',
    testTimeout: 20000,
    // One keyring daemon for the whole run: keep its traffic in one file at a time.
    fileParallelism: false,
  },
});
