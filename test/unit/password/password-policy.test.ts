import { beforeAll, describe, expect, it } from 'vitest';
import { buildBannedIndex } from '../../../electron/main/password/banned-index';
import { globalBannedIndex } from '../../../electron/main/password/banned-list';
import { createHasher, type Hasher } from '../../../electron/main/password/hasher';
import { createPasswordPolicy, type EvaluateRequest } from '../../../electron/main/password/policy';
import { createStrengthMeter, type StrengthMeter } from '../../../electron/main/password/strength';

// A cheap scrypt cost keeps the history tests fast; the rule is the same at any cost.
const hasher: Hasher = createHasher({ N: 2 ** 10, r: 8, p: 1 });
const fixedMeter = (score: 0 | 4): StrengthMeter => ({ estimate: () => ({ score, suggestionKeys: [] }) });

const request = (password: string, overrides: Partial<EvaluateRequest> = {}): EvaluateRequest => ({
  password,
  user: { upn: 'megan.bowen@contoso.com', displayName: 'Megan Bowen', givenName: 'Megan', surname: 'Bowen' },
  tenant: { name: 'Contoso' },
  policy: { minLength: 8, historyCount: 3 },
  customTerms: ['blank'],
  ...overrides,
});

describe('§8 history: not one of the last N passwords', () => {
  const previous = ['Qz7#first1', 'Qz7#second2', 'Qz7#third3', 'Qz7#fourth4'];
  let history: string[] = [];
  const policy = createPasswordPolicy({
    globalList: buildBannedIndex([], 'global'),
    hasher,
    strengthMeter: fixedMeter(4),
  });

  beforeAll(async () => {
    history = await Promise.all(previous.map((password) => hasher.hash(password)));
  });

  it('refuses each of the last 3 passwords (the default)', async () => {
    for (const password of previous.slice(0, 3)) {
      const evaluation = await policy.evaluate(request(password, { history }));
      expect(evaluation.ok).toBe(false);
      expect(evaluation.failures).toEqual([
        { code: 'history', i18nKey: 'password.rules.history', params: { historyCount: 3 } },
      ]);
    }
  });

  it('accepts the 4th most recent password when the policy remembers 3', async () => {
    expect((await policy.evaluate(request('Qz7#fourth4', { history }))).ok).toBe(true);
  });

  it('remembers as many as the policy says (here 4)', async () => {
    const evaluation = await policy.evaluate(
      request('Qz7#fourth4', { history, policy: { minLength: 8, historyCount: 4 } }),
    );
    expect(evaluation.failures.map((failure) => failure.code)).toEqual(['history']);
  });

  it('history count 0 turns the rule off', async () => {
    const evaluation = await policy.evaluate(
      request('Qz7#first1', { history, policy: { minLength: 8, historyCount: 0 } }),
    );
    expect(evaluation.ok).toBe(true);
  });

  it('a new password passes', async () => {
    expect((await policy.evaluate(request('Qz7#brandnew', { history }))).ok).toBe(true);
  });

  it('history is added to the other failures, not instead of them', async () => {
    const short = await hasher.hash('Qz7#a');
    const evaluation = await policy.evaluate(request('Qz7#a', { history: [short] }));
    expect(evaluation.failures.map((failure) => failure.code)).toEqual(['length.tooShort', 'history']);
  });
});

describe('§8 strength meter: advises, never decides', () => {
  const globalList = buildBannedIndex([], 'global');

  it('the hint never changes ok: the same verdicts with a meter that always says 0 and one that always says 4', async () => {
    const weak = createPasswordPolicy({ globalList, hasher, strengthMeter: fixedMeter(0) });
    const strong = createPasswordPolicy({ globalList, hasher, strengthMeter: fixedMeter(4) });
    for (const password of ['Qz7#brandnew', 'ContoS0Bl@nkf9!', 'C0ntos0Blank12', 'short', 'xkqmvbnrwzplt']) {
      const [a, b] = await Promise.all([weak.evaluate(request(password)), strong.evaluate(request(password))]);
      expect(a.strength.score).toBe(0);
      expect(b.strength.score).toBe(4);
      expect(a.ok).toBe(b.ok);
      expect(a.failures).toEqual(b.failures);
    }
  });

  it('zxcvbn (common, English, German, Brazilian Portuguese) rates a rule-passing password low and a failing one high', async () => {
    const policy = createPasswordPolicy({ globalList, hasher, strengthMeter: createStrengthMeter() });
    const weak = await policy.evaluate(request('Password1!'));
    expect(weak.ok).toBe(true);
    expect(weak.strength.score).toBeLessThanOrEqual(1);
    expect(weak.strength.warningKey).toMatch(/^password\.strength\.warnings\./);
    const strong = await policy.evaluate(request('xkqmvbnrwzplt'));
    expect(strong.ok).toBe(false);
    expect(strong.strength.score).toBe(4);
  });

  it('knows German and Portuguese words', () => {
    const meter = createStrengthMeter();
    expect(meter.estimate('kennwort').score).toBeLessThanOrEqual(1);
    expect(meter.estimate('senha').score).toBeLessThanOrEqual(1);
  });
});

describe('§8 the policy combines the global list, the custom list and the names', () => {
  const policy = createPasswordPolicy({ globalList: globalBannedIndex(), hasher, strengthMeter: fixedMeter(4) });

  it('applies the tenant custom list alongside the global list', () => {
    expect(policy.evaluateRules(request('Zyqx#9Q2wKv')).ok).toBe(true);
    const evaluation = policy.evaluateRules(request('Zyqx#9Q2wKv', { customTerms: ['zyqx#9q2'] }));
    expect(evaluation.failures.map((failure) => failure.code)).toEqual(['banned']);
    expect(evaluation.banned.matches.map((match) => match.kind)).toContain('custom');
  });

  it('the evaluation carries no password, only codes, parameters and the matched terms', async () => {
    const password = 'ContoS0Bl@nkf9!';
    const evaluation = await policy.evaluate(request(password));
    expect(JSON.stringify(evaluation)).not.toContain(password);
    expect(JSON.stringify(evaluation).toLowerCase()).not.toContain(password.toLowerCase());
  });
});
