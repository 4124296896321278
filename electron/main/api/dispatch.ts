import type { z } from 'zod';
import { contract, isCallName, type CallName, type CallResponse, type ParsedRequest } from '../../../shared/contract';
import { CallFailure, type CallError, type CallIssue, type Envelope } from '../../../shared/errors';
import type { Logger } from '../log';

/** Which shell a call came through; handlers may not trust anything else about the caller. */
export interface CallContext {
  shell: 'electron' | 'browser' | 'cli';
}

export type Handlers = {
  [N in CallName]: (request: ParsedRequest<N>, context: CallContext) => Promise<CallResponse<N>> | CallResponse<N>;
};

/**
 * The one door into the engine, used by both shells: an unknown name or a request that fails its
 * schema is refused with a typed error before any handler runs, and the response is parsed with
 * its schema so only contract fields leave the main process.
 */
export async function dispatch(
  handlers: Handlers,
  name: unknown,
  payload: unknown,
  context: CallContext,
  log: Logger,
): Promise<Envelope<unknown>> {
  if (!isCallName(name)) {
    return failure({ code: 'unknown_call', message: 'There is no such call.' });
  }
  const spec = contract[name];
  const parsed = spec.request.safeParse(payload);
  if (!parsed.success) {
    return failure({
      code: 'invalid_request',
      message: `The request for ${name} is not valid.`,
      issues: describeIssues(parsed.error.issues),
    });
  }
  try {
    const handler = handlers[name] as (request: unknown, context: CallContext) => Promise<unknown> | unknown;
    const value: unknown = await handler(parsed.data, context);
    return { ok: true, value: spec.response.parse(value) };
  } catch (error) {
    if (error instanceof CallFailure) {
      return failure({ code: error.code, message: error.message });
    }
    // The payload is never logged: it may hold a password or a code.
    log.error('call failed', { call: name, error: error instanceof Error ? error.message : String(error) });
    return failure({ code: 'internal', message: 'Something went wrong on this device. Try again.' });
  }
}

function failure(error: CallError): Envelope<never> {
  return { ok: false, error };
}

/** Zod's issues name the path and the expectation; the received value is never copied into the error. */
function describeIssues(issues: readonly z.core.$ZodIssue[]): CallIssue[] {
  return issues.slice(0, 20).map((issue) => ({
    path: issue.path.map(String).join('.') || '(request)',
    message: issue.message,
  }));
}
