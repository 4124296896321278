// Issue 8: the admin command line, run in-process on a real database and vault (a key file in a temp
// folder), through the same contract rows as the settings pane. One process-level test runs the real
// entry to check exit codes and streams as a shell sees them.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildProgram, runCli } from '../../../electron/main/cli/program';
import type { Io } from '../../../electron/main/cli/output';
import { ExitCode } from '../../../electron/main/cli/exit';
import { fastHashCost } from '../support/engine';
import { startSmtpServer } from '../../support/smtp-server';

interface Ran {
  code: number;
  stdout: string;
  stderr: string;
}

let dir: string;
let db: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'sspr-cli-'));
  db = join(dir, 'lab.db');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function io(stdin = ''): Io & { out: () => string; err: () => string } {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const outChunks: Buffer[] = [];
  const errChunks: Buffer[] = [];
  stdout.on('data', (chunk: Buffer) => outChunks.push(chunk));
  stderr.on('data', (chunk: Buffer) => errChunks.push(chunk));
  return {
    stdout,
    stderr,
    stdin: Readable.from([stdin]),
    interactive: false,
    out: () => Buffer.concat(outChunks).toString('utf8'),
    err: () => Buffer.concat(errChunks).toString('utf8'),
  };
}

async function sspr(args: string[], stdin = ''): Promise<Ran> {
  const streams = io(stdin);
  const code = await runCli(['--db', db, '--vault', 'file', ...args], streams, { hashCost: fastHashCost });
  return { code, stdout: streams.out(), stderr: streams.err() };
}

async function json<T>(args: string[]): Promise<T> {
  const ran = await sspr(['--json', ...args]);
  expect(ran.code, ran.stderr).toBe(ExitCode.ok);
  return JSON.parse(ran.stdout) as T;
}

/** Every row of every table, to show that a refused command changed nothing. */
function digest(): string {
  const connection = new Database(db, { readonly: true });
  try {
    const tables = connection
      .prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
      .all()
      .map((row) => row.name)
      .filter((name) => !name.startsWith('sqlite_') && !name.startsWith('users_search'));
    return JSON.stringify(tables.map((name) => connection.prepare(`SELECT * FROM "${name}"`).all()));
  } finally {
    connection.close();
  }
}

async function northwind(): Promise<void> {
  expect((await sspr(['tenants', 'add', '--name', 'Northwind', '--domain', 'northwind.onmicrosoft.com'])).code).toBe(0);
  expect((await sspr(['tenants', 'add-domain', 'northwind.com'])).code).toBe(0);
}

describe('issue 8 the admin command line', () => {
  it('answers --help for the program, every command and every subcommand', async () => {
    const names: string[][] = [[]];
    for (const command of buildProgram(io()).commands) {
      names.push([command.name()]);
      for (const sub of command.commands) names.push([command.name(), sub.name()]);
    }
    expect(names.length).toBeGreaterThan(25);
    for (const path of names) {
      const ran = await sspr([...path, '--help']);
      expect(ran.code, path.join(' ')).toBe(ExitCode.ok);
      expect(ran.stdout, path.join(' ')).toMatch(/^Usage: sspr/);
    }
    const top = await sspr(['--help']);
    expect(top.stdout).toContain('Exit codes: 0 done');
  });

  it('refuses bad usage with exit code 2 and says how to get help', async () => {
    const unknown = await sspr(['tenants', 'frobnicate']);
    expect(unknown.code).toBe(ExitCode.invalidInput);
    expect(unknown.stderr).toContain('--help');
    const missing = await sspr(['tenants', 'add', '--name', 'X']);
    expect(missing.code).toBe(ExitCode.invalidInput);
    expect(missing.stderr).toContain("required option '--domain <domain>'");
    const stdinWithoutFormat = await sspr(['users', 'import', '-'], 'userPrincipalName,displayName\n');
    expect(stdinWithoutFormat.code).toBe(ExitCode.invalidInput);
    expect(stdinWithoutFormat.stderr).toContain('--format');
  });

  it('builds a lab from a CSV: tenant, an all-or-nothing import, a fixed file, the policy, the reports (§2 §10)', async () => {
    await northwind();
    const bad = join(dir, 'bad.csv');
    writeFileSync(
      bad,
      'userPrincipalName,displayName,mobilePhone,alternateEmail\n' +
        'ann@northwind.com,Ann Lee,+1 425 555 0101,ann@home.example\n' +
        'bob@northwind.com,Bob Kelly,12345,\n',
    );
    const before = digest();
    const refused = await sspr(['users', 'import', bad]);
    expect(refused.code).toBe(ExitCode.problemFound);
    expect(refused.stdout).toMatch(/3\s+bob@northwind\.com\s+mobilePhone must be an international number/);
    expect(refused.stderr).toContain('nothing was imported');
    expect(refused.stdout + refused.stderr).not.toContain('12345');
    expect(digest()).toBe(before);

    const good = join(dir, 'good.csv');
    writeFileSync(
      good,
      'userPrincipalName,displayName,mobilePhone,alternateEmail,groups\n' +
        'ann@northwind.com,Ann Lee,+1 425 555 0101,ann@home.example,\n' +
        'bob@northwind.com,Bob Kelly,+1 425 555 0102,bob@home.example,\n',
    );
    const imported = await json<{ committed: boolean; accepted: number }>(['users', 'import', good]);
    expect(imported).toMatchObject({ committed: true, accepted: 2 });

    // SSPR is off in a new tenant (§2): nobody is capable until the policy enables it.
    const off = await json<{ users: { capable: boolean; notCapableBecause: string | null }[] }>(['users', 'list']);
    expect(off.users.map((user) => user.capable)).toEqual([false, false]);
    const set = await sspr(['policy', 'set', '{"tab":"properties","patch":{"enabledFor":"all"}}']);
    expect(set.code, set.stderr).toBe(ExitCode.ok);
    const on = await json<{ users: { upn: string; capable: boolean }[] }>(['users', 'list', '--capable']);
    expect(on.users.map((user) => user.upn)).toEqual(['ann@northwind.com', 'bob@northwind.com']);

    const registration = await json<{ users: number; registered: number; capable: number }>([
      'reports',
      'registration',
    ]);
    expect(registration).toMatchObject({ users: 2, registered: 2, capable: 2 });
    const verified = await sspr(['audit', 'verify']);
    expect(verified.code).toBe(ExitCode.ok);
    expect(verified.stdout).toContain('The audit log is intact');

    const exported = await sspr(['audit', 'export', '--format', 'jsonl']);
    const activities = exported.stdout
      .trim()
      .split('\n')
      .map((line) => (JSON.parse(line) as { activity: string; actor: string }).activity);
    expect(activities).toEqual(expect.arrayContaining(['tenantCreated', 'usersImported', 'policyChanged']));
    expect(exported.stdout).toMatch(/"actor":"Command line \(/);
  });

  it('refuses a policy that breaks a rule, and JSON that does not parse, changing nothing (§2)', async () => {
    await northwind();
    const before = digest();
    const rule = await sspr(['policy', 'set', '{"tab":"authenticationMethods","patch":{"methodsRequiredToReset":3}}']);
    expect(rule.code).toBe(ExitCode.invalidInput);
    expect(rule.stderr).toMatch(/methodsRequiredToReset/);
    const broken = await sspr(['policy', 'set', '{"tab": "properties", "patch": {"enabledFor": "all"']);
    expect(broken.code).toBe(ExitCode.invalidInput);
    expect(broken.stderr).toContain('The JSON is not valid');
    const piped = await sspr(['policy', 'set', '-'], '{"tab":"properties","patch":{"enabledFor":"everyone"}}');
    expect(piped.code).toBe(ExitCode.invalidInput);
    expect(digest()).toBe(before);
  });

  it('says what is not found with exit code 3, and a database it cannot open with 4', async () => {
    await northwind();
    expect((await sspr(['users', 'list', '--tenant', 'fabrikam.com'])).code).toBe(ExitCode.notFound);
    expect((await sspr(['methods', 'list', 'nobody@northwind.com'])).code).toBe(ExitCode.notFound);
    expect((await sspr(['scenario', 'show', 'no-such-pack'])).code).toBe(ExitCode.notFound);
    writeFileSync(join(dir, 'not-a-folder'), '');
    const streams = io();
    const code = await runCli(
      ['--db', join(dir, 'not-a-folder', 'x.db'), '--vault', 'file', 'tenants', 'list'],
      streams,
    );
    expect(code).toBe(ExitCode.unavailable);
    expect(streams.err()).toContain('Could not open');
  });

  it('pre-registers a phone and an e-mail as Graph does, and removes one (§7)', async () => {
    await northwind();
    expect((await sspr(['users', 'add', '--upn', 'cara@northwind.com', '--name', 'Cara Diaz'])).code).toBe(0);
    const badPhone = await sspr(['methods', 'add', 'cara@northwind.com', '--mobile', 'call me']);
    expect(badPhone.code).toBe(ExitCode.invalidInput);
    expect((await sspr(['methods', 'add', 'cara@northwind.com', '--mobile', '+1 425 555 0111'])).code).toBe(0);
    expect((await sspr(['methods', 'add', 'cara@northwind.com', '--email', 'cara@home.example'])).code).toBe(0);
    const methods = await json<{ methodId: number; kind: string }[]>(['methods', 'list', 'cara@northwind.com']);
    expect(methods.map((method) => method.kind).sort()).toEqual(['email', 'mobilePhone']);
    const phone = methods.find((method) => method.kind === 'mobilePhone');
    expect((await sspr(['methods', 'remove', 'cara@northwind.com', String(phone?.methodId)])).code).toBe(0);
    const left = await json<{ kind: string }[]>(['methods', 'list', 'cara@northwind.com']);
    expect(left.map((method) => method.kind)).toEqual(['email']);
  });

  it('resets the admin credential only to one that keeps the rules, never echoing it (§9)', async () => {
    await northwind();
    const weak = await sspr(['admin', 'reset-credential', '--stdin'], 'short1A!\n');
    expect(weak.code).toBe(ExitCode.invalidInput);
    expect(weak.stderr).toContain('Use at least 12 characters.');
    expect(weak.stderr).not.toContain('short1A!');
    const credential = 'Amber-Lighthouse-Quay-58';
    const strong = await sspr(['admin', 'reset-credential', '--stdin'], `${credential}\n`);
    expect(strong.code, strong.stderr).toBe(ExitCode.ok);
    const exported = await sspr(['audit', 'export']);
    expect(exported.stdout).toContain('"reason":"commandLineReset"');
    for (const text of [strong.stdout, strong.stderr, exported.stdout, readFileSync(db).toString('latin1')]) {
      expect(text).not.toContain(credential);
    }
  });

  it('loads a pack, saves the lab, and the saved file loads into another database as the same lab', async () => {
    const loaded = await sspr(['scenario', 'load', 'contoso']);
    expect(loaded.code, loaded.stderr).toBe(ExitCode.ok);
    const tenants = await json<{ name: string; users: number }[]>(['tenants', 'list']);
    expect(tenants.length).toBeGreaterThan(1);
    const saved = join(dir, 'saved.json');
    const save = await sspr(['scenario', 'save', saved, '--name', 'Saved Contoso']);
    expect(save.code, save.stderr).toBe(ExitCode.ok);
    expect(save.stderr).toContain('keep it like a password');
    const first = db;
    db = join(dir, 'copy.db');
    expect((await sspr(['scenario', 'load', saved])).code).toBe(ExitCode.ok);
    expect(await json<{ name: string; users: number }[]>(['tenants', 'list'])).toEqual(tenants);
    db = first;
  });

  it('finds an audit log edited behind its back: exit 1 and the event named (issue 7)', async () => {
    await northwind();
    const connection = new Database(db);
    connection.prepare("UPDATE audit_events SET actor = 'someone else' WHERE activity = 'tenantCreated'").run();
    connection.close();
    const ran = await sspr(['audit', 'verify']);
    expect(ran.code).toBe(ExitCode.problemFound);
    expect(ran.stdout).toMatch(/NOT intact.*tenantCreated/);
  });

  it('as a process: JSON on stdout, errors on stderr, the documented exit code', () => {
    const entry = resolve('electron/main/cli/index.ts');
    const run = (...args: string[]) =>
      spawnSync(process.execPath, ['--import', 'tsx', entry, '--db', db, '--vault', 'file', ...args], {
        encoding: 'utf8',
        timeout: 60_000,
      });
    const list = run('--json', 'tenants', 'list');
    expect(list.status, list.stderr).toBe(0);
    expect(JSON.parse(list.stdout)).toEqual([]);
    const missing = run('users', 'list');
    expect(missing.status).toBe(ExitCode.notFound);
    expect(missing.stdout).toBe('');
    expect(missing.stderr).toMatch(/^sspr: There is no tenant yet/);
  });
});

describe('issue 9: the connectors from the command line', () => {
  it('mail set/test over a real SMTP server, directory set/test, passwords only from a prompt or stdin, refusals change nothing', async () => {
    expect((await sspr(['scenario', 'load', 'contoso'])).code).toBe(ExitCode.ok);
    const server = await startSmtpServer({ auth: false });
    try {
      const smtp = {
        connector: 'smtp',
        host: '127.0.0.1',
        port: server.port,
        security: 'none',
        fromAddress: 'sspr@contoso.com',
      };
      const saved = await sspr(['mail', 'set', JSON.stringify(smtp)]);
      expect(saved.code, saved.stderr).toBe(ExitCode.ok);
      expect(saved.stdout).toContain(`over SMTP to 127.0.0.1:${server.port}`);
      const sent = await sspr(['mail', 'test', 'trainer@contoso.com']);
      expect(sent.code, sent.stderr).toBe(ExitCode.ok);
      expect(server.delivered.map((message) => message.to)).toEqual([['trainer@contoso.com']]);
    } finally {
      await server.close();
    }

    const before = digest();
    const noHost = await sspr(['mail', 'set', '{"connector":"smtp","host":""}']);
    expect(noHost.code).toBe(ExitCode.invalidInput);
    expect(noHost.stderr).toMatch(/host/);
    const bothFromStdin = await sspr(['mail', 'set', '-', '--password'], '{"username":"relay"}\n');
    expect(bothFromStdin.code).toBe(ExitCode.invalidInput);
    expect(digest()).toBe(before);

    const secret = 'Relay#Harbor-2026';
    const withPassword = await sspr(['mail', 'set', '{"username":"relay"}', '--password'], `${secret}\n`);
    expect(withPassword.code, withPassword.stderr).toBe(ExitCode.ok);
    expect(await json<{ passwordStored: boolean }>(['mail', 'get'])).toMatchObject({ passwordStored: true });
    expect(withPassword.stdout + withPassword.stderr).not.toContain(secret);
    expect(readFileSync(db).includes(Buffer.from(secret))).toBe(false);

    const ldap = JSON.stringify({
      connector: 'ldap',
      url: 'ldap://127.0.0.1:1',
      bindDn: 'cn=sspr-agent,ou=services,dc=contoso,dc=com',
      baseDn: 'dc=contoso,dc=com',
    });
    const noBindPassword = await sspr(['directory', 'set', ldap, '--tenant', 'contoso.com']);
    expect(noBindPassword.code).toBe(ExitCode.invalidInput);
    expect(noBindPassword.stderr).toMatch(/bindPassword/);
    const down = await sspr(['directory', 'set', ldap, '--tenant', 'contoso.com', '--password'], 'Agent#Lantern-77\n');
    expect(down.code, down.stderr).toBe(ExitCode.ok);
    expect(down.stdout).toContain('ldap://127.0.0.1:1 (dc=contoso,dc=com)');
    expect((await sspr(['directory', 'test', '--tenant', 'contoso.com'])).code).toBe(ExitCode.problemFound);
    const back = await sspr(['directory', 'set', '{"connector":"simulated"}', '--tenant', 'contoso.com']);
    expect(back.code, back.stderr).toBe(ExitCode.ok);
    expect((await sspr(['directory', 'test', '--tenant', 'contoso.com'])).code).toBe(ExitCode.ok);
    const view = await json<{ connector: string; target: string }>(['directory', 'get', '--tenant', 'contoso.com']);
    expect(view).toMatchObject({ connector: 'simulated', target: 'CONTOSO.LOCAL' });
  });
});
