'use client';
// The one virtualised table: a TanStack Table shown through TanStack Virtual, so a list of 10,000
// topics or 5,000 clients mounts only the rows in view. Rows have one fixed height and the layout is
// fixed (column widths from each column's meta), so the virtualiser never measures a row and columns
// do not jump as rows scroll in and out. A cell too long for its column is cut short: columns whose
// text may be long give it in a title as well.
import { type Column, flexRender, type Row, type RowData, type Table } from '@tanstack/react-table';
import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, type ReactNode, useRef } from 'react';
import { cx } from './table';

declare module '@tanstack/react-table' {
  // what every column of this app's tables says about itself; merged into TanStack's own declaration,
  // whose type parameters it must repeat
  interface ColumnMeta<TData extends RowData, TValue> {
    /** the header, and the accessible name of the column's sort button */
    label: string;
    /** right-aligned, in tabular figures */
    numeric?: boolean;
    /** px; a column without one shares the width the others leave */
    width?: number;
    /** data-testid of every cell of the column */
    testId?: string;
  }
}

/** Rows beyond the view mounted on either side, so a quick scroll does not show blank rows. */
const OVERSCAN = 8;

export interface VirtualTableProps<T> {
  /** a TanStack table; its row model (filtered, sorted) is what is shown */
  table: Table<T>;
  /** the accessible name of the scroll box (a region, focusable so the keyboard can scroll it) */
  label: string;
  /** the accessible name of the table itself */
  tableLabel?: string;
  /** data-testid of the table */
  testId?: string;
  /** data-testid of each row */
  rowTestId: string;
  /** further data-* attributes of a row, e.g. the name tests find it by */
  rowData?: (row: Row<T>) => Record<`data-${string}`, string>;
  /** px, every row */
  rowHeight: number;
  /** px, the most the scroll box takes; rows beyond it scroll under a sticky header */
  maxHeight: number;
  /** px; narrower screens scroll the table sideways inside its box, never the page */
  minWidth: number;
  /** the header of a sortable column is a button that calls this; the direction shown is the table's sorting state */
  onSort?: (columnId: string) => void;
  /** shown in place of the rows when the row model is empty */
  empty?: ReactNode;
}

export function VirtualTable<T>({
  table,
  label,
  tableLabel,
  testId,
  rowTestId,
  rowData,
  rowHeight,
  maxHeight,
  minWidth,
  onSort,
  empty,
}: VirtualTableProps<T>) {
  const rows = table.getRowModel().rows;
  const scrollRef = useRef<HTMLElement>(null);
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => rowHeight,
    getItemKey: (i) => rows[i]?.id ?? i,
    overscan: OVERSCAN,
    // rows are in view before the first layout measurement, so the first paint is not empty
    initialRect: { width: 0, height: maxHeight },
  });
  const items = virtualizer.getVirtualItems();
  const padTop = items[0]?.start ?? 0;
  const padBottom = Math.max(0, virtualizer.getTotalSize() - (items.at(-1)?.end ?? 0));
  const columns = table.getVisibleLeafColumns();
  const sorted = table.getState().sorting[0];

  return (
    <section
      ref={scrollRef}
      aria-label={label}
      // biome-ignore lint/a11y/noNoninteractiveTabindex: a scroll box must take focus to scroll by keyboard
      tabIndex={0}
      style={{ maxHeight }}
      className="overflow-auto rounded-lg border border-zinc-200 bg-white focus-visible:outline-2 dark:border-zinc-800 dark:bg-zinc-900"
    >
      <table
        aria-label={tableLabel}
        aria-rowcount={rows.length + 1}
        data-testid={testId}
        style={{ minWidth }}
        className="w-full table-fixed border-collapse text-sm"
      >
        <colgroup>
          {columns.map((c) => (
            <col key={c.id} style={c.columnDef.meta?.width ? { width: c.columnDef.meta.width } : undefined} />
          ))}
        </colgroup>
        <thead>
          <tr aria-rowindex={1}>
            {columns.map((c) => (
              <HeaderCell
                key={c.id}
                column={c}
                height={rowHeight}
                sort={sorted?.id === c.id ? (sorted.desc ? 'desc' : 'asc') : undefined}
                onSort={onSort}
              />
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.length === 0 && empty ? (
            <tr>
              <td colSpan={columns.length}>{empty}</td>
            </tr>
          ) : null}
          {padTop > 0 ? (
            // biome-ignore lint/a11y/noAriaHiddenOnFocusable: an empty spacer row takes no focus; hidden so screen readers skip it
            <tr aria-hidden="true" style={{ height: padTop }}>
              <td colSpan={columns.length} />
            </tr>
          ) : null}
          {items.map((item) => {
            const row = rows[item.index];
            return row ? (
              <VirtualRow
                key={row.id}
                row={row}
                rowIndex={item.index + 2}
                height={rowHeight}
                testId={rowTestId}
                data={rowData}
              />
            ) : null;
          })}
          {padBottom > 0 ? (
            // biome-ignore lint/a11y/noAriaHiddenOnFocusable: an empty spacer row takes no focus; hidden so screen readers skip it
            <tr aria-hidden="true" style={{ height: padBottom }}>
              <td colSpan={columns.length} />
            </tr>
          ) : null}
        </tbody>
      </table>
    </section>
  );
}

function HeaderCell<T>({
  column,
  height,
  sort,
  onSort,
}: {
  column: Column<T>;
  height: number;
  sort: 'asc' | 'desc' | undefined;
  onSort: ((columnId: string) => void) | undefined;
}) {
  const meta = column.columnDef.meta;
  const label = meta?.label ?? column.id;
  const sortable = onSort !== undefined && column.getCanSort();
  const arrow = (
    <span aria-hidden="true" className="w-3 text-xs">
      {sort === 'asc' ? '▲' : sort === 'desc' ? '▼' : ''}
    </span>
  );
  return (
    <th
      scope="col"
      aria-sort={sort === 'asc' ? 'ascending' : sort === 'desc' ? 'descending' : sortable ? 'none' : undefined}
      className={cx(
        'sticky top-0 z-10 overflow-hidden whitespace-nowrap border-b border-zinc-200 bg-zinc-50 px-3 py-0 align-middle font-medium text-zinc-600 dark:border-zinc-800 dark:bg-zinc-900 dark:text-zinc-400',
        meta?.numeric ? 'text-right' : 'text-left',
      )}
      style={{ height }}
    >
      {sortable ? (
        <button
          type="button"
          onClick={() => onSort(column.id)}
          className={cx(
            'inline-flex items-center gap-1 align-middle hover:text-zinc-900 dark:hover:text-zinc-100',
            sort !== undefined && 'text-zinc-900 dark:text-zinc-100',
          )}
        >
          {/* the arrow sits on the inner side, so labels line up with their numbers */}
          {meta?.numeric ? arrow : null}
          {label}
          {meta?.numeric ? null : arrow}
        </button>
      ) : (
        label
      )}
    </th>
  );
}

interface VirtualRowProps<T> {
  row: Row<T>;
  rowIndex: number;
  height: number;
  testId: string;
  data: VirtualTableProps<T>['rowData'];
}

function VirtualRowView<T>({ row, rowIndex, height, testId, data }: VirtualRowProps<T>) {
  return (
    <tr
      data-testid={testId}
      {...data?.(row)}
      aria-rowindex={rowIndex}
      style={{ height }}
      className="border-b border-zinc-100 hover:bg-zinc-50 dark:border-zinc-800/60 dark:hover:bg-zinc-800/40"
    >
      {row.getVisibleCells().map((cell) => {
        const meta = cell.column.columnDef.meta;
        return (
          <td
            key={cell.id}
            data-testid={meta?.testId}
            className={cx(
              'overflow-hidden text-ellipsis whitespace-nowrap px-3 py-0',
              meta?.numeric && 'text-right tabular-nums',
            )}
          >
            {flexRender(cell.column.columnDef.cell, cell.getContext())}
          </td>
        );
      })}
    </tr>
  );
}

/**
 * One row, memoised on TanStack's row object, which is new only when the data or the columns are: the
 * renders a keystroke or a scroll causes leave the rows in view alone. (memo loses the type parameter.)
 */
const VirtualRow = memo(VirtualRowView) as typeof VirtualRowView;
