const iso = (column: string) =>
  `${column} GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-6][0-9]*Z'`;
const isoOrNull = (column: string) => `(${column} IS NULL OR ${iso(column)})`;
const bit = (column: string) => `${column} IN (0, 1)`;
const plans = `'free', 'm365-business-standard', 'm365-business-premium', 'p1', 'p2'`;
const gateMethods = `'email', 'mobileSms', 'mobileCall', 'officeCall', 'appCode', 'appNotification', 'securityQuestions'`;
const methodKinds = `'email', 'mobilePhone', 'officePhone', 'authenticatorApp', 'securityQuestions'`;
const hexColor = (column: string) =>
  `${column} GLOB '#[0-9A-Fa-f][0-9A-Fa-f][0-9A-Fa-f][0-9A-Fa-f][0-9A-Fa-f][0-9A-Fa-f]'`;

export const version = 1;
export const name = 'initial';

/** The objects of spec §1, the device of §9 and the audit trail and outbox of §10. */
export const up = `
CREATE TABLE tenants (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL CHECK (length(trim(name)) BETWEEN 1 AND 256),
  plan TEXT NOT NULL CHECK (plan IN (${plans})),
  trial_start TEXT CHECK ${isoOrNull('trial_start')},
  directory_sync INTEGER NOT NULL DEFAULT 0 CHECK (${bit('directory_sync')}),
  allowed_to_use_sspr INTEGER NOT NULL DEFAULT 1 CHECK (${bit('allowed_to_use_sspr')}),
  helpdesk_link TEXT CHECK (helpdesk_link IS NULL OR length(helpdesk_link) BETWEEN 1 AND 2048),
  helpdesk_text TEXT CHECK (helpdesk_text IS NULL OR length(helpdesk_text) <= 500),
  logo_text TEXT NOT NULL DEFAULT '' CHECK (length(logo_text) <= 64),
  accent_color TEXT NOT NULL DEFAULT '#0067b8' CHECK (${hexColor('accent_color')}),
  background_color TEXT NOT NULL DEFAULT '#004e8c' CHECK (${hexColor('background_color')}),
  sspr_policy TEXT NOT NULL CHECK (json_valid(sspr_policy) AND json_type(sspr_policy) = 'object'),
  password_policy TEXT NOT NULL CHECK (json_valid(password_policy) AND json_type(password_policy) = 'object'),
  created_at TEXT NOT NULL CHECK (${iso('created_at')})
) STRICT;

CREATE TABLE domains (
  id INTEGER PRIMARY KEY,
  tenant_id INTEGER NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  name TEXT NOT NULL COLLATE NOCASE UNIQUE
    CHECK (name = lower(name) AND name GLOB '?*.?*' AND name NOT GLOB '*[^a-z0-9.-]*' AND length(name) <= 253),
  kind TEXT NOT NULL CHECK (kind IN ('initial', 'custom')),
  verified INTEGER NOT NULL DEFAULT 1 CHECK (${bit('verified')}),
  CHECK ((kind = 'initial') = (name GLOB '*?.onmicrosoft.com')),
  CHECK (kind = 'custom' OR verified = 1)
) STRICT;
CREATE UNIQUE INDEX domains_one_initial_per_tenant ON domains (tenant_id) WHERE kind = 'initial';

CREATE TABLE users (
  id INTEGER PRIMARY KEY,
  tenant_id INTEGER NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  -- UPNs are printable ASCII, so NOCASE makes them unique case-insensitively.
  upn TEXT NOT NULL COLLATE NOCASE UNIQUE
    CHECK (length(upn) BETWEEN 3 AND 256 AND upn GLOB '?*@?*.?*' AND upn NOT GLOB '*@*@*' AND upn NOT GLOB '*[^!-~]*'),
  display_name TEXT NOT NULL CHECK (length(trim(display_name)) BETWEEN 1 AND 256),
  given_name TEXT CHECK (given_name IS NULL OR length(given_name) <= 64),
  surname TEXT CHECK (surname IS NULL OR length(surname) <= 64),
  enabled INTEGER NOT NULL DEFAULT 1 CHECK (${bit('enabled')}),
  source TEXT NOT NULL DEFAULT 'cloud' CHECK (source IN ('cloud', 'synced', 'federated')),
  guest INTEGER NOT NULL DEFAULT 0 CHECK (${bit('guest')}),
  license TEXT CHECK (license IS NULL OR license IN (${plans})),
  password_hash TEXT NOT NULL CHECK (password_hash GLOB 'scrypt$*'),
  password_last_set TEXT NOT NULL CHECK (${iso('password_last_set')}),
  must_change INTEGER NOT NULL DEFAULT 0 CHECK (${bit('must_change')}),
  risk TEXT NOT NULL DEFAULT 'none' CHECK (risk IN ('none', 'low', 'medium', 'high')),
  failed_sign_ins INTEGER NOT NULL DEFAULT 0 CHECK (failed_sign_ins >= 0),
  locked_until TEXT CHECK ${isoOrNull('locked_until')},
  lockout_count INTEGER NOT NULL DEFAULT 0 CHECK (lockout_count >= 0),
  onprem_failed_sign_ins INTEGER NOT NULL DEFAULT 0 CHECK (onprem_failed_sign_ins >= 0),
  onprem_locked_until TEXT CHECK ${isoOrNull('onprem_locked_until')},
  sspr_blocked_until TEXT CHECK ${isoOrNull('sspr_blocked_until')},
  registration_confirmed_at TEXT CHECK ${isoOrNull('registration_confirmed_at')},
  registration_first_prompted_at TEXT CHECK ${isoOrNull('registration_first_prompted_at')},
  note TEXT CHECK (note IS NULL OR length(note) <= 1000),
  created_at TEXT NOT NULL CHECK (${iso('created_at')}),
  -- Only an account mastered on-premises can be locked out on-premises.
  CHECK (source <> 'cloud' OR (onprem_failed_sign_ins = 0 AND onprem_locked_until IS NULL))
) STRICT;

CREATE TRIGGER users_upn_in_tenant_domain BEFORE INSERT ON users
WHEN NOT EXISTS (
  SELECT 1 FROM domains
  WHERE tenant_id = NEW.tenant_id AND verified = 1 AND name = substr(NEW.upn, instr(NEW.upn, '@') + 1)
)
BEGIN
  SELECT RAISE(ABORT, 'a user''s UPN must be on a verified domain of the user''s tenant');
END;

CREATE TRIGGER users_upn_in_tenant_domain_on_update BEFORE UPDATE OF upn, tenant_id ON users
WHEN NOT EXISTS (
  SELECT 1 FROM domains
  WHERE tenant_id = NEW.tenant_id AND verified = 1 AND name = substr(NEW.upn, instr(NEW.upn, '@') + 1)
)
BEGIN
  SELECT RAISE(ABORT, 'a user''s UPN must be on a verified domain of the user''s tenant');
END;

CREATE TABLE directory_groups (
  id INTEGER PRIMARY KEY,
  tenant_id INTEGER NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  name TEXT NOT NULL COLLATE NOCASE CHECK (length(trim(name)) BETWEEN 1 AND 256),
  description TEXT CHECK (description IS NULL OR length(description) <= 1024),
  UNIQUE (tenant_id, name)
) STRICT;

CREATE TABLE group_members (
  group_id INTEGER NOT NULL REFERENCES directory_groups (id) ON DELETE CASCADE,
  user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  PRIMARY KEY (group_id, user_id)
) STRICT, WITHOUT ROWID;

CREATE TRIGGER group_members_same_tenant BEFORE INSERT ON group_members
WHEN (SELECT tenant_id FROM directory_groups WHERE id = NEW.group_id)
  IS NOT (SELECT tenant_id FROM users WHERE id = NEW.user_id)
BEGIN
  SELECT RAISE(ABORT, 'a group and its members belong to the same tenant');
END;

CREATE TABLE user_roles (
  user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  role TEXT NOT NULL CHECK (length(trim(role)) BETWEEN 1 AND 128),
  PRIMARY KEY (user_id, role)
) STRICT, WITHOUT ROWID;

CREATE TABLE auth_methods (
  id INTEGER PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  kind TEXT NOT NULL CHECK (kind IN (${methodKinds})),
  email TEXT COLLATE NOCASE CHECK (email IS NULL OR (email GLOB '?*@?*.?*' AND length(email) <= 256)),
  phone_number TEXT CHECK (
    phone_number IS NULL OR (phone_number GLOB '+[0-9]*' AND phone_number NOT GLOB '*[^0-9 +]*' AND length(phone_number) BETWEEN 8 AND 32)
  ),
  extension TEXT CHECK (extension IS NULL OR (length(extension) BETWEEN 1 AND 10 AND extension NOT GLOB '*[^0-9]*')),
  totp_secret_sealed TEXT CHECK (totp_secret_sealed IS NULL OR length(totp_secret_sealed) > 0),
  -- The last accepted TOTP time step: a code is never accepted twice.
  totp_last_step INTEGER,
  device_name TEXT CHECK (device_name IS NULL OR length(device_name) <= 128),
  registered_at TEXT NOT NULL CHECK (${iso('registered_at')}),
  CHECK (CASE kind
    WHEN 'email' THEN email IS NOT NULL AND phone_number IS NULL AND extension IS NULL AND totp_secret_sealed IS NULL
    WHEN 'mobilePhone' THEN phone_number IS NOT NULL AND email IS NULL AND extension IS NULL AND totp_secret_sealed IS NULL
    WHEN 'officePhone' THEN phone_number IS NOT NULL AND email IS NULL AND totp_secret_sealed IS NULL
    WHEN 'authenticatorApp' THEN totp_secret_sealed IS NOT NULL AND email IS NULL AND phone_number IS NULL AND extension IS NULL
    ELSE email IS NULL AND phone_number IS NULL AND extension IS NULL AND totp_secret_sealed IS NULL
  END),
  CHECK (kind = 'authenticatorApp' OR (totp_last_step IS NULL AND device_name IS NULL))
) STRICT;
-- One registration of each kind, except authenticator apps, of which a user may hold several.
CREATE UNIQUE INDEX auth_methods_one_per_kind ON auth_methods (user_id, kind) WHERE kind <> 'authenticatorApp';

CREATE TRIGGER auth_methods_email_not_upn BEFORE INSERT ON auth_methods
WHEN NEW.kind = 'email' AND EXISTS (SELECT 1 FROM users WHERE id = NEW.user_id AND upn = NEW.email)
BEGIN
  SELECT RAISE(ABORT, 'an e-mail method is an alternate address, never the user''s own UPN');
END;

CREATE TRIGGER auth_methods_email_not_upn_on_update BEFORE UPDATE OF email ON auth_methods
WHEN NEW.kind = 'email' AND EXISTS (SELECT 1 FROM users WHERE id = NEW.user_id AND upn = NEW.email)
BEGIN
  SELECT RAISE(ABORT, 'an e-mail method is an alternate address, never the user''s own UPN');
END;

CREATE TABLE security_answers (
  method_id INTEGER NOT NULL REFERENCES auth_methods (id) ON DELETE CASCADE,
  position INTEGER NOT NULL CHECK (position >= 0),
  question TEXT NOT NULL CHECK (length(trim(question)) BETWEEN 1 AND 200),
  -- Only the slow hash of the normalised answer is kept.
  answer_hash TEXT NOT NULL CHECK (answer_hash GLOB 'scrypt$*'),
  PRIMARY KEY (method_id, position),
  UNIQUE (method_id, question)
) STRICT;

CREATE TRIGGER security_answers_belong_to_questions BEFORE INSERT ON security_answers
WHEN (SELECT kind FROM auth_methods WHERE id = NEW.method_id) IS NOT 'securityQuestions'
BEGIN
  SELECT RAISE(ABORT, 'security answers belong to a security questions method');
END;

CREATE TABLE password_history (
  id INTEGER PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  password_hash TEXT NOT NULL CHECK (password_hash GLOB 'scrypt$*'),
  set_at TEXT NOT NULL CHECK (${iso('set_at')})
) STRICT;

-- Failed SSPR verifications, counted in a sliding window for the SSPR lockout (spec §6).
CREATE TABLE verification_failures (
  id INTEGER PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  at TEXT NOT NULL CHECK (${iso('at')}),
  method TEXT CHECK (method IS NULL OR method IN (${gateMethods}))
) STRICT;

-- The machine the app imitates (spec §9): one row.
CREATE TABLE device (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  device_id TEXT NOT NULL CHECK (length(device_id) = 36),
  name TEXT NOT NULL DEFAULT 'SSPR-KIOSK' CHECK (length(name) BETWEEN 1 AND 15 AND name NOT GLOB '*[^A-Za-z0-9-]*'),
  allow_password_reset INTEGER NOT NULL DEFAULT 0 CHECK (${bit('allow_password_reset')}),
  join_type TEXT NOT NULL DEFAULT 'entra-joined' CHECK (join_type IN ('entra-joined', 'hybrid-joined', 'workgroup')),
  os_version TEXT NOT NULL DEFAULT '10.0.26100' CHECK (os_version GLOB '[0-9]*.[0-9]*.[0-9]*' AND os_version NOT GLOB '*[^0-9.]*'),
  disable_lock_screen_app_notifications INTEGER NOT NULL DEFAULT 0 CHECK (${bit('disable_lock_screen_app_notifications')}),
  hide_fast_user_switching INTEGER NOT NULL DEFAULT 0 CHECK (${bit('hide_fast_user_switching')}),
  dont_display_last_user_name INTEGER NOT NULL DEFAULT 0 CHECK (${bit('dont_display_last_user_name')}),
  no_lock_screen INTEGER NOT NULL DEFAULT 0 CHECK (${bit('no_lock_screen')}),
  block_non_admin_user_install INTEGER NOT NULL DEFAULT 0 CHECK (${bit('block_non_admin_user_install')}),
  lost_mode INTEGER NOT NULL DEFAULT 0 CHECK (${bit('lost_mode')}),
  custom_shell INTEGER NOT NULL DEFAULT 0 CHECK (${bit('custom_shell')}),
  require_smart_card INTEGER NOT NULL DEFAULT 0 CHECK (${bit('require_smart_card')}),
  do_not_require_ctrl_alt_del TEXT NOT NULL DEFAULT 'notConfigured'
    CHECK (do_not_require_ctrl_alt_del IN ('notConfigured', 'enabled', 'disabled')),
  dont_display_locked_user_id INTEGER CHECK (dont_display_locked_user_id IS NULL OR dont_display_locked_user_id IN (1, 2, 3)),
  remote_session TEXT NOT NULL DEFAULT 'none' CHECK (remote_session IN ('none', 'remoteDesktop', 'enhancedSession')),
  domain_controller_reachable INTEGER NOT NULL DEFAULT 1 CHECK (${bit('domain_controller_reachable')}),
  always_show_reset_link INTEGER NOT NULL DEFAULT 0 CHECK (${bit('always_show_reset_link')}),
  fullscreen INTEGER NOT NULL DEFAULT 0 CHECK (${bit('fullscreen')}),
  training_panel INTEGER NOT NULL DEFAULT 0 CHECK (${bit('training_panel')}),
  captcha INTEGER NOT NULL DEFAULT 1 CHECK (${bit('captcha')}),
  last_user_upn TEXT COLLATE NOCASE REFERENCES users (upn) ON DELETE SET NULL ON UPDATE CASCADE
) STRICT;

INSERT INTO device (id, device_id)
SELECT 1, substr(h, 1, 8) || '-' || substr(h, 9, 4) || '-' || substr(h, 13, 4) || '-' || substr(h, 17, 4) || '-' || substr(h, 21, 12)
FROM (SELECT lower(hex(randomblob(16))) AS h);

-- New activities are added by inserting a row in a later migration, not by rebuilding audit_events.
CREATE TABLE audit_activities (name TEXT PRIMARY KEY) STRICT, WITHOUT ROWID;
INSERT INTO audit_activities (name) VALUES
  ('flowStarted'), ('flowExpired'), ('methodChosen'), ('codeSent'), ('verificationPassed'), ('verificationFailed'),
  ('resetBlocked'), ('ssprLockoutStarted'), ('ssprLockoutEnded'), ('suspiciousActivityReported'),
  ('passwordReset'), ('accountUnlocked'), ('writebackSucceeded'), ('writebackFailed'),
  ('securityInfoRegistered'), ('securityInfoRegistrationCompleted'), ('securityInfoReconfirmed'),
  ('securityInfoPreRegistered'), ('securityInfoRemoved'), ('passwordChanged'), ('adminPasswordReset'),
  ('policyChanged'), ('deviceSettingChanged'), ('signInSucceeded'), ('signInFailed'), ('accountLockedOut'),
  ('notificationSent'), ('scenarioLoaded'), ('auditExported');

CREATE TABLE audit_events (
  id INTEGER PRIMARY KEY,
  at TEXT NOT NULL CHECK (${iso('at')}),
  -- Audit outlives what it describes: a deleted tenant or user leaves the event with a null reference.
  tenant_id INTEGER REFERENCES tenants (id) ON DELETE SET NULL,
  actor TEXT NOT NULL CHECK (length(actor) BETWEEN 1 AND 256),
  target_user_id INTEGER REFERENCES users (id) ON DELETE SET NULL,
  target_upn TEXT CHECK (target_upn IS NULL OR length(target_upn) <= 256),
  activity TEXT NOT NULL REFERENCES audit_activities (name),
  result TEXT NOT NULL CHECK (result IN ('success', 'failure')),
  reason TEXT CHECK (reason IS NULL OR length(reason) <= 500),
  method TEXT CHECK (method IS NULL OR method IN (${gateMethods}, 'mobilePhone', 'officePhone', 'authenticatorApp')),
  flow_id TEXT CHECK (flow_id IS NULL OR length(flow_id) <= 64),
  device_id TEXT CHECK (device_id IS NULL OR length(device_id) <= 64),
  details TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(details) AND json_type(details) = 'object')
) STRICT;

-- The training outbox: what the simulated e-mail, SMS, voice and push channels delivered (spec §10).
CREATE TABLE outbox (
  id INTEGER PRIMARY KEY,
  at TEXT NOT NULL CHECK (${iso('at')}),
  tenant_id INTEGER NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  channel TEXT NOT NULL CHECK (channel IN ('email', 'sms', 'voice', 'push')),
  recipient TEXT NOT NULL CHECK (length(recipient) BETWEEN 1 AND 256),
  subject TEXT CHECK (subject IS NULL OR length(subject) <= 256),
  body TEXT NOT NULL CHECK (length(body) <= 20000)
) STRICT;
`;
