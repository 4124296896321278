// Issue 8: a tenant's users exported as CSV, JSON or JSON lines (never a password) import into
// another tenant once the domain is changed, and export from there the same.
import { PassThrough, Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { exportUsers } from '../../../electron/main/bulk/export-users';
import { importUsers } from '../../../electron/main/bulk/import-users';
import type { UsersFileFormat } from '../../../electron/main/bulk/read-rows';
import { hasher, openBulkFixture, passwords, type BulkFixture } from './support';

let f: BulkFixture;
beforeEach(() => {
  f = openBulkFixture();
});
afterEach(() => f.close());

const secret = 'Quartz#Meadow-Lantern9';
const source = [
  {
    userPrincipalName: 'dana.ray@tailspin.example',
    displayName: '=Ray, Dana "DR"',
    givenName: 'Dana',
    surname: 'Ray',
    accountEnabled: false,
    license: 'p2',
    roles: ['Helpdesk Administrator', 'Reports Reader'],
    groups: ['Sales', 'SSPR Pilot'],
    password: secret,
    mobilePhone: '+1 425 555 0130',
    officePhone: '+1 425 555 0131',
    officePhoneExtension: '42',
    alternateEmail: 'dana@home.example',
  },
  { userPrincipalName: 'sam.synced@tailspin.example', displayName: 'Sam Synced', source: 'synced' },
  { userPrincipalName: 'lee@tailspin.example', displayName: 'Lee', groups: ['Team; Blue'], mustChangePassword: true },
];

async function exported(tenantId: number, format: UsersFileFormat): Promise<string> {
  const output = new PassThrough();
  const chunks: Buffer[] = [];
  output.on('data', (chunk: Buffer) => chunks.push(chunk));
  const { rows } = await exportUsers(
    f.store,
    { tenantId, format, actor: 'admin@tailspin.example', clock: f.clock },
    output,
  );
  output.end();
  expect(rows).toBeGreaterThan(0);
  return Buffer.concat(chunks).toString('utf8');
}

describe('issue 8 export: the import columns without the password', () => {
  it.each(['csv', 'json', 'jsonl'] as const)(
    '%s: exported, the domain changed, imported into another tenant, exported again: the same file',
    async (format) => {
      f.store.groups.create(f.tenantId, { name: 'Team; Blue' });
      const target = f.store.tenants.create({
        name: 'Target',
        plan: 'p1',
        directorySync: true,
        createdAt: f.clock.now(),
      });
      f.store.tenants.addDomain(target.id, { name: 'target.onmicrosoft.com' });
      f.store.tenants.addDomain(target.id, { name: 'target.example' });
      for (const name of ['Sales', 'SSPR Pilot', 'Team; Blue']) f.store.groups.create(target.id, { name });
      // JSON keeps a group name with a `;` whole; CSV splits on it, so that row stays out of the CSV round.
      const rows = format === 'csv' ? source.slice(0, 2) : source;
      const imported = await f.import('jsonl', rows.map((row) => JSON.stringify(row)).join('\n'));
      expect(imported).toMatchObject({ committed: true, rejectedCount: 0 });

      const first = await exported(f.tenantId, format);
      expect(first).not.toContain(secret);
      expect(first).not.toContain('scrypt');
      const moved = first.replaceAll('@tailspin.example', '@target.example');
      const report = await importUsers(
        f.store,
        { hasher, clock: f.clock, passwords },
        { format, input: Readable.from([moved]) },
        { tenantId: target.id, actor: 'admin@target.example' },
      );
      expect(report).toMatchObject({ rows: rows.length, accepted: rows.length, rejectedCount: 0, committed: true });
      expect(await exported(target.id, format)).toBe(moved);
      expect(f.store.audit.list({ limit: 10, activity: 'usersExported' }).map((event) => event.details)).toEqual([
        { format, rows: rows.length },
        { format, rows: rows.length },
      ]);
    },
  );

  it('CSV: the header, lists joined with ;, booleans as true/false, a cell a spreadsheet would run written after an apostrophe', async () => {
    await f.import('jsonl', JSON.stringify(source[0]));
    expect((await exported(f.tenantId, 'csv')).split('\n')).toEqual([
      'userPrincipalName,displayName,givenName,surname,accountEnabled,source,license,roles,groups,mustChangePassword,mobilePhone,officePhone,officePhoneExtension,alternateEmail',
      `dana.ray@tailspin.example,"'=Ray, Dana ""DR""",Dana,Ray,false,cloud,p2,Helpdesk Administrator;Reports Reader,Sales;SSPR Pilot,true,'+1 425 555 0130,'+1 425 555 0131,42,dana@home.example`,
      '',
    ]);
  });

  it('a tenant with no users exports an empty list; a tenant of no one is refused', async () => {
    expect(JSON.parse(await exportText(f.otherTenantId, 'json'))).toEqual([]);
    await expect(exportUsers(f.store, { tenantId: 999, format: 'csv' }, new PassThrough())).rejects.toThrow(
      'There is no tenant 999.',
    );
  });
});

async function exportText(tenantId: number, format: UsersFileFormat): Promise<string> {
  const output = new PassThrough();
  const chunks: Buffer[] = [];
  output.on('data', (chunk: Buffer) => chunks.push(chunk));
  await exportUsers(f.store, { tenantId, format }, output);
  return Buffer.concat(chunks).toString('utf8');
}
