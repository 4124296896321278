// One-time codes for e-mail and SMS (spec §5): 6 digits from the CSPRNG, kept only as an HMAC, single use,
// valid for the tenant's code validity, 3 tries each; asking again replaces the earlier code.
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { GateMethod } from '../../../shared/policy';
import type { Random } from '../random';
import type { OutboxChannel, Store } from '../store';
import type { ChallengeBase, CheckResult, GateResponse } from './types';
import { unexpectedResponse } from './registration';

export const codeDigits = 6;
export const maxTriesPerCode = 3;
export const maxSendsPerWindow = 5;
export const sendWindowMs = 60 * 60_000;

/** A code belongs to one user's registration used by one method. */
export interface CodeKey {
  userId: number;
  method: GateMethod;
  methodId: number;
}

export interface IssuedCode {
  /** Names this code (not secret): a state holding an older id is told the code was replaced. */
  challengeId: string;
  /** The code itself, for the delivery only: never stored, logged or audited. */
  code: string;
  expiresAt: Date;
}

export type CodeVerdict =
  | { kind: 'passed' }
  | { kind: 'wrong'; triesLeft: number }
  | { kind: 'triesExhausted' }
  | { kind: 'expired' }
  | { kind: 'replaced' }
  | { kind: 'used' };

export interface OneTimeCodes {
  issue(key: CodeKey, now: Date, validityMs: number): IssuedCode;
  verify(key: CodeKey, challengeId: string, guess: string, now: Date): CodeVerdict;
}

interface CodeRecord {
  challengeId: string;
  digest: Buffer;
  expiresAt: number;
  tries: number;
  used: boolean;
}

/** Codes live in this process's memory only, under an HMAC key that never leaves it. */
export function createOneTimeCodes(random: Random): OneTimeCodes {
  const hmacKey = random.bytes(32);
  const current = new Map<string, CodeRecord>();
  const digest = (challengeId: string, code: string) =>
    createHmac('sha256', hmacKey).update(challengeId).update('\0').update(code).digest();
  const keyOf = (key: CodeKey) => `${key.userId}:${key.method}:${key.methodId}`;

  return {
    issue(key, now, validityMs) {
      // Expired codes are kept an hour, so a late try is told "expired" rather than "replaced".
      for (const [name, record] of current) if (record.expiresAt + sendWindowMs <= now.getTime()) current.delete(name);
      const code = String(random.int(10 ** codeDigits)).padStart(codeDigits, '0');
      const challengeId = random.bytes(16).toString('base64url');
      const expiresAt = now.getTime() + validityMs;
      current.set(keyOf(key), { challengeId, digest: digest(challengeId, code), expiresAt, tries: 0, used: false });
      return { challengeId, code, expiresAt: new Date(expiresAt) };
    },
    verify(key, challengeId, guess, now) {
      const record = current.get(keyOf(key));
      if (!record || record.challengeId !== challengeId) return { kind: 'replaced' };
      if (record.used) return { kind: 'used' };
      if (now.getTime() >= record.expiresAt) return { kind: 'expired' };
      if (record.tries >= maxTriesPerCode) return { kind: 'triesExhausted' };
      // Codes are shown in groups ("123 456"); spaces are not part of the code.
      const right = timingSafeEqual(digest(challengeId, guess.replace(/\s+/gu, '')), record.digest);
      if (right) {
        record.used = true;
        return { kind: 'passed' };
      }
      record.tries += 1;
      return { kind: 'wrong', triesLeft: maxTriesPerCode - record.tries };
    },
  };
}

export interface CodeChallenge extends ChallengeBase {
  challengeId: string;
}

/** Checks a typed code against the challenge's code: the shared `check` of the e-mail and SMS methods. */
export function checkCode<S extends CodeChallenge>(
  codes: OneTimeCodes,
  state: S,
  response: GateResponse,
  now: Date,
): CheckResult<S> {
  if (response.kind !== 'code') return unexpectedResponse(state);
  const verdict = codes.verify(state, state.challengeId, response.code, now);
  switch (verdict.kind) {
    case 'passed':
      return { kind: 'passed' };
    case 'wrong':
      return {
        kind: 'failed',
        reason: 'wrongCode',
        countsAsFailure: true,
        retry: verdict.triesLeft > 0 ? 'sameChallenge' : 'newChallengeNeeded',
        triesLeft: verdict.triesLeft,
        state,
      };
    case 'triesExhausted':
      // Nothing was compared, so nothing was guessed.
      return {
        kind: 'failed',
        reason: 'codeTriesExhausted',
        countsAsFailure: false,
        retry: 'newChallengeNeeded',
        triesLeft: 0,
        state,
      };
    case 'expired':
      return { kind: 'expired', reason: 'codeExpired' };
    case 'replaced':
      return { kind: 'expired', reason: 'codeReplaced' };
    case 'used':
      return { kind: 'expired', reason: 'codeUsed' };
  }
}

export type SendAllowance = { allowed: true } | { allowed: false; retryAt: Date };

/**
 * Counts the recent sends and makes this one (`send` appends it to the outbox) in one IMMEDIATE
 * store transaction: two shells on one database asking at the same moment cannot both take the
 * fifth send of the hour (§5).
 */
export function sendWithinAllowance<T>(
  store: Store,
  channel: OutboxChannel,
  recipient: string,
  now: Date,
  send: () => T,
): { allowed: true; sent: T } | { allowed: false; retryAt: Date } {
  return store.transaction(() => {
    const allowance = sendAllowance(store, channel, recipient, now);
    return allowance.allowed ? { allowed: true as const, sent: send() } : allowance;
  });
}

/**
 * The resend throttle (spec §5): at most 5 sends per method per hour, counted in the outbox by recipient and
 * channel, so it survives a restart. A send exactly one hour old has left the window.
 */
export function sendAllowance(store: Store, channel: OutboxChannel, recipient: string, now: Date): SendAllowance {
  const since = new Date(now.getTime() - sendWindowMs + 1);
  const recent = store.outbox.sentSince(recipient, channel, since, maxSendsPerWindow);
  const oldestCounted = recent[maxSendsPerWindow - 1];
  if (!oldestCounted) return { allowed: true };
  return { allowed: false, retryAt: new Date(oldestCounted.getTime() + sendWindowMs) };
}
