import { describe, expect, it } from 'vitest';
import { createScanMatcher } from '../../../shared/password/banned';
import {
  characterClassesOf,
  displayNameTokens,
  evaluatePassword,
  historyFailure,
  withFailure,
  type PasswordContext,
  type PasswordFailure,
} from '../../../shared/password/rules';
import en from '../../../shared/password/messages.en.json';
import de from '../../../shared/password/messages.de.json';
import ptBr from '../../../shared/password/messages.pt-BR.json';

const context: PasswordContext = {
  policy: { minLength: 8 },
  user: { upn: 'adele.vance@contoso.com', displayName: 'Adele Vance', givenName: 'Adele', surname: 'Vance' },
  tenantName: 'Contoso',
};

const codes = (password: string, ctx: PasswordContext = context): string[] =>
  evaluatePassword(password, ctx).failures.map((failure) => failure.code);

describe('§8 length', () => {
  it('refuses fewer than 8 characters by default', () => {
    const evaluation = evaluatePassword('Xk9#mQ2', context);
    expect(evaluation.ok).toBe(false);
    expect(evaluation.failures).toContainEqual({
      code: 'length.tooShort',
      i18nKey: 'password.rules.length.tooShort',
      params: { minLength: 8 },
    });
  });

  it('accepts exactly 8 characters', () => {
    expect(evaluatePassword('Xk9#mQ2v', context).ok).toBe(true);
  });

  it('the minimum is configurable (here 14)', () => {
    const strict = { ...context, policy: { minLength: 14 } };
    expect(codes('Xk9#mQ2vR7$pL', strict)).toEqual(['length.tooShort']);
    expect(codes('Xk9#mQ2vR7$pLw', strict)).toEqual([]);
  });

  it('refuses more than 256 characters and accepts 256', () => {
    const body = 'Xk9#mQ2v'.repeat(32);
    expect(codes(body)).toEqual([]);
    const evaluation = evaluatePassword(`${body}a`, context);
    expect(evaluation.failures.map((failure) => failure.code)).toEqual(['length.tooLong']);
    expect(evaluation.failures[0]?.params).toEqual({ maxLength: 256 });
    expect(evaluation.banned.evaluated).toBe(false);
  });

  it('counts characters, not UTF-16 units: 7 letters and an emoji are 8 characters', () => {
    expect(codes('Xk9#mQ2😀')).toEqual([]);
  });
});

describe('§8 complexity: 3 of 4 classes', () => {
  it.each([
    ['lower, upper, digit', 'Xkqmvbnr7'],
    ['lower, upper, symbol', 'Xkqmvbnr#'],
    ['lower, digit, symbol', 'xkqmvbn7#'],
    ['upper, digit, symbol', 'XKQMVBN7#'],
  ])('accepts %s', (_, password) => {
    expect(codes(password)).toEqual([]);
  });

  it.each([
    ['lower only', 'xkqmvbnrw', ['upper', 'digit', 'symbol']],
    ['lower and upper', 'Xkqmvbnrw', ['digit', 'symbol']],
    ['digits and symbols', '7392#%81!', ['lower', 'upper']],
  ])('refuses %s and names the missing classes', (_, password, missing) => {
    const failure = evaluatePassword(password, context).failures.find((f) => f.code === 'complexity');
    expect(failure?.params).toMatchObject({ required: 3, present: 4 - missing.length, missing });
  });

  it('é counts as lowercase and É as uppercase (Unicode letter case)', () => {
    expect([...characterClassesOf('éÉ')].sort()).toEqual(['lower', 'upper']);
    expect(codes('ÉtéÀpqrs7')).toEqual([]);
  });

  it('a space is no symbol; an emoji and a currency sign are', () => {
    expect(characterClassesOf(' ').size).toBe(0);
    expect([...characterClassesOf('😀')]).toEqual(['symbol']);
    expect([...characterClassesOf('€')]).toEqual(['symbol']);
  });

  it('letters without case (CJK) count in no class', () => {
    expect(characterClassesOf('密码').size).toBe(0);
  });
});

describe('§8 not the UPN local part or the display name', () => {
  it('refuses a password containing the UPN local part, in any case', () => {
    expect(codes('xADELE.VANCE7#')).toContain('containsUpn');
  });

  it('ignores a local part shorter than 3 characters', () => {
    const short = { ...context, user: { upn: 'av@contoso.com' } };
    expect(codes('Xav#mQ2vR', short)).not.toContain('containsUpn');
  });

  it('splits the display name into tokens of 3 characters or more, as Active Directory does', () => {
    expect(displayNameTokens('Vance, Adele-Jo M. de_la#Cruz')).toEqual(['vance', 'adele', 'cruz']);
    expect(codes('Q7#vance!zz')).toContain('containsDisplayName');
    expect(codes('Q7#Xadele!z')).toContain('containsDisplayName');
  });

  it('a token shorter than 3 characters is not looked for', () => {
    const ctx = { ...context, user: { upn: 'x@contoso.com', displayName: 'Li Wu' } };
    expect(codes('Liwu#7Kqmz', ctx)).not.toContain('containsDisplayName');
  });

  it('a password with neither passes', () => {
    expect(codes('Q7#zmvbnrk')).toEqual([]);
  });
});

describe('§8 history: the failure main adds after checking the slow hashes', () => {
  it('historyFailure has its code, key and count, and withFailure clears ok', () => {
    const evaluation = evaluatePassword('Q7#zmvbnrk', context);
    const failure: PasswordFailure = historyFailure(3);
    expect(failure).toEqual({ code: 'history', i18nKey: 'password.rules.history', params: { historyCount: 3 } });
    const refused = withFailure(evaluation, failure);
    expect(refused.ok).toBe(false);
    expect(refused.failures).toEqual([failure]);
    expect(evaluation.ok).toBe(true);
  });
});

describe('§8 evaluation reports every failed rule, not a yes or no', () => {
  it('a short, simple password containing a banned term fails length, complexity and banned at once', () => {
    const evaluation = evaluatePassword('blank', context, createScanMatcher(['blank'], 'custom'));
    expect(evaluation.failures.map((failure) => failure.code)).toEqual(['length.tooShort', 'complexity', 'banned']);
    expect(evaluation.banned).toMatchObject({ score: 1, minScore: 5, matchedTerms: ['blank'] });
  });

  it('every failure has a stable code and its i18n key in English, German and Brazilian Portuguese', () => {
    const failures: PasswordFailure[] = [
      ...evaluatePassword('x', context, createScanMatcher(['xxxx'], 'custom')).failures,
      ...evaluatePassword('Adele.Vance'.repeat(30), context).failures,
      ...evaluatePassword('adele.vance@x', context).failures,
      historyFailure(3),
    ];
    const seen = new Set(failures.map((failure) => failure.code));
    expect([...seen].sort()).toEqual(
      [
        'banned',
        'complexity',
        'containsDisplayName',
        'containsUpn',
        'history',
        'length.tooLong',
        'length.tooShort',
      ].sort(),
    );
    for (const failure of failures) {
      expect(failure.i18nKey).toBe(`password.rules.${failure.code}`);
      for (const messages of [en, de, ptBr]) {
        const text = lookUp(messages, failure.i18nKey);
        expect(typeof text).toBe('string');
        const placeholders = [...String(text).matchAll(/\{\{(\w+)\}\}/g)].map((match) => match[1]);
        for (const name of placeholders) expect(Object.keys(failure.params)).toContain(name);
      }
    }
  });
});

function lookUp(messages: unknown, key: string): unknown {
  return key.split('.').reduce<unknown>((node, part) => {
    return node && typeof node === 'object' ? (node as Record<string, unknown>)[part] : undefined;
  }, messages);
}
