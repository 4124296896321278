// Secrets the command line takes (a new admin credential, a user's first password): typed at a hidden
// prompt on a terminal (npm's `read`), or the first line of stdin for scripts; never an argument,
// which would sit in the shell's history and the process list.
import { createInterface } from 'node:readline';
import { read } from 'read';
import type { Io } from './output';
import { CliError, ExitCode } from './exit';

export async function readSecret(io: Io, prompt: string, options: { confirm?: string } = {}): Promise<string> {
  if (!io.interactive) {
    const line = await firstLine(io);
    if (!line) throw new CliError(ExitCode.invalidInput, `${prompt}: nothing was given on stdin.`);
    return line;
  }
  const first = await read({ prompt: `${prompt}: `, silent: true, replace: '*', output: io.stderr, input: io.stdin });
  if (options.confirm) {
    const again = await read({
      prompt: `${options.confirm}: `,
      silent: true,
      replace: '*',
      output: io.stderr,
      input: io.stdin,
    });
    if (again !== first)
      throw new CliError(ExitCode.invalidInput, 'The two entries are not the same; nothing changed.');
  }
  if (!first) throw new CliError(ExitCode.invalidInput, `${prompt}: nothing was typed; nothing changed.`);
  return first;
}

async function firstLine(io: Io): Promise<string> {
  const lines = createInterface({ input: io.stdin, crlfDelay: Infinity });
  try {
    for await (const line of lines) return line;
    return '';
  } finally {
    lines.close();
  }
}
