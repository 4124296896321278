const dayMs = 86_400_000;

/**
 * The usage report's range: the last `days` whole UTC days, today included (the engine groups the
 * report by UTC day), as ISO times; `until` is exclusive.
 */
export function lastDays(now: Date, days: number): { since: string; until: string } {
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  return { since: new Date(today - (days - 1) * dayMs).toISOString(), until: new Date(today + dayMs).toISOString() };
}

/** The audit log's "last N days" filter: since that long before the engine's now. */
export function sinceDaysBefore(now: Date, days: number): string {
  return new Date(now.getTime() - days * dayMs).toISOString();
}

/** The last day a report range covers (its `until` is exclusive), as `YYYY-MM-DD`. */
export function lastDayOf(until: string): string {
  return new Date(new Date(until).getTime() - dayMs).toISOString().slice(0, 10);
}
