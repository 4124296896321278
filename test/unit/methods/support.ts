// A training room for the method tests: a real store in a temp folder, a manual clock, the real hasher
// (at a test cost) and secret box, the virtual devices and the registry, with one tenant and one user.
import { mkdtempSync, rmSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { normalizeAnswer } from '../../../shared/answers';
import type { SsprPolicyInput } from '../../../shared/policy';
import { ManualClock } from '../../../electron/main/clock';
import { createHasher, type Hasher } from '../../../electron/main/password/hasher';
import { cryptoRandom, type Random } from '../../../electron/main/random';
import {
  openStore,
  type AuditEvent,
  type AuthMethod,
  type Store,
  type Tenant,
  type User,
} from '../../../electron/main/store';
import { createSecretBox } from '../../../electron/main/vault/secret-box';
import type { SecretBox, VaultSecretName } from '../../../electron/main/vault/types';
import { openVault } from '../../../electron/main/vault/vault';
import { createMailer, type Mailer } from '../../../electron/main/delivery';
import { memoryLogger } from '../../../electron/main/log';
import { createVirtualDevices, type VirtualDevices } from '../../../electron/main/methods/devices';
import { createMethods, type MethodRegistry } from '../../../electron/main/methods/registry';
import type { GateContext } from '../../../electron/main/methods/types';

export const t0 = new Date('2026-01-05T09:00:00.000Z');
export const seconds = (n: number) => n * 1000;
export const minutes = (n: number) => n * 60_000;

/** The demo TOTP secret of Patti Fernandez (resources/scenarios/contoso.json). */
export const totpSecret = 'JPCASKKGUQT2HLD54NKQTF2OWZ42EUQC';

/** Test-only scrypt cost, as the engine tests use. */
const fastHasher = createHasher({ N: 1024, r: 8, p: 1 });

export interface Room {
  store: Store;
  clock: ManualClock;
  random: Random;
  hasher: Hasher;
  secretBox: SecretBox;
  devices: VirtualDevices;
  mailer: Mailer;
  methods: MethodRegistry;
  tenant: Tenant;
  user: User;
  close(): void;
}

export interface RoomOptions {
  ssprPolicy?: SsprPolicyInput;
  random?: Random;
  hasher?: Hasher;
}

export function openRoom(options: RoomOptions = {}): Room {
  const dir = mkdtempSync(join(tmpdir(), 'sspr-methods-'));
  const secretBox = createSecretBox(randomBytes(32));
  const store = openStore(join(dir, 'db.sqlite'), { secretBox });
  const clock = new ManualClock(t0);
  const random = options.random ?? cryptoRandom;
  const hasher = options.hasher ?? fastHasher;
  const devices = createVirtualDevices({ store, clock, random });
  // The room's vault is a real key file in its folder, opened when the SMTP connector first asks it.
  const vault = {
    get: async (name: VaultSecretName) => (await openVault({ fileDir: dir, backend: 'file' })).get(name),
  };
  const mailer = createMailer({ store, vault, clock, log: memoryLogger() });
  const methods = createMethods({ store, clock, random, hasher, secretBox, devices, mailer });
  const tenant = store.tenants.create({
    name: 'Contoso',
    plan: 'p1',
    createdAt: t0,
    ssprPolicy: options.ssprPolicy ?? {},
  });
  store.tenants.addDomain(tenant.id, { name: 'contoso.onmicrosoft.com' });
  store.tenants.addDomain(tenant.id, { name: 'contoso.com' });
  const user = addUser(store, tenant, 'adele.vance@contoso.com', 'Adele Vance');
  return {
    store,
    clock,
    random,
    hasher,
    secretBox,
    devices,
    mailer,
    methods,
    tenant,
    user,
    close() {
      store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export function addUser(store: Store, tenant: Tenant, upn: string, displayName: string): User {
  return store.users.create({
    tenantId: tenant.id,
    upn,
    displayName,
    passwordHash: `scrypt$v=1$N=1024,r=8,p=1$${Buffer.from('not-a-real-salt!').toString('base64')}$AAAA`,
    passwordLastSet: t0,
    createdAt: t0,
  });
}

export function addEmail(room: Room, address = 'adele.vance@personal.example', user = room.user) {
  return room.store.methods.add(user.id, { kind: 'email', address }, t0) as Extract<AuthMethod, { kind: 'email' }>;
}

export function addMobile(room: Room, phoneNumber = '+1 425 555 0101', user = room.user) {
  return room.store.methods.add(user.id, { kind: 'mobilePhone', phoneNumber }, t0);
}

export function addOffice(room: Room, phoneNumber = '+1 425 555 0150', extension: string | null = '2305') {
  return room.store.methods.add(room.user.id, { kind: 'officePhone', phoneNumber, extension }, t0);
}

export function addApp(room: Room, deviceName: string | null = "Adele's iPhone", user = room.user) {
  const sealedSecret = room.secretBox.seal(totpSecret);
  return room.store.methods.add(user.id, { kind: 'authenticatorApp', sealedSecret, deviceName }, t0);
}

export async function addQuestions(room: Room, pairs: [question: string, answer: string][]) {
  const answers = await Promise.all(
    pairs.map(async ([question, answer]) => ({
      question,
      answerHash: await room.hasher.hash(normalizeAnswer(answer)),
    })),
  );
  return room.store.methods.add(room.user.id, { kind: 'securityQuestions', answers }, t0);
}

/** The gate context of a flow, with the user read fresh. */
export function ctxFor(room: Room, flowId = 'flow-1', user = room.user): GateContext {
  const fresh = room.store.users.get(user.id);
  const tenant = room.store.tenants.get(user.tenantId);
  if (!fresh || !tenant) throw new Error('The test user or tenant is gone.');
  return { flowId, user: fresh, tenant, deviceId: 'kiosk-1' };
}

/** The code in the newest message to a recipient: what the trainee reads in the mailbox or SMS inbox. */
export function lastCodeTo(room: Room, recipient: string): string {
  const [message] = room.store.outbox.list({ recipient, limit: 1 });
  const code = /\b(\d{6})\b/u.exec(message?.body ?? '')?.[1];
  if (!code) throw new Error(`No code was sent to ${recipient}.`);
  return code;
}

export function auditOf(room: Room, user = room.user): AuditEvent[] {
  return room.store.audit.list({ targetUserId: user.id, limit: 1000 }).reverse();
}

export function failuresOf(room: Room, user = room.user): number {
  return room.store.users.verificationFailuresSince(user.id, new Date(0));
}

/** A random source whose `int` answers come from a script first (push numbers, question draws). */
export function scriptedRandom(ints: number[]): Random {
  const queue = [...ints];
  return {
    bytes: (length) => cryptoRandom.bytes(length),
    int: (max) => {
      const next = queue.shift();
      return next === undefined ? cryptoRandom.int(max) : next % max;
    },
  };
}

/** A code other than `code`, for wrong guesses. */
export function otherCode(code: string, offset = 1): string {
  return String((Number(code) + offset) % 1_000_000).padStart(6, '0');
}

/** No event carries the code, answer or secret: spec §10. */
export function expectNoSecretIn(events: AuditEvent[], secrets: string[]): void {
  const text = JSON.stringify(events);
  for (const secret of secrets) {
    if (text.includes(secret)) throw new Error('An audit event carries a secret.');
  }
}
