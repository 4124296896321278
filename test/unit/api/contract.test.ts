import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callNames, contract, type CallName } from '../../../shared/contract';
import { dispatch, type Handlers } from '../../../electron/main/api/dispatch';
import { memoryLogger } from '../../../electron/main/log';
import { openTestEngine, type TestEngine } from '../support/engine';

let testEngine: TestEngine;
const reached: string[] = [];
let guarded: Handlers;

beforeAll(async () => {
  testEngine = await openTestEngine();
  const real = testEngine.engine.handlers;
  // The real handlers, wrapped so the test sees whether a refused request ever reached one.
  guarded = Object.fromEntries(
    callNames.map((name) => [
      name,
      (request: unknown, context: unknown) => {
        reached.push(name);
        return (real[name] as (r: unknown, c: unknown) => unknown)(request, context);
      },
    ]),
  ) as Handlers;
});
afterAll(() => testEngine.close());

const malformed: Array<[string, unknown]> = [
  ['no payload', undefined],
  ['null', null],
  ['a number', 42],
  ['a string', 'hello'],
  ['an array', []],
  ['a boolean', true],
  ['an unknown field', { unexpected: 1 }],
  ['a prototype key', JSON.parse('{"__proto__": {"polluted": true}, "constructor": {"prototype": {}}}')],
  ['deep nesting', JSON.parse('['.repeat(500) + ']'.repeat(500))],
  ['a huge string field', { upn: 'x'.repeat(100_000) + '@contoso.com', password: 'y' }],
];

describe('the IPC contract', () => {
  it('lists every call once, each with a request and a response schema', () => {
    expect(new Set(callNames).size).toBe(callNames.length);
    for (const name of callNames) {
      expect(contract[name].request).toBeDefined();
      expect(contract[name].response).toBeDefined();
    }
  });

  it.each(callNames)(
    '%s refuses every malformed payload with a schema error, reaching no handler',
    async (name: CallName) => {
      for (const [what, payload] of malformed) {
        reached.length = 0;
        const answer = await dispatch(guarded, name, payload, { shell: 'browser' }, memoryLogger());
        expect(answer.ok, `${name} with ${what}`).toBe(false);
        if (!answer.ok) {
          expect(answer.error.code, `${name} with ${what}`).toBe('invalid_request');
          expect(answer.error.issues?.length, `${name} with ${what}`).toBeGreaterThan(0);
        }
        expect(reached, `${name} with ${what}`).toEqual([]);
      }
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    },
  );

  it('a schema error names the failing field but never echoes the value sent', async () => {
    const answer = await dispatch(
      guarded,
      'session.signIn',
      { upn: 'adele.vance@contoso.com', password: 12345678, secretExtra: 'Sup3r-Secret!' },
      { shell: 'browser' },
      memoryLogger(),
    );
    expect(answer.ok).toBe(false);
    const text = JSON.stringify(answer);
    expect(text).toContain('password');
    expect(text).not.toContain('12345678');
    expect(text).not.toContain('Sup3r-Secret!');
  });

  it('an unknown call name is refused as unknown_call', async () => {
    for (const name of ['session.nope', '__proto__', 'hasOwnProperty', 42, null]) {
      const answer = await dispatch(guarded, name, {}, { shell: 'browser' }, memoryLogger());
      expect(answer).toMatchObject({ ok: false, error: { code: 'unknown_call' } });
    }
  });

  it('a response is cut to its schema: a field the contract does not name never leaves main', async () => {
    const leaky = {
      ...guarded,
      'session.get': () => ({ user: null, locked: false, next: null, passwordHash: 'scrypt$leak' }),
    } as unknown as Handlers;
    const answer = await dispatch(leaky, 'session.get', {}, { shell: 'browser' }, memoryLogger());
    expect(answer).toEqual({ ok: true, value: { user: null, locked: false, next: null } });
  });

  it('a handler crash becomes a typed internal error without the payload in the log', async () => {
    const log = memoryLogger();
    const crashing = {
      ...guarded,
      'session.signIn': () => {
        throw new Error('database is locked');
      },
    } as unknown as Handlers;
    const answer = await dispatch(
      crashing,
      'session.signIn',
      { upn: 'adele.vance@contoso.com', password: 'Hunter2-Secret!' },
      { shell: 'browser' },
      log,
    );
    expect(answer).toMatchObject({ ok: false, error: { code: 'internal' } });
    expect(log.lines.join('\n')).toContain('database is locked');
    expect(log.lines.join('\n')).not.toContain('Hunter2-Secret!');
  });
});
