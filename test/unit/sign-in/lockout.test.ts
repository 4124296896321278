import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { afterWrongPassword, lockoutLengthMs, smartLockout } from '../../../electron/main/sign-in/lockout';
import { createDirectory, resetPassword } from '../../../electron/main/directory';
import { createHasher } from '../../../electron/main/password/hasher';
import { openFlowHarness, type FlowHarness } from '../flows/support';
import { noVaultSecrets } from '../directory/fixtures';
import { fastHashCost } from '../support/engine';
import { credentials, signedIn, userAndTenant, users } from './support';

let h: FlowHarness;
beforeEach(async () => {
  h = await openFlowHarness();
});
afterEach(() => h.close());

const minute = 60_000;
const wrong = 'Not-The-Password-1';

async function wrongTimes(upn: string, times: number) {
  const results = [];
  for (let i = 0; i < times; i++) results.push(await h.call('session.signIn', { upn, password: wrong }));
  return results;
}

describe('§6 cloud smart lockout at sign-in', () => {
  it('§6 10 wrong passwords lock the account for 60 s; even the right one is refused until the clock moves on', async () => {
    const start = h.clock.now().getTime();
    const results = await wrongTimes(users.adele.upn, 10);
    expect(results.slice(0, 9).every((result) => result.outcome === 'wrongCredentials')).toBe(true);
    expect(results[9]).toEqual({
      outcome: 'lockedOut',
      where: 'cloud',
      until: new Date(start + minute).toISOString(),
    });
    expect(await h.call('session.signIn', credentials(users.adele))).toMatchObject({
      outcome: 'lockedOut',
      where: 'cloud',
    });
    h.clock.advance(minute - 1);
    expect(await h.call('session.signIn', credentials(users.adele))).toMatchObject({ outcome: 'lockedOut' });
    h.clock.advance(1);
    expect(await h.call('session.signIn', credentials(users.adele))).toMatchObject({ outcome: 'signedIn' });
    expect(h.store.users.byUpn(users.adele.upn)?.cloudLockout).toEqual({
      failedSignIns: 0,
      lockedUntil: null,
      lockoutCount: 0,
    });
  });

  it('§6 each further lockout is longer: after the first, one more wrong password locks for 2 min, then 4 min', async () => {
    await wrongTimes(users.adele.upn, 10);
    h.clock.advance(minute);
    const second = await wrongTimes(users.adele.upn, 1);
    expect(second[0]).toEqual({
      outcome: 'lockedOut',
      where: 'cloud',
      until: new Date(h.clock.now().getTime() + 2 * minute).toISOString(),
    });
    h.clock.advance(2 * minute);
    const third = await wrongTimes(users.adele.upn, 1);
    expect(third[0]).toMatchObject({ until: new Date(h.clock.now().getTime() + 4 * minute).toISOString() });
    expect(h.store.audit.list({ limit: 10, activity: 'accountLockedOut' })).toHaveLength(3);
  });

  it('§6 wrong passwords while locked are not counted, and the lockout length is capped at an hour', () => {
    const now = new Date('2026-03-02T09:00:00Z');
    const locked = { failedSignIns: 0, lockedUntil: new Date(now.getTime() + minute), lockoutCount: 1 };
    expect(afterWrongPassword(locked, now)).toEqual({ lockout: locked, lockedNow: false });
    expect([0, 1, 2, 3, 6, 7, 30].map(lockoutLengthMs)).toEqual(
      [1, 2, 4, 8, 60, 60, 60].map((minutes) => minutes * minute),
    );
    expect(smartLockout.threshold).toBe(10);
  });

  it('§6 the right password before the threshold starts the count over', async () => {
    await wrongTimes(users.adele.upn, 9);
    await signedIn(h, users.adele);
    await h.call('session.signOut', {});
    const more = await wrongTimes(users.adele.upn, 9);
    expect(more.every((result) => result.outcome === 'wrongCredentials')).toBe(true);
  });
});

describe('§6 the on-premises lockout for synced users', () => {
  it('§6 5 wrong passwords lock a synced account on-premises for 30 min; it ends when the clock moves', async () => {
    const start = h.clock.now().getTime();
    const results = await wrongTimes(users.grady.upn, 5);
    expect(results.slice(0, 4).every((result) => result.outcome === 'wrongCredentials')).toBe(true);
    expect(results[4]).toEqual({
      outcome: 'lockedOut',
      where: 'onPremises',
      until: new Date(start + 30 * minute).toISOString(),
    });
    // The directory keeps it; the cloud counted the same five wrong passwords but is not locked.
    const grady = h.store.users.byUpn(users.grady.upn);
    expect(grady?.onPremLockout).toMatchObject({ failedSignIns: 5 });
    expect(grady?.cloudLockout).toMatchObject({ failedSignIns: 5, lockedUntil: null });
    expect(await h.call('session.signIn', credentials(users.grady))).toMatchObject({
      outcome: 'lockedOut',
      where: 'onPremises',
    });
    h.clock.advance(30 * minute);
    expect(await h.call('session.signIn', credentials(users.grady))).toMatchObject({ outcome: 'signedIn' });
    expect(h.store.users.byUpn(users.grady.upn)?.onPremLockout).toEqual({ failedSignIns: 0, lockedUntil: null });
  });

  it('§6 a cloud user is not held to the on-premises policy', async () => {
    const results = await wrongTimes(users.alex.upn, 5);
    expect(results.every((result) => result.outcome === 'wrongCredentials')).toBe(true);
  });

  it('§5.2 §6 "unlock without reset" clears the on-premises lockout, and the same password signs in', async () => {
    expect(await h.call('session.signIn', credentials(users.johanna))).toMatchObject({
      outcome: 'lockedOut',
      where: 'onPremises',
    });
    const { flowId, view } = await h.identify(users.johanna.upn);
    expect(view.step).toBe('chooseAction');
    const first = await h.call('reset.chooseAction', { flowId, action: 'unlock' });
    if (first.step !== 'verify') throw new Error(first.step);
    const sms = first.options.find((option) => option.gateMethod === 'mobileSms');
    await h.call('reset.chooseMethod', {
      flowId,
      gateMethod: 'mobileSms',
      methodId: sms?.methodId ?? 0,
      phoneNumber: users.johanna.phone,
    });
    const second = await h.call('reset.respond', { flowId, response: { code: h.codeSentTo(users.johanna.phone) } });
    if (second.step !== 'verify') throw new Error(second.step);
    const email = second.options.find((option) => option.gateMethod === 'email');
    await h.call('reset.chooseMethod', { flowId, gateMethod: 'email', methodId: email?.methodId ?? 0 });
    const done = await h.call('reset.respond', { flowId, response: { code: h.codeSentTo(users.johanna.email) } });
    expect(done).toMatchObject({ step: 'done', action: 'unlock' });
    expect(await h.call('session.signIn', credentials(users.johanna))).toMatchObject({ outcome: 'signedIn' });
  });

  it('§5 §6 what a reset or an unlock clears also lifts a cloud smart lockout', async () => {
    await wrongTimes(users.adele.upn, 10);
    const adele = h.store.users.byUpn(users.adele.upn);
    expect(adele?.cloudLockout.lockedUntil).not.toBeNull();
    h.store.users.clearLockouts(adele?.id ?? 0);
    expect(await h.call('session.signIn', credentials(users.adele))).toMatchObject({ outcome: 'signedIn' });
  });
});

describe('§9 a hybrid device without a domain controller', () => {
  it('§9 signs in with the password it verified before, but a password set since waits for a domain controller', async () => {
    h.store.device.update({ joinType: 'hybrid-joined', domainControllerReachable: true });
    await signedIn(h, users.grady);
    await h.call('session.signOut', {});
    h.store.device.update({ domainControllerReachable: false });
    expect(await h.call('session.signIn', credentials(users.grady))).toMatchObject({ outcome: 'signedIn' });
    await h.call('session.signOut', {});

    // A reset elsewhere (say, on a phone) sets a new password while this device can't see a DC.
    const { user: grady, tenant } = userAndTenant(h, users.grady.upn);
    const newPassword = 'Pebble#Lantern-Storm7';
    h.clock.advance(minute);
    const hasher = createHasher(fastHashCost);
    const written = await resetPassword(
      {
        store: h.store,
        directory: createDirectory({ store: h.store, clock: h.clock, hasher, vault: noVaultSecrets }),
        hasher,
        clock: h.clock,
      },
      {
        user: grady,
        tenant,
        newPassword,
        flowId: null,
        deviceId: null,
        actor: 'test',
      },
    );
    expect(written).toEqual({ ok: true, wroteBack: true });
    expect(await h.call('session.signIn', { upn: users.grady.upn, password: newPassword })).toEqual({
      outcome: 'noDomainController',
    });
    expect(h.store.audit.list({ limit: 1, activity: 'signInFailed' })[0]).toMatchObject({
      reason: 'noDomainController',
    });

    // In sight of a domain controller again, the new password works.
    h.store.device.update({ domainControllerReachable: true });
    expect(await h.call('session.signIn', { upn: users.grady.upn, password: newPassword })).toMatchObject({
      outcome: 'signedIn',
    });
  });

  it('§9 a cloud user is not affected', async () => {
    h.store.device.update({ joinType: 'hybrid-joined', domainControllerReachable: false });
    expect(await h.call('session.signIn', credentials(users.alex))).toMatchObject({ outcome: 'signedIn' });
  });
});
