import { afterEach, describe, expect, it } from 'vitest';
import { generateSync } from 'otplib';
import { normalizeAnswer } from '../../../shared/answers';
import { CallFailure } from '../../../shared/errors';
import type { SecurityInfo } from '../../../shared/security-info';
import {
  addApp,
  addEmail,
  addMobile,
  addUser,
  auditOf,
  failuresOf,
  lastCodeTo,
  minutes,
  otherCode,
  seconds,
} from '../methods/support';
import { openInfoRoom, pendingOf, type InfoRoom } from './support';

let room: InfoRoom;
afterEach(() => room.close());

const upn = 'adele.vance@contoso.com';
const totpAt = (secret: string, at: Date) =>
  generateSync({ secret, algorithm: 'sha1', digits: 6, period: 30, epoch: Math.floor(at.getTime() / 1000) });

function activities(r: InfoRoom) {
  return auditOf(r).map((event) => [event.activity, event.reason, event.method]);
}

function storedKinds(r: InfoRoom) {
  return r.store.methods.listForUser(r.user.id).map((method) => method.kind);
}

describe('§7 securityInfo.get', () => {
  it('§7 lists the methods with what each can be used for under the policy, the kinds allowed and the counts', () => {
    room = openInfoRoom({ enabledFor: 'all' });
    addEmail(room);
    addApp(room);
    const info = room.service.get(room.user.id);
    expect(info.upn).toBe(upn);
    expect(info.methods.map((method) => [method.kind, method.display, method.usableFor])).toEqual([
      ['email', 'adele.vance@personal.example', ['email']],
      ['authenticatorApp', "Adele's iPhone", ['appCode', 'appNotification']],
    ]);
    // Default policy: email, SMS, app code and notification; no calls, no questions.
    expect(info.allowedKinds).toEqual(['email', 'mobilePhone', 'authenticatorApp']);
    expect([info.methodsRequired, info.methodsUsable]).toEqual([2, 2]);
    expect(info.questions).toMatchObject({ required: 3, minAnswerLength: 3 });
    expect(info.questions.bank).toHaveLength(20);
    // The sealed secret stays in the main process.
    expect(JSON.stringify(info)).not.toContain('v1.');
  });

  it('§4 an administrator is never offered security questions, and the admin policy decides the kinds', () => {
    room = openInfoRoom();
    room.store.users.addRole(room.user.id, 'Helpdesk Administrator');
    const info = room.service.get(room.user.id);
    expect(info.allowedKinds).toEqual(['email', 'mobilePhone', 'officePhone', 'authenticatorApp']);
  });
});

describe('§7 e-mail registration, proven by a code', () => {
  it('§7 a code goes to the new address; the right code registers it, audits it and notifies the user', async () => {
    room = openInfoRoom();
    const started = await room.service.add(room.user.id, { kind: 'email', address: 'adele@personal.example' }, null);
    const pending = pendingOf(started);
    expect(pending).toMatchObject({
      kind: 'email',
      proof: 'codeSent',
      display: 'adele@personal.example',
      qrImage: null,
    });
    expect(storedKinds(room)).toEqual([]);
    const code = lastCodeTo(room, 'adele@personal.example');
    expect(JSON.stringify(started)).not.toContain(code);

    const proven = room.service.prove(room.user.id, pending.pendingId, { code });
    expect(proven.notice).toEqual({ code: 'registered' });
    expect(proven.pending).toBeNull();
    expect(proven.methods.map((method) => method.display)).toEqual(['adele@personal.example']);
    expect(activities(room)).toEqual([
      ['codeSent', 'registration', 'email'],
      ['verificationPassed', 'registration', 'email'],
      ['securityInfoRegistered', 'added', 'email'],
      ['notificationSent', 'securityInfoChanged', 'email'],
    ]);
    const [notification] = room.store.outbox.list({ recipient: upn, limit: 1 });
    expect(notification?.subject).toBe('Your Contoso security info was changed');
    expect(notification?.body).not.toContain('adele@personal.example');
    expect(room.store.users.get(room.user.id)?.registrationConfirmedAt).toEqual(room.clock.now());
  });

  it('§7 a wrong code leaves tries, counts toward §6, and stores nothing; after three the code is spent', async () => {
    room = openInfoRoom();
    const { pendingId } = pendingOf(
      await room.service.add(room.user.id, { kind: 'email', address: 'a@personal.example' }, null),
    );
    const code = lastCodeTo(room, 'a@personal.example');
    expect(room.service.prove(room.user.id, pendingId, { code: otherCode(code) }).notice).toEqual({
      code: 'wrongCode',
      triesLeft: 2,
    });
    expect(room.service.prove(room.user.id, pendingId, { code: otherCode(code, 2) }).notice).toEqual({
      code: 'wrongCode',
      triesLeft: 1,
    });
    expect(room.service.prove(room.user.id, pendingId, { code: otherCode(code, 3) }).notice).toEqual({
      code: 'wrongCode',
      triesLeft: 0,
    });
    expect(room.service.prove(room.user.id, pendingId, { code }).notice).toEqual({
      code: 'codeTriesExhausted',
      triesLeft: 0,
    });
    expect(storedKinds(room)).toEqual([]);
    expect(failuresOf(room)).toBe(3);
    expect(auditOf(room).filter((event) => event.activity === 'verificationFailed')).toHaveLength(3);
  });

  it('§7 a code expires after the tenant code validity (5 minutes); the clock moves, nothing is stored', async () => {
    room = openInfoRoom();
    const { pendingId } = pendingOf(
      await room.service.add(room.user.id, { kind: 'email', address: 'a@personal.example' }, null),
    );
    const code = lastCodeTo(room, 'a@personal.example');
    room.clock.advance(minutes(5));
    expect(room.service.prove(room.user.id, pendingId, { code }).notice).toEqual({ code: 'codeExpired' });
    expect(storedKinds(room)).toEqual([]);
    expect(failuresOf(room)).toBe(0);
  });

  it('§7 resending replaces the earlier code and the earlier pending registration', async () => {
    room = openInfoRoom();
    const first = pendingOf(
      await room.service.add(room.user.id, { kind: 'email', address: 'a@personal.example' }, null),
    );
    const firstCode = lastCodeTo(room, 'a@personal.example');
    room.clock.advance(seconds(30));
    const second = pendingOf(
      await room.service.add(room.user.id, { kind: 'email', address: 'a@personal.example' }, null),
    );
    const secondCode = lastCodeTo(room, 'a@personal.example');
    expect(second.pendingId).not.toBe(first.pendingId);
    expect(room.service.prove(room.user.id, first.pendingId, { code: firstCode }).notice).toEqual({
      code: 'pendingGone',
    });
    if (firstCode !== secondCode) {
      expect(room.service.prove(room.user.id, second.pendingId, { code: firstCode }).notice).toMatchObject({
        code: 'wrongCode',
      });
    }
    expect(room.service.prove(room.user.id, second.pendingId, { code: secondCode }).notice).toEqual({
      code: 'registered',
    });
  });

  it('§7 at most 5 codes per address per hour; the sixth is refused until the hour has passed', async () => {
    room = openInfoRoom();
    for (let i = 0; i < 5; i++) {
      expect(
        (await room.service.add(room.user.id, { kind: 'email', address: 'a@personal.example' }, null)).pending,
      ).not.toBeNull();
    }
    const refused = await room.service.add(room.user.id, { kind: 'email', address: 'a@personal.example' }, null);
    expect(refused.notice).toEqual({ code: 'tooManySends' });
    expect(room.store.outbox.list({ recipient: 'a@personal.example', limit: 10 })).toHaveLength(5);
    room.clock.advance(minutes(60));
    expect(
      (await room.service.add(room.user.id, { kind: 'email', address: 'a@personal.example' }, null)).pending,
    ).not.toBeNull();
  });

  it('§1 §7 a malformed address or the UPN itself is refused with a notice, and nothing is sent', async () => {
    room = openInfoRoom();
    expect((await room.service.add(room.user.id, { kind: 'email', address: 'not an address' }, null)).notice).toEqual({
      code: 'invalidEmail',
    });
    expect(
      (await room.service.add(room.user.id, { kind: 'email', address: 'Adele.Vance@contoso.com' }, null)).notice,
    ).toEqual({ code: 'emailIsUpn' });
    expect(room.store.outbox.list({ limit: 10 })).toEqual([]);
    expect(room.service.get(room.user.id).pending).toBeNull();
  });

  it('§7 one e-mail per user: a second one is refused; "Change" replaces it only once the new one is proven', async () => {
    room = openInfoRoom();
    const old = addEmail(room, 'old@personal.example');
    expect(
      (await room.service.add(room.user.id, { kind: 'email', address: 'new@personal.example' }, null)).notice,
    ).toEqual({ code: 'alreadyRegistered' });
    const { pendingId } = pendingOf(
      await room.service.add(room.user.id, { kind: 'email', address: 'new@personal.example' }, old.id),
    );
    expect(room.store.methods.get(old.id)).not.toBeNull();
    const proven = room.service.prove(room.user.id, pendingId, { code: lastCodeTo(room, 'new@personal.example') });
    expect(proven.notice).toEqual({ code: 'changed' });
    expect(proven.methods.map((method) => method.display)).toEqual(['new@personal.example']);
    expect(
      room.store.methods.listForUser(room.user.id).map((method) => method.kind === 'email' && method.address),
    ).toEqual(['new@personal.example']);
    expect(auditOf(room).find((event) => event.activity === 'securityInfoRegistered')).toMatchObject({
      reason: 'changed',
      details: { replacedMethodId: old.id },
    });
    // The old address hears of the change, as well as the account's own mailbox.
    expect(room.store.outbox.list({ recipient: 'old@personal.example', limit: 1 })[0]?.subject).toBe(
      'Your Contoso security info was changed',
    );
  });

  it('§7 "Change" of another user\'s method or of another kind is refused', async () => {
    room = openInfoRoom();
    const other = addUser(room.store, room.tenant, 'alex.wilber@contoso.com', 'Alex Wilber');
    const theirs = addEmail(room, 'alex@personal.example', other);
    const mine = addMobile(room);
    await expect(
      room.service.add(room.user.id, { kind: 'email', address: 'x@personal.example' }, theirs.id),
    ).rejects.toThrow(CallFailure);
    expect(
      (await room.service.add(room.user.id, { kind: 'email', address: 'x@personal.example' }, mine.id)).notice,
    ).toEqual({
      code: 'replaceKindMismatch',
    });
  });

  it('§7 a kind the policy does not allow cannot be registered', async () => {
    room = openInfoRoom({ enabledFor: 'all' });
    const refused = await room.service.add(room.user.id, { kind: 'officePhone', phoneNumber: '+1 425 555 0150' }, null);
    expect(refused.notice).toEqual({ code: 'kindNotAllowed' });
    expect(room.store.outbox.list({ limit: 10 })).toEqual([]);
  });
});

describe('§7 phone registration, proven by SMS or by a call', () => {
  it('§7 mobile phone by SMS: the code goes to the number typed, the right code registers the phone', async () => {
    room = openInfoRoom();
    const { pendingId } = pendingOf(
      await room.service.add(room.user.id, { kind: 'mobilePhone', phoneNumber: '+1 425 555 0199', proof: 'sms' }, null),
    );
    const proven = room.service.prove(room.user.id, pendingId, { code: lastCodeTo(room, '+1 425 555 0199') });
    expect(proven.notice).toEqual({ code: 'registered' });
    expect(proven.methods[0]).toMatchObject({
      kind: 'mobilePhone',
      display: '+1 425 555 0199',
      usableFor: ['mobileSms', 'mobileCall'],
    });
  });

  it('§7 a number without its country code is refused; other forms are kept as + and digits', async () => {
    room = openInfoRoom();
    expect(
      (await room.service.add(room.user.id, { kind: 'mobilePhone', phoneNumber: 'call me', proof: 'sms' }, null))
        .notice,
    ).toEqual({ code: 'invalidPhone' });
    const started = await room.service.add(
      room.user.id,
      { kind: 'mobilePhone', phoneNumber: '001 (425) 555-0199', proof: 'sms' },
      null,
    );
    expect(pendingOf(started).display).toBe('+14255550199');
  });

  it('§7 mobile phone by call: pending while it rings, registered once the phone confirms with #', async () => {
    room = openInfoRoom();
    const started = await room.service.add(
      room.user.id,
      { kind: 'mobilePhone', phoneNumber: '+1 425 555 0199', proof: 'call' },
      null,
    );
    const { pendingId } = pendingOf(started);
    expect(pendingOf(started).proof).toBe('callPlaced');
    expect(room.service.prove(room.user.id, pendingId, { poll: true }).pending?.pendingId).toBe(pendingId);
    const [call] = room.devices.pendingFor(room.user).calls;
    expect(call?.dialled).toBe('+1 425 555 0199');
    room.devices.confirmCall(room.user, call?.id ?? '');
    expect(room.service.prove(room.user.id, pendingId, { poll: true }).notice).toEqual({ code: 'registered' });
    expect(storedKinds(room)).toEqual(['mobilePhone']);
  });

  it('§7 a declined call counts toward §6 and registers nothing; an unanswered one times out after 60 s', async () => {
    room = openInfoRoom();
    let { pendingId } = pendingOf(
      await room.service.add(
        room.user.id,
        { kind: 'mobilePhone', phoneNumber: '+1 425 555 0199', proof: 'call' },
        null,
      ),
    );
    room.devices.declineCall(room.user, room.devices.pendingFor(room.user).calls[0]?.id ?? '');
    expect(room.service.prove(room.user.id, pendingId, { poll: true }).notice).toEqual({ code: 'callDeclined' });
    expect(failuresOf(room)).toBe(1);

    ({ pendingId } = pendingOf(
      await room.service.add(
        room.user.id,
        { kind: 'mobilePhone', phoneNumber: '+1 425 555 0199', proof: 'call' },
        null,
      ),
    ));
    room.clock.advance(seconds(60));
    const unanswered = room.service.prove(room.user.id, pendingId, { poll: true });
    expect(unanswered.notice).toEqual({ code: 'callUnanswered' });
    expect(unanswered.pending).toBeNull();
    expect(storedKinds(room)).toEqual([]);
    expect(failuresOf(room)).toBe(1);
  });

  it('§7 office phone: the call dials the extension too', async () => {
    room = openInfoRoom();
    const { pendingId } = pendingOf(
      await room.service.add(
        room.user.id,
        { kind: 'officePhone', phoneNumber: '+1 425 555 0150', extension: '2305' },
        null,
      ),
    );
    const [call] = room.devices.pendingFor(room.user).calls;
    expect(call?.dialled).toBe('+1 425 555 0150 x2305');
    room.devices.confirmCall(room.user, call?.id ?? '');
    const proven = room.service.prove(room.user.id, pendingId, { poll: true });
    expect(proven.methods[0]).toMatchObject({
      kind: 'officePhone',
      display: '+1 425 555 0150 x2305',
      usableFor: ['officeCall'],
    });
  });
});

describe('§7 authenticator app registration, by QR code then a code from the app', () => {
  it('§7 the response carries a QR image made in the main process, never the secret as text', async () => {
    room = openInfoRoom();
    const started = await room.service.add(
      room.user.id,
      { kind: 'authenticatorApp', deviceName: "Adele's Pixel" },
      null,
    );
    const pending = pendingOf(started);
    expect(pending.proof).toBe('scanQr');
    expect(pending.qrImage).toMatch(/^data:image\/svg\+xml;base64,/u);
    const [secret] = room.secretsMade;
    expect(secret).toMatch(/^[A-Z2-7]{32}$/u);
    const svg = Buffer.from((pending.qrImage ?? '').split(',')[1] ?? '', 'base64').toString('utf8');
    expect(svg).toContain('<svg');
    for (const text of [JSON.stringify(started), svg]) {
      expect(text).not.toContain(secret);
      expect(text).not.toContain('otpauth');
    }
    expect(storedKinds(room)).toEqual([]);
  });

  it('§7 the code the app shows registers it; the secret stored sealed is the one in the QR, and that code cannot pass a reset', async () => {
    room = openInfoRoom();
    const { pendingId } = pendingOf(
      await room.service.add(room.user.id, { kind: 'authenticatorApp', deviceName: "Adele's Pixel" }, null),
    );
    const secret = room.secretsMade[0] ?? '';
    const code = totpAt(secret, room.clock.now());
    const proven = room.service.prove(room.user.id, pendingId, { code });
    expect(proven.notice).toEqual({ code: 'registered' });
    const [stored] = room.store.methods.listForUser(room.user.id);
    if (stored?.kind !== 'authenticatorApp') throw new Error('The app was not stored.');
    expect(stored.sealedSecret).not.toContain(secret);
    expect(room.secretBox.open(stored.sealedSecret)).toBe(secret);
    expect(stored.deviceName).toBe("Adele's Pixel");
    // The same code again, now through the reset gate: its time step is spent.
    const ctx = { flowId: 'flow-1', user: room.user, tenant: room.tenant, deviceId: 'kiosk-1' };
    const start = await room.methods.appCode.start(ctx, stored.id, {});
    if (start.kind !== 'ready') throw new Error('The reset gate did not start.');
    expect(await room.methods.appCode.check(ctx, start.state, { kind: 'code', code })).toMatchObject({
      kind: 'failed',
      reason: 'codeAlreadyUsed',
    });
  });

  it('§7 one step of drift is accepted: the code of the previous 30 seconds still registers the app', async () => {
    room = openInfoRoom();
    const { pendingId } = pendingOf(
      await room.service.add(room.user.id, { kind: 'authenticatorApp', deviceName: 'Phone' }, null),
    );
    const code = totpAt(room.secretsMade[0] ?? '', room.clock.now());
    room.clock.advance(seconds(30));
    expect(room.service.prove(room.user.id, pendingId, { code }).notice).toEqual({ code: 'registered' });
  });

  it('§7 three wrong codes spend the QR: nothing is stored and the user starts again with a new secret', async () => {
    room = openInfoRoom();
    const { pendingId } = pendingOf(
      await room.service.add(room.user.id, { kind: 'authenticatorApp', deviceName: 'Phone' }, null),
    );
    const right = totpAt(room.secretsMade[0] ?? '', room.clock.now());
    const wrong = (n: number) => otherCode(right, n * 7);
    expect(room.service.prove(room.user.id, pendingId, { code: wrong(1) }).notice).toEqual({
      code: 'wrongCode',
      triesLeft: 2,
    });
    expect(room.service.prove(room.user.id, pendingId, { code: wrong(2) }).notice).toEqual({
      code: 'wrongCode',
      triesLeft: 1,
    });
    const spent = room.service.prove(room.user.id, pendingId, { code: wrong(3) });
    expect(spent.notice).toEqual({ code: 'codeTriesExhausted', triesLeft: 0 });
    expect(spent.pending).toBeNull();
    expect(room.service.prove(room.user.id, pendingId, { code: right }).notice).toEqual({ code: 'pendingGone' });
    expect(storedKinds(room)).toEqual([]);
    expect(failuresOf(room)).toBe(3);
  });

  it('§7 "all required" is audited when the user reaches the methods required to register', async () => {
    room = openInfoRoom();
    addEmail(room);
    const { pendingId } = pendingOf(
      await room.service.add(room.user.id, { kind: 'authenticatorApp', deviceName: 'Phone' }, null),
    );
    const proven = room.service.prove(room.user.id, pendingId, {
      code: totpAt(room.secretsMade[0] ?? '', room.clock.now()),
    });
    expect([proven.methodsUsable, proven.methodsRequired]).toEqual([2, 2]);
    expect(activities(room)).toContainEqual(['securityInfoRegistrationCompleted', 'allRequired', null]);
  });

  it('§7 cancelling drops the pending registration; a pending registration expires after 15 minutes', async () => {
    room = openInfoRoom();
    let { pendingId } = pendingOf(
      await room.service.add(room.user.id, { kind: 'authenticatorApp', deviceName: 'Phone' }, null),
    );
    expect(room.service.cancelPending(room.user.id, pendingId).pending).toBeNull();
    ({ pendingId } = pendingOf(
      await room.service.add(room.user.id, { kind: 'authenticatorApp', deviceName: 'Phone' }, null),
    ));
    room.clock.advance(minutes(15));
    expect(room.service.get(room.user.id).pending).toBeNull();
    expect(room.service.prove(room.user.id, pendingId, { code: '123456' }).notice).toEqual({ code: 'pendingGone' });
  });
});

describe('§7 security questions', () => {
  const bank = [
    'What was the name of your first pet?',
    'In what town or city did your parents first meet?',
    'What was the make and model of the first car you owned?',
    'What was your childhood nickname?',
  ];
  const good = () => [
    { question: bank[0] ?? '', answer: 'Biscuit' },
    { question: bank[1] ?? '', answer: 'Lisbon' },
    { question: bank[2] ?? '', answer: 'Fiat Panda' },
  ];

  async function refused(answers: { question: string; answer: string }[]): Promise<SecurityInfo['notice']> {
    const info = await room.service.setQuestions(room.user.id, answers);
    expect(storedKinds(room)).toEqual([]);
    expect(auditOf(room)).toEqual([]);
    return info.notice;
  }

  it('§7 each rule is refused with the index of the entry that breaks it, and nothing is stored', async () => {
    room = openInfoRoom();
    const withAnswer = (index: number, answer: string) =>
      good().map((entry, i) => (i === index ? { ...entry, answer } : entry));
    expect(await refused(withAnswer(1, 'ab'))).toEqual({
      code: 'questionsRefused',
      issues: [{ index: 1, rule: 'tooShort' }],
    });
    expect(await refused(withAnswer(2, ' BISCUIT '))).toEqual({
      code: 'questionsRefused',
      issues: [{ index: 2, rule: 'duplicateAnswer' }],
    });
    expect(await refused(withAnswer(0, 'my first dog'))).toEqual({
      code: 'questionsRefused',
      issues: [{ index: 0, rule: 'containsQuestionWords' }],
    });
    const twice = good();
    twice[2] = { question: bank[0] ?? '', answer: 'Something else' };
    expect(await refused(twice)).toEqual({
      code: 'questionsRefused',
      issues: [{ index: 2, rule: 'duplicateQuestion' }],
    });
    const custom = good();
    custom[1] = { question: 'What is my favourite colour?', answer: 'Teal' };
    expect(await refused(custom)).toEqual({ code: 'questionsRefused', issues: [{ index: 1, rule: 'notInBank' }] });
    expect(await refused(good().slice(0, 2))).toEqual({ code: 'questionCount' });
  });

  it('§7 short words of the question do not count; the words of 4 letters or more do, whatever the case', async () => {
    room = openInfoRoom();
    const answers = good();
    answers[2] = { question: bank[2] ?? '', answer: 'the VW of my dad' };
    expect((await room.service.setQuestions(room.user.id, answers)).notice).toEqual({ code: 'questionsSaved' });
  });

  it('§7 the answers are stored as slow hashes of the normalised answer; a new set replaces the earlier one', async () => {
    room = openInfoRoom();
    const saved = await room.service.setQuestions(room.user.id, good());
    expect(saved.notice).toEqual({ code: 'questionsSaved' });
    expect(saved.methods[0]).toMatchObject({
      kind: 'securityQuestions',
      questions: bank.slice(0, 3),
      usableFor: ['securityQuestions'],
    });
    const [stored] = room.store.methods.listForUser(room.user.id);
    if (stored?.kind !== 'securityQuestions') throw new Error('No questions stored.');
    expect(JSON.stringify(stored)).not.toContain('Biscuit');
    expect((await room.hasher.verify(normalizeAnswer('  fiat   PANDA'), stored.answers[2]?.answerHash ?? '')).ok).toBe(
      true,
    );

    const again = good();
    again[0] = { question: bank[3] ?? '', answer: 'Sparky' };
    await room.service.setQuestions(room.user.id, again);
    const methods = room.store.methods.listForUser(room.user.id);
    expect(methods).toHaveLength(1);
    expect(methods[0]?.kind === 'securityQuestions' && methods[0].answers.map((a) => a.question)[0]).toBe(bank[3]);
    expect(activities(room).filter(([activity]) => activity === 'securityInfoRegistered')).toEqual([
      ['securityInfoRegistered', 'added', 'securityQuestions'],
      ['securityInfoRegistered', 'changed', 'securityQuestions'],
    ]);
  });

  it('§4 an administrator cannot register security questions', async () => {
    room = openInfoRoom();
    room.store.users.addRole(room.user.id, 'Global Administrator');
    expect((await room.service.setQuestions(room.user.id, good())).notice).toEqual({ code: 'kindNotAllowed' });
    expect(storedKinds(room)).toEqual([]);
  });
});

describe('§7 removing a method', () => {
  it('§7 the user removes their own method: audited, and the user is told by e-mail', () => {
    room = openInfoRoom();
    const phone = addMobile(room);
    const info = room.service.remove(room.user.id, phone.id);
    expect(info.notice).toEqual({ code: 'removed' });
    expect(info.methods).toEqual([]);
    expect(activities(room)).toEqual([
      ['securityInfoRemoved', 'removed', 'mobilePhone'],
      ['notificationSent', 'securityInfoChanged', 'mobilePhone'],
    ]);
    expect(room.store.outbox.list({ recipient: upn, limit: 1 })[0]?.body).toContain('A mobile phone was removed from');
  });

  it("§7 another user's method is not found, and stays", () => {
    room = openInfoRoom();
    const other = addUser(room.store, room.tenant, 'alex.wilber@contoso.com', 'Alex Wilber');
    const theirs = addEmail(room, 'alex@personal.example', other);
    expect(() => room.service.remove(room.user.id, theirs.id)).toThrow(expect.objectContaining({ code: 'not_found' }));
    expect(room.store.methods.get(theirs.id)).not.toBeNull();
  });
});
