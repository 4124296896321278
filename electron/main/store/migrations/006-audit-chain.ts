export const version = 6;
export const name = 'audit-chain';

/**
 * Tamper evidence for the audit log (spec §10, issue 7): each event gets its place in the chain
 * (`seq`) and an HMAC-SHA-256 over the previous event's MAC and its own content (`mac`), with a key
 * kept in the vault. SQL cannot compute an HMAC, so this migration only marks the events already
 * there (`legacy_until`); the first start with the vault's audit key chains them, in order, before
 * anything else is written. `audit_chain` is the chain's one state row: the key's fingerprint, the
 * anchor left by retention (the last pruned event's place and MAC), the head (the last sealed event)
 * and an HMAC over them all, so none of them can be moved without the key.
 */
export const up = `
ALTER TABLE audit_events ADD COLUMN seq INTEGER CHECK (seq IS NULL OR seq >= 1);
ALTER TABLE audit_events ADD COLUMN mac TEXT CHECK (mac IS NULL OR length(mac) = 64);

CREATE TABLE audit_chain (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  -- A fingerprint of the key that seals the chain (an HMAC of a fixed label), never the key.
  key_id TEXT,
  -- Events at or below this id were written before the chain existed; the first keyed start seals them.
  legacy_until INTEGER NOT NULL DEFAULT 0,
  anchor_seq INTEGER NOT NULL DEFAULT 0,
  anchor_mac TEXT NOT NULL DEFAULT '${'0'.repeat(64)}',
  head_seq INTEGER NOT NULL DEFAULT 0,
  head_mac TEXT NOT NULL DEFAULT '${'0'.repeat(64)}',
  -- Events from this place on are sealed with the current key (an earlier key was lost).
  key_since_seq INTEGER NOT NULL DEFAULT 1,
  state_mac TEXT
) STRICT;
INSERT INTO audit_chain (id, legacy_until) SELECT 1, coalesce(max(id), 0) FROM audit_events;
`;
