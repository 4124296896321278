import { createReadStream, createWriteStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { extname } from 'node:path';
import { Readable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { Option, type Command } from 'commander';
import { SingleBar } from 'cli-progress';
import { importUsers, UsersFileError, type ImportReport, type UsersFileFormat } from '../../bulk/import-users';
import { exportUsers } from '../../bulk/export-users';
import type { CliContext } from '../context';
import { CliError, ExitCode } from '../exit';
import { answer, table, yesNo, type Io } from '../output';
import type { Run } from '../program';
import { readSecret } from '../secret-input';
import { printJson, resolveTenant } from './tenants';

const formats = ['csv', 'json', 'jsonl'] as const;

/** The format named, or the file's extension (.csv, .json, .jsonl/.ndjson). */
function formatOf(file: string, named: string | undefined): UsersFileFormat {
  if (named) return named as UsersFileFormat;
  const extension = extname(file).toLowerCase();
  if (extension === '.csv') return 'csv';
  if (extension === '.json') return 'json';
  if (extension === '.jsonl' || extension === '.ndjson') return 'jsonl';
  throw new CliError(ExitCode.invalidInput, `Say the file's format with --format (${formats.join(', ')}).`);
}

/** A user by UPN, anywhere on the device. */
export function userByUpn(context: CliContext, upn: string): { id: number; upn: string; tenantId: number } {
  const user = context.core.store.users.byUpn(upn.trim().toLowerCase()) ?? context.core.store.users.byUpn(upn.trim());
  if (!user) throw new CliError(ExitCode.notFound, `There is no user ${upn.trim()}.`);
  return user;
}

interface ListOptions {
  tenant?: string;
  search?: string;
  registered?: boolean;
  capable?: boolean;
  admin?: boolean;
  synced?: boolean;
  limit: string;
  offset: string;
}

interface AddOptions {
  tenant?: string;
  upn: string;
  name: string;
  givenName?: string;
  surname?: string;
  disabled?: boolean;
  source?: string;
  license?: string;
  role?: string[];
  group?: string[];
  mobile?: string;
  office?: string;
  extension?: string;
  email?: string;
  passwordStdin?: boolean;
  passwordPrompt?: boolean;
}

export function registerUsers(program: Command, run: Run): void {
  const users = program.command('users').description("the tenant's users: list, add, import and export");

  users
    .command('list')
    .description('users with their methods and whether they are capable of reset (50 at a time)')
    .option('--tenant <tenant>', 'a domain, name or id (optional when there is one tenant)')
    .option('--search <text>', 'words matched at the start of the UPN, name, given name or surname')
    .addOption(new Option('--registered', 'only users with at least one method'))
    .addOption(new Option('--no-registered', 'only users with no method'))
    .addOption(new Option('--capable', 'only users capable of reset'))
    .addOption(new Option('--no-capable', 'only users not capable of reset'))
    .option('--admin', 'only administrators (§4 roles)')
    .option('--synced', 'only users mastered on-premises')
    .option('--limit <n>', 'how many', '50')
    .option('--offset <n>', 'from which', '0')
    .action(
      run(async (context, io, json, options: ListOptions) => {
        const { id } = resolveTenant(context, options.tenant);
        const page = await context.call('admin.users.search', {
          tenantId: id,
          ...(options.search === undefined ? {} : { text: options.search }),
          ...(options.registered === undefined ? {} : { registered: options.registered }),
          ...(options.capable === undefined ? {} : { capable: options.capable }),
          ...(options.admin ? { admin: true } : {}),
          ...(options.synced ? { synced: true } : {}),
          limit: wholeNumber(options.limit, '--limit'),
          offset: wholeNumber(options.offset, '--offset'),
        });
        answer(io, json, page, () => {
          const rows = page.users.map((user) => [
            user.upn,
            user.displayName,
            user.source,
            yesNo(user.admin),
            user.methodKinds.join(', ') || '—',
            user.capable ? 'yes' : `no (${user.notCapableBecause ?? 'not capable'})`,
          ]);
          const shown = `${page.offset + 1}–${page.offset + page.users.length} of ${page.total}`;
          return `${table(['UPN', 'NAME', 'SOURCE', 'ADMIN', 'METHODS', 'CAPABLE OF RESET'], rows)}\n${page.users.length > 0 ? shown : `none of ${page.total}`}`;
        });
      }),
    );

  users
    .command('show')
    .description("a user's details: roles, groups, license, methods (JSON)")
    .argument('<upn>')
    .action(
      run(async (context, io, _json, upn: string) => {
        printJson(io, await context.call('admin.user.get', { userId: userByUpn(context, upn).id }));
      }),
    );

  users
    .command('add')
    .description('one user, with the same rules as a row of an import')
    .option('--tenant <tenant>', 'a domain, name or id (optional when there is one tenant)')
    .requiredOption('--upn <upn>', 'the user principal name, on a verified domain of the tenant')
    .requiredOption('--name <display name>', 'the display name')
    .option('--given-name <name>')
    .option('--surname <name>')
    .option('--disabled', 'the account is disabled (sign-in blocked)')
    .addOption(
      new Option('--source <source>', 'where the account is mastered').choices(['cloud', 'synced', 'federated']),
    )
    .option('--license <plan>', 'the license plan assigned to the user')
    .option('--role <role...>', 'directory roles, e.g. "Helpdesk Administrator"')
    .option('--group <group...>', 'groups of the tenant to put the user in')
    .option('--mobile <number>', 'pre-register a mobile phone, e.g. "+1 425 555 0101"')
    .option('--office <number>', 'pre-register an office phone')
    .option('--extension <digits>', "the office phone's extension")
    .option('--email <address>', 'pre-register an alternate e-mail (never the UPN)')
    .option('--password-stdin', 'read a first password from stdin (the user must change it at sign-in)')
    .option('--password-prompt', 'type a first password at a hidden prompt')
    .action(
      run(async (context, io, json, options: AddOptions) => {
        const { id } = resolveTenant(context, options.tenant);
        const wantsPassword = options.passwordStdin || options.passwordPrompt;
        const password = wantsPassword
          ? await readSecret(
              { ...io, interactive: Boolean(options.passwordPrompt) && io.interactive },
              'First password',
              { confirm: 'Type it again' },
            )
          : undefined;
        const row: Record<string, unknown> = {
          userPrincipalName: options.upn,
          displayName: options.name,
          ...(options.givenName === undefined ? {} : { givenName: options.givenName }),
          ...(options.surname === undefined ? {} : { surname: options.surname }),
          accountEnabled: !options.disabled,
          ...(options.source === undefined ? {} : { source: options.source }),
          ...(options.license === undefined ? {} : { license: options.license }),
          ...(options.role ? { roles: options.role.join(';') } : {}),
          ...(options.group ? { groups: options.group.join(';') } : {}),
          ...(options.mobile === undefined ? {} : { mobilePhone: options.mobile }),
          ...(options.office === undefined ? {} : { officePhone: options.office }),
          ...(options.extension === undefined ? {} : { officePhoneExtension: options.extension }),
          ...(options.email === undefined ? {} : { alternateEmail: options.email }),
          ...(password === undefined ? {} : { password }),
        };
        const report = await importUsers(
          context.core.store,
          context.core,
          { format: 'jsonl', input: Readable.from([`${JSON.stringify(row)}\n`]) },
          { tenantId: id, actor: context.actor.actor },
        );
        const refusal = report.rejected[0];
        if (!report.committed || refusal) {
          throw new CliError(
            ExitCode.invalidInput,
            `Refused; nothing changed: ${refusal?.reason ?? 'the user was not added'}`,
          );
        }
        answer(io, json, { added: options.upn.trim() }, () =>
          password === undefined
            ? `Added ${options.upn.trim()}; no password was set (auto-generated, never shown): a reset sets one.`
            : `Added ${options.upn.trim()}; the password must be changed at the first sign-in.`,
        );
      }),
    );

  users
    .command('import')
    .description('users and their methods from a CSV, JSON or JSON lines file (see the README for the columns)')
    .argument('<file>', 'the file, or - for stdin (then give --format)')
    .option('--tenant <tenant>', 'a domain, name or id (optional when there is one tenant)')
    .addOption(new Option('--format <format>', 'the file format (default: from its extension)').choices([...formats]))
    .option('--partial', 'import the rows that pass and report the others (default: all or nothing)')
    .action(
      run(async (context, io, json, file: string, options: { tenant?: string; format?: string; partial?: boolean }) => {
        // From stdin there is no extension to go by: without --format, formatOf refuses.
        const format = formatOf(file === '-' ? '' : file, options.format);
        const { id, name } = resolveTenant(context, options.tenant);
        const input = file === '-' ? io.stdin : await openForReading(file);
        const size = file === '-' ? 0 : (await stat(file)).size;
        const bar = io.interactive && !json ? progressBar(io, size) : null;
        let report: ImportReport;
        try {
          report = await importUsers(
            context.core.store,
            context.core,
            { format, input },
            {
              tenantId: id,
              partial: options.partial ?? false,
              actor: context.actor.actor,
              ...(bar
                ? {
                    onProgress: (progress) =>
                      bar.update(size > 0 ? progress.bytesRead : progress.rows, {
                        rows: progress.rows,
                        accepted: progress.accepted,
                        rejected: progress.rejected,
                      }),
                  }
                : {}),
            },
          );
        } catch (error) {
          if (error instanceof UsersFileError) throw new CliError(ExitCode.invalidInput, error.message);
          throw error;
        } finally {
          bar?.stop();
        }
        answer(io, json, report, () => describeImport(report, name));
        if (report.rejectedCount > 0) {
          throw new CliError(
            ExitCode.problemFound,
            report.committed
              ? `${report.rejectedCount} row(s) rejected; the others were imported (--partial).`
              : `${report.rejectedCount} row(s) rejected; nothing was imported (all or nothing: fix them, or add --partial).`,
          );
        }
      }),
    );

  users
    .command('export')
    .description("the tenant's users and their phone and e-mail methods, in the import's columns (never a password)")
    .argument('[file]', 'the file to write (default: stdout)')
    .option('--tenant <tenant>', 'a domain, name or id (optional when there is one tenant)')
    .addOption(
      new Option('--format <format>', 'the file format (default: from its extension, else csv)').choices([...formats]),
    )
    .action(
      run(async (context, io, json, file: string | undefined, options: { tenant?: string; format?: string }) => {
        const { id } = resolveTenant(context, options.tenant);
        const format = file
          ? formatOf(file, options.format ?? (extname(file) ? undefined : 'csv'))
          : ((options.format ?? 'csv') as UsersFileFormat);
        const output = file ? createWriteStream(file, { mode: 0o600 }) : io.stdout;
        const { rows } = await exportUsers(
          context.core.store,
          { tenantId: id, format, actor: context.actor.actor },
          output,
        );
        if (file) {
          output.end();
          await finished(output);
          answer(io, json, { file, rows }, () => `Exported ${rows} user(s) to ${file}.`);
        }
      }),
    );

  registerMethods(program, run);
}

function registerMethods(program: Command, run: Run): void {
  const methods = program.command('methods').description("a user's authentication methods, as the helpdesk sees them");

  methods
    .command('list')
    .argument('<upn>')
    .description('the methods a user has registered, with what each can serve as a reset gate')
    .action(
      run(async (context, io, json, upn: string) => {
        const user = await context.call('admin.user.get', { userId: userByUpn(context, upn).id });
        answer(io, json, user.methods, () =>
          table(
            ['ID', 'KIND', 'DETAIL', 'REGISTERED', 'USABLE AS'],
            user.methods.map((method) => [
              method.methodId,
              method.kind,
              method.display,
              method.registeredAt.slice(0, 10),
              method.usableFor.join(', ') || '—',
            ]),
          ),
        );
      }),
    );

  methods
    .command('add')
    .argument('<upn>')
    .description("pre-register a phone or an e-mail for a user, as Graph's phoneMethods and emailMethods do")
    .option('--mobile <number>', 'a mobile phone, e.g. "+1 425 555 0101"')
    .option('--office <number>', 'an office phone')
    .option('--extension <digits>', "the office phone's extension")
    .option('--email <address>', 'an alternate e-mail address (never the UPN)')
    .action(
      run(
        async (
          context,
          io,
          json,
          upn: string,
          options: { mobile?: string; office?: string; extension?: string; email?: string },
        ) => {
          const given = [options.mobile, options.office, options.email].filter((value) => value !== undefined);
          if (given.length !== 1)
            throw new CliError(ExitCode.invalidInput, 'Give one of --mobile, --office or --email.');
          const method =
            options.mobile !== undefined
              ? { kind: 'mobilePhone', phoneNumber: options.mobile }
              : options.office !== undefined
                ? {
                    kind: 'officePhone',
                    phoneNumber: options.office,
                    ...(options.extension ? { extension: options.extension } : {}),
                  }
                : { kind: 'email', address: options.email };
          const result = await context.call('admin.user.act', {
            userId: userByUpn(context, upn).id,
            change: { action: 'preRegister', method },
          });
          helpdeskAnswer(io, json, result);
        },
      ),
    );

  methods
    .command('remove')
    .argument('<upn>')
    .argument('[methodId]', 'the method to remove (see methods list)')
    .option('--all', 'revoke every method (the user must register again)')
    .description("remove one of a user's methods (a lost phone), or all of them")
    .action(
      run(async (context, io, json, upn: string, methodId: string | undefined, options: { all?: boolean }) => {
        if (Boolean(methodId) === Boolean(options.all)) {
          throw new CliError(ExitCode.invalidInput, 'Give a method id or --all.');
        }
        const change = options.all
          ? { action: 'revokeAllMethods' }
          : { action: 'revokeMethod', methodId: wholeNumber(methodId ?? '', 'the method id') };
        const result = await context.call('admin.user.act', { userId: userByUpn(context, upn).id, change });
        helpdeskAnswer(io, json, result);
      }),
    );
}

function helpdeskAnswer(
  io: Io,
  json: boolean,
  result: { ok: boolean; issues?: { message: string }[] } & Record<string, unknown>,
): void {
  if (!result.ok) {
    const reasons = (result.issues ?? []).map((issue) => `  ${issue.message}`).join('\n');
    throw new CliError(ExitCode.invalidInput, `Refused; nothing changed:\n${reasons}`);
  }
  answer(io, json, result, () => 'Done.');
}

function wholeNumber(value: string, what: string): number {
  if (!/^\d{1,9}$/.test(value)) throw new CliError(ExitCode.invalidInput, `${what} must be a whole number.`);
  return Number(value);
}

async function openForReading(file: string): Promise<Readable> {
  const stream = createReadStream(file);
  await new Promise<void>((resolve, reject) => {
    stream.once('open', () => resolve());
    stream.once('error', (error: NodeJS.ErrnoException) =>
      reject(new CliError(ExitCode.unavailable, `Could not read ${file} (${error.code ?? 'unreadable'}).`)),
    );
  });
  return stream;
}

/** Through the file by bytes read (its size is known); from stdin, a count of rows. */
function progressBar(io: Io, size: number): SingleBar {
  const bar = new SingleBar({
    format:
      size > 0
        ? 'Importing |{bar}| {percentage}% · {rows} rows read, {accepted} accepted, {rejected} rejected'
        : 'Importing · {rows} rows read, {accepted} accepted, {rejected} rejected',
    stream: io.stderr as NodeJS.WritableStream,
    hideCursor: true,
    clearOnComplete: true,
  });
  bar.start(size, 0, { rows: 0, accepted: 0, rejected: 0 });
  return bar;
}

function describeImport(report: ImportReport, tenantName: string): string {
  const lines = [
    report.committed
      ? `Imported ${report.accepted} of ${report.rows} user(s) into ${tenantName}.`
      : `Nothing imported into ${tenantName}: ${report.rows} row(s) read, ${report.accepted} would pass.`,
  ];
  if (report.rejectedCount > 0) {
    lines.push(
      table(
        ['ROW', 'UPN', 'REASON'],
        report.rejected.map((rejected) => [rejected.row, rejected.upn ?? '', rejected.reason]),
      ),
    );
    if (report.rejectedCount > report.rejected.length) {
      lines.push(`… and ${report.rejectedCount - report.rejected.length} more rejected row(s).`);
    }
  }
  return lines.join('\n');
}
