import type { HTMLAttributes, ReactNode } from 'react';

export interface Column<T> {
  header: ReactNode;
  cell: (row: T) => ReactNode;
  /** The cell's class; `num` right-aligns the header too. */
  className?: string;
  /** Read by screen readers only (a column of buttons). */
  hiddenHeader?: boolean;
  /** `data-col` on each cell, for tests that read one column. */
  col?: string;
}

interface SimpleTableProps<T> {
  rows: readonly T[];
  /** Columns; `false` leaves one out (a column only some roles see). */
  columns: ReadonlyArray<Column<T> | false>;
  rowKey: (row: T) => string;
  /** Attributes of a row, such as its test id. */
  rowProps?: (row: T) => HTMLAttributes<HTMLTableRowElement> & Record<`data-${string}`, string>;
  /** Said instead of the table when there are no rows. */
  empty: string;
  compact?: boolean;
  testId?: string;
}

/** A read-only list as a table: one header row, one row per item, scrolling sideways when narrow. */
export function SimpleTable<T>({ rows, columns, rowKey, rowProps, empty, compact, testId }: SimpleTableProps<T>) {
  if (rows.length === 0) return <p className="empty">{empty}</p>;
  const shown = columns.filter((c): c is Column<T> => c !== false);
  return (
    <div className="table-wrap">
      <table className={`table${compact ? ' table-compact' : ''}`} data-testid={testId}>
        <thead>
          <tr>
            {shown.map((c, i) => (
              <th key={i} scope="col" className={c.className?.split(' ').includes('num') ? 'num' : undefined}>
                {c.hiddenHeader ? <span className="visually-hidden">{c.header}</span> : c.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={rowKey(row)} {...rowProps?.(row)}>
              {shown.map((c, i) => (
                <td key={i} className={c.className} data-col={c.col}>
                  {c.cell(row)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
