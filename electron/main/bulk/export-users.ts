// Issue 8: a tenant's users and their phone and e-mail methods written as a users file (the import's
// columns without `password`, which is never exported), a page of users at a time so memory stays
// flat and the connection is free between pages. A file exported from one tenant imports into
// another once its UPNs' domain is changed (and its groups exist there).
import type { Writable } from 'node:stream';
import { once } from 'node:events';
import { stringify } from 'csv-stringify/sync';
import { guardCell } from '../admin/audit-log';
import { systemClock, type Clock } from '../clock';
import type { Store } from '../store';
import type { UsersFileFormat } from './read-rows';
import { userFileColumns } from './rows';

const exportedColumns = userFileColumns.filter((column) => column !== 'password');
const usersPerPage = 500;

export interface ExportOptions {
  tenantId: number;
  format: UsersFileFormat;
  /** Who exports, as the audit trail names them; `system` when absent. */
  actor?: string;
  clock?: Clock;
}

interface ExportRow {
  id: number;
  upn: string;
  display_name: string;
  given_name: string | null;
  surname: string | null;
  enabled: number;
  source: string;
  license: string | null;
  must_change: number;
  /** JSON arrays of text. */
  roles: string;
  groups: string;
  mobile_phone: string | null;
  office_phone: string | null;
  office_extension: string | null;
  alternate_email: string | null;
}

/** One user as the file writes it: JSON keeps booleans and lists; CSV joins a list with `;`. */
type ExportedUser = Record<(typeof exportedColumns)[number], string | boolean | string[] | null>;

/** Writes the tenant's users to `output` (which it does not end) and audits the export as `usersExported`. */
export async function exportUsers(store: Store, options: ExportOptions, output: Writable): Promise<{ rows: number }> {
  const tenant = store.tenants.get(options.tenantId);
  if (!tenant) throw new Error(`There is no tenant ${options.tenantId}.`);
  // Keyset pages by id: each page is one short read, so nothing holds the connection between writes.
  const page = store.db.prepare<[{ tenantId: number; after: number; limit: number }], ExportRow>(
    `SELECT u.id, u.upn, u.display_name, u.given_name, u.surname, u.enabled, u.source, u.license, u.must_change,
       (SELECT json_group_array(role) FROM (SELECT role FROM user_roles WHERE user_id = u.id ORDER BY role)) AS roles,
       (SELECT json_group_array(name) FROM (SELECT g.name FROM group_members m JOIN directory_groups g ON g.id = m.group_id
          WHERE m.user_id = u.id ORDER BY g.name)) AS groups,
       (SELECT phone_number FROM auth_methods WHERE user_id = u.id AND kind = 'mobilePhone') AS mobile_phone,
       (SELECT phone_number FROM auth_methods WHERE user_id = u.id AND kind = 'officePhone') AS office_phone,
       (SELECT extension FROM auth_methods WHERE user_id = u.id AND kind = 'officePhone') AS office_extension,
       (SELECT email FROM auth_methods WHERE user_id = u.id AND kind = 'email') AS alternate_email
     FROM users u WHERE u.tenant_id = @tenantId AND u.id > @after ORDER BY u.id LIMIT @limit`,
  );

  const write = async (text: string) => {
    if (text !== '' && !output.write(text)) await once(output, 'drain');
  };
  let rows = 0;
  let after = 0;
  if (options.format === 'csv') await write(stringify([], { header: true, columns: [...exportedColumns] }));
  if (options.format === 'json') await write('[');
  for (;;) {
    const users = page.all({ tenantId: tenant.id, after, limit: usersPerPage });
    if (users.length === 0) break;
    after = users.at(-1)?.id ?? after;
    const exported = users.map(toExported);
    if (options.format === 'csv') {
      await write(
        stringify(
          exported.map((user) =>
            exportedColumns.map((column) => {
              const value = user[column];
              return Array.isArray(value) ? value.join(';') : value;
            }),
          ),
          { cast: { string: guardCell, boolean: (value) => String(value) } },
        ),
      );
    } else if (options.format === 'json') {
      await write(exported.map((user, index) => `${rows + index === 0 ? '' : ','}\n${JSON.stringify(user)}`).join(''));
    } else {
      await write(exported.map((user) => `${JSON.stringify(user)}\n`).join(''));
    }
    rows += users.length;
  }
  if (options.format === 'json') await write(rows === 0 ? ']\n' : '\n]\n');

  store.audit.append({
    at: (options.clock ?? systemClock).now(),
    tenantId: tenant.id,
    actor: options.actor?.trim() || 'system',
    activity: 'usersExported',
    result: 'success',
    details: { format: options.format, rows },
  });
  return { rows };
}

function toExported(row: ExportRow): ExportedUser {
  const list = (json: string) => JSON.parse(json) as string[];
  return {
    userPrincipalName: row.upn,
    displayName: row.display_name,
    givenName: row.given_name,
    surname: row.surname,
    accountEnabled: row.enabled === 1,
    source: row.source,
    license: row.license,
    roles: list(row.roles),
    groups: list(row.groups),
    mustChangePassword: row.must_change === 1,
    mobilePhone: row.mobile_phone,
    officePhone: row.office_phone,
    officePhoneExtension: row.office_extension,
    alternateEmail: row.alternate_email,
  };
}
