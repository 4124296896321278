import type { MethodKind } from '../../../shared/policy';
import type { Database } from './database';
import { isoTime } from './rows';

/** One question with the slow hash of its normalised answer (shared/answers.ts); the answer itself is never kept. */
export interface SecurityAnswer {
  question: string;
  answerHash: string;
}

interface MethodBase {
  id: number;
  userId: number;
  registeredAt: Date;
}

/** A registered authentication method (spec §1); secrets are only ever sealed or hashed. */
export type AuthMethod =
  | (MethodBase & { kind: 'email'; address: string })
  | (MethodBase & { kind: 'mobilePhone'; phoneNumber: string })
  | (MethodBase & { kind: 'officePhone'; phoneNumber: string; extension: string | null })
  | (MethodBase & {
      kind: 'authenticatorApp';
      /** The TOTP secret sealed by the vault's SecretBox. */
      sealedSecret: string;
      deviceName: string | null;
      /** The last TOTP time step accepted, so a code is never accepted twice. */
      lastUsedStep: number | null;
    })
  | (MethodBase & { kind: 'securityQuestions'; answers: SecurityAnswer[] });

export type NewAuthMethod =
  | { kind: 'email'; address: string }
  | { kind: 'mobilePhone'; phoneNumber: string }
  | { kind: 'officePhone'; phoneNumber: string; extension?: string | null }
  | { kind: 'authenticatorApp'; sealedSecret: string; deviceName?: string | null }
  | { kind: 'securityQuestions'; answers: SecurityAnswer[] };

interface MethodRow {
  id: number;
  user_id: number;
  kind: MethodKind;
  email: string | null;
  phone_number: string | null;
  extension: string | null;
  totp_secret_sealed: string | null;
  totp_last_step: number | null;
  device_name: string | null;
  registered_at: string;
}

interface AnswerRow {
  method_id: number;
  question: string;
  answer_hash: string;
}

interface MethodColumns {
  user_id: number;
  kind: MethodKind;
  email: string | null;
  phone_number: string | null;
  extension: string | null;
  totp_secret_sealed: string | null;
  device_name: string | null;
  registered_at: string;
}

const methodColumns =
  'm.id, m.user_id, m.kind, m.email, m.phone_number, m.extension, m.totp_secret_sealed, m.totp_last_step, m.device_name, m.registered_at';

export function createMethodRepository(db: Database) {
  const statements = {
    get: db.prepare<[number], MethodRow>(`SELECT ${methodColumns} FROM auth_methods m WHERE m.id = ?`),
    listForUser: db.prepare<[number], MethodRow>(
      `SELECT ${methodColumns} FROM auth_methods m WHERE m.user_id = ? ORDER BY m.id`,
    ),
    answersForUser: db.prepare<[number], AnswerRow>(
      `SELECT a.method_id, a.question, a.answer_hash FROM security_answers a
       JOIN auth_methods m ON m.id = a.method_id WHERE m.user_id = ? ORDER BY a.method_id, a.position`,
    ),
    answersForMethod: db.prepare<[number], AnswerRow>(
      'SELECT method_id, question, answer_hash FROM security_answers WHERE method_id = ? ORDER BY position',
    ),
    listForTenant: db.prepare<[number], MethodRow>(
      `SELECT ${methodColumns} FROM auth_methods m JOIN users u ON u.id = m.user_id
       WHERE u.tenant_id = ? ORDER BY m.user_id, m.id`,
    ),
    answersForTenant: db.prepare<[number], AnswerRow>(
      `SELECT a.method_id, a.question, a.answer_hash FROM security_answers a
       JOIN auth_methods m ON m.id = a.method_id JOIN users u ON u.id = m.user_id
       WHERE u.tenant_id = ? ORDER BY a.method_id, a.position`,
    ),
    insert: db.prepare<[MethodColumns]>(
      `INSERT INTO auth_methods (user_id, kind, email, phone_number, extension, totp_secret_sealed, device_name, registered_at)
       VALUES (@user_id, @kind, @email, @phone_number, @extension, @totp_secret_sealed, @device_name, @registered_at)`,
    ),
    insertAnswer: db.prepare<[number, number, string, string]>(
      'INSERT INTO security_answers (method_id, position, question, answer_hash) VALUES (?, ?, ?, ?)',
    ),
    remove: db.prepare<[number]>('DELETE FROM auth_methods WHERE id = ?'),
    removeKind: db.prepare<[number, MethodKind]>('DELETE FROM auth_methods WHERE user_id = ? AND kind = ?'),
    claimStep: db.prepare<[number, number, number]>(
      `UPDATE auth_methods SET totp_last_step = ?
       WHERE id = ? AND kind = 'authenticatorApp' AND (totp_last_step IS NULL OR totp_last_step < ?)`,
    ),
  };

  const withAnswers = (rows: MethodRow[], answers: AnswerRow[]): AuthMethod[] => {
    const byMethod = new Map<number, SecurityAnswer[]>();
    for (const answer of answers) {
      const list = byMethod.get(answer.method_id) ?? [];
      list.push({ question: answer.question, answerHash: answer.answer_hash });
      byMethod.set(answer.method_id, list);
    }
    return rows.map((row) => toMethod(row, byMethod.get(row.id) ?? []));
  };

  const get = (id: number): AuthMethod | null => {
    const row = statements.get.get(id);
    if (!row) return null;
    return withAnswers([row], statements.answersForMethod.all(id))[0] ?? null;
  };

  const add = db.transaction((userId: number, method: NewAuthMethod, registeredAt: Date): AuthMethod => {
    const { lastInsertRowid } = statements.insert.run(toColumns(userId, method, registeredAt));
    const id = Number(lastInsertRowid);
    if (method.kind === 'securityQuestions') {
      method.answers.forEach((answer, position) =>
        statements.insertAnswer.run(id, position, answer.question, answer.answerHash),
      );
    }
    const added = get(id);
    if (!added) throw new Error('The method was not registered.');
    return added;
  });

  const replace = db.transaction((userId: number, method: NewAuthMethod, registeredAt: Date): AuthMethod => {
    if (method.kind !== 'authenticatorApp') statements.removeKind.run(userId, method.kind);
    return add(userId, method, registeredAt);
  });

  return {
    get,
    /** Every method the user registered, security answers included (as hashes). */
    listForUser: (userId: number): AuthMethod[] =>
      withAnswers(statements.listForUser.all(userId), statements.answersForUser.all(userId)),
    /** Every method of every user in the tenant, for the registration report (spec §10). */
    listForTenant: (tenantId: number): AuthMethod[] =>
      withAnswers(statements.listForTenant.all(tenantId), statements.answersForTenant.all(tenantId)),
    /** Registers a method; a user holds one of each kind except authenticator apps. */
    add: (userId: number, method: NewAuthMethod, registeredAt: Date): AuthMethod => add(userId, method, registeredAt),
    /** Registers a method in place of the user's existing one of that kind (re-registration). */
    replace: (userId: number, method: NewAuthMethod, registeredAt: Date): AuthMethod =>
      replace(userId, method, registeredAt),
    remove: (id: number): void => {
      statements.remove.run(id);
    },
    /**
     * Records a TOTP time step as used, atomically: false when that step (or a later one) was already
     * accepted, so a replayed code is refused (spec §5).
     */
    claimTotpStep: (methodId: number, step: number): boolean =>
      statements.claimStep.run(step, methodId, step).changes === 1,
  };
}

export type MethodRepository = ReturnType<typeof createMethodRepository>;

function toColumns(userId: number, method: NewAuthMethod, registeredAt: Date): MethodColumns {
  const empty = {
    user_id: userId,
    kind: method.kind,
    email: null,
    phone_number: null,
    extension: null,
    totp_secret_sealed: null,
    device_name: null,
    registered_at: isoTime(registeredAt),
  };
  switch (method.kind) {
    case 'email':
      return { ...empty, email: method.address.trim() };
    case 'mobilePhone':
      return { ...empty, phone_number: method.phoneNumber.trim() };
    case 'officePhone':
      return { ...empty, phone_number: method.phoneNumber.trim(), extension: method.extension ?? null };
    case 'authenticatorApp':
      return { ...empty, totp_secret_sealed: method.sealedSecret, device_name: method.deviceName ?? null };
    case 'securityQuestions':
      return empty;
  }
}

function toMethod(row: MethodRow, answers: SecurityAnswer[]): AuthMethod {
  const base = { id: row.id, userId: row.user_id, registeredAt: new Date(row.registered_at) };
  switch (row.kind) {
    case 'email':
      return { ...base, kind: 'email', address: required(row.email) };
    case 'mobilePhone':
      return { ...base, kind: 'mobilePhone', phoneNumber: required(row.phone_number) };
    case 'officePhone':
      return { ...base, kind: 'officePhone', phoneNumber: required(row.phone_number), extension: row.extension };
    case 'authenticatorApp':
      return {
        ...base,
        kind: 'authenticatorApp',
        sealedSecret: required(row.totp_secret_sealed),
        deviceName: row.device_name,
        lastUsedStep: row.totp_last_step,
      };
    case 'securityQuestions':
      return { ...base, kind: 'securityQuestions', answers };
  }
}

/** The table's CHECK guarantees these columns for their kind. */
function required(value: string | null): string {
  if (value === null) throw new Error('A registered method is missing its required column.');
  return value;
}
