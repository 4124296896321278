import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  connectorFor,
  directoryAccountRef,
  onPremRepository,
  resetPassword,
  unlockAccount,
  type DirectoryResult,
  type OnPremDirectory,
} from '../../../electron/main/directory';
import {
  directorySide,
  hasher,
  minuteMs,
  openWorld,
  passwords,
  request,
  setAgent,
  tenantSide,
  type World,
} from './fixtures';

let world: World;
beforeEach(async () => {
  world = await openWorld();
});
afterEach(() => world.close());

const deps = () => ({ store: world.store, directory: world.directory, hasher, clock: world.clock });
const writebackEvents = () =>
  world.store.audit
    .list({ limit: 100 })
    .filter((event) => event.activity === 'writebackSucceeded' || event.activity === 'writebackFailed');

describe('§5 writeback: the reset is all-or-nothing across the tenant and the on-premises directory', () => {
  it("§5 a synced user's reset writes the password to the on-premises directory", async () => {
    world.clock.advance(5 * minuteMs);
    const result = await resetPassword(deps(), { ...request(world, world.grady), newPassword: passwords.fresh });
    expect(result).toEqual({ ok: true, wroteBack: true });

    const user = world.store.users.get(world.grady.id);
    const account = onPremRepository(world.store).accountForUser(world.grady.id);
    expect((await hasher.verify(passwords.fresh, user?.passwordHash ?? '')).ok).toBe(true);
    expect(account?.passwordHash).toBe(user?.passwordHash);
    expect(account?.pwdLastSet).toEqual(world.clock.now());
    expect(user?.passwordLastSet).toEqual(world.clock.now());
    expect(await world.directory.verifyPassword(directoryAccountRef(world.grady), passwords.fresh)).toEqual({
      outcome: 'verified',
    });
    expect(world.store.users.passwordHistory(world.grady.id, 1)).toEqual([user?.passwordHash]);
    expect(onPremRepository(world.store).operations({ accountId: account?.id ?? 0, limit: 10 })).toMatchObject([
      { operation: 'passwordSet', actor: world.grady.upn, flowId: 'flow-1', deviceId: 'device-1' },
    ]);
    expect(writebackEvents()).toMatchObject([
      {
        activity: 'writebackSucceeded',
        result: 'success',
        targetUserId: world.grady.id,
        flowId: 'flow-1',
        details: { operation: 'passwordReset', directory: 'simulated' },
      },
    ]);
  });

  it('§5 writeback agent down: nothing changes in the tenant, the failure is audited', async () => {
    setAgent(world, 'down');
    const tenantBefore = tenantSide(world.store, world.johanna.id);
    const directoryBefore = directorySide(world.store);

    const result = await resetPassword(deps(), { ...request(world, world.johanna), newPassword: passwords.fresh });

    expect(result).toMatchObject({ ok: false, reason: 'agentDown' });
    expect(tenantSide(world.store, world.johanna.id)).toEqual(tenantBefore);
    expect(directorySide(world.store)).toEqual(directoryBefore);
    expect(writebackEvents()).toMatchObject([
      { activity: 'writebackFailed', result: 'failure', reason: 'agentDown', targetUserId: world.johanna.id },
    ]);
    expect((await world.directory.health(world.contoso.id)).writable).toBe(false);

    // Switching the agent back in the settings takes effect at once.
    setAgent(world, 'connected');
    expect(
      await resetPassword(deps(), { ...request(world, world.johanna), newPassword: passwords.fresh }),
    ).toMatchObject({ ok: true });
  });

  it('§5 the directory refusing the password leaves the tenant unchanged', async () => {
    // The directory remembers 24 passwords; the cloud policy (history 3) would not remember this one.
    const repository = onPremRepository(world.store);
    const account = repository.accountForUser(world.johanna.id);
    const old = await hasher.hash(passwords.fresh);
    repository.setPassword(account?.id ?? 0, old, new Date('2025-01-01T00:00:00Z'));
    repository.setPassword(account?.id ?? 0, world.johanna.passwordHash, new Date('2025-06-01T00:00:00Z'));
    const tenantBefore = tenantSide(world.store, world.johanna.id);
    const directoryBefore = directorySide(world.store);

    const result = await resetPassword(deps(), { ...request(world, world.johanna), newPassword: passwords.fresh });

    expect(result).toMatchObject({ ok: false, reason: 'passwordRefused' });
    expect(result.ok ? '' : result.message).toMatch(/CONTOSO\.LOCAL .*one of the last 24 passwords/);
    expect(tenantSide(world.store, world.johanna.id)).toEqual(tenantBefore);
    expect(directorySide(world.store)).toEqual(directoryBefore);
    expect(writebackEvents()).toMatchObject([{ activity: 'writebackFailed', reason: 'passwordRefused' }]);
  });

  it('§5 a reset clears the cloud and on-premises lockouts', async () => {
    const ref = directoryAccountRef(world.johanna);
    expect(await world.directory.lockoutState(ref)).toMatchObject({ locked: true });

    const result = await resetPassword(deps(), { ...request(world, world.johanna), newPassword: passwords.fresh });

    expect(result.ok).toBe(true);
    const user = world.store.users.get(world.johanna.id);
    expect(user?.cloudLockout).toEqual({ failedSignIns: 0, lockedUntil: null, lockoutCount: 1 });
    expect(user?.onPremLockout).toEqual({ failedSignIns: 0, lockedUntil: null });
    expect(await world.directory.lockoutState(ref)).toEqual({ locked: false, lockedUntil: null, badPasswordCount: 0 });
    expect(await world.directory.verifyPassword(ref, passwords.fresh)).toEqual({ outcome: 'verified' });
  });

  it("a cloud user's reset never touches the directory", async () => {
    const untouchable: OnPremDirectory = {
      kind: 'ldap',
      health: () => Promise.reject(new Error('touched')),
      setPassword: () => Promise.reject(new Error('touched')),
      unlock: () => Promise.reject(new Error('touched')),
      verifyPassword: () => Promise.reject(new Error('touched')),
      lockoutState: () => Promise.reject(new Error('touched')),
    };
    const directoryBefore = directorySide(world.store);

    const result = await resetPassword(
      { ...deps(), directory: untouchable },
      { ...request(world, world.adele), newPassword: passwords.fresh },
    );

    expect(result).toEqual({ ok: true, wroteBack: false });
    expect((await hasher.verify(passwords.fresh, world.store.users.get(world.adele.id)?.passwordHash ?? '')).ok).toBe(
      true,
    );
    expect(directorySide(world.store)).toEqual(directoryBefore);
    expect(writebackEvents()).toEqual([]);
  });

  it('§2 writeback switched off since the flow began: a synced user is refused and nothing changes', async () => {
    world.store.tenants.setSsprPolicy(world.contoso.id, { enabledFor: 'all', writeback: false });
    const tenantBefore = tenantSide(world.store, world.grady.id);

    const result = await resetPassword(deps(), { ...request(world, world.grady), newPassword: passwords.fresh });

    expect(result).toMatchObject({ ok: false, reason: 'notAllowed' });
    expect(tenantSide(world.store, world.grady.id)).toEqual(tenantBefore);
    expect(writebackEvents()).toMatchObject([{ activity: 'writebackFailed', reason: 'notAllowed' }]);
  });

  it('§5 the agent going down between the policy check and the write changes nothing', async () => {
    const transactional = connectorFor(world.directory, world.grady.tenantId).transactional;
    if (!transactional) throw new Error('The simulated directory joins the store transaction.');
    const directoryBefore = directorySide(world.store);
    const hash = await hasher.hash(passwords.fresh);
    const prepared = await transactional.prepareSetPassword(directoryAccountRef(world.grady), passwords.fresh, hash, {
      actor: 'test',
      flowId: null,
      deviceId: null,
    });
    expect(prepared.ok).toBe(true);
    setAgent(world, 'down');
    expect(prepared.ok && prepared.commit()).toMatchObject({ ok: false, reason: 'agentDown' });
    expect(directorySide(world.store)).toEqual(directoryBefore);
  });

  it('§5 the simulated directory shares the transaction: a tenant write that fails undoes the directory write', async () => {
    const tenantBefore = tenantSide(world.store, world.grady.id);
    const directoryBefore = directorySide(world.store);
    world.store.db.exec(
      "CREATE TRIGGER refuse_password BEFORE UPDATE OF password_hash ON users BEGIN SELECT RAISE(ABORT, 'disk full'); END",
    );

    await expect(
      resetPassword(deps(), { ...request(world, world.grady), newPassword: passwords.fresh }),
    ).rejects.toThrow(/disk full/);

    expect(tenantSide(world.store, world.grady.id)).toEqual(tenantBefore);
    expect(directorySide(world.store)).toEqual(directoryBefore);
    expect(writebackEvents()).toMatchObject([
      { activity: 'writebackFailed', reason: 'directoryError', details: { rolledBack: true } },
    ]);
  });

  it('a directory that cannot join the transaction is written first; a tenant write failing after is audited', async () => {
    const calls: string[] = [];
    const ldap = (answer: DirectoryResult): OnPremDirectory => ({
      kind: 'ldap',
      health: () => Promise.reject(new Error('not used')),
      setPassword: (account) => {
        calls.push(account.userPrincipalName);
        return Promise.resolve(answer);
      },
      unlock: () => Promise.resolve(answer),
      verifyPassword: () => Promise.reject(new Error('not used')),
      lockoutState: () => Promise.reject(new Error('not used')),
    });

    const refusedBefore = tenantSide(world.store, world.grady.id);
    const refused = await resetPassword(
      {
        ...deps(),
        directory: ldap({ ok: false, reason: 'directoryError', message: 'The domain controller is unreachable.' }),
      },
      { ...request(world, world.grady), newPassword: passwords.fresh },
    );
    expect(refused).toMatchObject({ ok: false, reason: 'directoryError' });
    expect(tenantSide(world.store, world.grady.id)).toEqual(refusedBefore);

    world.store.db.exec(
      "CREATE TRIGGER refuse_password BEFORE UPDATE OF password_hash ON users BEGIN SELECT RAISE(ABORT, 'disk full'); END",
    );
    await expect(
      resetPassword(
        { ...deps(), directory: ldap({ ok: true }) },
        { ...request(world, world.grady), newPassword: passwords.fresh },
      ),
    ).rejects.toThrow(/disk full/);
    expect(calls).toEqual([world.grady.upn, world.grady.upn]);
    expect(tenantSide(world.store, world.grady.id)).toEqual(refusedBefore);
    expect(writebackEvents().map((event) => [event.activity, event.details])).toEqual([
      ['writebackSucceeded', { operation: 'passwordReset', directory: 'ldap', tenantUpdateFailed: true }],
      [
        'writebackFailed',
        { operation: 'passwordReset', directory: 'ldap', message: 'The domain controller is unreachable.' },
      ],
    ]);
  });

  it('§10 no audit event and no directory log line carries the password', async () => {
    await resetPassword(deps(), { ...request(world, world.grady), newPassword: passwords.fresh });
    await resetPassword(deps(), { ...request(world, world.grady), newPassword: passwords.fresh });
    await resetPassword(deps(), { ...request(world, world.johanna), newPassword: 'Sh0rt!' });
    setAgent(world, 'down');
    await resetPassword(deps(), { ...request(world, world.johanna), newPassword: 'Another-Secret-77' });
    setAgent(world, 'connected');
    await unlockAccount(deps(), request(world, world.johanna));

    const events = world.store.db.prepare('SELECT * FROM audit_events').all();
    const operations = world.store.db.prepare('SELECT * FROM onprem_operations').all();
    expect(events.length).toBe(4);
    expect(operations.length).toBe(2);
    const written = JSON.stringify([events, operations]);
    for (const secret of [passwords.fresh, 'Sh0rt!', 'Another-Secret-77', passwords.johanna, passwords.grady]) {
      expect(written).not.toContain(secret);
    }
  });
});

describe('§6 unlock without reset', () => {
  it('§6 unlock without reset clears both lockouts and leaves the password', async () => {
    const ref = directoryAccountRef(world.johanna);
    const account = onPremRepository(world.store).accountForUser(world.johanna.id);

    const result = await unlockAccount(deps(), request(world, world.johanna));

    expect(result).toEqual({ ok: true, wroteBack: true });
    const user = world.store.users.get(world.johanna.id);
    expect(user?.cloudLockout).toMatchObject({ failedSignIns: 0, lockedUntil: null });
    expect(user?.onPremLockout).toEqual({ failedSignIns: 0, lockedUntil: null });
    expect(user?.passwordHash).toBe(world.johanna.passwordHash);
    expect(user?.passwordLastSet).toEqual(world.johanna.passwordLastSet);
    expect(onPremRepository(world.store).accountForUser(world.johanna.id)?.passwordHash).toBe(account?.passwordHash);
    expect(await world.directory.verifyPassword(ref, passwords.johanna)).toEqual({ outcome: 'verified' });
    expect(onPremRepository(world.store).operations({ accountId: account?.id ?? 0, limit: 10 })).toMatchObject([
      { operation: 'accountUnlocked', actor: world.johanna.upn },
    ]);
    expect(world.store.audit.count()).toBe(0);
  });

  it('§6 unlock needs the writeback agent: when it is down nothing is written', async () => {
    setAgent(world, 'down');
    const tenantBefore = tenantSide(world.store, world.johanna.id);
    const directoryBefore = directorySide(world.store);

    expect(await unlockAccount(deps(), request(world, world.johanna))).toMatchObject({
      ok: false,
      reason: 'agentDown',
    });

    expect(tenantSide(world.store, world.johanna.id)).toEqual(tenantBefore);
    expect(directorySide(world.store)).toEqual(directoryBefore);
    expect(world.store.audit.count()).toBe(0);
    expect(await unlockAccount(deps(), request(world, world.adele))).toMatchObject({ ok: false, reason: 'notAllowed' });
  });
});
