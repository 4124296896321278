import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import type { Plugin } from 'vite';
import react from '@vitejs/plugin-react';

/**
 * Puts the renderer's boot entry (renderer/boot.ts) in index.html ahead of the main bundle, as a
 * script of its own: vite would join every script of a page into one entry, and the boot script's
 * point is to run before the main bundle has even arrived.
 */
function bootScriptFirst(): Plugin {
  return {
    name: 'sspr-boot-script-first',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(html, context) {
        const boot = Object.values(context.bundle ?? {}).find(
          (output) => output.type === 'chunk' && output.isEntry && output.name === 'boot',
        );
        const main = html.indexOf('<script type="module"');
        if (!boot || main < 0) throw new Error('index.html: no boot entry or no main script to put it before');
        const tag = `<script type="module" crossorigin src="./${boot.fileName}"></script>\n    `;
        return html.slice(0, main) + tag + html.slice(main);
      },
    },
  };
}

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
    plugins: [react(), bootScriptFirst()],
    build: {
      // electron-vite leaves code unminified; the lock screen parses faster minified (npm run bench).
      minify: true,
      rolldownOptions: {
        input: { boot: resolve(__dirname, 'renderer/boot.ts'), index: resolve(__dirname, 'renderer/index.html') },
      },
    },
  },
});
