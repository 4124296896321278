// Issue 8: `sspr scenario save` writes the whole lab as a scenario file that loads back into the same
// lab: passwords and answers as their stored hashes, TOTP secrets opened, every time absolute.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../electron/main/clock';
import { createHasher } from '../../../electron/main/password/hasher';
import { replaceWithScenario } from '../../../electron/main/scenario/replace';
import { saveScenario } from '../../../electron/main/scenario/save';
import { parseScenario, type ScenarioInput } from '../../../electron/main/scenario/schema';
import { openStore, type Store } from '../../../electron/main/store';
import { verifyAuditChain } from '../../../electron/main/store/audit-chain';
import { createSecretBox } from '../../../electron/main/vault/secret-box';
import type { SecretBox } from '../../../electron/main/vault/types';
import { openAdminHarness, type AdminHarness } from '../admin/support';
import { fastHashCost } from '../support/engine';

let h: AdminHarness;
let box: SecretBox;
beforeEach(async () => {
  h = await openAdminHarness();
  box = createSecretBox(await h.t.vault.dataKey());
});
afterEach(() => h.close());

const hasher = createHasher(fastHashCost);
const newPassword = 'Quartz#Tundra-Harbor9';

/** A new database with its own keys, as on another machine, and the saved lab loaded into it a week later. */
async function loadElsewhere(saved: ScenarioInput): Promise<{ store: Store; box: SecretBox; auditKey: Buffer }> {
  const auditKey = randomBytes(32);
  const otherBox = createSecretBox(randomBytes(32));
  const store = openStore(':memory:', { auditKey, secretBox: otherBox });
  const clock = new ManualClock('2026-03-09T09:00:00Z');
  // Through JSON, as the file is written and read.
  const scenario = parseScenario(JSON.parse(JSON.stringify(saved)), 'saved.json');
  await replaceWithScenario(store, scenario, {
    hasher,
    secretBox: otherBox,
    clock,
    actor: 'test',
    source: 'saved.json',
  });
  return { store, box: otherBox, auditKey };
}

/** Real use of the demo lab first: a reset (history with a real time) and an SSPR block. */
async function useTheDemo(): Promise<void> {
  const { flowId, view } = await h.identify('adele.vance@contoso.com');
  if (view.step !== 'verify') throw new Error('expected the verify step');
  for (const [gateMethod, recipient] of [
    ['mobileSms', '+1 425 555 0101'],
    ['email', 'adele.vance@personal.example'],
  ] as const) {
    const current = await h.call('reset.view', { flowId });
    if (current.step !== 'verify') throw new Error('expected the verify step');
    const option = current.options.find((candidate) => candidate.gateMethod === gateMethod);
    await h.call('reset.chooseMethod', {
      flowId,
      gateMethod,
      methodId: option?.methodId ?? 0,
      ...(gateMethod === 'mobileSms' ? { phoneNumber: recipient } : {}),
    });
    await h.call('reset.respond', { flowId, response: { code: h.codeSentTo(recipient) } });
  }
  expect(await h.call('reset.setPassword', { flowId, newPassword, confirmPassword: newPassword })).toMatchObject({
    step: 'done',
  });
}

describe('issue 8 saving a lab as a scenario', () => {
  it('issue 8 a saved lab loads into a fresh store and saves again identically', async () => {
    await useTheDemo();
    const saved = saveScenario(h.store, { secretBox: box, clock: h.clock }, { name: 'Contoso after a reset' });
    const elsewhere = await loadElsewhere(saved);
    try {
      expect(saveScenario(elsewhere.store, { secretBox: elsewhere.box, clock: h.clock }, { name: saved.name })).toEqual(
        saved,
      );
      expect(verifyAuditChain(elsewhere.store.db, elsewhere.auditKey)).toMatchObject({ intact: true, events: 1 });
    } finally {
      elsewhere.store.close();
    }
  });

  it('issue 8 each training pack survives the round trip: load, save, load elsewhere, save again', async () => {
    for (const packId of ['pilot-rollout', 'admin-two-gates', 'lockout-drill'] as const) {
      await h.call('admin.scenarios.load', { packId });
      const saved = saveScenario(h.store, { secretBox: box, clock: h.clock }, { name: packId });
      const elsewhere = await loadElsewhere(saved);
      try {
        expect(saveScenario(elsewhere.store, { secretBox: elsewhere.box, clock: h.clock }, { name: packId })).toEqual(
          saved,
        );
      } finally {
        elsewhere.store.close();
      }
    }
  });

  it('issue 8 a saved lab holds no password or answer, only their hashes, and they still sign in', async () => {
    await useTheDemo();
    const saved = saveScenario(h.store, { secretBox: box, clock: h.clock }, { name: 'Contoso' });
    const text = JSON.stringify(saved);
    const demo = readFileSync('resources/scenarios/contoso.json', 'utf8');
    const passwords = [...demo.matchAll(/"password": "([^"]+)"/g)].map((match) => match[1] ?? '');
    const answers = [...demo.matchAll(/"answer": "([^"]+)"/g)].map((match) => match[1] ?? '');
    expect(passwords.length).toBeGreaterThan(10);
    for (const secret of [...passwords, ...answers, newPassword]) expect(text).not.toContain(`"${secret}"`);
    // The TOTP secrets are opened (training data; the command line warns), sealed again on load.
    expect(text).toContain('4CSXRCR376AJTMEGFG6UGCEBX7LPDWOI');

    const elsewhere = await loadElsewhere(saved);
    try {
      const adele = elsewhere.store.users.byUpn('adele.vance@contoso.com');
      expect((await hasher.verify(newPassword, adele?.passwordHash ?? '')).ok).toBe(true);
      // §8 history: the demo password is remembered as the earlier one.
      const history = elsewhere.store.users.passwordHistory(adele?.id ?? 0, 5);
      expect((await hasher.verify('Harbor-Lantern-47', history[1] ?? '')).ok).toBe(true);
    } finally {
      elsewhere.store.close();
    }
  });

  it('issue 8 a stored hash in a scenario is checked: anything else is refused, naming the field, never the value', () => {
    const scenario = (user: Record<string, unknown>) => ({
      format: 1,
      name: 'Hashes',
      tenants: [
        {
          name: 'Hashes',
          domains: ['hashes.onmicrosoft.com'],
          plan: 'p1',
          users: [{ upn: 'a.b@hashes.onmicrosoft.com', displayName: 'A B', ...user }],
        },
      ],
    });
    expect(() => parseScenario(scenario({ passwordHash: 'Not-A-Hash-77' }), 'x.json')).toThrow(
      /users\.0\.passwordHash: must be a stored scrypt hash/,
    );
    expect(() => parseScenario(scenario({ passwordHash: 'Not-A-Hash-77' }), 'x.json')).not.toThrow(/Not-A-Hash-77/);
    expect(() => parseScenario(scenario({}), 'x.json')).toThrow(/give either password or passwordHash/);
    const hash = 'scrypt$v=1$N=1024,r=8,p=1$c2FsdHNhbHRzYWx0c2FsdA==$a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2U=';
    expect(() => parseScenario(scenario({ password: 'Orbit-Lagoon-26', passwordHash: hash }), 'x.json')).toThrow(
      /not both/,
    );
    expect(parseScenario(scenario({ passwordHash: hash }), 'x.json').tenants[0]?.users[0]?.passwordHash).toBe(hash);
  });
});
