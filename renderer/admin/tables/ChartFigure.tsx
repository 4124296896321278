import type { ReactNode } from 'react';

export interface DataColumn {
  header: string;
  numeric?: boolean;
}

/**
 * A chart with its data as a table beside it: the table is the text alternative for screen readers
 * and for anyone who wants the figures, and it is what the tests read.
 */
export function ChartFigure({
  title,
  chart,
  columns,
  rows,
  empty,
  emptyText,
  testId,
}: {
  title: string;
  chart: ReactNode;
  columns: readonly DataColumn[];
  rows: readonly (readonly ReactNode[])[];
  empty: boolean;
  emptyText: string;
  testId?: string;
}) {
  return (
    <figure className="ap-figure ap-card" data-testid={testId}>
      <figcaption>{title}</figcaption>
      {empty ? <p className="ap-lead">{emptyText}</p> : chart}
      <table className="ap-table">
        <caption className="visually-hidden">{title}</caption>
        <thead>
          <tr>
            {columns.map((column) => (
              <th key={column.header} scope="col" className={column.numeric ? 'num' : undefined}>
                {column.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.length === 0 && (
            <tr>
              <td colSpan={columns.length}>{emptyText}</td>
            </tr>
          )}
          {rows.map((row, index) => (
            <tr key={index}>
              {row.map((cell, column) =>
                column === 0 ? (
                  <th key={column} scope="row">
                    {cell}
                  </th>
                ) : (
                  <td key={column} className={columns[column]?.numeric ? 'num' : undefined}>
                    {cell}
                  </td>
                ),
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
