import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { totpNow } from '../../../electron/main/methods';
import type { FlowView } from '../../../shared/reset';
import { openFlowHarness, type FlowHarness } from './support';

let h: FlowHarness;
beforeEach(async () => {
  h = await openFlowHarness();
});
afterEach(() => h.close());

const adele = { upn: 'adele.vance@contoso.com', phone: '+1 425 555 0101', email: 'adele.vance@personal.example' };
const newPassword = 'Quartz#Tundra-Harbor9';

function verifyView(view: FlowView): Extract<FlowView, { step: 'verify' }> {
  if (view.step !== 'verify') throw new Error(`expected the verify step, got ${view.step}: ${JSON.stringify(view)}`);
  return view;
}

describe('§5 the reset flow', () => {
  it('§5.1 a wrong CAPTCHA gives a new one and does not count as a failed verification', async () => {
    const { flowId, view } = await h.call('reset.start', {});
    const again = await h.call('reset.identify', { flowId, upn: adele.upn, captcha: 'nope' });
    expect(again).toMatchObject({ step: 'identify', notice: { code: 'captchaWrong' }, upn: adele.upn });
    if (again.step !== 'identify' || view.step !== 'identify') throw new Error('unreachable');
    expect(again.captchaImage).not.toBe(view.captchaImage);
    const user = h.store.users.byUpn(adele.upn);
    expect(h.store.users.verificationFailuresSince(user?.id ?? 0, new Date(0))).toBe(0);
  });

  it('§5 a regular user passes two gates (SMS after the full number, then e-mail) and sets a new password', async () => {
    const before = h.store.users.byUpn(adele.upn);
    const { flowId, view } = await h.identify(adele.upn);
    expect(verifyView(view)).toMatchObject({ gate: 1, gatesRequired: 2, admin: false });
    const afterSms = await h.passCodeGate(flowId, view, 'mobileSms', adele.phone);
    // §5.3 the second step offers only methods not used in the first.
    expect(verifyView(afterSms).options.map((option) => option.gateMethod)).toEqual(['email']);
    expect(await h.passCodeGate(flowId, afterSms, 'email', adele.email)).toMatchObject({ step: 'newPassword' });
    const done = await h.call('reset.setPassword', { flowId, newPassword, confirmPassword: newPassword });
    expect(done).toMatchObject({ step: 'done', action: 'reset', wroteBack: false });
    const after = h.store.users.byUpn(adele.upn);
    expect(after?.passwordHash).not.toBe(before?.passwordHash);
    // §10 the user is notified; the notification carries no password.
    const [notice] = h.store.outbox.list({ limit: 1, recipient: adele.upn });
    expect(notice?.subject).toContain('password was reset');
    expect(notice?.body).not.toContain(newPassword);
  });

  it('§5 a wrong phone number sends nothing and counts as a failed verification', async () => {
    const { flowId, view } = await h.identify(adele.upn);
    const sms = verifyView(view).options.find((option) => option.gateMethod === 'mobileSms');
    const refused = await h.call('reset.chooseMethod', {
      flowId,
      gateMethod: 'mobileSms',
      methodId: sms?.methodId ?? 0,
      phoneNumber: '+1 425 555 0199',
    });
    expect(refused).toMatchObject({ step: 'verify', challenge: null, notice: { code: 'phoneNumberMismatch' } });
    expect(h.store.outbox.list({ limit: 5, recipient: adele.phone })).toEqual([]);
    const user = h.store.users.byUpn(adele.upn);
    expect(h.store.users.verificationFailuresSince(user?.id ?? 0, new Date(0))).toBe(1);
  });

  it('§5 a method the flow did not offer is refused, whatever id the renderer sends', async () => {
    const { flowId } = await h.identify(adele.upn);
    const christie = h.store.users.byUpn('christie.cline@contoso.com');
    const foreign = h.store.methods.listForUser(christie?.id ?? 0)[0];
    const refused = await h.call('reset.chooseMethod', { flowId, gateMethod: 'email', methodId: foreign?.id ?? 1 });
    expect(refused).toMatchObject({ step: 'verify', challenge: null, notice: { code: 'methodNotOffered' } });
  });

  it('§5 a new password is refused until every gate passed, and the user cannot be switched mid-flow', async () => {
    const { flowId, view } = await h.identify(adele.upn);
    const early = await h.call('reset.setPassword', { flowId, newPassword, confirmPassword: newPassword });
    expect(early).toMatchObject({ step: 'verify', notice: { code: 'notNow' } });
    const switched = await h.call('reset.identify', {
      flowId,
      upn: 'ben.walters@fabrikam.onmicrosoft.com',
      captcha: '0',
    });
    expect(switched).toMatchObject({ step: 'verify', upn: adele.upn, notice: { code: 'notNow' } });
    const afterSms = await h.passCodeGate(flowId, view, 'mobileSms', adele.phone);
    const stillOne = await h.call('reset.setPassword', { flowId, newPassword, confirmPassword: newPassword });
    expect(stillOne).toMatchObject({ step: 'verify', gate: 2 });
    expect(afterSms).toMatchObject({ step: 'verify', gate: 2 });
  });

  it('§5 the flow ends after 15 minutes without activity', async () => {
    const { flowId } = await h.identify(adele.upn);
    h.clock.advance(15 * 60_000 + 1);
    expect(await h.call('reset.view', { flowId })).toEqual({ step: 'expired', notice: null });
    expect(h.store.audit.list({ limit: 1, activity: 'flowExpired' })).toHaveLength(1);
  });

  it('§8 a new password that breaks the rules is refused with every failed rule, and nothing changes', async () => {
    const before = h.store.users.byUpn('ben.walters@fabrikam.onmicrosoft.com');
    const { flowId, view } = await h.identify('ben.walters@fabrikam.onmicrosoft.com');
    expect(await h.passCodeGate(flowId, view, 'email', 'ben.walters@personal.example')).toMatchObject({
      step: 'newPassword',
    });
    const feedback = await h.call('reset.checkPassword', { flowId, password: 'password' });
    expect(feedback.feedback?.ok).toBe(false);
    const refused = await h.call('reset.setPassword', {
      flowId,
      newPassword: 'Fabrikam1',
      confirmPassword: 'Fabrikam1',
    });
    expect(refused).toMatchObject({ step: 'newPassword', notice: { code: 'passwordRefused' } });
    // Each failed rule comes with the figures its message needs, never the password or a matched term.
    if (refused.step !== 'newPassword') throw new Error('unreachable');
    expect(refused.notice?.failures).toContainEqual({
      code: 'banned',
      params: { score: expect.any(Number), minScore: 5 },
    });
    expect(JSON.stringify(refused)).not.toMatch(/fabrikam1/i);
    const differ = await h.call('reset.setPassword', { flowId, newPassword, confirmPassword: `${newPassword}!` });
    expect(differ).toMatchObject({ step: 'newPassword', notice: { code: 'passwordsDiffer' } });
    expect(h.store.users.byUpn(before?.upn ?? '')?.passwordHash).toBe(before?.passwordHash);
  });

  it('live password feedback is only given to a flow at the new-password step', async () => {
    const { flowId } = await h.identify(adele.upn);
    expect(await h.call('reset.checkPassword', { flowId, password: 'anything' })).toEqual({ feedback: null });
  });
});

describe('§3 and §4 who may reset', () => {
  it.each([
    ['alex.wilber@contoso.com', 'notInSsprGroup'],
    ['megan.bowen@contoso.com', 'notEnoughMethods'],
    ['grady.archie@contoso.com', 'managedOnPremises'],
    ['irvin.sayers@contoso.com', 'accountNotFound'],
    ['nobody@contoso.com', 'accountNotFound'],
    ['ravi.patel@adatum.com', 'adminNotAllowed'],
  ])('%s is stopped with %s, audited', async (upn, outcome) => {
    const { view } = await h.identify(upn);
    expect(view).toMatchObject({ step: 'stopped', outcome });
    expect(h.store.audit.list({ limit: 1, activity: 'resetBlocked' })[0]).toMatchObject({ reason: outcome });
  });

  it.each([
    ['ravi.patel@adatum.com', 'https://it.adatum.com/help'],
    ['nobody@adatum.com', 'https://it.adatum.com/help'],
    ['ben.walters@fabrikam.onmicrosoft.com', 'mailto:helpdesk@fabrikam.onmicrosoft.com'],
    ['someone@unknown.example', null],
  ])("§3 the stop for %s shows the helpdesk of the UPN's tenant, not the device's", async (upn, link) => {
    if (upn.startsWith('ben.')) {
      const tenant = h.store.tenants.forUpn(upn);
      h.store.tenants.setSsprPolicy(tenant?.id ?? 0, { ...tenant?.ssprPolicy, enabledFor: 'none' });
    }
    const { view } = await h.identify(upn);
    expect(view).toMatchObject({ step: 'stopped' });
    if (view.step !== 'stopped') throw new Error('unreachable');
    expect(view.tenant?.helpdesk.link ?? null).toBe(link);
  });

  it("§1 §2 Customization: once identified, a Fabrikam user on a Contoso device sees Fabrikam's logo, colours and helpdesk at every step", async () => {
    const kim = { upn: 'kim.akers@fabrikam.onmicrosoft.com', phone: '+1 206 555 0142' };
    // Before "who are you" the wizard has no tenant of its own: the device's (Contoso's) shows.
    expect((await h.call('reset.start', {})).view).not.toHaveProperty('tenant');
    const fabrikam = {
      name: 'Fabrikam',
      branding: { logoText: 'Fabrikam', accentColor: '#8a3707', backgroundColor: '#3b1f0b' },
      helpdesk: {
        link: 'mailto:helpdesk@fabrikam.onmicrosoft.com',
        text: 'E-mail the Fabrikam helpdesk and we will call you back.',
      },
    };
    const { flowId, view } = await h.identify(kim.upn);
    expect(view).toMatchObject({ step: 'verify', tenant: fabrikam });
    // A change to Fabrikam's customization shows at the next step, and Contoso's never does.
    const tenant = h.store.tenants.forUpn(kim.upn);
    h.store.tenants.setCustomization(tenant?.id ?? 0, { ...tenant?.customization, logoText: 'Fabrikam Ltd' });
    const newPassword = await h.passCodeGate(flowId, view, 'mobileSms', kim.phone);
    expect(newPassword).toMatchObject({ step: 'newPassword', tenant: { branding: { logoText: 'Fabrikam Ltd' } } });
    const done = await h.call('reset.setPassword', {
      flowId,
      newPassword: 'Quartz#Tundra-Harbor9',
      confirmPassword: 'Quartz#Tundra-Harbor9',
    });
    expect(done).toMatchObject({ step: 'done', tenant: { name: 'Fabrikam', helpdesk: fabrikam.helpdesk } });
    expect(JSON.stringify([view, newPassword, done])).not.toContain('Contoso');
  });

  it('§4 an administrator faces two gates and is never offered security questions', async () => {
    const { view } = await h.identify('patti.fernandez@contoso.com');
    const verify = verifyView(view);
    expect(verify).toMatchObject({ gatesRequired: 2, admin: true });
    expect(verify.options.map((option) => option.gateMethod)).not.toContain('securityQuestions');
  });
});

describe('§5 methods through the flow', () => {
  it('§5 appCode: a TOTP computed from the registered secret passes; the same code is refused again', async () => {
    const { flowId, view } = await h.identify('christie.cline@contoso.com');
    const app = verifyView(view).options.find((option) => option.gateMethod === 'appCode');
    await h.call('reset.chooseMethod', { flowId, gateMethod: 'appCode', methodId: app?.methodId ?? 0 });
    const code = totpNow('4CSXRCR376AJTMEGFG6UGCEBX7LPDWOI', h.clock.now());
    expect(await h.call('reset.respond', { flowId, response: { code } })).toMatchObject({ step: 'verify', gate: 2 });

    const second = await h.identify('christie.cline@contoso.com');
    const again = verifyView(second.view).options.find((option) => option.gateMethod === 'appCode');
    await h.call('reset.chooseMethod', {
      flowId: second.flowId,
      gateMethod: 'appCode',
      methodId: again?.methodId ?? 0,
    });
    const replay = await h.call('reset.respond', { flowId: second.flowId, response: { code } });
    expect(replay).toMatchObject({ step: 'verify', gate: 1, notice: { code: 'codeAlreadyUsed' } });
  });

  it('§5 appNotification: the app sends back the number on screen; a wrong number fails the gate', async () => {
    const patti = h.store.users.byUpn('patti.fernandez@contoso.com');
    const { flowId, view } = await h.identify('patti.fernandez@contoso.com');
    const push = verifyView(view).options.find((option) => option.gateMethod === 'appNotification');
    const waiting = verifyView(
      await h.call('reset.chooseMethod', { flowId, gateMethod: 'appNotification', methodId: push?.methodId ?? 0 }),
    );
    const shown = waiting.challenge?.pushNumber ?? '';
    expect(shown).toMatch(/^\d{2}$/);
    const [pending] = h.t.engine.devices.pendingFor({ id: patti?.id ?? 0 }).pushes;
    h.t.engine.devices.respondToPush({ id: patti?.id ?? 0 }, pending?.id ?? '', shown);
    expect(await h.call('reset.respond', { flowId, response: { poll: true } })).toMatchObject({
      step: 'verify',
      gate: 2,
    });

    const other = await h.identify('patti.fernandez@contoso.com');
    await h.call('reset.chooseMethod', {
      flowId: other.flowId,
      gateMethod: 'appNotification',
      methodId: push?.methodId ?? 0,
    });
    const [next] = h.t.engine.devices.pendingFor({ id: patti?.id ?? 0 }).pushes;
    h.t.engine.devices.respondToPush({ id: patti?.id ?? 0 }, next?.id ?? '', '00');
    const failed = await h.call('reset.respond', { flowId: other.flowId, response: { poll: true } });
    expect(failed).toMatchObject({ step: 'verify', gate: 1, notice: { code: 'wrongNumber' } });
  });

  it('§5 security questions: all right passes; one wrong fails without saying which', async () => {
    const answers: Record<string, string> = {
      'What was the name of your first pet?': 'biscottino ',
      'In what town or city did your parents first meet?': 'CASTELFRANCO EMILIA',
      'What was your favourite dish as a child?': 'Tortellini in brodo',
      'What was the destination of your first flight?': 'Reykjavik',
    };
    const { flowId, view } = await h.identify('enrico.cattaneo@contoso.com');
    const questions = verifyView(view).options.find((option) => option.gateMethod === 'securityQuestions');
    const asked = verifyView(
      await h.call('reset.chooseMethod', {
        flowId,
        gateMethod: 'securityQuestions',
        methodId: questions?.methodId ?? 0,
      }),
    );
    const list = asked.challenge?.questions ?? [];
    expect(list).toHaveLength(3);
    const wrong = await h.call('reset.respond', {
      flowId,
      response: { answers: list.map((q, i) => (i === 1 ? 'wrong' : (answers[q] ?? ''))) },
    });
    // The notice names no question: the user learns only that not all were right.
    expect(wrong.notice).toEqual({ code: 'wrongAnswers' });
    const right = await h.call('reset.respond', { flowId, response: { answers: list.map((q) => answers[q] ?? '') } });
    expect(right).toMatchObject({ step: 'verify', gate: 2 });
  });

  it('§6 10 wrong codes within 30 minutes block SSPR for 1 hour, and the stop says until when', async () => {
    const { flowId, view } = await h.identify(adele.upn);
    const email = verifyView(view).options.find((option) => option.gateMethod === 'email');
    let last: FlowView = view;
    for (let attempt = 0; attempt < 10 && last.step === 'verify'; attempt += 1) {
      if (!verifyView(last).challenge) {
        await h.call('reset.chooseMethod', { flowId, gateMethod: 'email', methodId: email?.methodId ?? 0 });
      }
      last = await h.call('reset.respond', { flowId, response: { code: '000000' } });
    }
    expect(last).toMatchObject({ step: 'stopped', outcome: 'ssprLockout' });
    expect(h.store.audit.list({ limit: 1, activity: 'ssprLockoutStarted' })).toHaveLength(1);
    const { view: retry } = await h.identify(adele.upn);
    expect(retry).toMatchObject({ step: 'stopped', outcome: 'ssprLockout' });
    h.clock.advance(60 * 60_000 + 1);
    expect((await h.identify(adele.upn)).view).toMatchObject({ step: 'verify' });
  });
});

describe('§5 writeback and unlock for a synced user', () => {
  const johanna = {
    upn: 'johanna.lorenz@contoso.com',
    phone: '+1 425 555 0110',
    email: 'johanna.lorenz@personal.example',
  };

  async function throughGates(action: 'reset' | 'unlock'): Promise<{ flowId: string; view: FlowView }> {
    const { flowId, view } = await h.identify(johanna.upn);
    expect(view).toMatchObject({ step: 'chooseAction' });
    const first = await h.call('reset.chooseAction', { flowId, action });
    const second = await h.passCodeGate(flowId, first, 'mobileSms', johanna.phone);
    return { flowId, view: await h.passCodeGate(flowId, second, 'email', johanna.email) };
  }

  it('§5.2 unlock without reset clears both lockouts and leaves the password', async () => {
    const before = h.store.users.byUpn(johanna.upn);
    expect(before?.onPremLockout.lockedUntil).not.toBeNull();
    const { view } = await throughGates('unlock');
    expect(view).toMatchObject({ step: 'done', action: 'unlock' });
    const after = h.store.users.byUpn(johanna.upn);
    expect(after?.onPremLockout.lockedUntil).toBeNull();
    expect(after?.passwordHash).toBe(before?.passwordHash);
    expect(h.store.audit.list({ limit: 1, activity: 'accountUnlocked' })[0]).toMatchObject({ result: 'success' });
  });

  it('§5.2 an unlock the agent cannot deliver changes nothing, and a retry proves the user again', async () => {
    const tenant = h.store.tenants.forUpn(johanna.upn);
    const before = h.store.users.byUpn(johanna.upn);
    const { flowId, view } = await h.identify(johanna.upn);
    const first = await h.call('reset.chooseAction', { flowId, action: 'unlock' });
    const second = await h.passCodeGate(flowId, first, 'mobileSms', johanna.phone);
    h.store.tenants.setSsprPolicy(tenant?.id ?? 0, { ...tenant?.ssprPolicy, writebackAgent: 'down' });
    const failed = await h.passCodeGate(flowId, second, 'email', johanna.email);
    expect(view).toMatchObject({ step: 'chooseAction' });
    expect(failed).toMatchObject({ step: 'verify', gate: 1, notice: { code: 'unlockFailed', reason: 'agentDown' } });
    expect(h.store.users.byUpn(johanna.upn)?.onPremLockout).toEqual(before?.onPremLockout);
    expect(h.store.audit.list({ limit: 1, activity: 'accountUnlocked' })[0]).toMatchObject({ result: 'failure' });
    // Not a password step: a retry cannot skip the gates.
    expect(await h.call('reset.setPassword', { flowId, newPassword, confirmPassword: newPassword })).toMatchObject({
      step: 'verify',
      notice: { code: 'notNow' },
    });

    h.store.tenants.setSsprPolicy(tenant?.id ?? 0, { ...tenant?.ssprPolicy, writebackAgent: 'connected' });
    const afterSms = await h.passCodeGate(flowId, failed, 'mobileSms', johanna.phone);
    const again = await h.passCodeGate(flowId, afterSms, 'email', johanna.email);
    expect(again).toMatchObject({ step: 'done', action: 'unlock' });
    expect(h.store.users.byUpn(johanna.upn)?.onPremLockout.lockedUntil).toBeNull();
  });

  it('§5 a synced reset is written back; with the agent down nothing changes and the user is told to try again', async () => {
    const tenant = h.store.tenants.forUpn(johanna.upn);
    const before = h.store.users.byUpn(johanna.upn);
    const { flowId } = await throughGates('reset');
    h.store.tenants.setSsprPolicy(tenant?.id ?? 0, { ...tenant?.ssprPolicy, writebackAgent: 'down' });
    const refused = await h.call('reset.setPassword', { flowId, newPassword, confirmPassword: newPassword });
    expect(refused).toMatchObject({ step: 'newPassword', notice: { code: 'writebackFailed', reason: 'agentDown' } });
    expect(h.store.users.byUpn(johanna.upn)?.passwordHash).toBe(before?.passwordHash);
    expect(h.store.audit.list({ limit: 5, activity: 'writebackFailed' })).toHaveLength(1);

    h.store.tenants.setSsprPolicy(tenant?.id ?? 0, { ...tenant?.ssprPolicy, writebackAgent: 'connected' });
    const done = await h.call('reset.setPassword', { flowId, newPassword, confirmPassword: newPassword });
    expect(done).toMatchObject({ step: 'done', wroteBack: true });
    expect(h.store.users.byUpn(johanna.upn)?.passwordHash).not.toBe(before?.passwordHash);
  });
});

describe('§10 no secret in the audit trail or the log', () => {
  it('after a full reset, neither the new password nor any code appears in events or log lines', async () => {
    const { flowId, view } = await h.identify(adele.upn);
    const afterSms = await h.passCodeGate(flowId, view, 'mobileSms', adele.phone);
    const smsCode = h.codeSentTo(adele.phone);
    await h.passCodeGate(flowId, afterSms, 'email', adele.email);
    const emailCode = h.codeSentTo(adele.email);
    await h.call('reset.setPassword', { flowId, newPassword, confirmPassword: newPassword });
    const trail = JSON.stringify(h.store.audit.list({ limit: 1000 })) + h.t.log.lines.join('\n');
    for (const secret of [newPassword, smsCode, emailCode]) expect(trail).not.toContain(secret);
  });
});
