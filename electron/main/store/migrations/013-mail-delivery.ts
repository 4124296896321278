export const version = 13;
export const name = 'mail-delivery';

/**
 * Issue 9: e-mail may leave over SMTP instead of staying in the simulated outbox. `mail_settings` is the
 * connector the settings pane chooses (one row; the SMTP password is in the vault, never here), read at
 * every send so a switch needs no restart. `mail_deliveries` says what became of each outbox message
 * sent over SMTP (simulated messages have no row: the outbox is their mailbox); it goes with its message.
 */
export const up = `
INSERT INTO audit_activities (name) VALUES ('mailDeliveryFailed');

CREATE TABLE mail_settings (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  connector TEXT NOT NULL DEFAULT 'simulated' CHECK (connector IN ('simulated', 'smtp')),
  host TEXT NOT NULL DEFAULT '',
  port INTEGER NOT NULL DEFAULT 587 CHECK (port BETWEEN 1 AND 65535),
  security TEXT NOT NULL DEFAULT 'starttls' CHECK (security IN ('none', 'starttls', 'tls')),
  username TEXT,
  from_address TEXT NOT NULL DEFAULT '',
  trusted_certificate TEXT
) STRICT;

INSERT INTO mail_settings (id) VALUES (1);

CREATE TABLE mail_deliveries (
  outbox_id INTEGER PRIMARY KEY REFERENCES outbox (id) ON DELETE CASCADE,
  status TEXT NOT NULL CHECK (status IN ('sending', 'sent', 'failed')),
  failure TEXT,
  updated_at TEXT NOT NULL
) STRICT;
`;
