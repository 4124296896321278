export const version = 10;
export const name = 'report-summary';

/**
 * Issue 8's scale bench: the §10 usage report over a year of 1,000,000 audit events read too many
 * events. Two daily summaries per tenant, kept by triggers on audit_events (insert, delete and an
 * update of a counted column, so appends, retention, a scenario load and a deleted tenant all keep
 * them right), let it read whole days from a few thousand rows; only the partial days at either end
 * of a range are counted from the events. They are derived data: no secret, not in the HMAC chain.
 *
 * - audit_daily_outcomes: the self-service flows' outcomes (events with a flow id: resets, unlocks,
 *   failed verifications, blocked resets) by day, activity, result and reason (a missing reason is
 *   counted as 'unknown', as the report shows it).
 * - audit_daily_gate_methods: completed resets and unlocks by day and by each gate method passed in
 *   their flow (one per completion and distinct method, whichever of the two events came first).
 *
 * A row whose count falls to zero is removed. Two partial indexes carry what the report's per-user
 * lists (SSPR blocks, stopped with nothing registered) read, so those never touch the table.
 */
const outcomeActivities = `('passwordReset', 'accountUnlocked', 'verificationFailed', 'resetBlocked')`;
const completions = `('passwordReset', 'accountUnlocked')`;

/** `row` (NEW or OLD) is a flow outcome the summary counts. */
const isOutcome = (row: string) =>
  `${row}.tenant_id IS NOT NULL AND ${row}.flow_id IS NOT NULL AND ${row}.activity IN ${outcomeActivities}`;
/** `row` is a completed reset or unlock. */
const isCompletion = (row: string) =>
  `${row}.tenant_id IS NOT NULL AND ${row}.flow_id IS NOT NULL AND ${row}.activity IN ${completions} AND ${row}.result = 'success'`;
/** `row` is the only gate passed with its method in its flow. */
const isOnlyGateOfItsMethod = (row: string) =>
  `${row}.activity = 'verificationPassed' AND ${row}.method IS NOT NULL AND ${row}.flow_id IS NOT NULL
   AND NOT EXISTS (SELECT 1 FROM audit_events o WHERE o.flow_id = ${row}.flow_id AND o.activity = 'verificationPassed'
                   AND o.method = ${row}.method AND o.id <> ${row}.id)`;
/** The completions of `row`'s flow, by tenant, day and activity. */
const completionsOfFlow = (row: string) =>
  `SELECT tenant_id, substr(at, 1, 10) AS day, activity, count(*) AS n FROM audit_events
   WHERE flow_id = ${row}.flow_id AND activity IN ${completions} AND result = 'success' AND tenant_id IS NOT NULL
     AND id <> ${row}.id
   GROUP BY tenant_id, day, activity`;
const outcomeKey = (row: string) =>
  `tenant_id = ${row}.tenant_id AND day = substr(${row}.at, 1, 10) AND activity = ${row}.activity
   AND result = ${row}.result AND reason = coalesce(${row}.reason, 'unknown')`;

/** What an event that now exists adds to the summaries (every lookup leaves `row` itself out). */
export const added = (row: string) => `
  INSERT INTO audit_daily_outcomes (tenant_id, day, activity, result, reason, events)
    SELECT ${row}.tenant_id, substr(${row}.at, 1, 10), ${row}.activity, ${row}.result, coalesce(${row}.reason, 'unknown'), 1
    WHERE ${isOutcome(row)}
    ON CONFLICT DO UPDATE SET events = events + 1;
  INSERT INTO audit_daily_gate_methods (tenant_id, day, activity, method, completions)
    SELECT ${row}.tenant_id, substr(${row}.at, 1, 10), ${row}.activity, v.method, 1 FROM audit_events v
    WHERE ${isCompletion(row)} AND v.flow_id = ${row}.flow_id AND v.activity = 'verificationPassed' AND v.method IS NOT NULL
    GROUP BY v.method
    ON CONFLICT DO UPDATE SET completions = completions + 1;
  INSERT INTO audit_daily_gate_methods (tenant_id, day, activity, method, completions)
    SELECT c.tenant_id, c.day, c.activity, ${row}.method, c.n FROM (${completionsOfFlow(row)}) AS c
    WHERE ${isOnlyGateOfItsMethod(row)}
    ON CONFLICT DO UPDATE SET completions = completions + excluded.completions;`;

/** What an event that is going, gone or changed takes from the summaries (every lookup leaves `row` itself out). */
export const removed = (row: string) => `
  UPDATE audit_daily_outcomes SET events = events - 1 WHERE ${isOutcome(row)} AND ${outcomeKey(row)};
  DELETE FROM audit_daily_outcomes WHERE ${isOutcome(row)} AND ${outcomeKey(row)} AND events <= 0;
  UPDATE audit_daily_gate_methods SET completions = completions - 1
    WHERE ${isCompletion(row)} AND tenant_id = ${row}.tenant_id AND day = substr(${row}.at, 1, 10) AND activity = ${row}.activity
      AND method IN (SELECT v.method FROM audit_events v
                     WHERE v.flow_id = ${row}.flow_id AND v.activity = 'verificationPassed' AND v.method IS NOT NULL
                       AND v.id <> ${row}.id);
  DELETE FROM audit_daily_gate_methods
    WHERE ${isCompletion(row)} AND tenant_id = ${row}.tenant_id AND day = substr(${row}.at, 1, 10) AND activity = ${row}.activity
      AND completions <= 0;
  UPDATE audit_daily_gate_methods AS g SET completions = g.completions - c.n FROM (${completionsOfFlow(row)}) AS c
    WHERE ${isOnlyGateOfItsMethod(row)}
      AND g.tenant_id = c.tenant_id AND g.day = c.day AND g.activity = c.activity AND g.method = ${row}.method;
  DELETE FROM audit_daily_gate_methods
    WHERE ${isOnlyGateOfItsMethod(row)} AND method = ${row}.method AND completions <= 0
      AND (tenant_id, day, activity) IN (SELECT tenant_id, day, activity FROM (${completionsOfFlow(row)}));`;

export const countedColumns = 'tenant_id, at, activity, result, reason, method, flow_id';
/** Only events of a flow that a summary counts wake the triggers: the rest of the trail costs nothing more. */
export const counted = (row: string) =>
  `${row}.flow_id IS NOT NULL AND ${row}.activity IN ('passwordReset', 'accountUnlocked', 'verificationFailed', 'resetBlocked', 'verificationPassed')`;

export const up = `
CREATE TABLE audit_daily_outcomes (
  tenant_id INTEGER NOT NULL,
  day TEXT NOT NULL,
  activity TEXT NOT NULL,
  result TEXT NOT NULL,
  reason TEXT NOT NULL,
  events INTEGER NOT NULL,
  PRIMARY KEY (tenant_id, day, activity, result, reason)
) STRICT, WITHOUT ROWID;

CREATE TABLE audit_daily_gate_methods (
  tenant_id INTEGER NOT NULL,
  day TEXT NOT NULL,
  activity TEXT NOT NULL,
  method TEXT NOT NULL,
  completions INTEGER NOT NULL,
  PRIMARY KEY (tenant_id, day, activity, method)
) STRICT, WITHOUT ROWID;

INSERT INTO audit_daily_outcomes (tenant_id, day, activity, result, reason, events)
  SELECT tenant_id, substr(at, 1, 10), activity, result, coalesce(reason, 'unknown'), count(*) FROM audit_events
  WHERE tenant_id IS NOT NULL AND flow_id IS NOT NULL AND activity IN ${outcomeActivities}
  GROUP BY 1, 2, 3, 4, 5;

INSERT INTO audit_daily_gate_methods (tenant_id, day, activity, method, completions)
  SELECT r.tenant_id, substr(r.at, 1, 10), r.activity, v.method, count(*) FROM audit_events r
  JOIN (SELECT DISTINCT flow_id, method FROM audit_events
        WHERE activity = 'verificationPassed' AND method IS NOT NULL AND flow_id IS NOT NULL) AS v ON v.flow_id = r.flow_id
  WHERE r.tenant_id IS NOT NULL AND r.flow_id IS NOT NULL AND r.activity IN ${completions} AND r.result = 'success'
  GROUP BY 1, 2, 3, 4;

CREATE TRIGGER audit_daily_on_insert AFTER INSERT ON audit_events WHEN ${counted('NEW')} BEGIN ${added('NEW')}
END;
CREATE TRIGGER audit_daily_on_delete AFTER DELETE ON audit_events WHEN ${counted('OLD')} BEGIN ${removed('OLD')}
END;
CREATE TRIGGER audit_daily_before_update BEFORE UPDATE OF ${countedColumns} ON audit_events WHEN ${counted('OLD')} BEGIN ${removed('OLD')}
END;
CREATE TRIGGER audit_daily_after_update AFTER UPDATE OF ${countedColumns} ON audit_events WHEN ${counted('NEW')} BEGIN ${added('NEW')}
END;

CREATE INDEX audit_events_sspr_blocks ON audit_events (tenant_id, at, target_user_id, target_upn)
  WHERE activity = 'ssprLockoutStarted';
CREATE INDEX audit_events_nothing_registered ON audit_events (tenant_id, at, target_user_id, target_upn, details)
  WHERE activity = 'resetBlocked' AND reason = 'notEnoughMethods';
`;
