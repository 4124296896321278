// The admin command line (issue 8): commander over the same engine as the app. Every command opens
// the database and vault, goes through the settings pane's contract rows (same schemas, rules and
// audit trail), prints a table or text for people and JSON with --json, and leaves with an exit
// code from exit.ts; errors go to stderr.
import { Command, CommanderError, Option } from 'commander';
import { ZodError } from 'zod';
import { withContext, type CliContext, type ContextSettings, type GlobalOptions } from './context';
import { CliError, ExitCode } from './exit';
import type { Io } from './output';
import { registerTenants } from './commands/tenants';
import { registerUsers } from './commands/users';
import { registerPolicy } from './commands/policy';
import { registerAudit } from './commands/audit';
import { registerScenario } from './commands/scenario';
import { registerAdmin } from './commands/admin';
import { registerConnectors } from './commands/connectors';

interface ProgramOptions extends GlobalOptions {
  json?: boolean;
}

/**
 * Wraps a command's work: opens the context from the global options and hands over commander's
 * arguments (the positional ones, then the command's options object).
 */
export type Run = (
  work: (context: CliContext, io: Io, json: boolean, ...args: never[]) => Promise<void>,
) => (...args: unknown[]) => Promise<void>;

/** The same without the database, for commands that only read shipped files. */
export type RunOffline = (
  work: (io: Io, json: boolean, ...args: never[]) => Promise<void>,
) => (...args: unknown[]) => Promise<void>;

export function buildProgram(io: Io, settings: ContextSettings = {}): Command {
  const program = new Command('sspr')
    .description(
      'Administer the offline SSPR lock screen: tenants, users, methods, policy, device settings, audit log, reports and training scenarios.',
    )
    .addOption(new Option('--db <path>', "the database file (default: the app's own, in its data folder)"))
    .addOption(
      new Option('--vault <backend>', 'where the secrets are: the OS keychain, a key file beside the database, or auto')
        .choices(['auto', 'keychain', 'file'])
        .default('auto'),
    )
    .option('--json', 'answer in JSON, for scripts')
    .showHelpAfterError('(add --help for usage)')
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
    })
    .addHelpText(
      'after',
      `
Exit codes: 0 done; 1 a problem was found (a broken audit log, rejected rows); 2 bad usage or input
refused, nothing changed; 3 not found; 4 the database, vault or a file could not be opened; 70 internal.`,
    );

  const globals = (args: unknown[]): ProgramOptions => {
    const command = args.at(-1);
    return command instanceof Command ? (command.optsWithGlobals() as ProgramOptions) : {};
  };
  const run: Run =
    (work) =>
    async (...args) => {
      const options = globals(args);
      await withContext(
        options,
        (context) => work(context, io, options.json ?? false, ...(args.slice(0, -1) as never[])),
        settings,
      );
    };
  const runOffline: RunOffline =
    (work) =>
    async (...args) => {
      const options = globals(args);
      await work(io, options.json ?? false, ...(args.slice(0, -1) as never[]));
    };

  registerTenants(program, run);
  registerUsers(program, run);
  registerPolicy(program, run);
  registerAudit(program, run);
  registerScenario(program, run, runOffline);
  registerAdmin(program, run);
  registerConnectors(program, run);
  // Commands made with .command() take the program's output, exitOverride and help-after-error settings.
  return program;
}

/** Runs the command line on `argv` (without node and the script) and returns the exit code. */
export async function runCli(argv: readonly string[], io: Io, settings: ContextSettings = {}): Promise<number> {
  const program = buildProgram(io, settings);
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return ExitCode.ok;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end in a CommanderError too; only a real usage error is a failure.
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version') return ExitCode.ok;
      if (error.code === 'commander.help' || error.code === 'commander.executeSubCommandAsync') return ExitCode.ok;
      return ExitCode.invalidInput;
    }
    if (error instanceof CliError) {
      io.stderr.write(`sspr: ${error.message}\n`);
      return error.exitCode;
    }
    if (error instanceof ZodError) {
      const lines = error.issues.map((issue) => `  ${issue.path.map(String).join('.') || '(input)'}: ${issue.message}`);
      io.stderr.write(`sspr: the input is not valid; nothing changed:\n${lines.join('\n')}\n`);
      return ExitCode.invalidInput;
    }
    // Never the input: it may hold a password. The message is the engine's own.
    io.stderr.write(`sspr: ${error instanceof Error ? error.message : String(error)}\n`);
    return ExitCode.internal;
  }
}
