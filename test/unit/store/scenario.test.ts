import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { normalizeAnswer } from '../../../shared/answers';
import { isAdminRole, planFeatures, validateTenantPolicy } from '../../../shared/policy';
import { ManualClock } from '../../../electron/main/clock';
import { createHasher } from '../../../electron/main/password/hasher';
import { loadScenario, seedIfEmpty, type ScenarioDeps } from '../../../electron/main/scenario/load';
import { parseScenario, resolveTime, type Scenario, type ScenarioInput } from '../../../electron/main/scenario/schema';
import { openStore, type Store, type User } from '../../../electron/main/store';
import type { SecretBox } from '../../../electron/main/vault/types';

const contosoPath = fileURLToPath(new URL('../../../resources/scenarios/contoso.json', import.meta.url));
const contosoJson = readFileSync(contosoPath, 'utf8');
const loadTime = '2026-01-05T09:00:00.000Z';
const day = 86_400_000;

/** A real AES-256-GCM box, as the vault's is: iv.ciphertext.tag, base64. */
function aesGcmSecretBox(key: Buffer = randomBytes(32)): SecretBox {
  return {
    seal(plaintext) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const sealed = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      return ['v1', iv.toString('base64'), sealed.toString('base64'), cipher.getAuthTag().toString('base64')].join('.');
    },
    open(sealed) {
      const [version, iv, body, tag] = sealed.split('.');
      if (version !== 'v1' || !iv || !body || !tag) throw new Error('not a sealed secret');
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64'));
      decipher.setAuthTag(Buffer.from(tag, 'base64'));
      return Buffer.concat([decipher.update(Buffer.from(body, 'base64')), decipher.final()]).toString('utf8');
    },
  };
}

function makeDeps(): ScenarioDeps {
  return {
    hasher: createHasher({ N: 1024, r: 8, p: 1 }),
    secretBox: aesGcmSecretBox(),
    clock: new ManualClock(loadTime),
  };
}

function contosoInput(): ScenarioInput {
  return JSON.parse(contosoJson) as ScenarioInput;
}

function contoso(): Scenario {
  return parseScenario(contosoInput(), contosoPath);
}

/** Every plaintext secret the scenario file holds: passwords, previous passwords, answers, TOTP secrets. */
function secretsOf(input: ScenarioInput): string[] {
  const secrets: string[] = [];
  for (const tenant of input.tenants) {
    for (const user of tenant.users ?? []) {
      if (user.password !== undefined) secrets.push(user.password);
      secrets.push(...(user.previousPasswords ?? []));
      for (const method of user.methods ?? []) {
        if (method.kind === 'authenticatorApp') secrets.push(method.secret, method.secret.toLowerCase());
        if (method.kind === 'securityQuestions') {
          for (const entry of method.answers) {
            if ('answer' in entry) secrets.push(entry.answer, normalizeAnswer(entry.answer));
          }
        }
      }
    }
  }
  return secrets;
}

function countRows(store: Store, table: string): number {
  return store.db.prepare<[], { n: number }>(`SELECT count(*) AS n FROM ${table}`).get()?.n ?? -1;
}

describe('scenario format: times', () => {
  it('relative times count from the moment the scenario is loaded', () => {
    const now = new Date(loadTime);
    expect(resolveTime('now', now)).toEqual(now);
    expect(resolveTime('-100d', now)).toEqual(new Date(now.getTime() - 100 * day));
    expect(resolveTime('+30m', now)).toEqual(new Date(now.getTime() + 30 * 60_000));
    expect(resolveTime('-2h', now)).toEqual(new Date(now.getTime() - 2 * 3_600_000));
    expect(resolveTime('-3w', now)).toEqual(new Date(now.getTime() - 21 * day));
    expect(resolveTime('2025-12-01T10:00:00Z', now)).toEqual(new Date('2025-12-01T10:00:00Z'));
  });
});

describe('the Contoso demo scenario', () => {
  let store: Store;
  let deps: ScenarioDeps;
  let tenantId: number;
  const at = (offsetMs: number) => new Date(new Date(loadTime).getTime() + offsetMs);
  const user = (upn: string): User => {
    const found = store.users.byUpn(upn);
    if (!found) throw new Error(`${upn} was not loaded`);
    return found;
  };
  const kinds = (upn: string) => store.methods.listForUser(user(upn).id).map((m) => m.kind);
  const inPilot = (upn: string) => {
    const pilot = store.groups.byName(tenantId, 'SSPR Pilot');
    return pilot !== null && store.groups.isMember(pilot.id, user(upn).id);
  };

  beforeAll(async () => {
    store = openStore(':memory:');
    deps = makeDeps();
    await loadScenario(store, contoso(), deps);
    tenantId = store.tenants.first()?.id ?? -1;
  });
  afterAll(() => store.close());

  it('validates and loads: Contoso first, then Fabrikam, Northwind Traders and Adatum', () => {
    expect(store.tenants.list().map((t) => t.name)).toEqual(['Contoso', 'Fabrikam', 'Northwind Traders', 'Adatum']);
    expect(store.tenants.first()?.name).toBe('Contoso');
    const scenario = contoso();
    const users = scenario.tenants.flatMap((t) => t.users);
    expect(countRows(store, 'users')).toBe(users.length);
    for (const u of users) expect(u.note, `${u.upn} explains what it demonstrates`).toBeTruthy();
  });

  it('Contoso: P1, directory sync, writeback and unlock, SSPR for the SSPR Pilot group, branded, with a helpdesk', () => {
    const tenant = store.tenants.get(tenantId);
    expect(tenant).toMatchObject({ plan: 'p1', directorySync: true, allowedToUseSspr: true, trialStart: null });
    expect(tenant?.ssprPolicy).toMatchObject({
      enabledFor: 'selected',
      writeback: true,
      allowUnlock: true,
      methodsRequiredToReset: 2,
    });
    expect(tenant?.ssprPolicy.selectedGroupId).toBe(store.groups.byName(tenantId, 'SSPR Pilot')?.id);
    expect(tenant?.customization.helpdeskLink).toBeTruthy();
    expect(tenant?.customization.helpdeskText).toBeTruthy();
    expect(tenant?.customization.accentColor).toMatch(/^#[0-9a-f]{6}$/i);
    expect(store.tenants.domains(tenantId).map((d) => [d.name, d.kind, d.verified])).toEqual([
      ['contoso.onmicrosoft.com', 'initial', true],
      ['contoso.com', 'custom', true],
    ]);
    if (!tenant) throw new Error('Contoso was not loaded');
    expect(validateTenantPolicy(tenant)).toEqual([]);
  });

  it('§3.1 a disabled account', () => {
    expect(user('irvin.sayers@contoso.com').enabled).toBe(false);
  });

  it('§3.2 a pilot member and a user outside the pilot group', () => {
    expect(inPilot('adele.vance@contoso.com')).toBe(true);
    expect(inPilot('alex.wilber@contoso.com')).toBe(false);
    expect(kinds('alex.wilber@contoso.com')).toHaveLength(2);
  });

  it('the regular user: pilot member with SMS and e-mail, last user on the lock screen', async () => {
    const adele = user('adele.vance@contoso.com');
    expect(kinds(adele.upn)).toEqual(['mobilePhone', 'email']);
    expect(adele.license).toBe('p1');
    expect(store.device.get().lastUserUpn?.toLowerCase()).toBe(adele.upn);
    expect((await deps.hasher.verify('Harbor-Lantern-47', adele.passwordHash)).ok).toBe(true);
  });

  it('§3.3 a guest with a license and a guest without', () => {
    const pat = user('pat.jones_fabrikam.example#EXT#@contoso.onmicrosoft.com');
    const sam = user('sam.taylor_tailspintoys.example#EXT#@contoso.onmicrosoft.com');
    expect([pat.guest, pat.license]).toEqual([true, 'p1']);
    expect([sam.guest, sam.license]).toEqual([true, null]);
    expect(inPilot(pat.upn) && inPilot(sam.upn)).toBe(true);
  });

  it('§3.4, §3.5 synced users with and without writeback, a federated user without', () => {
    const johanna = user('johanna.lorenz@contoso.com');
    expect(johanna.source).toBe('synced');
    expect(planFeatures[johanna.license ?? 'free'].writeback).toBe(true);
    expect(johanna.onPremLockout.lockedUntil).toEqual(at(30 * 60_000));
    const grady = user('grady.archie@contoso.com');
    expect(grady.source).toBe('synced');
    expect(planFeatures[grady.license ?? 'free'].writeback).toBe(false);
    const nestor = user('nestor.wilke@contoso.com');
    expect(nestor.source).toBe('federated');
    expect(planFeatures[nestor.license ?? 'free'].writeback).toBe(false);
  });

  it('§3.6, §4 administrators: Helpdesk Administrator with e-mail, mobile and app; two Global Administrators', () => {
    const patti = user('patti.fernandez@contoso.com');
    expect(store.users.roles(patti.id)).toEqual(['Helpdesk Administrator']);
    expect(kinds(patti.upn).sort()).toEqual(['authenticatorApp', 'email', 'mobilePhone']);
    expect(
      store.users
        .withRole(tenantId, 'Global Administrator')
        .map((u) => u.upn)
        .sort(),
    ).toEqual(['admin@contoso.onmicrosoft.com', 'isaiah.langer@contoso.com']);
    expect(kinds('isaiah.langer@contoso.com')).toContain('officePhone');
  });

  it('§4 an administrator whose second method is security questions, which admins may not use', () => {
    const diego = user('diego.siciliani@contoso.com');
    expect(store.users.roles(diego.id).every(isAdminRole)).toBe(true);
    expect(kinds(diego.upn).sort()).toEqual(['email', 'securityQuestions']);
  });

  it('§3.7 a user under SSPR lockout', () => {
    expect(user('henrietta.mueller@contoso.com').ssprBlockedUntil).toEqual(at(60 * 60_000));
  });

  it('§3.8 nothing registered; only one method; one usable method out of two registered', () => {
    expect(kinds('megan.bowen@contoso.com')).toEqual([]);
    expect(user('megan.bowen@contoso.com').registrationConfirmedAt).toBeNull();
    expect(kinds('lidia.holloway@contoso.com')).toEqual(['mobilePhone']);
    expect(user('lidia.holloway@contoso.com').registrationFirstPromptedAt).toEqual(at(-20 * day));
    expect(kinds('lee.gu@contoso.com')).toEqual(['mobilePhone', 'officePhone']);
    expect(store.tenants.get(tenantId)?.ssprPolicy.methodsAllowed).not.toContain('officeCall');
    expect(store.tenants.get(tenantId)?.ssprPolicy.methodsRequiredToReset).toBe(2);
    for (const upn of ['megan.bowen@contoso.com', 'lidia.holloway@contoso.com', 'lee.gu@contoso.com']) {
      expect(inPilot(upn)).toBe(true);
    }
  });

  it('§7 a high-risk user with P2; §7 a user due to reconfirm', () => {
    expect(user('miriam.graham@contoso.com')).toMatchObject({ risk: 'high', license: 'p2' });
    expect(user('enrico.cattaneo@contoso.com').registrationConfirmedAt).toEqual(at(-200 * day));
  });

  it('§8 an expired password (set 100 days ago) with history; §11 a must-change user', async () => {
    const joni = user('joni.sherman@contoso.com');
    expect(joni.passwordLastSet).toEqual(at(-100 * day));
    const history = store.users.passwordHistory(joni.id, 3);
    expect(history).toHaveLength(3);
    expect((await deps.hasher.verify('Lantern-Ferry-89', history[1] ?? '')).ok).toBe(true);
    expect(user('lynne.robbins@contoso.com').mustChange).toBe(true);
  });

  it('§5 authenticator app: the TOTP secret is sealed and opens to the base32 secret', () => {
    const christie = user('christie.cline@contoso.com');
    const app = store.methods.listForUser(christie.id).find((m) => m.kind === 'authenticatorApp');
    if (app?.kind !== 'authenticatorApp') throw new Error('no app');
    expect(app.sealedSecret).not.toContain('4CSXRCR376AJTMEGFG6UGCEBX7LPDWOI');
    expect(deps.secretBox.open(app.sealedSecret)).toBe('4CSXRCR376AJTMEGFG6UGCEBX7LPDWOI');
  });

  it('§5 security questions: four registered, answers hashed after normalising', async () => {
    const enrico = user('enrico.cattaneo@contoso.com');
    const questions = store.methods.listForUser(enrico.id).find((m) => m.kind === 'securityQuestions');
    if (questions?.kind !== 'securityQuestions') throw new Error('no questions');
    expect(questions.answers).toHaveLength(4);
    const flight = questions.answers.find((a) => a.question === 'What was the destination of your first flight?');
    expect((await deps.hasher.verify(normalizeAnswer('  REYKJAVIK '), flight?.answerHash ?? '')).ok).toBe(true);
    expect((await deps.hasher.verify(normalizeAnswer('Oslo'), flight?.answerHash ?? '')).ok).toBe(false);
  });

  it('§1 the UPN domain picks the tenant: Fabrikam (free, SSPR for all)', () => {
    const fabrikam = store.tenants.forUpn('ben.walters@fabrikam.onmicrosoft.com');
    expect(fabrikam).toMatchObject({ name: 'Fabrikam', plan: 'free', directorySync: false });
    expect(fabrikam?.ssprPolicy.enabledFor).toBe('all');
    expect(store.tenants.domains(fabrikam?.id ?? -1).map((d) => d.kind)).toEqual(['initial']);
    expect(store.tenants.forUpn('admin@contoso.onmicrosoft.com')?.name).toBe('Contoso');
  });

  it('§4 the one-gate exceptions and the admin switch: Northwind on a 10-day-old trial, Adatum with admin SSPR off', () => {
    expect(store.tenants.forUpn('dana.kim@northwindtraders.com')?.trialStart).toEqual(at(-10 * day));
    expect(store.tenants.forUpn('ravi.patel@adatum.com')?.allowedToUseSspr).toBe(false);
  });

  it('§9 the device: AllowPasswordReset 1, Entra joined, Windows 11, training panel on', () => {
    expect(store.device.get()).toMatchObject({
      allowPasswordReset: true,
      joinType: 'entra-joined',
      osVersion: '10.0.26100',
      trainingPanel: true,
      captcha: true,
    });
  });
});

describe('scenario loading is safe', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'sspr-scenario-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('no plaintext password, answer or TOTP secret appears anywhere in the database file or its WAL', async () => {
    const path = join(dir, 'sspr.db');
    const store = openStore(path);
    await loadScenario(store, contoso(), makeDeps());
    const secrets = secretsOf(contosoInput());
    expect(secrets.length).toBeGreaterThan(40);
    const scan = () => {
      const bytes = Buffer.concat([path, `${path}-wal`].filter(existsSync).map((file) => readFileSync(file)));
      // The scan must be able to see text at all: the UPNs are there in the clear.
      expect(bytes.includes('adele.vance@contoso.com')).toBe(true);
      return secrets.filter((secret) => bytes.includes(secret, 0, 'utf8'));
    };
    expect(existsSync(`${path}-wal`)).toBe(true);
    expect(scan()).toEqual([]);
    store.close();
    expect(scan()).toEqual([]);
  });

  it('a load is all-or-nothing: a scenario with a bad row leaves the database empty', async () => {
    const store = openStore(':memory:');
    const scenario = contoso();
    const last = scenario.tenants.at(-1);
    const template = last?.users[0];
    if (!last || !template) throw new Error('the scenario has no users');
    // Passes the schema (built by hand) but the database refuses it: an e-mail method equal to the UPN.
    last.users.push({
      ...template,
      upn: 'broken@adatum.com',
      methods: [{ kind: 'email', address: 'broken@adatum.com' }],
    });
    await expect(loadScenario(store, scenario, makeDeps())).rejects.toThrow(/never the user's own UPN/);
    expect(store.tenants.isEmpty()).toBe(true);
    for (const table of [
      'tenants',
      'domains',
      'users',
      'directory_groups',
      'group_members',
      'auth_methods',
      'security_answers',
      'password_history',
    ]) {
      expect(countRows(store, table), table).toBe(0);
    }
    expect(store.device.get()).toMatchObject({ allowPasswordReset: false, lastUserUpn: null, trainingPanel: false });
    store.close();
  });

  it('seedIfEmpty loads the file into an empty store once, then leaves it alone', async () => {
    const store = openStore(join(dir, 'seed.db'));
    expect(await seedIfEmpty(store, contosoPath, makeDeps())).toBe(true);
    const users = countRows(store, 'users');
    expect(users).toBeGreaterThan(20);
    expect(await seedIfEmpty(store, contosoPath, makeDeps())).toBe(false);
    expect(countRows(store, 'users')).toBe(users);
    store.close();
  });

  it('an invalid scenario file is refused with its path and first issues, no secret quoted, nothing written', async () => {
    const input = contosoInput();
    const tenant = input.tenants[0];
    const first = tenant?.users?.[0];
    if (!tenant || !first) throw new Error('no user');
    first.upn = 'adele.vance@not-contoso.example';
    tenant.plan = 'enterprise' as 'p1';
    const file = join(dir, 'broken.json');
    writeFileSync(file, JSON.stringify(input));
    const store = openStore(':memory:');
    const error = await seedIfEmpty(store, file, makeDeps()).then(
      () => null,
      (e: unknown) => e as Error,
    );
    expect(error?.message).toContain(file);
    expect(error?.message).toContain('tenants.0.plan');
    expect(error?.message).toMatch(/not on a verified domain|tenants\.0/);
    for (const secret of secretsOf(contosoInput())) expect(error?.message).not.toContain(secret);
    expect(store.tenants.isEmpty()).toBe(true);
    store.close();
  });

  it('a file that is not JSON is refused with its path and the place, never the text around it', async () => {
    const file = join(dir, 'not-json.json');
    writeFileSync(file, '{\n  "format": 1,\n  "password": "Harbor-Lantern-47" oops\n}');
    const store = openStore(':memory:');
    const error = await seedIfEmpty(store, file, makeDeps()).then(
      () => null,
      (e: unknown) => e as Error,
    );
    expect(error?.message).toContain(file);
    expect(error?.message).toMatch(/not valid JSON/);
    expect(error?.message).not.toContain('Harbor-Lantern-47');
    await expect(seedIfEmpty(store, join(dir, 'missing.json'), makeDeps())).rejects.toThrow(
      /could not be read \(ENOENT\)/,
    );
    store.close();
  });
});

describe('scenario format: the schema refuses what the directory could not hold', () => {
  type TenantInput = ScenarioInput['tenants'][number];
  type UserInput = NonNullable<TenantInput['users']>[number];
  const minimal = () => {
    const user: UserInput = {
      upn: 'kim@tailspintoys.com',
      displayName: 'Kim',
      password: 'Plain-Text-1',
      groups: ['Pilot'],
    };
    const tenant: TenantInput = {
      name: 'Tailspin',
      domains: ['tailspin.onmicrosoft.com', 'tailspintoys.com'],
      plan: 'p1',
      groups: [{ name: 'Pilot' }],
      ssprPolicy: { enabledFor: 'selected', selectedGroup: 'Pilot' },
      users: [user],
    };
    const input: ScenarioInput = { format: 1, name: 'Minimal', tenants: [tenant] };
    return { input, tenant, user };
  };
  const issues = (input: ScenarioInput) => {
    try {
      parseScenario(input, 'test.json');
      return '';
    } catch (error) {
      return (error as Error).message;
    }
  };

  it('a minimal scenario fills the §2 and §8 defaults in', () => {
    const scenario = parseScenario(minimal().input, 'test.json');
    expect(scenario.tenants[0]?.ssprPolicy).toMatchObject({
      methodsRequiredToReset: 1,
      reconfirmDays: 180,
      selectedGroup: 'Pilot',
    });
    expect(scenario.tenants[0]?.passwordPolicy).toEqual({
      minLength: 8,
      historyCount: 3,
      expiryDays: 90,
      bannedTerms: [],
    });
    expect(scenario.tenants[0]?.users[0]).toMatchObject({
      enabled: true,
      source: 'cloud',
      license: null,
      passwordLastSet: 'now',
    });
  });

  it('refuses cross-field policy breaks with the rule named', () => {
    const { input, tenant } = minimal();
    tenant.ssprPolicy = { ...tenant.ssprPolicy, writeback: true, questionsRequiredToReset: 5 };
    const message = issues(input);
    expect(message).toContain('writebackNeedsDirectorySync');
    expect(message).toContain('questionsToResetWithinRegister');
  });

  it('refuses an unknown pilot group, a UPN off the tenant’s domains, an unknown group and a duplicate UPN', () => {
    const { input, tenant } = minimal();
    tenant.ssprPolicy = { enabledFor: 'selected', selectedGroup: 'Nobody' };
    tenant.users = [
      { upn: 'kim@tailspintoys.com', displayName: 'Kim', password: 'x', groups: ['Ghosts'] },
      { upn: 'KIM@tailspintoys.com', displayName: 'Kim again', password: 'x' },
      { upn: 'lee@elsewhere.example', displayName: 'Lee', password: 'x' },
    ];
    const message = issues(input);
    expect(message).toContain('selectedGroupInTenant');
    expect(message).toContain('Ghosts');
    expect(message).toContain('listed twice');
    expect(message).toContain('not on a verified domain');
  });

  it('refuses a question outside the bank and a method kind registered twice', () => {
    const { input, user } = minimal();
    user.methods = [
      { kind: 'securityQuestions', answers: [{ question: 'What is your quest?', answer: 'the grail' }] },
      { kind: 'mobilePhone', phoneNumber: '+1 425 555 0101' },
      { kind: 'mobilePhone', phoneNumber: '+1 425 555 0102' },
    ];
    const message = issues(input);
    expect(message).toContain('question bank');
    expect(message).toContain('mobilePhone twice');
    expect(message).not.toContain('the grail');
  });

  it('refuses a TOTP secret that is not base32 and a misspelt field, quoting neither value', () => {
    const { input, user } = minimal();
    user.methods = [{ kind: 'authenticatorApp', secret: 'not base32!' }];
    Object.assign(user, { pasword: 'typo-value' });
    const message = issues(input);
    expect(message).toContain('base32');
    expect(message).toContain('pasword');
    expect(message).not.toContain('not base32!');
    expect(message).not.toContain('typo-value');
  });
});
