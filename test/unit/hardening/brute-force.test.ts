// Issue 7, brute force (§5, §6): guessing strategies drawn by fast-check against the real engine
// (test/support/brute-force.ts); the SSPR block kept across a restart; the CAPTCHA back after failures.
// `npm test` plays a few strategies per property; SSPR_BRUTE_RUNS (and `npm run verify`) more.
import { resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dispatch } from '../../../electron/main/api/dispatch';
import { ManualClock } from '../../../electron/main/clock';
import { openEngine, type Engine } from '../../../electron/main/engine';
import { captchaReturnsForMs } from '../../../electron/main/flows/reset-service';
import type { CallName, CallRequest, CallResponse } from '../../../shared/contract';
import type { FlowView } from '../../../shared/reset';
import { bruteForceProperties } from '../../support/brute-force';
import { fastHashCost, openStoreBeside, openTestEngine, type TestEngine } from '../support/engine';

const runs = Number(process.env['SSPR_BRUTE_RUNS'] ?? 4);

describe('issue 7 no guessing strategy passes a gate in more tries than the policy allows', () => {
  it.each(bruteForceProperties.map((property) => [property.name, property] as const))(
    'issue 7 %s',
    async (_name, property) => {
      const result = await property.run(runs);
      expect(result.detail).toBe('');
      expect(result.ok).toBe(true);
      expect(result.runs).toBe(runs);
    },
    180_000,
  );
});

const adele = { upn: 'adele.vance@contoso.com' };

describe('issue 7 §6 the SSPR block and the CAPTCHA', () => {
  let t: TestEngine;
  let engine: Engine;
  let clock: ManualClock;
  beforeEach(async () => {
    clock = new ManualClock('2026-03-02T09:00:00Z');
    t = await openTestEngine({ clock });
    engine = t.engine;
  });
  afterEach(() => {
    engine.close();
    t.close();
  });

  const call = async <N extends CallName>(name: N, request: CallRequest<N>): Promise<CallResponse<N>> => {
    const answer = await dispatch(engine.handlers, name, request, { shell: 'browser' }, t.log);
    if (!answer.ok) throw new Error(`${name} refused: ${answer.error.code} ${answer.error.message}`);
    return answer.value as CallResponse<N>;
  };
  const identify = async (upn: string, captcha: 'right' | 'none' = 'right') => {
    const { flowId, view } = await call('reset.start', {});
    if (view.step !== 'identify') throw new Error('a new flow must start at "who are you"');
    const answer = String(view.captchaPuzzle.a + view.captchaPuzzle.b);
    const request = captcha === 'right' ? { flowId, upn, captcha: answer } : { flowId, upn };
    return { flowId, first: view, view: await call('reset.identify', request) };
  };
  /** A wrong phone number confirmation: a counted failure (§6) that sends nothing. */
  const wrongPhone = async (flowId: string, view: FlowView) => {
    const sms = view.step === 'verify' ? view.options.find((option) => option.gateMethod === 'mobileSms') : undefined;
    if (!sms) throw new Error(`no SMS option (${view.step})`);
    return call('reset.chooseMethod', {
      flowId,
      gateMethod: 'mobileSms',
      methodId: sms.methodId,
      phoneNumber: '+1 425 555 0199',
    });
  };

  it('issue 7 §6 the SSPR block survives a restart: reopened on the same file, still blocked with the same end', async () => {
    const { flowId, view } = await identify(adele.upn);
    let last: FlowView = view;
    for (let i = 0; i < 10; i++) last = await wrongPhone(flowId, view);
    expect(last).toMatchObject({ step: 'stopped', outcome: 'ssprLockout' });
    const until = last.step === 'stopped' ? last.until : null;
    expect(until).toBe('2026-03-02T10:00:00.000Z');

    engine.close();
    clock.advance(20 * 60_000);
    engine = await openEngine({
      dbPath: t.dbPath,
      resourcesDir: resolve('resources'),
      vault: t.vault,
      shell: 'browser',
      clock,
      log: t.log,
      hashCost: fastHashCost,
    });
    expect((await identify(adele.upn)).view).toMatchObject({ step: 'stopped', outcome: 'ssprLockout', until });
    clock.set('2026-03-02T10:00:00.000Z');
    expect((await identify(adele.upn)).view).toMatchObject({ step: 'verify', gate: 1 });
  });

  it('issue 7 §6 with the device CAPTCHA off, a failed verification on this device brings it back for 30 minutes', async () => {
    const store = await openStoreBeside(t);
    try {
      store.device.update({ captcha: false });
    } finally {
      store.close();
    }
    const before = await identify(adele.upn, 'none');
    expect(before.first).toMatchObject({ captchaRequired: false });
    expect(before.view).toMatchObject({ step: 'verify' });
    await wrongPhone(before.flowId, before.view);

    const after = await identify(adele.upn, 'none');
    expect(after.first).toMatchObject({ captchaRequired: true });
    // §5.1 without an answer it is a wrong CAPTCHA: a new one, and no failed verification counted.
    expect(after.view).toMatchObject({ step: 'identify', notice: { code: 'captchaWrong' }, captchaRequired: true });
    expect((await identify(adele.upn, 'right')).view).toMatchObject({ step: 'verify' });

    clock.advance(captchaReturnsForMs);
    const later = await identify(adele.upn, 'none');
    expect(later.first).toMatchObject({ captchaRequired: false });
    expect(later.view).toMatchObject({ step: 'verify' });
  });
});
