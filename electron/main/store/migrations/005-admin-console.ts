const iso = (column: string) =>
  `${column} GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-6][0-9]*Z'`;

export const version = 5;
export const name = 'admin-console';

/**
 * The admin console (issue 6): its own row (the wrong-credential throttle, kept so a restart does
 * not reset it, and the audit retention of spec §10); a full-text index over the users' names so
 * the user list searches 100,000 users without a scan; the indexes the audit log's filters and the
 * §10 reports use; and the console's audit activities.
 */
export const up = `
CREATE TABLE admin_console (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  failed_attempts INTEGER NOT NULL DEFAULT 0 CHECK (failed_attempts >= 0),
  next_attempt_at TEXT CHECK (next_attempt_at IS NULL OR ${iso('next_attempt_at')}),
  audit_retention_days INTEGER NOT NULL DEFAULT 30 CHECK (audit_retention_days BETWEEN 1 AND 3650)
) STRICT;
INSERT INTO admin_console (id) VALUES (1);

-- Word-prefix search over UPN, display name, given name and surname, kept in step with users by triggers.
CREATE VIRTUAL TABLE users_search USING fts5(
  upn, display_name, given_name, surname,
  content = 'users', content_rowid = 'id',
  tokenize = 'unicode61 remove_diacritics 2', prefix = '1 2 3'
);
CREATE TRIGGER users_search_insert AFTER INSERT ON users BEGIN
  INSERT INTO users_search (rowid, upn, display_name, given_name, surname)
  VALUES (NEW.id, NEW.upn, NEW.display_name, NEW.given_name, NEW.surname);
END;
CREATE TRIGGER users_search_delete AFTER DELETE ON users BEGIN
  INSERT INTO users_search (users_search, rowid, upn, display_name, given_name, surname)
  VALUES ('delete', OLD.id, OLD.upn, OLD.display_name, OLD.given_name, OLD.surname);
END;
CREATE TRIGGER users_search_update AFTER UPDATE OF upn, display_name, given_name, surname ON users BEGIN
  INSERT INTO users_search (users_search, rowid, upn, display_name, given_name, surname)
  VALUES ('delete', OLD.id, OLD.upn, OLD.display_name, OLD.given_name, OLD.surname);
  INSERT INTO users_search (rowid, upn, display_name, given_name, surname)
  VALUES (NEW.id, NEW.upn, NEW.display_name, NEW.given_name, NEW.surname);
END;
INSERT INTO users_search (users_search) VALUES ('rebuild');

-- The user list's "synced" filter, in the list's order.
CREATE INDEX users_by_tenant_source ON users (tenant_id, source, display_name);

-- The audit log's filters (activity, result, a user's UPN) and the reports' joins on a flow.
CREATE INDEX audit_events_by_activity ON audit_events (activity, at);
CREATE INDEX audit_events_by_tenant_activity ON audit_events (tenant_id, activity, at);
CREATE INDEX audit_events_by_result ON audit_events (result, at);
CREATE INDEX audit_events_by_target_upn ON audit_events (target_upn COLLATE NOCASE, at);
CREATE INDEX audit_events_by_flow ON audit_events (flow_id, activity) WHERE flow_id IS NOT NULL;

INSERT INTO audit_activities (name) VALUES
  ('adminCredentialSet'), ('adminConsoleOpened'), ('adminConsoleClosed'), ('userUpdated'), ('groupChanged'),
  ('auditPurged');
`;
