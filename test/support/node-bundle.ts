import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';

/**
 * Bundles one TypeScript entry of the repository into a single ES module for a Node child process
 * (dependencies stay external), under .cache/<cacheName>/ as <name>-<pid>-<random>.mjs: a child then starts
 * without transforming the engine's sources on every start. Returns the file's path.
 */
export async function bundleForNode(root: string, entry: string, cacheName: string, name: string): Promise<string> {
  const dir = join(root, '.cache', cacheName);
  mkdirSync(dir, { recursive: true });
  const outfile = join(dir, `${name}-${process.pid}-${randomBytes(4).toString('hex')}.mjs`);
  await build({
    entryPoints: [join(root, entry)],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    outfile,
    logLevel: 'error',
  });
  return outfile;
}
