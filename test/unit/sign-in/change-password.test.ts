import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openFlowHarness, type FlowHarness } from '../flows/support';
import { credentials, refusal, signedIn, userAndTenant, users } from './support';

let h: FlowHarness;
beforeEach(async () => {
  h = await openFlowHarness();
});
afterEach(() => h.close());

const newPassword = 'Quartz#Meadow-Falcon3';

describe('§8 §11 an expired or must-change password is changed before anything else', () => {
  it('§8 an expired password (last set 100 days ago, expiry 90) leads to the change step, not the desktop', async () => {
    const session = await signedIn(h, users.joni);
    expect(session.next).toEqual({ step: 'changePassword', reason: 'expired' });
    // Nothing that belongs to a later step can be reached first.
    expect((await refusal(h, 'session.confirmSecurityInfo', {})).code).toBe('conflict');
    expect((await refusal(h, 'session.postponeRegistration', {})).code).toBe('conflict');
    expect((await h.call('session.get', {})).next).toEqual({ step: 'changePassword', reason: 'expired' });
  });

  it('§11 must change at next sign-in leads to the change step', async () => {
    expect((await signedIn(h, users.lynne)).next).toEqual({ step: 'changePassword', reason: 'mustChange' });
  });

  it('§8 expiry 0 means never', async () => {
    const { tenant } = userAndTenant(h, users.joni.upn);
    h.store.tenants.setPasswordPolicy(tenant.id, { ...tenant.passwordPolicy, expiryDays: 0 });
    expect((await signedIn(h, users.joni)).next?.step).not.toBe('changePassword');
  });

  it('§11 current + new twice: the password changes, must-change is cleared, the user is told, the session moves on', async () => {
    await signedIn(h, users.lynne);
    const before = h.store.users.byUpn(users.lynne.upn);
    h.clock.advance(5_000);
    const result = await h.call('session.changePassword', {
      currentPassword: users.lynne.password,
      newPassword,
      confirmPassword: newPassword,
    });
    expect(result).toMatchObject({ ok: true, session: { user: { upn: users.lynne.upn } } });
    if (!result.ok) throw new Error('unreachable');
    expect(result.session.next?.step).not.toBe('changePassword');
    const after = h.store.users.byUpn(users.lynne.upn);
    expect(after?.mustChange).toBe(false);
    expect(after?.passwordHash).not.toBe(before?.passwordHash);
    expect(after?.passwordLastSet).toEqual(h.clock.now());
    expect(h.store.audit.list({ limit: 1, activity: 'passwordChanged' })[0]).toMatchObject({
      result: 'success',
      targetUpn: users.lynne.upn,
    });
    expect(h.store.outbox.list({ limit: 1, recipient: users.lynne.upn })[0]?.subject).toMatch(/password was changed/);
    // The new password signs in; the old one no longer does.
    await h.call('session.signOut', {});
    expect(await h.call('session.signIn', credentials(users.lynne))).toEqual({ outcome: 'wrongCredentials' });
    expect(await h.call('session.signIn', { upn: users.lynne.upn, password: newPassword })).toMatchObject({
      outcome: 'signedIn',
    });
  });

  it('§11 a wrong current password is refused, changes nothing and counts toward smart lockout', async () => {
    await signedIn(h, users.joni);
    const before = h.store.users.byUpn(users.joni.upn);
    const result = await h.call('session.changePassword', {
      currentPassword: 'Wrong-Current-1',
      newPassword,
      confirmPassword: newPassword,
    });
    expect(result).toEqual({ ok: false, code: 'wrongCurrentPassword', failures: [], until: null });
    const after = h.store.users.byUpn(users.joni.upn);
    expect(after?.passwordHash).toBe(before?.passwordHash);
    expect(after?.cloudLockout.failedSignIns).toBe(1);
  });

  it('§6 ten wrong current passwords lock the account, and the change says until when', async () => {
    await signedIn(h, users.joni);
    let last;
    for (let i = 0; i < 10; i++) {
      last = await h.call('session.changePassword', {
        currentPassword: `Wrong-Current-${i}`,
        newPassword,
        confirmPassword: newPassword,
      });
    }
    expect(last).toMatchObject({
      ok: false,
      code: 'lockedOut',
      until: new Date(h.clock.now().getTime() + 60_000).toISOString(),
    });
  });

  it('§8 the two new passwords must match', async () => {
    await signedIn(h, users.joni);
    expect(
      await h.call('session.changePassword', {
        currentPassword: users.joni.password,
        newPassword,
        confirmPassword: `${newPassword}x`,
      }),
    ).toMatchObject({ ok: false, code: 'passwordsDiffer' });
  });

  it('§8 a new password that breaks the rules is refused with each rule, and nothing changes', async () => {
    await signedIn(h, users.joni);
    const before = h.store.users.byUpn(users.joni.upn);
    const result = await h.call('session.changePassword', {
      currentPassword: users.joni.password,
      newPassword: 'contoso1',
      confirmPassword: 'contoso1',
    });
    expect(result).toMatchObject({ ok: false, code: 'passwordRefused' });
    if (result.ok) throw new Error('unreachable');
    expect(result.failures.map((failure) => failure.code)).toEqual(expect.arrayContaining(['complexity']));
    expect(h.store.users.byUpn(users.joni.upn)?.passwordHash).toBe(before?.passwordHash);
  });

  it('§8 history: one of the last 3 passwords is refused', async () => {
    await signedIn(h, users.joni);
    for (const reused of [users.joni.password, users.joni.previous]) {
      const result = await h.call('session.changePassword', {
        currentPassword: users.joni.password,
        newPassword: reused,
        confirmPassword: reused,
      });
      expect(result).toMatchObject({ ok: false, code: 'passwordRefused', failures: [{ code: 'history' }] });
    }
  });

  it('§8 live feedback while typing gives the rules (not the history) for the signed-in user', async () => {
    expect((await refusal(h, 'session.checkPassword', { password: 'abc' })).code).toBe('unauthorized');
    await signedIn(h, users.joni);
    const { feedback } = await h.call('session.checkPassword', { password: 'short' });
    expect(feedback).toMatchObject({ ok: false, minLength: 8 });
    expect(feedback?.failures.map((failure) => failure.code)).toContain('length.tooShort');
    expect((await h.call('session.checkPassword', { password: newPassword })).feedback).toMatchObject({ ok: true });
  });

  it("§5 a synced user's change is written back; with the agent down nothing changes", async () => {
    const { user: grady, tenant } = userAndTenant(h, users.grady.upn);
    await signedIn(h, users.grady);
    h.store.tenants.setSsprPolicy(tenant.id, { ...tenant.ssprPolicy, writebackAgent: 'down' });
    const down = await h.call('session.changePassword', {
      currentPassword: users.grady.password,
      newPassword,
      confirmPassword: newPassword,
    });
    expect(down).toMatchObject({ ok: false, code: 'writebackFailed' });
    expect(h.store.users.byUpn(users.grady.upn)?.passwordHash).toBe(grady.passwordHash);
    h.store.tenants.setSsprPolicy(tenant.id, { ...tenant.ssprPolicy, writebackAgent: 'connected' });
    const up = await h.call('session.changePassword', {
      currentPassword: users.grady.password,
      newPassword,
      confirmPassword: newPassword,
    });
    expect(up).toMatchObject({ ok: true });
    expect(h.store.audit.list({ limit: 1, activity: 'writebackSucceeded' })[0]).toMatchObject({
      targetUpn: users.grady.upn,
    });
  });

  it('§11 "Change a password" works from the desktop too, and needs a signed-in, unlocked session', async () => {
    const answer = { currentPassword: users.alex.password, newPassword, confirmPassword: newPassword };
    expect((await refusal(h, 'session.changePassword', answer)).code).toBe('unauthorized');
    expect((await signedIn(h, users.alex)).next).toEqual({ step: 'desktop' });
    await h.call('session.lock', {});
    expect((await refusal(h, 'session.changePassword', answer)).code).toBe('unauthorized');
    await signedIn(h, users.alex);
    expect(await h.call('session.changePassword', answer)).toMatchObject({
      ok: true,
      session: { next: { step: 'desktop' } },
    });
  });
});
