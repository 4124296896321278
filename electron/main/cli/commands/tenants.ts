import type { Command } from 'commander';
import { plans } from '../../../../shared/policy';
import { createTenantTabs } from '../../admin/tenant-tabs';
import type { CliContext } from '../context';
import { CliError, ExitCode } from '../exit';
import { answer, table, type Io } from '../output';
import type { Run } from '../program';

/** `--tenant` as a person types it: a domain of the tenant, its name, or its id; optional when there is one tenant. */
export function resolveTenant(context: CliContext, spec: string | undefined): { id: number; name: string } {
  const tenants = context.core.store.tenants.list();
  if (spec === undefined) {
    if (tenants.length === 1 && tenants[0]) return tenants[0];
    throw new CliError(
      tenants.length === 0 ? ExitCode.notFound : ExitCode.invalidInput,
      tenants.length === 0
        ? 'There is no tenant yet: load a scenario (sspr scenario load) or add one (sspr tenants add).'
        : `Say which tenant with --tenant (a domain, name or id): ${tenants.map((tenant) => tenant.name).join(', ')}.`,
    );
  }
  const wanted = spec.trim().toLowerCase();
  const found =
    (/^\d+$/.test(wanted) ? tenants.find((tenant) => tenant.id === Number(wanted)) : undefined) ??
    context.core.store.tenants.byDomain(wanted) ??
    tenants.find((tenant) => tenant.name.toLowerCase() === wanted);
  if (!found) throw new CliError(ExitCode.notFound, `There is no tenant "${spec}".`);
  return found;
}

export function registerTenants(program: Command, run: Run): void {
  const tenants = program.command('tenants').description('the tenants on this device');

  tenants
    .command('list')
    .description('every tenant with its initial domain, plan and number of users')
    .action(
      run(async (context, io, json) => {
        const list = await context.call('admin.tenants.list', {});
        answer(io, json, list, () =>
          table(
            ['ID', 'NAME', 'INITIAL DOMAIN', 'PLAN', 'USERS'],
            list.map((tenant) => [tenant.id, tenant.name, tenant.initialDomain, tenant.plan, tenant.users]),
          ),
        );
      }),
    );

  tenants
    .command('show')
    .description("a tenant's settings, tab by tab, as the settings pane shows them (JSON)")
    .argument('[tenant]', 'a domain, name or id (optional when there is one tenant)')
    .action(
      run(async (context, io, _json, tenant?: string) => {
        const { id } = resolveTenant(context, tenant);
        printJson(io, await context.call('admin.tenant.get', { tenantId: id }));
      }),
    );

  tenants
    .command('add')
    .description('a new, empty tenant (SSPR off until its policy enables it)')
    .requiredOption('--name <name>', 'the organisation name, e.g. "Contoso"')
    .requiredOption('--domain <domain>', 'the initial domain, e.g. contoso.onmicrosoft.com')
    .option('--plan <plan>', `the license plan: ${plans.join(', ')}`, 'p1')
    .option('--directory-sync', 'users are synced from an on-premises directory (hybrid)')
    .action(
      run(
        async (context, io, json, options: { name: string; domain: string; plan: string; directorySync?: boolean }) => {
          const result = createTenantTabs({
            store: context.core.store,
            clock: context.core.clock,
            directory: context.core.directory,
          }).create(context.actor, {
            name: options.name,
            initialDomain: options.domain,
            plan: options.plan as (typeof plans)[number],
            directorySync: options.directorySync ?? false,
          });
          if (!result.ok) throw refused(result.issues);
          answer(
            io,
            json,
            result.tenant,
            () => `Added ${result.tenant.name} (${result.tenant.initialDomain}), id ${result.tenant.id}.`,
          );
        },
      ),
    );

  tenants
    .command('add-domain')
    .description('a custom domain for a tenant (verified at once in this offline tenant)')
    .argument('<domain>', 'e.g. contoso.com')
    .option('--tenant <tenant>', 'a domain, name or id')
    .action(
      run(async (context, io, json, domain: string, options: { tenant?: string }) => {
        const { id } = resolveTenant(context, options.tenant);
        const result = await context.call('admin.tenant.addDomain', { tenantId: id, name: domain });
        if (!result.ok) throw refused(result.issues);
        answer(io, json, result, () => `Added ${domain.trim().toLowerCase()}.`);
      }),
    );
}

/** A refusal by the rules: each issue on its own line, nothing changed. */
export function refused(issues: readonly { path: string; message: string }[]): CliError {
  const lines = issues.map((issue) => `  ${issue.path ? `${issue.path}: ` : ''}${issue.message}`).join('\n');
  return new CliError(ExitCode.invalidInput, `Refused; nothing changed:\n${lines}`);
}

export function printJson(io: Io, value: unknown): void {
  io.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}
