export const version = 2;
export const name = 'lookup-indexes';

/**
 * The indexes the engine's lookups need: SQLite indexes neither foreign keys nor the columns the
 * audit and outbox views sort by, so without these every flow step and report scans a table.
 */
export const up = `
CREATE INDEX users_by_tenant ON users (tenant_id, display_name);
CREATE INDEX domains_by_tenant ON domains (tenant_id);
CREATE INDEX group_members_by_user ON group_members (user_id);
CREATE INDEX user_roles_by_role ON user_roles (role, user_id);
CREATE INDEX auth_methods_by_user ON auth_methods (user_id);
CREATE INDEX password_history_by_user ON password_history (user_id, set_at);
CREATE INDEX verification_failures_by_user ON verification_failures (user_id, at);
CREATE INDEX audit_events_by_time ON audit_events (at);
CREATE INDEX audit_events_by_tenant ON audit_events (tenant_id, at);
CREATE INDEX audit_events_by_target ON audit_events (target_user_id, at);
CREATE INDEX outbox_by_recipient ON outbox (recipient COLLATE NOCASE, at);
CREATE INDEX outbox_by_tenant ON outbox (tenant_id, at);
`;
