/** The command line's exit codes (README "Admin command line"); scripts may rely on them. */
export const ExitCode = {
  ok: 0,
  /** The command ran and found a problem: the audit log is broken, an import had rejected rows. */
  problemFound: 1,
  /** Bad usage or input was refused; nothing changed. */
  invalidInput: 2,
  /** No such tenant, user, method or scenario. */
  notFound: 3,
  /** The database, the vault or a file could not be opened. */
  unavailable: 4,
  /** Something went wrong inside; the message says what, never a secret. */
  internal: 70,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** A refusal the command line prints on stderr before leaving with its code. */
export class CliError extends Error {
  constructor(
    readonly exitCode: ExitCode,
    message: string,
  ) {
    super(message);
    this.name = 'CliError';
  }
}
