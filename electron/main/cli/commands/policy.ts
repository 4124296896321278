import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import type { Io } from '../output';
import { answer } from '../output';
import { CliError, ExitCode } from '../exit';
import type { Run } from '../program';
import { printJson, refused, resolveTenant } from './tenants';

/**
 * A JSON document given inline, as @file, or as - for stdin. JSON.parse's own message quotes the
 * text around a fault (which might be a secret); only the place is said.
 */
export async function readJsonArgument(io: Io, argument: string): Promise<unknown> {
  let text: string;
  if (argument === '-') {
    const chunks: Buffer[] = [];
    for await (const chunk of io.stdin) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
    text = Buffer.concat(chunks).toString('utf8');
  } else if (argument.startsWith('@')) {
    const file = argument.slice(1);
    text = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
      throw new CliError(ExitCode.unavailable, `Could not read ${file} (${error.code ?? 'unreadable'}).`);
    });
  } else {
    text = argument;
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    const position = error instanceof Error ? /position (\d+)/.exec(error.message)?.[1] : undefined;
    throw new CliError(
      ExitCode.invalidInput,
      `The JSON is not valid${position === undefined ? '' : ` (at character ${Number(position) + 1})`}; nothing changed.`,
    );
  }
}

const tabs =
  'properties, authenticationMethods, registration, notifications, customization, onPremises, protection, administrators, licensing, passwordPolicy';

export function registerPolicy(program: Command, run: Run): void {
  const policy = program
    .command('policy')
    .description("the tenant's SSPR policy, tab by tab as the settings pane has it");

  policy
    .command('get')
    .description('every tab of the policy (JSON)')
    .option('--tenant <tenant>', 'a domain, name or id (optional when there is one tenant)')
    .action(
      run(async (context, io, _json, options: { tenant?: string }) => {
        const { id } = resolveTenant(context, options.tenant);
        printJson(io, await context.call('admin.tenant.get', { tenantId: id }));
      }),
    );

  policy
    .command('set')
    .description(
      `change one tab, as its Save button in the settings pane does: {"tab": "...", "patch": {...}}; tabs: ${tabs}`,
    )
    .argument('<json>', 'the change as JSON, @file to read it from a file, or - for stdin')
    .option('--tenant <tenant>', 'a domain, name or id (optional when there is one tenant)')
    .addHelpText(
      'after',
      `
Examples:
  sspr policy set '{"tab":"properties","patch":{"enabledFor":"selected","selectedGroupId":3}}'
  sspr policy set '{"tab":"authenticationMethods","patch":{"methodsRequiredToReset":2}}'
Every rule of the spec is checked; a change that breaks one is refused with the rule, and nothing changes.`,
    )
    .action(
      run(async (context, io, json, argument: string, options: { tenant?: string }) => {
        const { id } = resolveTenant(context, options.tenant);
        const change = await readJsonArgument(io, argument);
        const result = await context.call('admin.tenant.set', { tenantId: id, change });
        if (!result.ok) throw refused(result.issues);
        answer(io, json, result.tenant, () => 'Saved; every rule holds (the audit log has the old and new values).');
      }),
    );

  const device = program
    .command('device')
    .description("this device's settings: AllowPasswordReset, the interfering settings of §9, kiosk options");

  device
    .command('get')
    .description('every device setting with its registry location (JSON)')
    .action(
      run(async (context, io) => {
        printJson(io, await context.call('admin.device.get', {}));
      }),
    );

  device
    .command('set')
    .description('change device settings: {"allowPasswordReset": true, ...} (names as `device get` shows them)')
    .argument('<json>', 'the settings as JSON, @file, or - for stdin')
    .action(
      run(async (context, io, json, argument: string) => {
        const patch = await readJsonArgument(io, argument);
        const view = await context.call('admin.device.set', { patch });
        answer(io, json, view, () => 'Saved.');
      }),
    );
}
