import { useCallback, useEffect, useRef, useState } from 'react';
import { failureMessage } from './useCall';

export interface Page<Row> {
  total: number;
  rows: Row[];
}

export interface PagedRows<Row> {
  /** Null until the first page answered. */
  total: number | null;
  rowAt(index: number): Row | undefined;
  /** Asks for the pages that hold rows `start` to `end` (inclusive) if they are not here yet. */
  ensure(start: number, end: number): void;
  /** Drops every page and loads again (after a change the list may show). */
  reload(): void;
  failure: string | null;
}

/**
 * Rows of a long list fetched a page at a time as the table scrolls to them. A new `queryKey`
 * (another search, another filter) starts over; answers to an older query are dropped.
 */
export function usePagedRows<Row>(
  fetchPage: (offset: number, limit: number) => Promise<Page<Row>>,
  queryKey: string,
  pageSize = 100,
): PagedRows<Row> {
  const pages = useRef(new Map<number, Row[]>());
  const pending = useRef(new Set<number>());
  const generation = useRef(0);
  const fetchRef = useRef(fetchPage);
  const [total, setTotal] = useState<number | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [, setVersion] = useState(0);
  const [reloads, setReloads] = useState(0);

  useEffect(() => {
    fetchRef.current = fetchPage;
  });

  const load = useCallback(
    (pageIndex: number) => {
      if (pages.current.has(pageIndex) || pending.current.has(pageIndex)) return;
      pending.current.add(pageIndex);
      const asked = generation.current;
      fetchRef.current(pageIndex * pageSize, pageSize).then(
        (page) => {
          if (asked !== generation.current) return;
          pending.current.delete(pageIndex);
          pages.current.set(pageIndex, page.rows);
          setTotal(page.total);
          setFailure(null);
          setVersion((value) => value + 1);
        },
        (error: unknown) => {
          if (asked !== generation.current) return;
          pending.current.delete(pageIndex);
          setFailure(failureMessage(error));
        },
      );
    },
    [pageSize],
  );

  useEffect(() => {
    generation.current += 1;
    pages.current = new Map();
    pending.current = new Set();
    load(0);
  }, [queryKey, reloads, load]);

  const ensure = useCallback(
    (start: number, end: number) => {
      const first = Math.floor(Math.max(0, start) / pageSize);
      const last = Math.floor(Math.max(0, end) / pageSize);
      for (let index = first; index <= last; index += 1) load(index);
    },
    [load, pageSize],
  );

  const rowAt = useCallback(
    (index: number) => pages.current.get(Math.floor(index / pageSize))?.[index % pageSize],
    [pageSize],
  );

  const reload = useCallback(() => setReloads((value) => value + 1), []);

  return { total, rowAt, ensure, reload, failure };
}
