// Issue 6 "done when": every setting of spec §2 and §9 changed from the console (the admin.* calls
// the pane makes) has its effect where the user meets it: the lock screen, the reset wizard, the
// sign-in and the security info. The settings whose effect other tests already prove through the
// console (tenant-tabs, device-tab) or at the engine (policy, security-info, methods, sign-in) are
// not repeated here; these are the ones nothing else showed from the console.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AdminDevice, TenantChange } from '../../../shared/admin';
import type { FlowView } from '../../../shared/reset';
import type { ResetLinkBlocker } from '../../../shared/session';
import { openAdminHarness, type AdminHarness } from './support';

/** What the Device tab sends: a setting's field and its new value. */
type DevicePatch = Record<string, string | number | boolean | null>;

let h: AdminHarness;
let contoso: number;
beforeEach(async () => {
  h = await openAdminHarness();
  contoso = h.tenantId('Contoso');
});
afterEach(() => h.close());

async function setTab(change: TenantChange, tenantId = contoso): Promise<void> {
  const result = await h.call('admin.tenant.set', { tenantId, change });
  if (!result.ok) throw new Error(`${change.tab} refused: ${result.issues.map((issue) => issue.message).join(' ')}`);
}

function setDevice(patch: DevicePatch): Promise<AdminDevice> {
  return h.call('admin.device.set', { patch });
}

/** Chooses a code method in the verify step and answers with the code its recipient received. */
async function passCodeGate(flowId: string, view: FlowView, recipient: string): Promise<FlowView> {
  if (view.step !== 'verify') throw new Error(`expected the verify step, got ${view.step}`);
  const sms = recipient.startsWith('+');
  const option = view.options.find((candidate) => candidate.gateMethod === (sms ? 'mobileSms' : 'email'));
  if (!option) throw new Error(`no option for ${recipient}`);
  await h.call('reset.chooseMethod', {
    flowId,
    gateMethod: option.gateMethod,
    methodId: option.methodId,
    ...(sms ? { phoneNumber: recipient } : {}),
  });
  return h.call('reset.respond', { flowId, response: { code: h.codeSentTo(recipient) } });
}

const patti = {
  upn: 'patti.fernandez@contoso.com',
  phone: '+1 425 555 0106',
  email: 'patti.fernandez@personal.example',
};
const globalAdmins = ['isaiah.langer@contoso.com', 'admin@contoso.onmicrosoft.com'];

/** Patti Fernandez (Helpdesk Administrator: two gates, §4) resets her password by SMS and e-mail. */
async function pattiResets(newPassword: string): Promise<void> {
  const { flowId, view } = await h.identify(patti.upn);
  const second = await passCodeGate(flowId, view, patti.phone);
  expect(await passCodeGate(flowId, second, patti.email)).toMatchObject({ step: 'newPassword' });
  expect(await h.call('reset.setPassword', { flowId, newPassword, confirmPassword: newPassword })).toMatchObject({
    step: 'done',
  });
}

const notices = (recipient: string) => h.store.outbox.list({ limit: 20, recipient }).map((message) => message.subject);

describe('§2 the tenant tabs reach the flows', () => {
  it('§2 §10 Notifications: a reset tells the user, and an administrator’s reset every other Global Administrator; both off, nobody is told', async () => {
    await pattiResets('Quartz#Tundra-Harbor9');
    expect(notices(patti.upn)).toEqual(['Your Contoso password was reset']);
    for (const admin of globalAdmins) {
      expect(notices(admin), admin).toEqual(['An administrator reset their Contoso password']);
    }

    await setTab({ tab: 'notifications', patch: { notifyUsersOnReset: false, notifyAdminsOnAdminReset: false } });
    h.clock.advance(10 * 60_000);
    await pattiResets('Velvet#Canyon-Orchid4');
    expect(notices(patti.upn)).toHaveLength(1);
    for (const admin of globalAdmins) expect(notices(admin), admin).toHaveLength(1);
    expect(h.store.audit.list({ limit: 10, activity: 'notificationSent' })).toHaveLength(3);
  });

  it('§2 Authentication methods: the question bank a user registers from is the built-in questions plus the custom ones; built-in off leaves only the custom ones', async () => {
    const custom = [
      'What was the name of your first team at Contoso?',
      'Which Contoso office did you visit first?',
      'What was your first project code name?',
      'Who signed your first expense report?',
    ];
    await setTab({ tab: 'authenticationMethods', patch: { useBuiltInQuestions: false, customQuestions: custom } });
    await h.call('session.signIn', { upn: 'megan.bowen@contoso.com', password: 'Copper-Kettle-19' });
    const info = await h.call('securityInfo.get', {});
    expect(info.questions.bank).toEqual(custom);
    expect(info.questions.required).toBe(4);

    const answers = ['Blue Falcons', 'Lisbon harbour', 'Kestrel', 'Dana from finance'];
    const builtIn = 'What was the name of your first pet?';
    const refused = await h.call('securityInfo.setQuestions', {
      answers: [builtIn, ...custom.slice(1)].map((question, i) => ({ question, answer: answers[i] ?? '' })),
    });
    expect(refused.notice).toEqual({ code: 'questionsRefused', issues: [{ index: 0, rule: 'notInBank' }] });
    expect(refused.methods.map((method) => method.kind)).not.toContain('securityQuestions');
    const saved = await h.call('securityInfo.setQuestions', {
      answers: custom.map((question, i) => ({ question, answer: answers[i] ?? '' })),
    });
    expect(saved.methods.map((method) => method.kind)).toContain('securityQuestions');

    await setTab({ tab: 'authenticationMethods', patch: { useBuiltInQuestions: true } });
    const bank = (await h.call('securityInfo.get', {})).questions.bank;
    expect(bank).toContain(builtIn);
    expect(bank).toEqual(expect.arrayContaining(custom));
  });

  it('§2 Registration: "require users to register" off spares a user with nothing registered; on with no grace days it cannot be postponed (§7)', async () => {
    const megan = { upn: 'megan.bowen@contoso.com', password: 'Copper-Kettle-19' };
    await setTab({ tab: 'registration', patch: { requireRegistration: false } });
    expect(await h.call('session.signIn', megan)).toMatchObject({ session: { next: { step: 'desktop' } } });
    await h.call('session.signOut', {});

    await setTab({ tab: 'registration', patch: { requireRegistration: true, registrationGraceDays: 0 } });
    expect(await h.call('session.signIn', megan)).toMatchObject({
      session: { next: { step: 'registration', mandatory: true, methodsRequired: 2, methodsRegistered: 0 } },
    });
  });

  it('§2 Customization: the logo text, colours and helpdesk saved in the console show on the lock screen at once, and on the stops of its users', async () => {
    await setTab({
      tab: 'customization',
      patch: {
        logoText: 'Contoso IT',
        accentColor: '#123456',
        backgroundColor: '#654321',
        helpdeskLink: 'service.desk@contoso.com',
        helpdeskText: 'Ring 1234 from any desk phone.',
      },
    });
    const helpdesk = { link: 'mailto:service.desk@contoso.com', text: 'Ring 1234 from any desk phone.' };
    expect(await h.call('lockScreen.get', {})).toMatchObject({
      branding: { logoText: 'Contoso IT', accentColor: '#123456', backgroundColor: '#654321' },
      helpdesk,
    });
    const { view } = await h.identify('alex.wilber@contoso.com');
    expect(view).toMatchObject({ step: 'stopped', outcome: 'notInSsprGroup', tenant: { helpdesk } });
  });

  it('§2 §4 Licensing: a trial started from the console gives an administrator one gate and no voice calls in its first 30 days', async () => {
    const isaiah = 'isaiah.langer@contoso.com';
    const before = await h.identify(isaiah);
    expect(before.view).toMatchObject({ step: 'verify', gatesRequired: 2 });
    const gatesOf = (view: FlowView) => (view.step === 'verify' ? view.options.map((option) => option.gateMethod) : []);
    expect(gatesOf(before.view)).toContain('officeCall');

    await setTab({ tab: 'licensing', patch: { trialStart: h.clock.now().toISOString() } });
    const during = await h.identify(isaiah);
    expect(during.view).toMatchObject({ step: 'verify', gatesRequired: 1 });
    expect(gatesOf(during.view)).not.toContain('officeCall');
    expect(gatesOf(during.view)).not.toContain('mobileCall');
  });

  it('§8 Password policy: an expiry and a minimum length saved in the console hold at the next sign-in and password check', async () => {
    // Adele's password was set 20 days ago: under a 10-day expiry it has expired.
    await setTab({ tab: 'passwordPolicy', patch: { expiryDays: 10, minLength: 20 } });
    expect(
      await h.call('session.signIn', { upn: 'adele.vance@contoso.com', password: 'Harbor-Lantern-47' }),
    ).toMatchObject({ session: { next: { step: 'changePassword', reason: 'expired' } } });
    const { feedback } = await h.call('session.checkPassword', { password: 'Quartz#Tundra-Harb' });
    expect(feedback).toMatchObject({ ok: false, minLength: 20 });
    expect(feedback?.failures.map((failure) => failure.code)).toContain('length.tooShort');
  });
});

describe('§9 the Device tab reaches the lock screen', () => {
  const hiding: Array<[DevicePatch, ResetLinkBlocker]> = [
    [{ allowPasswordReset: false }, 'allowPasswordResetOff'],
    [{ joinType: 'workgroup' }, 'notJoined'],
    [{ osVersion: '10.0.17133' }, 'osTooOld'],
    [{ disableLockScreenAppNotifications: true }, 'lockScreenAppNotificationsOff'],
    [{ hideFastUserSwitching: true }, 'hideFastUserSwitching'],
    [{ dontDisplayLastUserName: true }, 'dontDisplayLastUserName'],
    [{ noLockScreen: true }, 'noLockScreen'],
    [{ blockNonAdminUserInstall: true }, 'blockNonAdminUserInstall'],
    [{ lostMode: true }, 'lostMode'],
    [{ customShell: true }, 'customShell'],
    [{ requireSmartCard: true }, 'requireSmartCard'],
    [{ doNotRequireCtrlAltDel: 'disabled', dontDisplayLockedUserId: 3 }, 'ctrlAltDelWithHiddenLockedUser'],
    [{ remoteSession: 'enhancedSession' }, 'remoteSession'],
  ];

  it('§9 each setting that hides "Reset password" hides it on the lock screen at once, named, and undone brings it back', async () => {
    const before = h.store.device.get();
    expect((await h.call('lockScreen.get', {})).resetLink).toMatchObject({ available: true, blockers: [] });
    for (const [patch, blocker] of hiding) {
      await setDevice(patch);
      expect((await h.call('lockScreen.get', {})).resetLink, blocker).toMatchObject({
        available: false,
        blockers: [blocker],
      });
      const undo = Object.fromEntries(Object.keys(patch).map((field) => [field, before[field as keyof typeof before]]));
      await setDevice(undo);
      expect((await h.call('lockScreen.get', {})).resetLink.available, `${blocker} undone`).toBe(true);
    }
  });

  it('§9 kiosk options: "always show the link" and full screen reach the lock screen at once; a hybrid device out of sight of a domain controller keeps the link with its warning; §11 the last user’s tile follows the setting', async () => {
    expect(await h.call('lockScreen.get', {})).toMatchObject({ kiosk: false, resetLink: { showAlways: false } });
    await setDevice({ alwaysShowResetLink: true, fullscreen: true });
    expect(await h.call('lockScreen.get', {})).toMatchObject({ kiosk: true, resetLink: { showAlways: true } });

    await setDevice({ joinType: 'hybrid-joined', domainControllerReachable: false });
    expect((await h.call('lockScreen.get', {})).resetLink).toEqual({
      available: true,
      showAlways: true,
      blockers: [],
      warnings: ['noDomainController'],
    });

    await setDevice({ lastUserUpn: 'megan.bowen@contoso.com' });
    expect((await h.call('lockScreen.get', {})).lastUser).toMatchObject({ upn: 'megan.bowen@contoso.com' });
  });
});
