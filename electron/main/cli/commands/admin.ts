import type { Command } from 'commander';
import { describeRuleFailures } from '../../../../shared/password/describe';
import { CliError, ExitCode } from '../exit';
import { answer } from '../output';
import type { Run } from '../program';
import { readSecret } from '../secret-input';

export function registerAdmin(program: Command, run: Run): void {
  const admin = program.command('admin').description("the settings pane's local admin credential");

  admin
    .command('reset-credential')
    .description(
      "set a new local admin credential (for a forgotten one); needs this device's vault, so only the OS account that holds its keychain entry or key file can",
    )
    .option('--stdin', 'read the new credential from the first line of stdin instead of a hidden prompt')
    .action(
      run(async (context, io, json, options: { stdin?: boolean }) => {
        const credential = await readSecret(
          { ...io, interactive: io.interactive && !options.stdin },
          'New local admin credential (at least 12 characters)',
          { confirm: 'Type it again' },
        );
        const result = await context.entryGuard.reset(credential, context.actor.actor);
        if (!result.ok) {
          throw new CliError(
            ExitCode.invalidInput,
            `Refused; nothing changed: ${describeRuleFailures(result.failures)}`,
          );
        }
        answer(
          io,
          json,
          { credentialSet: true },
          () => 'The local admin credential is set; the settings pane asks for the new one.',
        );
      }),
    );
}
