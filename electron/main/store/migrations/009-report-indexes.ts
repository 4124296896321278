export const version = 9;
export const name = 'report-indexes';

/**
 * Issue 8's scale bench (100,000 users, 1,000,000 audit events): the §10 reports read each event they
 * count from the table, one random page read per index entry. These indexes, under the same names,
 * carry the columns those queries read, so a year of events is counted from the index alone: the
 * usage report's resets, unlocks and failures by day and by reason (tenant, activity, time, then
 * result, flow and reason), the method that passed each flow's gate (flow, activity, then method),
 * and the registration report's methods by kind (user, then kind). No index is added.
 */
export const up = `
DROP INDEX audit_events_by_tenant_activity;
CREATE INDEX audit_events_by_tenant_activity ON audit_events (tenant_id, activity, at, result, flow_id, reason);
DROP INDEX audit_events_by_flow;
CREATE INDEX audit_events_by_flow ON audit_events (flow_id, activity, method) WHERE flow_id IS NOT NULL;
DROP INDEX auth_methods_by_user;
CREATE INDEX auth_methods_by_user ON auth_methods (user_id, kind);
`;
