'use client';
// The one virtualised table: TanStack Virtual picks the rows in view and a TanStack Table over just
// those renders them, so a list of 10,000 topics or 5,000 clients costs only the rows in view, on the
// server as in the browser (a table over every row would build 10,000 row objects per render). The
// caller filters and sorts. Rows have one fixed height and the layout is
// fixed (column widths from each column's meta), so the virtualiser never measures a row and columns
// do not jump as rows scroll in and out. A cell too long for its column is cut short: columns whose
// text may be long give it in a title as well.
import {
  type Column,
  type ColumnDef,
  flexRender,
  getCoreRowModel,
  type Row,
  type RowData,
  useReactTable,
} from '@tanstack/react-table';
import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, type ReactNode, useMemo, useRef } from 'react';
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
  /** every row, in the order shown: already filtered and sorted */
  rows: readonly T[];
  /** the same array from render to render (module-level or memoised), so rows in view are not redrawn */
  columns: ColumnDef<T>[];
  /** a row's stable identity, which keys it in the DOM */
  getRowId: (row: T) => string;
  /** the column the rows are sorted by, for the header's arrow and aria-sort */
  sorting?: { id: string; desc: boolean };
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
  rows,
  columns: columnDefs,
  getRowId,
  sorting,
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
  const scrollRef = useRef<HTMLElement>(null);
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => rowHeight,
    getItemKey: (i) => (rows[i] === undefined ? i : getRowId(rows[i])),
    overscan: OVERSCAN,
    // rows are in view before the first layout measurement, so the first paint is not empty
    initialRect: { width: 0, height: maxHeight },
  });
  const items = virtualizer.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const end = (items.at(-1)?.index ?? -1) + 1;
  const inView = useMemo(() => rows.slice(first, end), [rows, first, end]);
  const table = useReactTable({
    data: inView as T[],
    columns: columnDefs,
    getRowId,
    state: { sorting: sorting ? [sorting] : [] },
    manualSorting: true,
    getCoreRowModel: getCoreRowModel(),
  });
  const shown = table.getRowModel().rows;
  const padTop = items[0]?.start ?? 0;
  const padBottom = Math.max(0, virtualizer.getTotalSize() - (items.at(-1)?.end ?? 0));
  const columns = table.getVisibleLeafColumns();

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
                sort={sorting?.id === c.id ? (sorting.desc ? 'desc' : 'asc') : undefined}
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
          {shown.map((row, i) => (
            <VirtualRow
              key={row.id}
              row={row}
              original={row.original}
              columns={columnDefs}
              rowIndex={first + i + 2}
              height={rowHeight}
              testId={rowTestId}
              data={rowData}
            />
          ))}
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
  /** what the row shows, and the columns that draw it: the row is redrawn only when one of them changes */
  original: T;
  columns: ColumnDef<T>[];
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
 * One row, memoised on what it shows rather than on TanStack's row object, which is new whenever the
 * rows in view shift: a scroll redraws only the rows that came into view, a keystroke none that stayed.
 */
const VirtualRow = memo(
  VirtualRowView,
  ({ row: _a, ...a }, { row: _b, ...b }) =>
    a.original === b.original &&
    a.columns === b.columns &&
    a.rowIndex === b.rowIndex &&
    a.height === b.height &&
    a.testId === b.testId &&
    a.data === b.data,
) as typeof VirtualRowView;
