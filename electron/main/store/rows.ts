/** SQLite keeps booleans as 0/1 and times as ISO-8601 UTC text, which sorts in time order. */
export function bit(value: boolean): 0 | 1 {
  return value ? 1 : 0;
}

export function isoTime(time: Date): string {
  if (Number.isNaN(time.getTime())) throw new Error('A time to store is not a valid date.');
  return time.toISOString();
}

export function isoTimeOrNull(time: Date | null | undefined): string | null {
  return time ? isoTime(time) : null;
}

export function dateOrNull(text: string | null): Date | null {
  return text === null ? null : new Date(text);
}

/** The domain part of a UPN, lowercased: it picks the tenant. */
export function upnDomain(upn: string): string {
  return upn.slice(upn.lastIndexOf('@') + 1).toLowerCase();
}
