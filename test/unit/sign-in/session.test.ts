import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { totpNow } from '../../../electron/main/methods';
import type { FlowView } from '../../../shared/reset';
import { openFlowHarness, type FlowHarness } from '../flows/support';
import { credentials, refusal, signedIn, users } from './support';

let h: FlowHarness;
beforeEach(async () => {
  h = await openFlowHarness();
});
afterEach(() => h.close());

const newPassword = 'Quartz#Meadow-Falcon3';
const miriamSecret = 'RNM5RRD6S3K3RYKB5BUPCSCRPVODJ5QH';

function verifyView(view: FlowView): Extract<FlowView, { step: 'verify' }> {
  if (view.step !== 'verify') throw new Error(`expected the verify step, got ${JSON.stringify(view)}`);
  return view;
}

describe('§7 with P2: a high-risk user remediates before the desktop', () => {
  it('§7 a signed-in high-risk P2 user passes an MFA gate and changes the password before the desktop; the risk is cleared', async () => {
    const session = await signedIn(h, users.miriam);
    if (session.next?.step !== 'riskRemediation') throw new Error(JSON.stringify(session.next));
    const { flowId } = session.next;
    // Nothing else can be done first: no password change outside the flow, no desktop call.
    expect(
      (
        await refusal(h, 'session.changePassword', {
          currentPassword: users.miriam.password,
          newPassword,
          confirmPassword: newPassword,
        })
      ).code,
    ).toBe('conflict');
    expect((await refusal(h, 'session.confirmSecurityInfo', {})).code).toBe('conflict');
    // The same flow while it lives, already past "who are you", with MFA methods only (no e-mail, no questions).
    expect((await h.call('session.get', {})).next).toEqual({ step: 'riskRemediation', flowId });
    const view = verifyView(await h.call('reset.view', { flowId }));
    expect(view).toMatchObject({ gate: 1, gatesRequired: 1, upn: users.miriam.upn });
    expect(view.options.map((option) => option.gateMethod).sort()).toEqual([
      'appCode',
      'appNotification',
      'mobileCall',
      'mobileSms',
    ]);
    expect((await h.call('reset.setPassword', { flowId, newPassword, confirmPassword: newPassword })).notice).toEqual({
      code: 'notNow',
    });

    const app = view.options.find((option) => option.gateMethod === 'appCode');
    await h.call('reset.chooseMethod', { flowId, gateMethod: 'appCode', methodId: app?.methodId ?? 0 });
    const passed = await h.call('reset.respond', { flowId, response: { code: totpNow(miriamSecret, h.clock.now()) } });
    expect(passed).toMatchObject({ step: 'newPassword' });
    expect((await h.call('session.get', {})).next?.step).toBe('riskRemediation');
    expect(await h.call('reset.setPassword', { flowId, newPassword, confirmPassword: newPassword })).toMatchObject({
      step: 'done',
    });

    const after = h.store.users.byUpn(users.miriam.upn);
    expect(after?.risk).toBe('none');
    expect(h.store.audit.list({ limit: 1, activity: 'userRiskRemediated' })[0]).toMatchObject({
      result: 'success',
      targetUpn: users.miriam.upn,
      flowId,
    });
    expect((await h.call('session.get', {})).next?.step).not.toBe('riskRemediation');
  });

  it('§7 cancelling or letting the flow expire does not skip it: a new one starts', async () => {
    const first = await signedIn(h, users.miriam);
    if (first.next?.step !== 'riskRemediation') throw new Error('expected remediation');
    await h.call('reset.cancel', { flowId: first.next.flowId });
    const second = (await h.call('session.get', {})).next;
    expect(second?.step).toBe('riskRemediation');
    expect(second).not.toEqual(first.next);
    h.clock.advance(16 * 60_000);
    const third = (await h.call('session.get', {})).next;
    expect(third?.step).toBe('riskRemediation');
    expect(third).not.toEqual(second);
  });

  it('§7 without P2 a high risk changes nothing at sign-in', async () => {
    const miriam = h.store.users.byUpn(users.miriam.upn);
    h.store.users.setLicense(miriam?.id ?? 0, 'p1');
    expect((await signedIn(h, users.miriam)).next?.step).not.toBe('riskRemediation');
  });

  it('§7 a high-risk user with no MFA method registered is stopped, and told so with the helpdesk', async () => {
    const ben = h.store.users.byUpn(users.ben.upn);
    h.store.users.setLicense(ben?.id ?? 0, 'p2');
    h.store.users.setRisk(ben?.id ?? 0, 'high');
    const session = await signedIn(h, users.ben);
    if (session.next?.step !== 'riskRemediation') throw new Error(JSON.stringify(session.next));
    const view = await h.call('reset.view', { flowId: session.next.flowId });
    expect(view).toMatchObject({ step: 'stopped', outcome: 'noMfaMethod', upn: users.ben.upn });
    expect(h.store.audit.list({ limit: 1, activity: 'resetBlocked' })[0]).toMatchObject({ reason: 'noMfaMethod' });
  });
});

describe('§11 the session belongs to its user', () => {
  it('§11 a locked session is unlocked only by its own user, or ended by signing out', async () => {
    await signedIn(h, users.alex);
    await h.call('session.lock', {});
    expect(await h.call('session.signIn', credentials(users.adele))).toEqual({
      outcome: 'sessionLockedByOther',
      user: { upn: users.alex.upn, displayName: 'Alex Wilber', initials: 'AW' },
    });
    expect(await h.call('session.get', {})).toMatchObject({ user: { upn: users.alex.upn }, locked: true, next: null });
    expect(h.store.device.get().lastUserUpn).toBe(users.alex.upn);
    expect(await h.call('session.signIn', { upn: users.alex.upn, password: 'Not-It-123' })).toEqual({
      outcome: 'wrongCredentials',
    });
    expect(await h.call('session.signIn', credentials(users.alex))).toMatchObject({
      outcome: 'signedIn',
      session: { locked: false, next: { step: 'desktop' } },
    });
    await h.call('session.lock', {});
    expect(await h.call('session.signOut', {})).toEqual({ user: null, locked: false, next: null });
    expect(await h.call('session.signIn', credentials(users.adele))).toMatchObject({ outcome: 'signedIn' });
  });

  it('§11 a disabled account loses its session at the next look', async () => {
    await signedIn(h, users.alex);
    h.store.users.setEnabled(h.store.users.byUpn(users.alex.upn)?.id ?? 0, false);
    expect(await h.call('session.get', {})).toEqual({ user: null, locked: false, next: null });
  });
});

describe('§7 the registration interrupt and the reconfirmation, as the session sees them', () => {
  it('§7 "Not now" within the grace period reaches the desktop and is audited; the next sign-in asks again', async () => {
    const session = await signedIn(h, users.megan);
    expect(session.next).toMatchObject({ step: 'registration', mandatory: false });
    expect(await h.call('session.postponeRegistration', {})).toMatchObject({ next: { step: 'desktop' } });
    expect(h.store.audit.list({ limit: 1, activity: 'registrationPostponed' })[0]).toMatchObject({
      targetUpn: users.megan.upn,
    });
    await h.call('session.signOut', {});
    expect((await signedIn(h, users.megan)).next).toMatchObject({ step: 'registration', mandatory: false });
  });

  it('§7 after the grace period registration cannot be postponed', async () => {
    const session = await signedIn(h, users.lidia);
    expect(session.next).toMatchObject({ step: 'registration', mandatory: true });
    const refused = await refusal(h, 'session.postponeRegistration', {});
    expect(refused).toMatchObject({ code: 'conflict' });
    expect(refused.message).toMatch(/grace period/);
    expect((await h.call('session.get', {})).next).toMatchObject({ step: 'registration', mandatory: true });
  });

  it('§7 the grace period is counted from the first prompt: 14 days later "Not now" is gone', async () => {
    await signedIn(h, users.megan);
    await h.call('session.signOut', {});
    h.clock.advance(14 * 86_400_000);
    expect((await signedIn(h, users.megan)).next).toMatchObject({ step: 'registration', mandatory: true });
  });

  it('§7 past the reconfirmation period the user reviews and confirms; it is recorded and audited', async () => {
    const session = await signedIn(h, users.enrico);
    expect(session.next).toMatchObject({ step: 'reconfirm' });
    expect(await h.call('session.confirmSecurityInfo', {})).toMatchObject({ next: { step: 'desktop' } });
    expect(h.store.users.byUpn(users.enrico.upn)?.registrationConfirmedAt).toEqual(h.clock.now());
    expect(h.store.audit.list({ limit: 1, activity: 'securityInfoReconfirmed' })[0]).toMatchObject({
      targetUpn: users.enrico.upn,
    });
    await h.call('session.signOut', {});
    expect((await signedIn(h, users.enrico)).next).toEqual({ step: 'desktop' });
  });
});

describe('§10 no secret in the audit trail or the log', () => {
  it('§10 after sign-ins, a lockout, live feedback and a change, no password appears in any event or log line', async () => {
    const typo = 'Typo-Password-99';
    for (let i = 0; i < 10; i++) await h.call('session.signIn', { upn: users.adele.upn, password: typo });
    await signedIn(h, users.lynne);
    await h.call('session.checkPassword', { password: newPassword });
    await h.call('session.changePassword', {
      currentPassword: users.lynne.password,
      newPassword,
      confirmPassword: newPassword,
    });
    await h.call('session.signOut', {});
    await h.call('session.signIn', { upn: 'nobody@contoso.com', password: typo });
    const events = JSON.stringify(h.store.audit.list({ limit: 1000 }));
    const logged = h.t.log.lines.join('\n');
    const outbox = JSON.stringify(h.store.outbox.list({ limit: 1000 }));
    for (const secret of [typo, newPassword, users.lynne.password, users.adele.password]) {
      expect(events).not.toContain(secret);
      expect(logged).not.toContain(secret);
      expect(outbox).not.toContain(secret);
    }
    const activities = new Set(h.store.audit.list({ limit: 1000 }).map((event) => event.activity));
    expect([...activities]).toEqual(
      expect.arrayContaining(['signInFailed', 'accountLockedOut', 'signInSucceeded', 'passwordChanged']),
    );
  });
});
