import { call } from '../../api/client';

/**
 * The engine's time, which the training clock may have moved ahead of the wall clock: the audit
 * log's time ranges and the usage report's days are counted from it, so a trainer who skipped a day
 * still sees today's events as today's.
 */
export async function engineNow(): Promise<Date> {
  try {
    return new Date((await call('training.state', {})).now);
  } catch {
    return new Date();
  }
}
