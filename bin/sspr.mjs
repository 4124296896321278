#!/usr/bin/env node
// `sspr`, the admin command line (package.json "bin"). It runs the built out/main/cli.js; on a fresh
// clone, where nothing is built yet, it builds the app once first (npm run build), saying so.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const cli = join(root, 'out', 'main', 'cli.js');
if (!existsSync(cli)) {
  console.error('sspr: building the app first (npm run build), once…');
  const built = spawnSync('npm', ['run', '--silent', 'build'], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'inherit'],
    shell: process.platform === 'win32',
  });
  if (built.status !== 0 || !existsSync(cli)) {
    console.error('sspr: the build failed; run npm run build in ' + root + ' to see why.');
    process.exit(4);
  }
}
await import(pathToFileURL(cli).href);
