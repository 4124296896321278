import { useEffect, useRef, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useVirtualizer } from '@tanstack/react-virtual';
import type { PagedRows } from './usePagedRows';
import './tables.css';

export interface Column<Row> {
  id: string;
  header: string;
  /** A CSS grid track, e.g. `minmax(200px, 2fr)`. */
  width: string;
  cell(row: Row): ReactNode;
}

interface VirtualTableProps<Row> {
  /** The table's accessible name. */
  label: string;
  columns: readonly Column<Row>[];
  rows: PagedRows<Row>;
  rowKey(row: Row): string | number;
  /** The row shown as current (its details are open). */
  currentKey?: string | number | null;
  emptyText: string;
  rowHeight?: number;
  testId?: string;
}

/**
 * A long list as an ARIA table of which only the rows in view (and a few around them) are in the
 * page; rows come a page at a time from the main process as they scroll into view. Screen readers
 * still hear the whole size through aria-rowcount and each row's aria-rowindex.
 */
export function VirtualTable<Row>({
  label,
  columns,
  rows,
  rowKey,
  currentKey = null,
  emptyText,
  rowHeight = 44,
  testId,
}: VirtualTableProps<Row>) {
  const { t } = useTranslation();
  const scroller = useRef<HTMLDivElement>(null);
  const count = rows.total ?? 0;
  // eslint-disable-next-line react-hooks/incompatible-library -- the virtualiser's functions are read during render on purpose
  const virtualizer = useVirtualizer({
    count,
    getScrollElement: () => scroller.current,
    estimateSize: () => rowHeight,
    overscan: 12,
  });
  const items = virtualizer.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const last = items[items.length - 1]?.index ?? 0;
  const { ensure } = rows;
  useEffect(() => {
    if (count > 0) ensure(first, last);
  }, [ensure, first, last, count]);

  const template = columns.map((column) => column.width).join(' ');
  return (
    <div
      ref={scroller}
      className="vt"
      role="table"
      aria-label={label}
      aria-rowcount={count + 1}
      aria-busy={rows.total === null}
      // Scrollable by keyboard even when no cell holds a control.
      tabIndex={0}
      data-testid={testId}
    >
      <div role="rowgroup" className="vt-head">
        <div role="row" aria-rowindex={1} className="vt-row" style={{ gridTemplateColumns: template }}>
          {columns.map((column) => (
            <div role="columnheader" key={column.id} className="vt-cell">
              {column.header}
            </div>
          ))}
        </div>
      </div>
      <div role="rowgroup" className="vt-body" style={{ height: Math.max(virtualizer.getTotalSize(), rowHeight) }}>
        {rows.total === 0 && (
          <div role="row" className="vt-row vt-empty" aria-rowindex={2}>
            <div role="cell" className="vt-cell">
              {emptyText}
            </div>
          </div>
        )}
        {items.map((item) => {
          const row = rows.rowAt(item.index);
          const key = row === undefined ? null : rowKey(row);
          return (
            <div
              key={item.key}
              role="row"
              aria-rowindex={item.index + 2}
              aria-current={key !== null && key === currentKey ? 'true' : undefined}
              className={`vt-row${key !== null && key === currentKey ? ' vt-current' : ''}`}
              style={{ gridTemplateColumns: template, height: item.size, transform: `translateY(${item.start}px)` }}
            >
              {columns.map((column) => (
                <div role="cell" key={column.id} className="vt-cell">
                  {row === undefined ? (
                    column === columns[0] ? (
                      <span className="vt-placeholder">{t('adminPages.loading')}</span>
                    ) : null
                  ) : (
                    column.cell(row)
                  )}
                </div>
              ))}
            </div>
          );
        })}
      </div>
    </div>
  );
}
