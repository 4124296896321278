import { readFile } from 'node:fs/promises';
import { normalizeAnswer } from '../../../shared/answers';
import type { Clock } from '../clock';
import type { Hasher } from '../password/hasher';
import type { Store } from '../store';
import type { NewAuthMethod } from '../store/methods';
import type { SecretBox } from '../vault/types';
import {
  parseScenario,
  resolveTime,
  type Scenario,
  type ScenarioMethod,
  type ScenarioTenant,
  type ScenarioUser,
  type TimeSpec,
} from './schema';

export interface ScenarioDeps {
  hasher: Hasher;
  secretBox: SecretBox;
  clock: Clock;
  /** How many hashes run at once; each scrypt at the default cost holds 128 MiB while it runs. */
  hashConcurrency?: number;
}

const defaultHashConcurrency = 2;
const dayMs = 86_400_000;

/**
 * Slow-hashes a batch of secrets off the main thread; `add` hands back a getter that yields the
 * hash once `run` has finished, so the writing pass can stay synchronous.
 */
class HashBatch {
  private readonly secrets: string[] = [];
  private hashes: string[] = [];

  /** A stored hash passes through as it is: nothing to hash. */
  static stored(hash: string): () => string {
    return () => hash;
  }

  add(secret: string): () => string {
    const index = this.secrets.push(secret) - 1;
    return () => {
      const hash = this.hashes[index];
      if (hash === undefined) throw new Error('A secret was used before it was hashed.');
      return hash;
    };
  }

  async run(hasher: Hasher, concurrency: number): Promise<void> {
    const hashes = new Array<string>(this.secrets.length);
    let next = 0;
    const worker = async () => {
      while (next < this.secrets.length) {
        const index = next++;
        hashes[index] = await hasher.hash(this.secrets[index] ?? '');
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, this.secrets.length) }, worker));
    this.hashes = hashes;
    this.secrets.length = 0;
  }
}

interface PreparedUser {
  user: ScenarioUser;
  passwordHash: () => string;
  previousHashes: (() => string)[];
  methods: { method: ScenarioMethod; toNew: () => NewAuthMethod }[];
}

/**
 * Loads a parsed scenario (see `parseScenario`): every password and security answer is hashed and
 * every TOTP secret sealed first, then everything is written in one transaction, so a scenario that
 * fails anywhere leaves the store as it was.
 */
export async function loadScenario(store: Store, scenario: Scenario, deps: ScenarioDeps): Promise<void> {
  const write = await prepareScenario(scenario, deps);
  store.transaction(() => write(store));
}

/**
 * The slow part of a load, done before anything is written: hashes every password and answer and
 * seals every TOTP secret. Returns the writing part, synchronous, for the caller's transaction; the
 * relative times resolve against the clock when it runs.
 */
export async function prepareScenario(scenario: Scenario, deps: ScenarioDeps): Promise<(store: Store) => void> {
  const batch = new HashBatch();
  const tenants = scenario.tenants.map((tenant) => ({
    tenant,
    users: tenant.users.map((user): PreparedUser => ({
      user,
      passwordHash: user.password === undefined ? HashBatch.stored(user.passwordHash ?? '') : batch.add(user.password),
      previousHashes: [
        ...user.previousPasswords.map((password) => batch.add(password)),
        ...user.previousPasswordHashes.map((hash) => HashBatch.stored(hash)),
      ],
      methods: user.methods.map((method) => ({ method, toNew: prepareMethod(method, batch, deps) })),
    })),
  }));
  await batch.run(deps.hasher, Math.max(1, deps.hashConcurrency ?? defaultHashConcurrency));

  return (store) => {
    const now = deps.clock.now();
    for (const { tenant, users } of tenants) writeTenant(store, tenant, users, now);
    store.device.update(scenario.device);
  };
}

function writeTenant(store: Store, tenant: ScenarioTenant, users: PreparedUser[], now: Date): void {
  const { selectedGroup, ...ssprPolicy } = tenant.ssprPolicy;
  const created = store.tenants.create({
    name: tenant.name,
    plan: tenant.plan,
    trialStart: timeOrNull(tenant.trialStart, now),
    directorySync: tenant.directorySync,
    allowedToUseSspr: tenant.allowedToUseSspr,
    customization: tenant.customization,
    passwordPolicy: tenant.passwordPolicy,
    createdAt: now,
  });
  for (const domain of tenant.domains) {
    store.tenants.addDomain(created.id, typeof domain === 'string' ? { name: domain } : domain);
  }
  const groupIds = new Map<string, number>();
  for (const group of tenant.groups) {
    const { id } = store.groups.create(created.id, { name: group.name, description: group.description ?? null });
    groupIds.set(group.name.toLowerCase(), id);
  }
  // The policy goes in once the tenant's groups exist, so the pilot group can be checked against them.
  store.tenants.setSsprPolicy(created.id, {
    ...ssprPolicy,
    selectedGroupId: selectedGroup === null ? null : (groupIds.get(selectedGroup.toLowerCase()) ?? null),
  });
  for (const prepared of users) writeUser(store, created.id, groupIds, prepared, now);
}

function writeUser(
  store: Store,
  tenantId: number,
  groupIds: ReadonlyMap<string, number>,
  { user, passwordHash, previousHashes, methods }: PreparedUser,
  now: Date,
): void {
  const passwordLastSet = resolveTime(user.passwordLastSet, now);
  const confirmed = registrationConfirmedAt(user, now);
  const row = store.users.create({
    tenantId,
    upn: user.upn,
    displayName: user.displayName,
    givenName: user.givenName,
    surname: user.surname,
    enabled: user.enabled,
    source: user.source,
    guest: user.guest,
    license: user.license,
    passwordHash: passwordHash(),
    passwordLastSet,
    mustChange: user.mustChange,
    risk: user.risk,
    cloudLockout: { ...user.cloudLockout, lockedUntil: timeOrNull(user.cloudLockout.lockedUntil, now) },
    onPremLockout: { ...user.onPremLockout, lockedUntil: timeOrNull(user.onPremLockout.lockedUntil, now) },
    ssprBlockedUntil: timeOrNull(user.ssprBlockedUntil, now),
    registrationConfirmedAt: confirmed,
    registrationFirstPromptedAt: timeOrNull(user.registrationFirstPrompted, now),
    note: user.note ?? null,
    createdAt: now,
  });
  // Earlier passwords are spaced a month apart before the current one, newest first.
  previousHashes.forEach((hash, index) => {
    const setAt = new Date(passwordLastSet.getTime() - (index + 1) * 30 * dayMs);
    store.users.addPasswordHistory(row.id, hash(), setAt);
  });
  for (const role of user.roles) store.users.addRole(row.id, role);
  for (const group of user.groups) {
    const groupId = groupIds.get(group.toLowerCase());
    if (groupId === undefined)
      throw new Error(`${user.upn} is put in ${group}, which is not one of the tenant's groups.`);
    store.groups.addMember(groupId, row.id);
  }
  for (const { method, toNew } of methods) {
    const registeredAt = method.registeredAt === undefined ? (confirmed ?? now) : resolveTime(method.registeredAt, now);
    store.methods.add(row.id, toNew(), registeredAt);
  }
}

/** Unless the file says otherwise, a user with methods confirmed them when the scenario was loaded. */
function registrationConfirmedAt(user: ScenarioUser, now: Date): Date | null {
  if (user.registrationConfirmed === undefined) return user.methods.length > 0 ? now : null;
  return timeOrNull(user.registrationConfirmed, now);
}

function timeOrNull(spec: TimeSpec | null, now: Date): Date | null {
  return spec === null ? null : resolveTime(spec, now);
}

/** Seals or queues for hashing whatever secret the method carries; the plaintext goes no further. */
function prepareMethod(method: ScenarioMethod, batch: HashBatch, deps: ScenarioDeps): () => NewAuthMethod {
  switch (method.kind) {
    case 'email':
      return () => ({ kind: 'email', address: method.address });
    case 'mobilePhone':
      return () => ({ kind: 'mobilePhone', phoneNumber: method.phoneNumber });
    case 'officePhone':
      return () => ({ kind: 'officePhone', phoneNumber: method.phoneNumber, extension: method.extension ?? null });
    case 'authenticatorApp': {
      const sealedSecret = deps.secretBox.seal(method.secret);
      return () => ({ kind: 'authenticatorApp', sealedSecret, deviceName: method.deviceName ?? null });
    }
    case 'securityQuestions': {
      const answers = method.answers.map((answer) => ({
        question: answer.question,
        answerHash:
          'answer' in answer ? batch.add(normalizeAnswer(answer.answer)) : HashBatch.stored(answer.answerHash),
      }));
      return () => ({
        kind: 'securityQuestions',
        answers: answers.map((answer) => ({ question: answer.question, answerHash: answer.answerHash() })),
      });
    }
  }
}

/**
 * Loads the scenario file into a store that has no tenant yet (first start); returns whether it did.
 * An unreadable or invalid file is refused with an error naming the path and the first issues.
 */
export async function seedIfEmpty(store: Store, scenarioPath: string, deps: ScenarioDeps): Promise<boolean> {
  if (!store.tenants.isEmpty()) return false;
  const scenario = await readScenarioFile(scenarioPath);
  if (!store.tenants.isEmpty()) return false;
  await loadScenario(store, scenario, deps);
  return true;
}

/**
 * Reads and validates a scenario file; an unreadable file, bad JSON or an invalid scenario is refused
 * with an error naming the path and the place or the first issues, never a value from the file.
 */
export async function readScenarioFile(scenarioPath: string): Promise<Scenario> {
  let text: string;
  try {
    text = await readFile(scenarioPath, 'utf8');
  } catch (error) {
    const code = error instanceof Error && 'code' in error ? String(error.code) : 'unreadable';
    throw new Error(`The scenario ${scenarioPath} could not be read (${code}).`, { cause: error });
  }
  return parseScenarioText(text, scenarioPath);
}

/** Parses a scenario file's text: bad JSON is refused with the place of the fault, never the text around it. */
export function parseScenarioText(text: string, source: string): Scenario {
  const document = parseJson(text);
  if (!document.ok) {
    throw new Error(`The scenario ${source} is not valid JSON${document.place}.`);
  }
  return parseScenario(document.value, source);
}

/** JSON.parse's message quotes the text around the fault, which may be a training password: keep only the place. */
function parseJson(text: string): { ok: true; value: unknown } | { ok: false; place: string } {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (error) {
    const position = error instanceof Error ? /position (\d+)/.exec(error.message)?.[1] : undefined;
    if (position === undefined) return { ok: false, place: '' };
    const before = text.slice(0, Number(position)).split('\n');
    return { ok: false, place: ` (line ${before.length}, column ${(before.at(-1)?.length ?? 0) + 1})` };
  }
}
