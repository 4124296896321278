import { z } from 'zod';

/** Every way a contract call can fail. The renderer turns the code into words; `message` is for logs and developers. */
export const callErrorCodes = [
  'invalid_request',
  'unknown_call',
  'unauthorized',
  'forbidden',
  'not_found',
  'conflict',
  'unavailable',
  'internal',
] as const;

export const CallErrorCode = z.enum(callErrorCodes);
export type CallErrorCode = z.infer<typeof CallErrorCode>;

export const CallIssue = z.object({ path: z.string(), message: z.string() });
export type CallIssue = z.infer<typeof CallIssue>;

export const CallError = z.object({
  code: CallErrorCode,
  message: z.string(),
  issues: z.array(CallIssue).optional(),
});
export type CallError = z.infer<typeof CallError>;

export type Envelope<T> = { ok: true; value: T } | { ok: false; error: CallError };

/** Thrown by a handler to refuse a call with a typed error; never carries a secret. */
export class CallFailure extends Error {
  constructor(
    readonly code: CallErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'CallFailure';
  }
}
