// Issue 7, bad input: every contract call fuzzed through the dispatcher (test/support/contract-fuzz.ts).
// `npm test` tries a few dozen payloads per call (a few seconds for the whole file); `npm run verify`
// and SSPR_FUZZ_RUNS=10000 try the issue's 10,000 per call.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatch } from '../../../electron/main/api/dispatch';
import { callNames, contract, type CallName } from '../../../shared/contract';
import { CallFailure } from '../../../shared/errors';
import { openTestEngine, type TestEngine } from '../support/engine';
import { fuzzOrder, runContractFuzz, type ContractFuzzReport, type Dispatcher } from '../../support/contract-fuzz';

const runs = Number(process.env['SSPR_FUZZ_RUNS'] ?? 25);
const seed = process.env['SSPR_FUZZ_SEED'] === undefined ? undefined : Number(process.env['SSPR_FUZZ_SEED']);

describe('issue 7 bad input: every contract call fuzzed with hostile payloads', () => {
  let report: ContractFuzzReport;
  beforeAll(async () => {
    report = await runContractFuzz({ runs, ...(seed === undefined ? {} : { seed }) });
  }, 600_000);

  it('issue 7 every call of the contract is fuzzed', () => {
    expect(report.calls.map((call) => call.call).sort()).toEqual([...callNames].sort());
    expect(fuzzOrder()).toHaveLength(Object.keys(contract).length);
  });

  it.each(fuzzOrder())(
    'issue 7 %s: every hostile payload gets a typed error, nothing throws, a refused one changes nothing',
    (name) => {
      const call = report.calls.find((candidate) => candidate.call === name);
      expect(call?.problems, `SSPR_FUZZ_SEED=${report.seed} reproduces this run`).toEqual([]);
      expect(call?.payloads).toBe(runs);
      // Each kind of payload reached the call: some refused by the schema, some valid.
      expect(call?.rejected).toBeGreaterThan(0);
      expect((call?.answered ?? 0) + (call?.refused ?? 0)).toBeGreaterThan(0);
    },
  );

  it('issue 7 no payload polluted Object.prototype', () => {
    expect(report.problems).toEqual([]);
  });
});

/** The dispatcher with one protection removed: `skipped` reaches its handler without its schema. */
function skipsValidationFor(skipped: CallName): Dispatcher {
  return async (handlers, name, payload, context, log) => {
    if (name !== skipped) return dispatch(handlers, name, payload, context, log);
    try {
      const handler = handlers[skipped] as (request: unknown, context: unknown) => unknown;
      return { ok: true, value: await handler(payload, context) };
    } catch (error) {
      if (error instanceof CallFailure) return { ok: false, error: { code: error.code, message: error.message } };
      return { ok: false, error: { code: 'internal', message: 'Something went wrong on this device. Try again.' } };
    }
  };
}

describe('issue 7 the fuzzer fails when the protection is removed', () => {
  it.each(['reset.identify', 'admin.tenant.set', 'session.signIn'] as const)(
    'issue 7 a dispatcher that skips the request schema of %s is caught',
    async (name) => {
      const report = await runContractFuzz({ runs: 40, seed: 7, calls: [name], dispatcher: skipsValidationFor(name) });
      expect(report.totals.problems).toBeGreaterThan(0);
      expect(report.calls[0]?.problems.map((problem) => problem.kind)).toContain('notRefusedAsInvalid');
    },
    60_000,
  );
});

describe('issue 7 what the fuzzer found, pinned', () => {
  let t: TestEngine;
  const call = (name: CallName, payload: unknown) =>
    dispatch(t.engine.handlers, name, payload, { shell: 'browser' }, t.log);
  beforeAll(async () => {
    t = await openTestEngine();
    await call('admin.setup', { credential: 'Pinned-Console-Key-2291!' });
    await call('admin.open', { credential: 'Pinned-Console-Key-2291!' });
  });
  afterAll(() => t.close());

  it('issue 7 §10 an audit export for a tenant of no one is refused as not found and audits nothing', async () => {
    const total = async () => {
      const page = await call('admin.audit.query', { filters: {}, limit: 1 });
      return page.ok ? (page.value as { total: number }).total : -1;
    };
    const before = await total();
    expect(await call('admin.audit.export', { format: 'jsonl', filters: { tenantId: 2 ** 31 } })).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
    expect(await total()).toBe(before);
    expect(t.log.lines.filter((line) => line.startsWith('error '))).toEqual([]);
  });

  it.each(['\u0000Pilot', 'Pilot\u0007', 'Pilot\ud800'])(
    'issue 7 a group name with a control character or a lone surrogate (%j) is refused as invalid',
    async (name) => {
      expect(await call('admin.group.create', { tenantId: 1, name })).toMatchObject({
        ok: false,
        error: { code: 'invalid_request', issues: [{ path: 'name' }] },
      });
      expect(await call('admin.group.create', { tenantId: 1, name: 'Pilot', description: name })).toMatchObject({
        ok: false,
        error: { code: 'invalid_request' },
      });
    },
  );
});
