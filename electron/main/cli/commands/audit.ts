import { writeFile } from 'node:fs/promises';
import { Option, type Command } from 'commander';
import { CliError, ExitCode } from '../exit';
import { answer, table } from '../output';
import type { Run } from '../program';
import { printJson, resolveTenant } from './tenants';

interface ExportOptions {
  format: 'jsonl' | 'csv';
  out?: string;
  tenant?: string;
  since?: string;
  until?: string;
  upn?: string;
  activity?: string;
  result?: 'success' | 'failure';
}

const dayMs = 86_400_000;

export function registerAudit(program: Command, run: Run): void {
  const audit = program.command('audit').description('the audit log: export it, verify its hash chain');

  audit
    .command('export')
    .description('audit events, oldest first, as JSON lines or CSV (the newest 100,000 at most)')
    .addOption(new Option('--format <format>', 'the file format').choices(['jsonl', 'csv']).default('jsonl'))
    .option('--out <file>', 'the file to write (default: stdout)')
    .option('--tenant <tenant>', 'only this tenant (a domain, name or id)')
    .option('--since <time>', 'from this ISO time, e.g. 2026-11-01T00:00:00Z')
    .option('--until <time>', 'before this ISO time')
    .option('--upn <upn>', 'only events about this user')
    .option('--activity <name>', 'only this activity, e.g. passwordReset')
    .addOption(new Option('--result <result>', 'only successes or failures').choices(['success', 'failure']))
    .action(
      run(async (context, io, json, options: ExportOptions) => {
        const filters = {
          ...(options.tenant === undefined ? {} : { tenantId: resolveTenant(context, options.tenant).id }),
          ...(options.since === undefined ? {} : { since: options.since }),
          ...(options.until === undefined ? {} : { until: options.until }),
          ...(options.upn === undefined ? {} : { upn: options.upn }),
          ...(options.activity === undefined ? {} : { activity: options.activity }),
          ...(options.result === undefined ? {} : { result: options.result }),
        };
        const exported = await context.call('admin.audit.export', { format: options.format, filters });
        if (!options.out) {
          io.stdout.write(exported.content);
          return;
        }
        await writeFile(options.out, exported.content, { mode: 0o600 });
        const summary = { file: options.out, events: exported.events, truncated: exported.truncated };
        answer(
          io,
          json,
          summary,
          () =>
            `Wrote ${exported.events} event(s) to ${options.out}${exported.truncated ? ' (the newest 100,000; narrow the filters for the rest)' : ''}.`,
        );
      }),
    );

  audit
    .command('verify')
    .description("check the audit log's HMAC hash chain; exit 1 names the first broken link")
    .action(
      run(async (context, io, json) => {
        const report = await context.call('admin.audit.verify', {});
        answer(io, json, report, () =>
          report.intact
            ? `The audit log is intact: ${report.verified} event(s) checked${report.prunedThrough > 0 ? `, retention pruned through place ${report.prunedThrough}` : ''}.`
            : `The audit log is NOT intact: ${report.problem?.message ?? 'a link is broken'}${report.problem?.row ? ` (event ${report.problem.row.id}, ${report.problem.row.activity} at ${report.problem.row.at})` : ''}. ${report.verified} event(s) verified before it.`,
        );
        if (!report.intact) throw new CliError(ExitCode.problemFound, 'The audit log failed verification.');
      }),
    );

  audit
    .command('retention')
    .description('how long audit events are kept; --days changes it (older events go at once, audited)')
    .option('--days <n>', 'keep this many days (as the settings pane allows)')
    .action(
      run(async (context, io, json, options: { days?: string }) => {
        const retention =
          options.days === undefined
            ? await context.call('admin.audit.retention', {})
            : await context.call('admin.audit.setRetention', { days: Number(options.days) });
        answer(
          io,
          json,
          retention,
          () =>
            `Kept for ${retention.days} days; ${retention.events} event(s)${retention.oldestEventAt ? `, the oldest from ${retention.oldestEventAt}` : ''}${retention.purged > 0 ? `; ${retention.purged} deleted now` : ''}.`,
        );
      }),
    );

  const reports = program.command('reports').description('the §10 reports: registration and usage');

  reports
    .command('registration')
    .description('who registered what, who is capable of reset, who has nothing registered')
    .option('--tenant <tenant>', 'a domain, name or id (optional when there is one tenant)')
    .action(
      run(async (context, io, json, options: { tenant?: string }) => {
        const { id } = resolveTenant(context, options.tenant);
        const report = await context.call('admin.reports.registration', { tenantId: id, limit: 500 });
        answer(io, json, report, () =>
          [
            `Users: ${report.users}; registered: ${report.registered}; nothing registered: ${report.nothingRegistered}; capable of reset: ${report.capable}`,
            table(
              ['METHOD', 'USERS'],
              report.byKind.map((kind) => [kind.kind, kind.users]),
            ),
          ].join('\n'),
        );
      }),
    );

  reports
    .command('usage')
    .description(
      'resets and unlocks by method and by day, failures by reason, blocked users (default: the last 30 days)',
    )
    .option('--tenant <tenant>', 'a domain, name or id (optional when there is one tenant)')
    .option('--since <time>', 'from this ISO time')
    .option('--until <time>', 'before this ISO time (default: now)')
    .action(
      run(async (context, io, json, options: { tenant?: string; since?: string; until?: string }) => {
        const { id } = resolveTenant(context, options.tenant);
        const now = context.core.clock.now();
        const until = options.until ?? now.toISOString();
        const since = options.since ?? new Date(now.getTime() - 30 * dayMs).toISOString();
        const report = await context.call('admin.reports.usage', { tenantId: id, since, until });
        if (json) {
          printJson(io, report);
          return;
        }
        const lines = [`Usage from ${report.since} to ${report.until}`];
        lines.push(
          table(
            ['METHOD', 'RESETS', 'UNLOCKS'],
            report.byMethod.map((row) => [row.method, row.resets, row.unlocks]),
          ),
        );
        lines.push(
          table(
            ['ACTIVITY', 'REASON', 'FAILURES'],
            report.failuresByReason.map((row) => [row.activity, row.reason, row.count]),
          ),
        );
        if (report.blockedUsers.length > 0) {
          lines.push(
            table(
              ['BLOCKED USER', 'BLOCKS', 'LAST'],
              report.blockedUsers.map((row) => [row.upn, row.blocks, row.lastAt]),
            ),
          );
        }
        if (report.triedWithNothingRegistered.length > 0) {
          lines.push(
            table(
              ['TRIED WITH NOTHING REGISTERED', 'ATTEMPTS', 'LAST'],
              report.triedWithNothingRegistered.map((row) => [row.upn, row.attempts, row.lastAt]),
            ),
          );
        }
        io.stdout.write(`${lines.join('\n\n')}\n`);
      }),
    );
}
