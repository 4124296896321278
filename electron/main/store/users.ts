import type { GateMethod, Plan, RiskLevel, UserSource } from '../../../shared/policy';
import type { Database } from './database';
import { bit, dateOrNull, isoTime, isoTimeOrNull } from './rows';

/** Cloud smart lockout at sign-in (spec §6): each further lockout lasts longer, hence the count. */
export interface CloudLockout {
  failedSignIns: number;
  lockedUntil: Date | null;
  lockoutCount: number;
}

/** The on-premises directory's own lockout, for accounts mastered there (spec §6). */
export interface OnPremLockout {
  failedSignIns: number;
  lockedUntil: Date | null;
}

export interface User {
  id: number;
  tenantId: number;
  upn: string;
  displayName: string;
  givenName: string | null;
  surname: string | null;
  enabled: boolean;
  source: UserSource;
  guest: boolean;
  /** Null: no license in this tenant, so the user gets what `free` allows. */
  license: Plan | null;
  passwordHash: string;
  passwordLastSet: Date;
  mustChange: boolean;
  risk: RiskLevel;
  cloudLockout: CloudLockout;
  onPremLockout: OnPremLockout;
  /** SSPR itself blocked after too many failed verifications (spec §6). */
  ssprBlockedUntil: Date | null;
  registrationConfirmedAt: Date | null;
  registrationFirstPromptedAt: Date | null;
  /** What this account demonstrates, for the training panel; never a secret. */
  note: string | null;
  createdAt: Date;
}

export interface NewUser {
  tenantId: number;
  upn: string;
  displayName: string;
  givenName?: string | null;
  surname?: string | null;
  enabled?: boolean;
  source?: UserSource;
  guest?: boolean;
  license?: Plan | null;
  passwordHash: string;
  passwordLastSet: Date;
  mustChange?: boolean;
  risk?: RiskLevel;
  cloudLockout?: CloudLockout;
  onPremLockout?: OnPremLockout;
  ssprBlockedUntil?: Date | null;
  registrationConfirmedAt?: Date | null;
  registrationFirstPromptedAt?: Date | null;
  note?: string | null;
  createdAt: Date;
}

interface UserRow {
  id: number;
  tenant_id: number;
  upn: string;
  display_name: string;
  given_name: string | null;
  surname: string | null;
  enabled: number;
  source: UserSource;
  guest: number;
  license: Plan | null;
  password_hash: string;
  password_last_set: string;
  must_change: number;
  risk: RiskLevel;
  failed_sign_ins: number;
  locked_until: string | null;
  lockout_count: number;
  onprem_failed_sign_ins: number;
  onprem_locked_until: string | null;
  sspr_blocked_until: string | null;
  registration_confirmed_at: string | null;
  registration_first_prompted_at: string | null;
  note: string | null;
  created_at: string;
}

/** Enough history for the largest policy (24) plus the current password. */
const historyKept = 25;

const userColumns = [
  'id',
  'tenant_id',
  'upn',
  'display_name',
  'given_name',
  'surname',
  'enabled',
  'source',
  'guest',
  'license',
  'password_hash',
  'password_last_set',
  'must_change',
  'risk',
  'failed_sign_ins',
  'locked_until',
  'lockout_count',
  'onprem_failed_sign_ins',
  'onprem_locked_until',
  'sspr_blocked_until',
  'registration_confirmed_at',
  'registration_first_prompted_at',
  'note',
  'created_at',
] as const;

function selectColumns(alias?: string): string {
  return userColumns.map((column) => (alias ? `${alias}.${column}` : column)).join(', ');
}

export function createUserRepository(db: Database) {
  const columns = selectColumns();
  const statements = {
    get: db.prepare<[number], UserRow>(`SELECT ${columns} FROM users WHERE id = ?`),
    // The upn column is COLLATE NOCASE, so this lookup is case-insensitive and uses its unique index.
    byUpn: db.prepare<[string], UserRow>(`SELECT ${columns} FROM users WHERE upn = ?`),
    listByTenant: db.prepare<[number], UserRow>(
      `SELECT ${columns} FROM users WHERE tenant_id = ? ORDER BY display_name, id`,
    ),
    withRole: db.prepare<[number, string], UserRow>(
      `SELECT ${selectColumns('u')} FROM users u JOIN user_roles r ON r.user_id = u.id
       WHERE u.tenant_id = ? AND r.role = ? ORDER BY u.display_name, u.id`,
    ),
    insert: db.prepare<[Omit<UserRow, 'id'>]>(
      `INSERT INTO users (${userColumns.filter((c) => c !== 'id').join(', ')})
       VALUES (${userColumns
         .filter((c) => c !== 'id')
         .map((c) => `@${c}`)
         .join(', ')})`,
    ),
    setPassword: db.prepare<[string, string, number]>(
      'UPDATE users SET password_hash = ?, password_last_set = ? WHERE id = ?',
    ),
    insertHistory: db.prepare<[number, string, string]>(
      'INSERT INTO password_history (user_id, password_hash, set_at) VALUES (?, ?, ?)',
    ),
    trimHistory: db.prepare<[number, number, number]>(
      `DELETE FROM password_history WHERE user_id = ? AND id NOT IN (
         SELECT id FROM password_history WHERE user_id = ? ORDER BY set_at DESC, id DESC LIMIT ?)`,
    ),
    rehash: db.prepare<[string, number, string]>(
      'UPDATE users SET password_hash = ? WHERE id = ? AND password_hash = ?',
    ),
    rehashHistory: db.prepare<[string, number, string]>(
      'UPDATE password_history SET password_hash = ? WHERE user_id = ? AND password_hash = ?',
    ),
    history: db.prepare<[number, number], { password_hash: string }>(
      'SELECT password_hash FROM password_history WHERE user_id = ? ORDER BY set_at DESC, id DESC LIMIT ?',
    ),
    setMustChange: db.prepare<[number, number]>('UPDATE users SET must_change = ? WHERE id = ?'),
    setEnabled: db.prepare<[number, number]>('UPDATE users SET enabled = ? WHERE id = ?'),
    setRisk: db.prepare<[RiskLevel, number]>('UPDATE users SET risk = ? WHERE id = ?'),
    setLicense: db.prepare<[Plan | null, number]>('UPDATE users SET license = ? WHERE id = ?'),
    setCloudLockout: db.prepare<[number, string | null, number, number]>(
      'UPDATE users SET failed_sign_ins = ?, locked_until = ?, lockout_count = ? WHERE id = ?',
    ),
    setOnPremLockout: db.prepare<[number, string | null, number]>(
      'UPDATE users SET onprem_failed_sign_ins = ?, onprem_locked_until = ? WHERE id = ?',
    ),
    clearLockouts: db.prepare<[number]>(
      `UPDATE users SET failed_sign_ins = 0, locked_until = NULL, onprem_failed_sign_ins = 0, onprem_locked_until = NULL
       WHERE id = ?`,
    ),
    setSsprBlockedUntil: db.prepare<[string | null, number]>('UPDATE users SET sspr_blocked_until = ? WHERE id = ?'),
    insertFailure: db.prepare<[number, string, GateMethod | null]>(
      'INSERT INTO verification_failures (user_id, at, method) VALUES (?, ?, ?)',
    ),
    failuresSince: db.prepare<[number, string], { count: number }>(
      'SELECT count(*) AS count FROM verification_failures WHERE user_id = ? AND at >= ?',
    ),
    clearFailures: db.prepare<[number]>('DELETE FROM verification_failures WHERE user_id = ?'),
    setRegistrationConfirmed: db.prepare<[string | null, number]>(
      'UPDATE users SET registration_confirmed_at = ? WHERE id = ?',
    ),
    setRegistrationFirstPrompted: db.prepare<[string | null, number]>(
      'UPDATE users SET registration_first_prompted_at = ? WHERE id = ?',
    ),
    roles: db.prepare<[number], { role: string }>('SELECT role FROM user_roles WHERE user_id = ? ORDER BY role'),
    addRole: db.prepare<[number, string]>('INSERT OR IGNORE INTO user_roles (user_id, role) VALUES (?, ?)'),
    removeRole: db.prepare<[number, string]>('DELETE FROM user_roles WHERE user_id = ? AND role = ?'),
    remove: db.prepare<[number]>('DELETE FROM users WHERE id = ?'),
  };

  const get = (id: number): User | null => {
    const row = statements.get.get(id);
    return row ? toUser(row) : null;
  };

  const changed = (result: { changes: number }, id: number): void => {
    if (result.changes === 0) throw new Error(`There is no user ${id}.`);
  };

  const createUser = db.transaction((input: NewUser): User => {
    const cloud = input.cloudLockout ?? { failedSignIns: 0, lockedUntil: null, lockoutCount: 0 };
    const onPrem = input.onPremLockout ?? { failedSignIns: 0, lockedUntil: null };
    const { lastInsertRowid } = statements.insert.run({
      tenant_id: input.tenantId,
      upn: input.upn.trim(),
      display_name: input.displayName,
      given_name: input.givenName ?? null,
      surname: input.surname ?? null,
      enabled: bit(input.enabled ?? true),
      source: input.source ?? 'cloud',
      guest: bit(input.guest ?? false),
      license: input.license ?? null,
      password_hash: input.passwordHash,
      password_last_set: isoTime(input.passwordLastSet),
      must_change: bit(input.mustChange ?? false),
      risk: input.risk ?? 'none',
      failed_sign_ins: cloud.failedSignIns,
      locked_until: isoTimeOrNull(cloud.lockedUntil),
      lockout_count: cloud.lockoutCount,
      onprem_failed_sign_ins: onPrem.failedSignIns,
      onprem_locked_until: isoTimeOrNull(onPrem.lockedUntil),
      sspr_blocked_until: isoTimeOrNull(input.ssprBlockedUntil),
      registration_confirmed_at: isoTimeOrNull(input.registrationConfirmedAt),
      registration_first_prompted_at: isoTimeOrNull(input.registrationFirstPromptedAt),
      note: input.note ?? null,
      created_at: isoTime(input.createdAt),
    });
    const id = Number(lastInsertRowid);
    statements.insertHistory.run(id, input.passwordHash, isoTime(input.passwordLastSet));
    const user = get(id);
    if (!user) throw new Error('The user was not created.');
    return user;
  });

  // The same password under a stronger hash: the last-set time and the history's order stay as they were.
  const rehash = db.transaction((id: number, oldHash: string, newHash: string): boolean => {
    const changedRows = statements.rehash.run(newHash, id, oldHash).changes;
    if (changedRows > 0) statements.rehashHistory.run(newHash, id, oldHash);
    return changedRows > 0;
  });

  const setPassword = db.transaction((id: number, hash: string, setAt: Date): void => {
    changed(statements.setPassword.run(hash, isoTime(setAt), id), id);
    statements.insertHistory.run(id, hash, isoTime(setAt));
    statements.trimHistory.run(id, id, historyKept);
  });

  return {
    get,
    byUpn: (upn: string): User | null => {
      const row = statements.byUpn.get(upn.trim());
      return row ? toUser(row) : null;
    },
    listByTenant: (tenantId: number): User[] => statements.listByTenant.all(tenantId).map(toUser),
    /** Holders of a directory role in a tenant, e.g. every Global Administrator to notify (spec §4). */
    withRole: (tenantId: number, role: string): User[] => statements.withRole.all(tenantId, role).map(toUser),
    /** Creates the user; the first password also opens the password history. */
    create: (input: NewUser): User => createUser(input),
    remove: (id: number): void => changed(statements.remove.run(id), id),
    /** Sets a new password and records it in the history, which keeps the last 25. */
    setPasswordHash: (id: number, hash: string, setAt: Date): void => setPassword(id, hash, setAt),
    /** Replaces the current hash with a stronger one of the same password, unless it changed meanwhile. */
    rehashPassword: (id: number, oldHash: string, newHash: string): boolean => rehash(id, oldHash, newHash),
    /** An earlier password, older than the current one (scenarios seed history this way). */
    addPasswordHistory: (id: number, hash: string, setAt: Date): void => {
      statements.insertHistory.run(id, hash, isoTime(setAt));
    },
    /** The hashes of the user's most recent passwords, the current one first. */
    passwordHistory: (id: number, limit: number): string[] =>
      statements.history.all(id, limit).map((row) => row.password_hash),
    setMustChange: (id: number, mustChange: boolean): void =>
      changed(statements.setMustChange.run(bit(mustChange), id), id),
    setEnabled: (id: number, enabled: boolean): void => changed(statements.setEnabled.run(bit(enabled), id), id),
    setRisk: (id: number, risk: RiskLevel): void => changed(statements.setRisk.run(risk, id), id),
    setLicense: (id: number, license: Plan | null): void => changed(statements.setLicense.run(license, id), id),
    setCloudLockout: (id: number, state: CloudLockout): void =>
      changed(
        statements.setCloudLockout.run(state.failedSignIns, isoTimeOrNull(state.lockedUntil), state.lockoutCount, id),
        id,
      ),
    setOnPremLockout: (id: number, state: OnPremLockout): void =>
      changed(statements.setOnPremLockout.run(state.failedSignIns, isoTimeOrNull(state.lockedUntil), id), id),
    /** What a reset or an unlock does (spec §5, §6): both lockouts lifted; the cloud lockout count stays. */
    clearLockouts: (id: number): void => changed(statements.clearLockouts.run(id), id),
    setSsprBlockedUntil: (id: number, until: Date | null): void =>
      changed(statements.setSsprBlockedUntil.run(isoTimeOrNull(until), id), id),
    recordVerificationFailure: (id: number, at: Date, method: GateMethod | null = null): void => {
      statements.insertFailure.run(id, isoTime(at), method);
    },
    /** Failed verifications at or after `since`: the sliding window of spec §6. */
    verificationFailuresSince: (id: number, since: Date): number =>
      statements.failuresSince.get(id, isoTime(since))?.count ?? 0,
    clearVerificationFailures: (id: number): void => {
      statements.clearFailures.run(id);
    },
    setRegistrationConfirmed: (id: number, at: Date | null): void =>
      changed(statements.setRegistrationConfirmed.run(isoTimeOrNull(at), id), id),
    setRegistrationFirstPrompted: (id: number, at: Date | null): void =>
      changed(statements.setRegistrationFirstPrompted.run(isoTimeOrNull(at), id), id),
    roles: (id: number): string[] => statements.roles.all(id).map((row) => row.role),
    addRole: (id: number, role: string): void => {
      statements.addRole.run(id, role);
    },
    removeRole: (id: number, role: string): void => {
      statements.removeRole.run(id, role);
    },
  };
}

export type UserRepository = ReturnType<typeof createUserRepository>;

function toUser(row: UserRow): User {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    upn: row.upn,
    displayName: row.display_name,
    givenName: row.given_name,
    surname: row.surname,
    enabled: row.enabled === 1,
    source: row.source,
    guest: row.guest === 1,
    license: row.license,
    passwordHash: row.password_hash,
    passwordLastSet: new Date(row.password_last_set),
    mustChange: row.must_change === 1,
    risk: row.risk,
    cloudLockout: {
      failedSignIns: row.failed_sign_ins,
      lockedUntil: dateOrNull(row.locked_until),
      lockoutCount: row.lockout_count,
    },
    onPremLockout: { failedSignIns: row.onprem_failed_sign_ins, lockedUntil: dateOrNull(row.onprem_locked_until) },
    ssprBlockedUntil: dateOrNull(row.sspr_blocked_until),
    registrationConfirmedAt: dateOrNull(row.registration_confirmed_at),
    registrationFirstPromptedAt: dateOrNull(row.registration_first_prompted_at),
    note: row.note,
    createdAt: new Date(row.created_at),
  };
}
