const iso = (column: string) =>
  `${column} GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-6][0-9]*Z'`;

export const version = 4;
export const name = 'sign-in';

/**
 * Sign-in at the lock screen (spec §9, §11). A hybrid-joined device checks a synced user's password
 * with a domain controller, and without one it only knows the password it verified last (Windows'
 * cached logon): `device_password_checks` keeps, per user, the last-set time of the password this
 * device last verified, so a password set since (by a reset elsewhere) waits for a domain controller.
 * New audit activities: a high user risk remediated (§7, P2) and a registration postponed (§7).
 */
export const up = `
CREATE TABLE device_password_checks (
  user_id INTEGER PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
  password_set_at TEXT NOT NULL CHECK (${iso('password_set_at')}),
  verified_at TEXT NOT NULL CHECK (${iso('verified_at')})
) STRICT;

INSERT INTO audit_activities (name) VALUES ('userRiskRemediated'), ('registrationPostponed');
`;
