import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

/** The seeded demo database every test copies; SSPR_E2E_TEMPLATE gives a run its own (two runs side by side). */
export const TEMPLATE_DIR = process.env['SSPR_E2E_TEMPLATE'] ?? join(tmpdir(), 'sspr-e2e-template');
const READY = /^SSPR browser shell: (http:\/\/127\.0\.0\.1:(\d+)\/#token=(\S+))$/;

export interface RunningShell {
  url: string;
  origin: string;
  token: string;
  dataDir: string;
  output: string[];
  stop(): Promise<void>;
}

/**
 * Starts out/main/browser-shell.js on a free port with its own data folder and waits for its address
 * line. Passwords are hashed at the shell's test cost (`--weak-hash-for-tests`, the same scrypt at a
 * lower N): the suite checks the screens and the rules, the hasher's full cost is the unit tests'
 * and the bench's business. `fullHashCost` starts it as a user would.
 */
export async function startShell(
  options: {
    dataDir?: string;
    fromTemplate?: boolean;
    startTimeoutMs?: number;
    args?: string[];
    fullHashCost?: boolean;
  } = {},
): Promise<RunningShell> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'sspr-e2e-'));
  if (options.fromTemplate ?? true) cpSync(TEMPLATE_DIR, dataDir, { recursive: true });
  const child = spawn(
    process.execPath,
    [
      'out/main/browser-shell.js',
      '--db',
      join(dataDir, 'sspr.db'),
      '--port',
      '0',
      '--vault',
      'file',
      ...(options.fullHashCost ? [] : ['--weak-hash-for-tests']),
      ...(options.args ?? []),
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const output: string[] = [];
  child.stderr?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  const match = await new Promise<RegExpExecArray>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`browser shell did not start:\n${output.join('\n')}`)),
      options.startTimeoutMs ?? 30_000,
    );
    const lines = createInterface({ input: child.stdout });
    lines.on('line', (line) => {
      output.push(line);
      const found = READY.exec(line);
      if (found) {
        clearTimeout(timer);
        resolve(found);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`browser shell exited with ${code}:\n${output.join('\n')}`));
    });
  });
  const [, url = '', port = '', token = ''] = match;
  return {
    url,
    origin: `http://127.0.0.1:${port}`,
    token,
    dataDir,
    output,
    stop: () =>
      stopChild(child, () => options.dataDir === undefined && rmSync(dataDir, { recursive: true, force: true })),
  };
}

function stopChild(child: ChildProcess, cleanUp: () => void): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) {
      cleanUp();
      resolve();
      return;
    }
    child.once('exit', () => {
      cleanUp();
      resolve();
    });
    child.kill('SIGTERM');
  });
}
