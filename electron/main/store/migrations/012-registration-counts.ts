import { added, counted, countedColumns, removed } from './010-report-summary';

export const version = 12;
export const name = 'registration-counts';

/**
 * Issue 8's scale bench: the §10 registration report counted each tenant's registered users and its
 * users by method kind from all their methods (100,000 users, 200,000 methods: ~90 ms of its 200).
 * These counts do not depend on policy or time, so they are kept as methods are written: per tenant,
 * the users holding at least one method (`tenant_registered`) and at least one method of each kind
 * (`tenant_method_kinds`). Triggers on auth_methods (insert, delete, a change of user or kind) and on
 * users (deleted: before its methods go by cascade, which then find no user; moved to another tenant)
 * keep them right; a tenant's rows go with the tenant. A count that falls to zero is removed.
 *
 * An update is handled after the row changed (the old values taken out, then the new put in, each
 * lookup leaving the row itself out), never before: an UPDATE OR IGNORE that a constraint skips then
 * changes no count. Migration 10's audit summaries get the same single after-update trigger.
 */

/** `row` (NEW or OLD, a method) is the only one of its user, or of its user and kind. */
const onlyMethod = (row: string) =>
  `NOT EXISTS (SELECT 1 FROM auth_methods m WHERE m.user_id = ${row}.user_id AND m.id <> ${row}.id)`;
const onlyOfKind = (row: string) =>
  `NOT EXISTS (SELECT 1 FROM auth_methods m WHERE m.user_id = ${row}.user_id AND m.kind = ${row}.kind AND m.id <> ${row}.id)`;
const tenantOf = (row: string) => `(SELECT u.tenant_id FROM users u WHERE u.id = ${row}.user_id)`;

const methodAdded = (row: string) => `
  INSERT INTO tenant_registered (tenant_id, users)
    SELECT u.tenant_id, 1 FROM users u WHERE u.id = ${row}.user_id AND ${onlyMethod(row)}
    ON CONFLICT DO UPDATE SET users = users + 1;
  INSERT INTO tenant_method_kinds (tenant_id, kind, users)
    SELECT u.tenant_id, ${row}.kind, 1 FROM users u WHERE u.id = ${row}.user_id AND ${onlyOfKind(row)}
    ON CONFLICT DO UPDATE SET users = users + 1;`;

const methodRemoved = (row: string) => `
  UPDATE tenant_registered SET users = users - 1 WHERE tenant_id = ${tenantOf(row)} AND ${onlyMethod(row)};
  DELETE FROM tenant_registered WHERE tenant_id = ${tenantOf(row)} AND users <= 0;
  UPDATE tenant_method_kinds SET users = users - 1
    WHERE tenant_id = ${tenantOf(row)} AND kind = ${row}.kind AND ${onlyOfKind(row)};
  DELETE FROM tenant_method_kinds WHERE tenant_id = ${tenantOf(row)} AND kind = ${row}.kind AND users <= 0;`;

const userAdded = (row: string) => `
  INSERT INTO tenant_registered (tenant_id, users)
    SELECT ${row}.tenant_id, 1 WHERE EXISTS (SELECT 1 FROM auth_methods m WHERE m.user_id = ${row}.id)
    ON CONFLICT DO UPDATE SET users = users + 1;
  INSERT INTO tenant_method_kinds (tenant_id, kind, users)
    SELECT DISTINCT ${row}.tenant_id, m.kind, 1 FROM auth_methods m WHERE m.user_id = ${row}.id
    ON CONFLICT DO UPDATE SET users = users + 1;`;

const userRemoved = (row: string) => `
  UPDATE tenant_registered SET users = users - 1
    WHERE tenant_id = ${row}.tenant_id AND EXISTS (SELECT 1 FROM auth_methods m WHERE m.user_id = ${row}.id);
  DELETE FROM tenant_registered WHERE tenant_id = ${row}.tenant_id AND users <= 0;
  UPDATE tenant_method_kinds SET users = users - 1
    WHERE tenant_id = ${row}.tenant_id AND kind IN (SELECT m.kind FROM auth_methods m WHERE m.user_id = ${row}.id);
  DELETE FROM tenant_method_kinds WHERE tenant_id = ${row}.tenant_id AND users <= 0;`;

export const up = `
CREATE TABLE tenant_registered (
  tenant_id INTEGER PRIMARY KEY,
  users INTEGER NOT NULL
) STRICT;

CREATE TABLE tenant_method_kinds (
  tenant_id INTEGER NOT NULL,
  kind TEXT NOT NULL,
  users INTEGER NOT NULL,
  PRIMARY KEY (tenant_id, kind)
) STRICT, WITHOUT ROWID;

INSERT INTO tenant_registered (tenant_id, users)
  SELECT u.tenant_id, count(*) FROM users u WHERE EXISTS (SELECT 1 FROM auth_methods m WHERE m.user_id = u.id)
  GROUP BY u.tenant_id;
INSERT INTO tenant_method_kinds (tenant_id, kind, users)
  SELECT u.tenant_id, m.kind, count(DISTINCT u.id) FROM users u JOIN auth_methods m ON m.user_id = u.id
  GROUP BY u.tenant_id, m.kind;

CREATE TRIGGER tenant_counts_method_insert AFTER INSERT ON auth_methods BEGIN ${methodAdded('NEW')}
END;
CREATE TRIGGER tenant_counts_method_delete AFTER DELETE ON auth_methods BEGIN ${methodRemoved('OLD')}
END;
CREATE TRIGGER tenant_counts_method_update AFTER UPDATE OF user_id, kind ON auth_methods BEGIN ${methodRemoved('OLD')}
${methodAdded('NEW')}
END;
CREATE TRIGGER tenant_counts_user_delete BEFORE DELETE ON users BEGIN ${userRemoved('OLD')}
END;
CREATE TRIGGER tenant_counts_user_move AFTER UPDATE OF tenant_id ON users BEGIN ${userRemoved('OLD')}
${userAdded('NEW')}
END;
CREATE TRIGGER tenant_counts_tenant_delete AFTER DELETE ON tenants BEGIN
  DELETE FROM tenant_registered WHERE tenant_id = OLD.id;
  DELETE FROM tenant_method_kinds WHERE tenant_id = OLD.id;
END;

DROP TRIGGER audit_daily_before_update;
DROP TRIGGER audit_daily_after_update;
CREATE TRIGGER audit_daily_on_update AFTER UPDATE OF ${countedColumns} ON audit_events
WHEN ${counted('OLD')} OR ${counted('NEW')} BEGIN ${removed('OLD')}
${added('NEW')}
END;
`;
