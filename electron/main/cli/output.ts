// How the command line answers: a plain table or text for people, JSON for scripts (--json), and
// every error on stderr.
import Table from 'cli-table3';
import type { Readable, Writable } from 'node:stream';

export interface Io {
  stdout: Writable;
  stderr: Writable;
  stdin: Readable;
  /** stderr is a terminal: progress bars and prompts are drawn there. */
  interactive: boolean;
}

export function processIo(): Io {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin,
    interactive: Boolean(process.stderr.isTTY && process.stdin.isTTY),
  };
}

export type Cell = string | number | boolean | null | undefined;

/** A borderless table (cli-table3), the way `kubectl get` or `az ... -o table` print lists. */
export function table(head: string[], rows: Cell[][]): string {
  const drawn = new Table({
    head,
    style: { head: [], border: [], 'padding-left': 0, 'padding-right': 2, compact: true },
    chars: {
      top: '',
      'top-mid': '',
      'top-left': '',
      'top-right': '',
      bottom: '',
      'bottom-mid': '',
      'bottom-left': '',
      'bottom-right': '',
      left: '',
      'left-mid': '',
      mid: '',
      'mid-mid': '',
      right: '',
      'right-mid': '',
      middle: '',
    },
  });
  for (const row of rows) drawn.push(row.map((cell) => (cell === null || cell === undefined ? '' : String(cell))));
  return drawn.toString().replace(/[ \t]+$/gmu, '');
}

/** Prints `value` as JSON with --json, otherwise what `human` makes of it. */
export function answer(io: Io, json: boolean, value: unknown, human: () => string): void {
  io.stdout.write(json ? `${JSON.stringify(value, null, 2)}\n` : `${human()}\n`);
}

export function yesNo(value: boolean): string {
  return value ? 'yes' : 'no';
}
