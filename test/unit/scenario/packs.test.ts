// Issue 8: each training pack, loaded as the settings pane loads it (admin.scenarios.load on a running
// engine), does what its trainer note says should happen, through the real engine and contract.
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { globalBannedIndex, globalListFileName } from '../../../electron/main/password/banned-list';
import { createHasher } from '../../../electron/main/password/hasher';
import { createPasswordPolicy } from '../../../electron/main/password/policy';
import { listPacks, PackNotFound, readPack, readScenarioFile } from '../../../electron/main/scenario/packs';
import type { Scenario } from '../../../electron/main/scenario/schema';
import type { FlowView } from '../../../shared/reset';
import { openAdminHarness, type AdminHarness } from '../admin/support';
import { fastHashCost } from '../support/engine';

const resourcesDir = resolve('resources');
const packIds = [
  'pilot-rollout',
  'hybrid-writeback-outage',
  'admin-two-gates',
  'registration-campaign',
  'lockout-drill',
] as const;
const newPassword = 'Quartz#Tundra-Harbor9';

let h: AdminHarness;
beforeEach(async () => {
  h = await openAdminHarness();
});
afterEach(() => h.close());

async function load(packId: (typeof packIds)[number]): Promise<void> {
  await h.call('admin.scenarios.load', { packId });
}

function verifyView(view: FlowView): Extract<FlowView, { step: 'verify' }> {
  if (view.step !== 'verify') throw new Error(`expected the verify step, got ${view.step}: ${JSON.stringify(view)}`);
  return view;
}

async function signIn(upn: string, password: string) {
  return h.call('session.signIn', { upn, password });
}

describe('issue 8 the training packs', () => {
  it('issue 8 every pack loads, holds 5 to 15 users, and its training passwords pass its tenant’s §8 rules', async () => {
    const hasher = createHasher(fastHashCost);
    const passwords = createPasswordPolicy({
      globalList: globalBannedIndex(join(resourcesDir, globalListFileName)),
      hasher,
    });
    const listed = new Map(listPacks(resourcesDir).map((pack) => [pack.id, pack]));
    for (const id of packIds) {
      expect(listed.get(id)).toMatchObject({ id, error: null });
      const scenario = await readPack(resourcesDir, id);
      expect(scenario.trainerNote).toBeDefined();
      for (const tenant of scenario.tenants) {
        expect(tenant.users.length).toBeGreaterThanOrEqual(5);
        expect(tenant.users.length).toBeLessThanOrEqual(15);
        for (const user of tenant.users) {
          const evaluation = passwords.evaluateRules({
            password: user.password ?? '',
            user: { upn: user.upn, displayName: user.displayName, ...namesOf(user) },
            tenant: { name: tenant.name },
            policy: tenant.passwordPolicy,
            customTerms: tenant.passwordPolicy.bannedTerms,
          });
          expect({ upn: user.upn, failures: evaluation.failures }).toEqual({ upn: user.upn, failures: [] });
        }
      }
      // The trainer note and the users' notes reach the console's screen: no secret of the pack may be in them.
      const shown = JSON.stringify([scenario.trainerNote, scenario.tenants.map((t) => t.users.map((u) => u.note))]);
      for (const secret of secretsOf(scenario)) expect(shown).not.toContain(secret);
    }
  });

  it('issue 8 §3.2 pilot rollout: a user outside the Selected group is stopped by the scope rule, a member resets', async () => {
    await load('pilot-rollout');
    const carla = await h.identify('carla.mendes@woodgrovebank.com');
    expect(carla.view).toMatchObject({ step: 'stopped', outcome: 'notInSsprGroup' });
    const why = await h.call('admin.whatIf', { upn: 'carla.mendes@woodgrovebank.com' });
    expect(JSON.stringify(why)).toContain('scope.selected.notMember');
    // §3 order: outside the group and unregistered, the scope still decides first.
    expect((await h.identify('daniel.okafor@woodgrovebank.com')).view).toMatchObject({ outcome: 'notInSsprGroup' });

    const amy = await h.identify('amy.lee@woodgrovebank.com');
    expect(verifyView(amy.view)).toMatchObject({ gatesRequired: 1, admin: false });
    expect(await h.passCodeGate(amy.flowId, amy.view, 'mobileSms', '+1 206 555 0141')).toMatchObject({
      step: 'newPassword',
    });
    expect(
      await h.call('reset.setPassword', { flowId: amy.flowId, newPassword, confirmPassword: newPassword }),
    ).toMatchObject({ step: 'done', action: 'reset' });

    // §3.8 and §7: a member with nothing registered is stopped, and asked to register at sign-in.
    expect((await h.identify('erin.walsh@woodgrovebank.com')).view).toMatchObject({ outcome: 'notEnoughMethods' });
    const erin = await signIn('erin.walsh@woodgrovebank.com', 'Sunset-Harvest-63');
    expect(erin).toMatchObject({ outcome: 'signedIn', session: { next: { step: 'registration', mandatory: false } } });
  });

  it('issue 8 §5 hybrid outage: a synced user’s reset with the agent down changes nothing; a cloud user’s works', async () => {
    await load('hybrid-writeback-outage');
    const before = h.store.users.byUpn('olivia.brown@tailspintoys.com');
    const olivia = await h.identify('olivia.brown@tailspintoys.com');
    expect(olivia.view).toMatchObject({ step: 'chooseAction' });
    const gate = await h.call('reset.chooseAction', { flowId: olivia.flowId, action: 'reset' });
    expect(await h.passCodeGate(olivia.flowId, gate, 'mobileSms', '+1 312 555 0151')).toMatchObject({
      step: 'newPassword',
    });
    const refused = await h.call('reset.setPassword', {
      flowId: olivia.flowId,
      newPassword,
      confirmPassword: newPassword,
    });
    expect(refused).toMatchObject({ step: 'newPassword', notice: { code: 'writebackFailed', reason: 'agentDown' } });
    expect(h.store.users.byUpn('olivia.brown@tailspintoys.com')?.passwordHash).toBe(before?.passwordHash);
    expect(h.store.audit.list({ limit: 5, activity: 'writebackFailed' })).toHaveLength(1);

    const nora = await h.identify('nora.quinn@tailspintoys.com');
    expect(await h.passCodeGate(nora.flowId, nora.view, 'mobileSms', '+1 312 555 0154')).toMatchObject({
      step: 'newPassword',
    });
    expect(
      await h.call('reset.setPassword', { flowId: nora.flowId, newPassword, confirmPassword: newPassword }),
    ).toMatchObject({ step: 'done', wroteBack: false });
    expect((await signIn('nora.quinn@tailspintoys.com', newPassword)).outcome).toBe('signedIn');
    // §3.4: a synced user on a plan without writeback is managed on-premises, agent or not.
    expect((await h.identify('irene.costa@tailspintoys.com')).view).toMatchObject({ outcome: 'managedOnPremises' });
  });

  it('issue 8 §4 administrators: two gates and never security questions; a regular user gets one and may use them', async () => {
    await load('admin-two-gates');
    const ravi = verifyView((await h.identify('ravi.patel@northwindtraders.com')).view);
    expect(ravi).toMatchObject({ gatesRequired: 2, admin: true });
    expect(ravi.options.map((option) => option.gateMethod)).not.toContain('securityQuestions');
    const zoe = verifyView((await h.identify('zoe.martin@northwindtraders.com')).view);
    expect(zoe).toMatchObject({ gatesRequired: 2, admin: true });

    const lena = verifyView((await h.identify('lena.fischer@northwindtraders.com')).view);
    expect(lena).toMatchObject({ gatesRequired: 1, admin: false });
    expect(lena.options.map((option) => option.gateMethod)).toContain('securityQuestions');
    // §3.6 §3.8: an administrator's questions do not count, so e-mail alone is not enough.
    expect((await h.identify('omar.said@northwindtraders.com')).view).toMatchObject({
      step: 'stopped',
      outcome: 'notEnoughMethods',
    });
  });

  it('issue 8 §7 registration campaign: unregistered users are asked to register at sign-in, mandatory after the grace period', async () => {
    await load('registration-campaign');
    expect(await signIn('noah.fischer@litware.com', 'Coral-Meadow-38')).toMatchObject({
      session: { next: { step: 'registration', mandatory: false, methodsRequired: 2, methodsRegistered: 0 } },
    });
    await h.call('session.signOut', {});
    expect(await signIn('mia.rossi@litware.com', 'Velvet-Harbor-47')).toMatchObject({
      session: { next: { step: 'registration', mandatory: true } },
    });
    await h.call('session.signOut', {});
    expect(await signIn('liam.novak@litware.com', 'Amber-Quokka-Dune-26')).toMatchObject({
      session: { next: { step: 'registration', methodsRegistered: 1 } },
    });
    await h.call('session.signOut', {});
    expect(await signIn('sofia.lind@litware.com', 'Juniper-Coast-83')).toMatchObject({
      session: { next: { step: 'desktop' } },
    });
    await h.call('session.signOut', {});
    expect(await signIn('oscar.diaz@litware.com', 'Hollow-Prism-Kelp-74')).toMatchObject({
      session: { next: { step: 'reconfirm' } },
    });
    // §3.8: until they register, a reset stops them.
    expect((await h.identify('noah.fischer@litware.com')).view).toMatchObject({ outcome: 'notEnoughMethods' });
  });

  it('issue 8 §5.2 §6 lockout drill: the locked-out user unlocks without a reset, and the SSPR block ends when the clock passes it', async () => {
    await load('lockout-drill');
    const before = h.store.users.byUpn('jonas.weber@alpineskihouse.com');
    expect(before?.onPremLockout.lockedUntil).not.toBeNull();
    expect(await signIn('jonas.weber@alpineskihouse.com', 'Harbor-Pine-31')).toMatchObject({ outcome: 'lockedOut' });
    const jonas = await h.identify('jonas.weber@alpineskihouse.com');
    const gate = await h.call('reset.chooseAction', { flowId: jonas.flowId, action: 'unlock' });
    expect(await h.passCodeGate(jonas.flowId, gate, 'mobileSms', '+41 27 555 0181')).toMatchObject({
      step: 'done',
      action: 'unlock',
    });
    const after = h.store.users.byUpn('jonas.weber@alpineskihouse.com');
    expect(after?.onPremLockout.lockedUntil).toBeNull();
    expect(after?.passwordHash).toBe(before?.passwordHash);
    expect((await signIn('jonas.weber@alpineskihouse.com', 'Harbor-Pine-31')).outcome).toBe('signedIn');
    await h.call('session.signOut', {});

    const ava = await h.identify('ava.moreau@alpineskihouse.com');
    expect(ava.view).toMatchObject({ step: 'stopped', outcome: 'ssprLockout' });
    const until = ava.view.step === 'stopped' ? ava.view.until : null;
    expect(until).toBe(new Date(h.clock.now().getTime() + 60 * 60_000).toISOString());
    h.clock.advance(60 * 60_000 + 1);
    expect((await h.identify('ava.moreau@alpineskihouse.com')).view).toMatchObject({ step: 'verify' });

    // §6 smart lockout: Leo's lockout (2 minutes from the load) has passed by now, so his password works.
    expect((await signIn('leo.brandt@alpineskihouse.com', 'Glacier-Summit-44')).outcome).toBe('signedIn');
  });
});

describe('issue 8 listing and reading packs', () => {
  it('issue 8 a broken pack is listed with its error (and its note), never thrown; a pack id is never a path', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sspr-packs-'));
    try {
      mkdirSync(join(dir, 'scenarios'));
      copyFileSync(join(resourcesDir, 'scenarios', 'lockout-drill.json'), join(dir, 'scenarios', 'drill.json'));
      writeFileSync(
        join(dir, 'scenarios', 'bad-json.json'),
        '{\n  "format": 1,\n  "name": "Secret-Pass-12"\n  oops\n}',
      );
      const note = { try: ['Try it.'], expect: ['It works.'], why: 'Because.' };
      writeFileSync(
        join(dir, 'scenarios', 'no-tenants.json'),
        JSON.stringify({ format: 1, name: 'Empty', trainerNote: note }),
      );
      writeFileSync(join(dir, 'scenarios', 'Not A Pack.json'), '{}');
      const packs = listPacks(dir);
      expect(packs.map((pack) => [pack.id, pack.error === null])).toEqual([
        ['bad-json', false],
        ['drill', true],
        ['no-tenants', false],
      ]);
      expect(packs[0]?.error).toMatch(/is not valid JSON \(line 4, column 3\)\.$/);
      expect(packs[0]?.error).not.toContain('Secret-Pass-12');
      expect(packs[2]).toMatchObject({ trainerNote: note, tenants: 0, users: 0 });
      expect(packs[2]?.error).toContain('tenants');

      expect((await readPack(dir, 'drill')).name).toBe('Lockout drill');
      for (const id of ['../scenarios/drill', 'drill.json', '/etc/passwd', 'Not A Pack', '']) {
        await expect(readPack(dir, id)).rejects.toBeInstanceOf(PackNotFound);
      }
      await expect(readPack(dir, 'missing')).rejects.toThrow('There is no scenario pack called missing.');
      await expect(readScenarioFile(join(dir, 'scenarios', 'nothing.json'))).rejects.toThrow(
        /could not be read \(ENOENT\)/,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

/** Every secret a pack holds: passwords, answers, TOTP secrets. */
function secretsOf(scenario: Scenario): string[] {
  return scenario.tenants.flatMap((tenant) =>
    tenant.users.flatMap((user) => [
      ...(user.password === undefined ? [] : [user.password]),
      ...user.previousPasswords,
      ...user.methods.flatMap((method) => {
        if (method.kind === 'authenticatorApp') return [method.secret];
        if (method.kind === 'securityQuestions') {
          return method.answers.flatMap((answer) => ('answer' in answer ? [answer.answer] : []));
        }
        return [];
      }),
    ]),
  );
}

function namesOf(user: { givenName: string | null; surname: string | null }): { givenName?: string; surname?: string } {
  return {
    ...(user.givenName === null ? {} : { givenName: user.givenName }),
    ...(user.surname === null ? {} : { surname: user.surname }),
  };
}
