// The securityInfo.* calls through the real contract and dispatcher, on the demo tenant, signed in
// as the lock screen signs in: who may call them, the whole registration interrupt of a user with
// nothing registered, and §10's rule that no secret reaches the audit trail or a log line.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { generateSync, ScureBase32Plugin } from 'otplib';
import { dispatch } from '../../../electron/main/api/dispatch';
import { cryptoRandom, type Random } from '../../../electron/main/random';
import type { Store } from '../../../electron/main/store';
import type { CallName, CallRequest, CallResponse } from '../../../shared/contract';
import type { CallErrorCode } from '../../../shared/errors';
import { openStoreBeside, openTestEngine, type TestEngine } from '../support/engine';

const megan = { upn: 'megan.bowen@contoso.com', password: 'Copper-Kettle-19' };
const joni = { upn: 'joni.sherman@contoso.com', password: 'Lantern-Ferry-90' };

let t: TestEngine;
let store: Store;
const secretsMade: string[] = [];

const watched: Random = {
  bytes: (length) => {
    const bytes = cryptoRandom.bytes(length);
    if (length === 20) secretsMade.push(new ScureBase32Plugin().encode(new Uint8Array(bytes)));
    return bytes;
  },
  int: (max) => cryptoRandom.int(max),
};

beforeEach(async () => {
  secretsMade.length = 0;
  t = await openTestEngine({ random: watched });
  store = await openStoreBeside(t);
});
afterEach(() => {
  store.close();
  t.close();
});

async function call<N extends CallName>(name: N, request: CallRequest<N>): Promise<CallResponse<N>> {
  const answer = await dispatch(t.engine.handlers, name, request, { shell: 'browser' }, t.log);
  if (!answer.ok) throw new Error(`${name} refused: ${answer.error.code}`);
  return answer.value as CallResponse<N>;
}

async function refusal(name: CallName, request: object): Promise<CallErrorCode | null> {
  const answer = await dispatch(t.engine.handlers, name, request, { shell: 'browser' }, t.log);
  return answer.ok ? null : answer.error.code;
}

function lastCodeTo(recipient: string): string {
  const body = store.outbox.list({ recipient, limit: 1 })[0]?.body ?? '';
  const code = /\b(\d{6})\b/u.exec(body)?.[1];
  if (!code) throw new Error(`No code was sent to ${recipient}.`);
  return code;
}

describe('§7 securityInfo.* for the signed-in user only', () => {
  it('§7 refused when nobody is signed in and while the session is locked', async () => {
    expect(await refusal('securityInfo.get', {})).toBe('unauthorized');
    await call('session.signIn', megan);
    expect((await call('securityInfo.get', {})).upn).toBe(megan.upn);
    await call('session.lock', {});
    expect(await refusal('securityInfo.get', {})).toBe('unauthorized');
    expect(await refusal('securityInfo.add', { method: { kind: 'email', address: 'a@personal.example' } })).toBe(
      'unauthorized',
    );
  });

  it('§7 §11 refused while the password must be changed first', async () => {
    const signedIn = await call('session.signIn', joni);
    expect(signedIn).toMatchObject({ outcome: 'signedIn', session: { next: { step: 'changePassword' } } });
    expect(await refusal('securityInfo.get', {})).toBe('forbidden');
    expect(await refusal('securityInfo.remove', { methodId: 1 })).toBe('forbidden');
  });

  it('§7 a user with nothing registered completes the interrupt by the contract alone, and §10 no secret reaches the audit trail or a log line', async () => {
    const signedIn = await call('session.signIn', megan);
    expect(signedIn).toMatchObject({
      outcome: 'signedIn',
      session: { next: { step: 'registration', mandatory: false, methodsRequired: 2, methodsRegistered: 0 } },
    });
    const secrets: string[] = [megan.password];

    // An e-mail address, proven by the code in its mailbox, after one wrong try.
    let info = await call('securityInfo.add', { method: { kind: 'email', address: 'megan.b@personal.example' } });
    const emailCode = lastCodeTo('megan.b@personal.example');
    secrets.push(emailCode);
    const pendingId = info.pending?.pendingId ?? '';
    const wrong = String((Number(emailCode) + 1) % 1_000_000).padStart(6, '0');
    expect((await call('securityInfo.prove', { pendingId, response: { code: wrong } })).notice).toEqual({
      code: 'wrongCode',
      triesLeft: 2,
    });
    info = await call('securityInfo.prove', { pendingId, response: { code: emailCode } });
    expect(info.methodsUsable).toBe(1);

    // The authenticator app: the code it shows, from the secret behind the QR image.
    info = await call('securityInfo.add', { method: { kind: 'authenticatorApp', deviceName: "Megan's phone" } });
    const secret = secretsMade[0] ?? '';
    secrets.push(secret);
    expect(JSON.stringify(info)).not.toContain(secret);
    const totp = generateSync({
      secret,
      algorithm: 'sha1',
      digits: 6,
      period: 30,
      epoch: Math.floor(Date.now() / 1000),
    });
    secrets.push(totp);
    info = await call('securityInfo.prove', { pendingId: info.pending?.pendingId ?? '', response: { code: totp } });
    expect(info.notice).toEqual({ code: 'registered' });
    expect([info.methodsUsable, info.methodsRequired]).toEqual([2, 2]);

    // Enough methods: the session moves on to the desktop, nothing skipped.
    expect((await call('session.get', {})).next).toEqual({ step: 'desktop' });

    // Security questions (Contoso asks 4): one refused set, then a good one.
    const bank = info.questions.bank;
    const answers = ['Biscuit the cat', 'Lisbon harbour', 'Fiat Panda', 'Noodles'];
    secrets.push(...answers);
    const refused = await call('securityInfo.setQuestions', {
      answers: answers.map((answer, i) => ({ question: bank[i] ?? '', answer: i === 3 ? (answers[0] ?? '') : answer })),
    });
    expect(refused.notice).toEqual({ code: 'questionsRefused', issues: [{ index: 3, rule: 'duplicateAnswer' }] });
    info = await call('securityInfo.setQuestions', {
      answers: answers.map((answer, i) => ({ question: bank[i] ?? '', answer })),
    });
    expect(info.notice).toEqual({ code: 'questionsSaved' });
    expect(JSON.stringify(info)).not.toContain('Biscuit');

    // Someone else's method is not found; her own is removed.
    const adele = store.users.byUpn('adele.vance@contoso.com');
    const theirs = store.methods.listForUser(adele?.id ?? 0)[0]?.id ?? 0;
    expect(await refusal('securityInfo.remove', { methodId: theirs })).toBe('not_found');
    const email = info.methods.find((method) => method.kind === 'email');
    info = await call('securityInfo.remove', { methodId: email?.methodId ?? 0 });
    expect(info.methods.map((method) => method.kind)).toEqual(['authenticatorApp', 'securityQuestions']);

    const user = store.users.byUpn(megan.upn);
    const events = store.audit.list({ targetUserId: user?.id ?? 0, limit: 1000 });
    expect(events.map((event) => event.activity)).toEqual(
      expect.arrayContaining([
        'securityInfoRegistered',
        'securityInfoRegistrationCompleted',
        'securityInfoRemoved',
        'verificationFailed',
        'notificationSent',
      ]),
    );
    const trail = JSON.stringify(store.audit.list({ limit: 10_000 })) + t.log.lines.join('\n');
    const normalised = answers.map((answer) => answer.toLowerCase());
    for (const found of [...secrets, ...normalised]) expect(trail).not.toContain(found);
  });
});
