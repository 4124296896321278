import { useCallback, useEffect, useState } from 'react';
import { CallRefused } from '../../api/client';

/** The state of one request to the main process as a page shows it. */
export type Loaded<T> = { status: 'loading' } | { status: 'ready'; value: T } | { status: 'failed'; message: string };

/** The message a refused or failed call carries (the engine's own words). */
export function failureMessage(error: unknown): string {
  if (error instanceof CallRefused) return error.message;
  return error instanceof Error ? error.message : String(error);
}

/**
 * Runs `load` when its inputs change and again on `reload()`; an answer that arrives after a newer
 * request started is dropped, so a fast typist never sees an older search's rows.
 */
export function useLoaded<T>(load: () => Promise<T>, deps: readonly unknown[]): [Loaded<T>, () => void] {
  const [state, setState] = useState<Loaded<T>>({ status: 'loading' });
  const [generation, setGeneration] = useState(0);
  const reload = useCallback(() => setGeneration((value) => value + 1), []);
  useEffect(() => {
    let current = true;
    load().then(
      (value) => {
        if (current) setState({ status: 'ready', value });
      },
      (error: unknown) => {
        if (current) setState({ status: 'failed', message: failureMessage(error) });
      },
    );
    return () => {
      current = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [...deps, generation]);
  return [state, reload];
}
