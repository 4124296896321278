// Issue 7, spec §5 "Writeback and atomicity", §10: a password written is never without its audit
// event and its notification, in the tenant or the on-premises directory. A SQLite trigger, added on
// a second connection as anyone with the file could, refuses the last write of each success path (the
// notification or the audit event), and everything the same operation wrote must be gone with it.
// The crash harness (crash.test.ts) shows the same with SIGKILL at random writes.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dispatch } from '../../../electron/main/api/dispatch';
import type { CallName, CallRequest } from '../../../shared/contract';
import { adminCredential, openAdminHarness, type AdminHarness } from '../admin/support';

let h: AdminHarness;
beforeEach(async () => {
  h = await openAdminHarness({ open: false });
});
afterEach(() => h.close());

const adele = { upn: 'adele.vance@contoso.com', phone: '+1 425 555 0101', email: 'adele.vance@personal.example' };
const johanna = {
  upn: 'johanna.lorenz@contoso.com',
  phone: '+1 425 555 0110',
  email: 'johanna.lorenz@personal.example',
};
const newPassword = 'Quartz#Tundra-Harbor9';

/** From now on SQLite refuses to write this audit activity, as a full disk or a crash at that write would stop it. */
function refuseAudit(activity: string): void {
  h.store.db.exec(`CREATE TRIGGER refuse_${activity} BEFORE INSERT ON audit_events WHEN NEW.activity = '${activity}'
    BEGIN SELECT RAISE(ABORT, 'refused for the test'); END`);
}

function allowAudit(activity: string): void {
  h.store.db.exec(`DROP TRIGGER refuse_${activity}`);
}

async function refusedCode<N extends CallName>(name: N, request: CallRequest<N>): Promise<string> {
  const answer = await dispatch(h.t.engine.handlers, name, request, { shell: 'browser' }, h.t.log);
  return answer.ok ? 'answered' : answer.error.code;
}

/** What a reset writes, for one user: the tenant's password and history, the directory's, the events. */
function stateOf(upn: string) {
  const user = h.store.users.byUpn(upn);
  const count = (sql: string) => (h.store.db.prepare(sql).get(user?.id ?? 0) as { n: number }).n;
  return {
    passwordHash: user?.passwordHash,
    history: count('SELECT count(*) AS n FROM password_history WHERE user_id = ?'),
    onPremHash: (
      h.store.db.prepare('SELECT password_hash FROM onprem_accounts WHERE user_id = ?').get(user?.id ?? 0) as
        { password_hash: string } | undefined
    )?.password_hash,
    onPremLockedUntil: user?.onPremLockout.lockedUntil ?? null,
    events: count("SELECT count(*) AS n FROM audit_events WHERE target_user_id = ? AND result = 'success'"),
    directoryOperations: count(
      'SELECT count(*) AS n FROM onprem_operations o JOIN onprem_accounts a ON a.id = o.account_id WHERE a.user_id = ?',
    ),
  };
}

async function throughGates(user: typeof adele, action?: 'reset' | 'unlock') {
  const identified = await h.identify(user.upn);
  const first = action ? await h.call('reset.chooseAction', { flowId: identified.flowId, action }) : identified.view;
  const second = await h.passCodeGate(identified.flowId, first, 'mobileSms', user.phone);
  return { flowId: identified.flowId, view: await h.passCodeGate(identified.flowId, second, 'email', user.email) };
}

describe('issue 7 §5 a reset is all or nothing: password, history, directory, audit event, notification', () => {
  it('issue 7 §5 §10 a self-service reset whose notification cannot be written leaves no password and no passwordReset event; the flow can try again', async () => {
    const { flowId, view } = await throughGates(adele);
    expect(view).toMatchObject({ step: 'newPassword' });
    const before = stateOf(adele.upn);
    refuseAudit('notificationSent');
    expect(await refusedCode('reset.setPassword', { flowId, newPassword, confirmPassword: newPassword })).toBe(
      'internal',
    );
    expect(stateOf(adele.upn)).toEqual(before);
    expect(h.store.audit.list({ limit: 5, activity: 'passwordReset' })).toEqual([]);
    allowAudit('notificationSent');
    expect(await h.call('reset.setPassword', { flowId, newPassword, confirmPassword: newPassword })).toMatchObject({
      step: 'done',
    });
    expect(h.store.audit.list({ limit: 5, activity: 'passwordReset' })).toHaveLength(1);
  });

  it("issue 7 §5 a synced user's reset whose notification cannot be written leaves the directory and the tenant as they were", async () => {
    const { flowId, view } = await throughGates(johanna, 'reset');
    expect(view).toMatchObject({ step: 'newPassword' });
    const before = stateOf(johanna.upn);
    refuseAudit('notificationSent');
    expect(await refusedCode('reset.setPassword', { flowId, newPassword, confirmPassword: newPassword })).toBe(
      'internal',
    );
    const after = stateOf(johanna.upn);
    // The attempt itself is audited as a failure (writebackFailed, rolled back); nothing succeeded.
    expect(after).toEqual(before);
    expect(h.store.audit.list({ limit: 5, activity: 'writebackSucceeded' })).toEqual([]);
  });

  it('issue 7 §5.2 an unlock whose audit event cannot be written leaves the on-premises lockout in place', async () => {
    const before = stateOf(johanna.upn);
    expect(before.onPremLockedUntil).not.toBeNull();
    refuseAudit('accountUnlocked');
    const identified = await h.identify(johanna.upn);
    const first = await h.call('reset.chooseAction', { flowId: identified.flowId, action: 'unlock' });
    const second = await h.passCodeGate(identified.flowId, first, 'mobileSms', johanna.phone);
    const option = second.step === 'verify' ? second.options.find((o) => o.gateMethod === 'email') : undefined;
    await h.call('reset.chooseMethod', {
      flowId: identified.flowId,
      gateMethod: 'email',
      methodId: option?.methodId ?? 0,
    });
    expect(
      await refusedCode('reset.respond', {
        flowId: identified.flowId,
        response: { code: h.codeSentTo(johanna.email) },
      }),
    ).toBe('internal');
    const after = stateOf(johanna.upn);
    expect(after.onPremLockedUntil).toEqual(before.onPremLockedUntil);
    expect(after.directoryOperations).toBe(before.directoryOperations);
  });

  it('issue 7 §8 a helpdesk reset whose audit event cannot be written leaves the password as it was', async () => {
    expect(await h.call('admin.setup', { credential: adminCredential })).toMatchObject({ ok: true });
    const before = stateOf(adele.upn);
    refuseAudit('adminPasswordReset');
    expect(
      await refusedCode('admin.user.resetPassword', {
        userId: h.userId(adele.upn),
        temporaryPassword: 'Helpdesk-Temp-7731x',
      }),
    ).toBe('internal');
    expect(stateOf(adele.upn)).toEqual(before);
    expect(h.store.users.byUpn(adele.upn)?.mustChange).toBe(false);
  });

  it('issue 7 §11 a password change whose notification cannot be written leaves the old password signing in', async () => {
    const joni = { upn: 'joni.sherman@contoso.com', password: 'Lantern-Ferry-90' };
    expect(await h.call('session.signIn', joni)).toMatchObject({ outcome: 'signedIn' });
    const before = stateOf(joni.upn);
    refuseAudit('notificationSent');
    expect(
      await refusedCode('session.changePassword', {
        currentPassword: joni.password,
        newPassword,
        confirmPassword: newPassword,
      }),
    ).toBe('internal');
    expect(stateOf(joni.upn)).toEqual(before);
    allowAudit('notificationSent');
    await h.call('session.signOut', {});
    expect(await h.call('session.signIn', joni)).toMatchObject({ outcome: 'signedIn' });
  });
});
