// "What would happen?" (issue 6) for a UPN: eligibility with every rule of §3/§4 that decided it
// (reason code and section), the gates and methods the user would face, whether and where a reset
// would be written back (§3.4, §5), and the §9 link on this device. It reads the same rules the
// wizard runs, so a user it calls eligible passes "who are you" in a real flow.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openAdminHarness, type AdminHarness } from './support';

let h: AdminHarness;
beforeEach(async () => {
  h = await openAdminHarness();
});
afterEach(() => h.close());

const rules = (answer: { reasons: Array<{ rule: string; section: string }> }) =>
  answer.reasons.map((reason) => `${reason.section} ${reason.rule}`);

describe('issue 6 what would happen?', () => {
  it('§3 a pilot member: eligible, every rule passed in order, two gates with the methods and their displays', async () => {
    const answer = await h.call('admin.whatIf', { upn: 'adele.vance@contoso.com' });
    expect(answer).toMatchObject({
      account: 'found',
      tenantName: 'Contoso',
      eligible: true,
      outcome: null,
      admin: false,
      gatesRequired: 2,
      canUnlock: false,
      captchaRequired: true,
      steps: ['identify', 'verify1', 'verify2', 'newPassword'],
      writeback: { applies: false, connector: null },
      resetLink: { available: true },
    });
    expect(rules(answer)).toEqual([
      '§3.1 account.found',
      '§3.2 scope.selected.member',
      '§3.4 license.cloudUserAnyPlan',
      '§3.6 user.tenantPolicy',
      '§3.7 lockout.none',
      '§3.8 methods.enough',
    ]);
    expect(answer.methods.map((method) => [method.gateMethod, method.display])).toEqual([
      ['email', 'adele.vance@personal.example'],
      ['mobileSms', '+1 425 555 0101'],
    ]);
    // The wizard agrees.
    expect((await h.identify('adele.vance@contoso.com')).view).toMatchObject({ step: 'verify', gatesRequired: 2 });
  });

  it('§3.2 a user outside the pilot group is stopped, and the reason names the rule and its section', async () => {
    const answer = await h.call('admin.whatIf', { upn: 'alex.wilber@contoso.com' });
    expect(answer).toMatchObject({ eligible: false, outcome: 'notInSsprGroup', steps: ['identify', 'stopped'] });
    expect(rules(answer).at(-1)).toBe('§3.2 scope.selected.notMember');
  });

  it('§4 an administrator faces two gates, never security questions, with each §4 rule that decided it', async () => {
    const answer = await h.call('admin.whatIf', { upn: 'patti.fernandez@contoso.com' });
    expect(answer).toMatchObject({ eligible: true, admin: true, gatesRequired: 2 });
    expect(rules(answer)).toEqual(
      expect.arrayContaining(['§4 admin.role', '§4 admin.twoGates', '§4 admin.noSecurityQuestions']),
    );
    const diego = await h.call('admin.whatIf', { upn: 'diego.siciliani@contoso.com' });
    expect(diego).toMatchObject({ eligible: false, admin: true, outcome: 'notEnoughMethods' });
  });

  it('§3.4 §5 a synced user: written back through the simulated directory to CONTOSO.LOCAL, and offered unlock', async () => {
    const answer = await h.call('admin.whatIf', { upn: 'johanna.lorenz@contoso.com' });
    expect(answer).toMatchObject({
      eligible: true,
      canUnlock: true,
      steps: ['identify', 'chooseAction', 'verify1', 'verify2', 'newPassword'],
      writeback: {
        applies: true,
        connector: 'simulated',
        directoryName: 'CONTOSO.LOCAL',
        agent: 'connected',
        writable: true,
      },
    });
    expect(rules(answer)).toContain('§5 unlock.allowed');
    const grady = await h.call('admin.whatIf', { upn: 'grady.archie@contoso.com' });
    expect(grady).toMatchObject({ eligible: false, outcome: 'managedOnPremises' });
    expect(rules(grady)).toContain('§3.4 license.syncedPlanNoWriteback');
  });

  it('§3.1 the admin sees whether the account is missing or disabled, which the lock screen never says', async () => {
    expect(await h.call('admin.whatIf', { upn: 'nobody@contoso.com' })).toMatchObject({
      account: 'notFound',
      outcome: 'accountNotFound',
    });
    expect(await h.call('admin.whatIf', { upn: 'irvin.sayers@contoso.com' })).toMatchObject({
      account: 'disabled',
      outcome: 'accountNotFound',
    });
    expect(await h.call('admin.whatIf', { upn: 'someone@unknown-tenant.example' })).toMatchObject({
      account: 'notFound',
      tenantName: null,
    });
  });

  it('§3.7 an SSPR lockout in force is shown with its end; §9 the device link state comes with every answer', async () => {
    const henrietta = await h.call('admin.whatIf', { upn: 'henrietta.mueller@contoso.com' });
    expect(henrietta).toMatchObject({ eligible: false, outcome: 'ssprLockout' });
    expect(henrietta.until).toBe(new Date(h.clock.now().getTime() + 3_600_000).toISOString());
    await h.call('admin.device.set', { patch: { joinType: 'workgroup', captcha: false } });
    expect(await h.call('admin.whatIf', { upn: 'adele.vance@contoso.com' })).toMatchObject({
      captchaRequired: false,
      resetLink: { available: false, blockers: ['notJoined'] },
    });
  });
});
