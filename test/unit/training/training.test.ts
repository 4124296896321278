import { afterEach, describe, expect, it } from 'vitest';
import { dispatch } from '../../../electron/main/api/dispatch';
import { totpNow } from '../../../electron/main/methods';
import { openFlowHarness, type FlowHarness } from '../flows/support';
import { openTestEngine, type TestEngine } from '../support/engine';

let h: FlowHarness | null = null;
let kiosk: TestEngine | null = null;
afterEach(() => {
  h?.close();
  kiosk?.close();
  h = kiosk = null;
});

describe('the training devices panel', () => {
  it("shows one user's own phone inbox and mailbox, and nothing sent to anyone else", async () => {
    h = await openFlowHarness();
    const { flowId, view } = await h.identify('adele.vance@contoso.com');
    const sms = view.step === 'verify' ? view.options.find((option) => option.gateMethod === 'mobileSms') : undefined;
    await h.call('reset.chooseMethod', {
      flowId,
      gateMethod: 'mobileSms',
      methodId: sms?.methodId ?? 0,
      phoneNumber: '+1 425 555 0101',
    });
    await h.identify('ben.walters@fabrikam.onmicrosoft.com').then(async ({ flowId: other, view: benView }) => {
      const email = benView.step === 'verify' ? benView.options[0] : undefined;
      await h?.call('reset.chooseMethod', { flowId: other, gateMethod: 'email', methodId: email?.methodId ?? 0 });
    });
    const adele = await h.call('training.devices', { upn: 'adele.vance@contoso.com' });
    expect(adele.inbox).toHaveLength(1);
    expect(adele.inbox[0]?.body).toContain(h.codeSentTo('+1 425 555 0101'));
    expect(JSON.stringify(adele)).not.toContain('ben.walters');
  });

  it("shows the authenticator's live code, the one the gate accepts", async () => {
    h = await openFlowHarness();
    const christie = await h.call('training.devices', { upn: 'christie.cline@contoso.com' });
    expect(christie.authenticators[0]?.code).toBe(totpNow('4CSXRCR376AJTMEGFG6UGCEBX7LPDWOI', h.clock.now()));
  });

  it('the training clock moves every rule forward and is audited', async () => {
    h = await openFlowHarness();
    const before = await h.call('training.state', {});
    const after = await h.call('training.advanceClock', { minutes: 1440 });
    expect(new Date(after.now).getTime() - new Date(before.now).getTime()).toBeGreaterThanOrEqual(1440 * 60_000);
    expect(after.offsetMinutes).toBe(1440);
    expect(h.store.audit.list({ limit: 1 })[0]).toMatchObject({ reason: 'trainingClockAdvanced', actor: 'trainer' });
  });

  it('does not exist in kiosk mode', async () => {
    const engine = await openTestEngine({ kiosk: true });
    kiosk = engine;
    const call = (name: 'training.devices' | 'training.advanceClock', request: object) =>
      dispatch(engine.engine.handlers, name, request, { shell: 'browser' }, engine.log);
    expect(await call('training.devices', { upn: 'adele.vance@contoso.com' })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    expect(await call('training.advanceClock', { minutes: 60 })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
  });
});
