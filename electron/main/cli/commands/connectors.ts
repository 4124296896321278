import type { Command } from 'commander';
import { CliError, ExitCode } from '../exit';
import { answer, type Io } from '../output';
import type { Run } from '../program';
import { readSecret } from '../secret-input';
import { readJsonArgument } from './policy';
import { printJson, resolveTenant } from './tenants';

interface PasswordOptions {
  password?: boolean;
  removePassword?: boolean;
}

/**
 * The password a `set` gives the vault: asked at a hidden prompt (or the first line of stdin), never
 * an argument; null removes the stored one; undefined keeps it.
 */
async function passwordOf(io: Io, argument: string, options: PasswordOptions, prompt: string) {
  if (options.password && options.removePassword) {
    throw new CliError(ExitCode.invalidInput, '--password and --remove-password cannot go together; nothing changed.');
  }
  if (options.removePassword) return null;
  if (!options.password) return undefined;
  if (argument === '-' && !io.interactive) {
    throw new CliError(
      ExitCode.invalidInput,
      'The settings and the password cannot both come from stdin: give the settings inline or as @file.',
    );
  }
  return readSecret(io, prompt);
}

/** Issue 9's connectors from the command line: the same rows as the settings pane's, audited the same. */
export function registerConnectors(program: Command, run: Run): void {
  const mail = program
    .command('mail')
    .description('outgoing e-mail: the simulated outbox or an SMTP server (the settings pane\'s "E-mail delivery")');

  mail
    .command('get')
    .description('the e-mail connector and its SMTP settings (JSON; says whether a password is stored, never it)')
    .action(
      run(async (context, io) => {
        printJson(io, await context.call('admin.mail.get', {}));
      }),
    );

  mail
    .command('set')
    .description(
      'change the e-mail settings: {"connector":"smtp","host":"…","port":587,"security":"starttls","username":"…","fromAddress":"…"}',
    )
    .argument('<json>', 'the settings as JSON, @file, or - for stdin')
    .option('--password', "ask for the SMTP account's password (hidden prompt, or the first line of stdin)")
    .option('--remove-password', "remove the SMTP account's stored password")
    .addHelpText(
      'after',
      `
Examples:
  sspr mail set '{"connector":"smtp","host":"mail.lab.local","port":587,"security":"starttls","username":"sspr","fromAddress":"sspr@contoso.com"}' --password
  sspr mail set '{"connector":"simulated"}'
The password goes into the vault, never the database; "mail get" only says whether one is stored.`,
    )
    .action(
      run(async (context, io, json, argument: string, options: PasswordOptions) => {
        const patch = await readJsonArgument(io, argument);
        const password = await passwordOf(io, argument, options, 'SMTP account password');
        const view = await context.call('admin.mail.set', {
          patch: patch as never,
          ...(password === undefined ? {} : { password }),
        });
        answer(
          io,
          json,
          view,
          () =>
            `Saved; e-mail goes ${view.connector === 'smtp' ? `over SMTP to ${view.host}:${view.port}` : 'to the simulated outbox'}.`,
        );
      }),
    );

  mail
    .command('test')
    .description('send a test message through the connector in use; exit code 1 when it was not delivered')
    .argument('<address>', 'who gets it')
    .action(
      run(async (context, io, json, address: string) => {
        const result = await context.call('admin.mail.test', { to: address });
        answer(io, json, result, () => result.message);
        if (!result.delivered) throw new CliError(ExitCode.problemFound, 'The test message was not delivered.');
      }),
    );

  const directory = program
    .command('directory')
    .description("a tenant's writeback directory: the simulated one or an LDAP server (its On-premises tab)");

  directory
    .command('get')
    .description('the connector, its settings, its health now and where a reset is written (JSON)')
    .option('--tenant <tenant>', 'a domain, name or id (optional when there is one tenant)')
    .action(
      run(async (context, io, _json, options: { tenant?: string }) => {
        const { id } = resolveTenant(context, options.tenant);
        printJson(io, await context.call('admin.directory.get', { tenantId: id }));
      }),
    );

  directory
    .command('set')
    .description(
      'change the connector: {"connector":"ldap","url":"ldap://dc01:389","bindDn":"…","baseDn":"…","userAttribute":"userPrincipalName"}',
    )
    .argument('<json>', 'the settings as JSON, @file, or - for stdin')
    .option('--tenant <tenant>', 'a domain, name or id (optional when there is one tenant)')
    .option('--password', "ask for the writeback agent's bind password (hidden prompt, or the first line of stdin)")
    .option('--remove-password', "remove the agent's stored bind password")
    .addHelpText(
      'after',
      `
Examples:
  sspr directory set '{"connector":"ldap","url":"ldap://dc01.contoso.local","startTls":true,"bindDn":"cn=sspr-agent,ou=services,dc=contoso,dc=local","baseDn":"dc=contoso,dc=local"}' --password
  sspr directory set '{"connector":"simulated"}'
Other fields: trustedCertificate (PEM), userAttribute, upnPart (whole|localPart), passwordMethod
(passwordModify|replace), passwordAttribute, lockoutAttribute, failureTimeAttribute, lockoutMinutes.`,
    )
    .action(
      run(async (context, io, json, argument: string, options: PasswordOptions & { tenant?: string }) => {
        const { id } = resolveTenant(context, options.tenant);
        const patch = await readJsonArgument(io, argument);
        const bindPassword = await passwordOf(io, argument, options, "Writeback agent's bind password");
        const view = await context.call('admin.directory.set', {
          tenantId: id,
          patch: patch as never,
          ...(bindPassword === undefined ? {} : { bindPassword }),
        });
        answer(
          io,
          json,
          view,
          () => `Saved; resets are written to ${view.target ?? 'the tenant only'}. ${view.health.message}`,
        );
      }),
    );

  directory
    .command('test')
    .description('bind as the writeback agent now and say what the directory answered; exit code 1 when not writable')
    .option('--tenant <tenant>', 'a domain, name or id (optional when there is one tenant)')
    .action(
      run(async (context, io, json, options: { tenant?: string }) => {
        const { id } = resolveTenant(context, options.tenant);
        const view = await context.call('admin.directory.test', { tenantId: id });
        answer(io, json, view, () => `${view.health.writable ? 'Writable' : 'Not writable'}: ${view.health.message}`);
        if (!view.health.writable) throw new CliError(ExitCode.problemFound, 'The directory is not writable.');
      }),
    );
}
