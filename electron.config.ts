import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';

// electron-vite's three builds. The main build has three entries: the Electron shell (index), the
// browser shell, which runs the same engine under plain Node for tests and for machines without
// the Electron runtime, and the admin command line (cli, issue 8).
export default defineConfig({
  main: {
    build: {
      rolldownOptions: {
        input: {
          index: resolve(__dirname, 'electron/main/index.ts'),
          'browser-shell': resolve(__dirname, 'electron/main/browser-shell/index.ts'),
          cli: resolve(__dirname, 'electron/main/cli/index.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      // A sandboxed preload cannot require modules: bundle everything (zod included) into one CommonJS file.
      externalizeDeps: false,
      rolldownOptions: {
        input: { index: resolve(__dirname, 'electron/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(__dirname, 'renderer'),
    plugins: [react()],
    build: {
      // electron-vite leaves code unminified; the lock screen parses faster minified (npm run bench).
      minify: true,
      rolldownOptions: { input: resolve(__dirname, 'renderer/index.html') },
    },
  },
});
