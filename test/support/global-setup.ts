import { mkdirSync, rmSync } from 'node:fs';
import { startShell, TEMPLATE_DIR } from './shell';

/** Seeds the demo tenant once (at the shell's test hash cost); every test starts from a copy of it. */
export default async function globalSetup(): Promise<void> {
  rmSync(TEMPLATE_DIR, { recursive: true, force: true });
  mkdirSync(TEMPLATE_DIR, { recursive: true });
  // Seeding hashes every demo password and answer: allow for a busy machine.
  const shell = await startShell({ dataDir: TEMPLATE_DIR, fromTemplate: false, startTimeoutMs: 180_000 });
  await shell.stop();
}
