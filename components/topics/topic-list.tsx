'use client';
// Every topic in one virtualised table: search as you type, sort by any column, filters, all kept in
// the URL (?q=&sort=&dir=&f=) so a reload or a shared link shows the same list. Built for 10,000
// topics: TanStack Table sorts and filters, TanStack Virtual mounts only the rows in view.
import {
  type ColumnDef,
  type FilterFn,
  flexRender,
  getCoreRowModel,
  getFilteredRowModel,
  getSortedRowModel,
  type Row,
  type Table as TanTable,
  useReactTable,
} from '@tanstack/react-table';
import { useVirtualizer } from '@tanstack/react-virtual';
import Link from 'next/link';
import { useSearchParams } from 'next/navigation';
import { memo, useCallback, useDeferredValue, useEffect, useId, useMemo, useRef, useState } from 'react';
import { topicHref } from '@/components/links';
import { Badge } from '@/components/ui/badge';
import { EmptyState, ErrorState, Skeleton } from '@/components/ui/states';
import { cx } from '@/components/ui/table';
import { formatCount, formatRate } from '@/lib/format';
import { useTopicList } from '@/lib/queries/hooks';
import {
  compareTopics,
  DepthSamples,
  FILTER_LABELS,
  FILTERS,
  matchesTopic,
  nextSort,
  normaliseQuery,
  parseListState,
  type SortKey,
  serialiseListState,
  stateRank,
  type TopicFilter,
  type TopicListRow,
  type TopicListState,
  toggleFilter,
} from '@/lib/topic-list';
import { DepthSparkline } from './depth-sparkline';

/** Fixed, so the virtualiser never has to measure a row. */
export const TOPIC_ROW_HEIGHT = 36;
const DEFAULT_HEIGHT = 600;
const OVERSCAN = 8;

/*
 * Sparklines are drawn from the backlog values of successive list polls, kept in memory here,
 * rather than from /api/history per row: the list already receives every topic's depth every poll,
 * so a sparkline costs no request at all, whereas a history query per mounted row would start new
 * requests on every scroll and keep ~20 of them polling. The cost is bounded (SPARK_SAMPLES numbers
 * per topic, topics that disappear are dropped) and the trend starts when the page opens. One store
 * per browser tab, so the trend survives moving between pages that show the list.
 */
const samples = new DepthSamples();

interface Filter {
  needle: string;
  filters: readonly TopicFilter[];
}

const globalFilterFn: FilterFn<TopicListRow> = (row, _columnId, value: Filter) =>
  matchesTopic(row.original, value.needle, value.filters);

const sortBy = (key: SortKey) => {
  const cmp = compareTopics(key);
  return (a: Row<TopicListRow>, b: Row<TopicListRow>) => cmp(a.original, b.original);
};

interface ColumnMeta {
  label: string;
  numeric?: boolean;
  width?: number;
}

function count(testId: string, pick: (t: TopicListRow) => number): Pick<ColumnDef<TopicListRow>, 'cell'> {
  return { cell: ({ row }) => <span data-testid={testId}>{formatCount(pick(row.original))}</span> };
}

function StateBadges({ t }: { t: TopicListRow }) {
  return (
    <>
      {t.unavailable_nodes.length > 0 ? (
        <span data-testid="topic-badge-node-down">
          <Badge tone="danger" title={`No answer from ${t.unavailable_nodes.join(', ')}: their numbers are missing`}>
            node down
          </Badge>
        </span>
      ) : null}
      {t.lookupd_only ? (
        <span data-testid="topic-badge-no-producer">
          <Badge tone="warn" title="Registered in nsqlookupd but on no nsqd that answered">
            no producer
          </Badge>
        </span>
      ) : null}
      {t.paused ? (
        <span data-testid="topic-badge-paused">
          <Badge tone="warn">paused</Badge>
        </span>
      ) : null}
      {t.ephemeral ? (
        <span data-testid="topic-badge-ephemeral">
          <Badge tone="info">ephemeral</Badge>
        </span>
      ) : null}
    </>
  );
}

// Module-level, so the table never sees new column definitions.
const COLUMNS: ColumnDef<TopicListRow>[] = [
  {
    id: 'name',
    accessorFn: (t) => t.topic_name,
    meta: { label: 'Topic' } satisfies ColumnMeta,
    sortingFn: sortBy('name'),
    // the search runs once per row, on this column only
    enableGlobalFilter: true,
    cell: ({ row }) => (
      <Link
        href={topicHref(row.original.topic_name)}
        // hundreds of rows scroll past: prefetching each would flood the server
        prefetch={false}
        data-testid="topic-link"
        title={row.original.topic_name}
        className="block truncate font-medium text-sky-700 hover:underline focus-visible:outline-2 dark:text-sky-400"
      >
        {row.original.topic_name}
      </Link>
    ),
  },
  {
    id: 'depth',
    accessorFn: (t) => t.depth,
    meta: { label: 'Topic depth', numeric: true, width: 110 } satisfies ColumnMeta,
    sortingFn: sortBy('depth'),
    ...count('topic-depth', (t) => t.depth),
  },
  {
    id: 'channel_depth',
    accessorFn: (t) => t.channel_depth,
    meta: { label: 'Channel depth', numeric: true, width: 125 } satisfies ColumnMeta,
    sortingFn: sortBy('channel_depth'),
    ...count('topic-channel-depth', (t) => t.channel_depth),
  },
  {
    id: 'trend',
    meta: { label: 'Backlog trend', width: 110 } satisfies ColumnMeta,
    enableSorting: false,
    cell: ({ row }) => <DepthSparkline values={samples.get(row.original.topic_name)} />,
  },
  {
    id: 'in_flight',
    accessorFn: (t) => t.in_flight_count,
    meta: { label: 'In-flight', numeric: true, width: 95 } satisfies ColumnMeta,
    sortingFn: sortBy('in_flight'),
    ...count('topic-in-flight', (t) => t.in_flight_count),
  },
  {
    id: 'messages',
    accessorFn: (t) => t.message_count,
    meta: { label: 'Messages', numeric: true, width: 120 } satisfies ColumnMeta,
    sortingFn: sortBy('messages'),
    ...count('topic-messages', (t) => t.message_count),
  },
  {
    id: 'rate',
    accessorFn: (t) => t.rates.message_rate ?? -1,
    meta: { label: 'msg/s in', numeric: true, width: 95 } satisfies ColumnMeta,
    sortingFn: sortBy('rate'),
    cell: ({ row }) => <span data-testid="topic-rate">{formatRate(row.original.rates.message_rate)}</span>,
  },
  {
    id: 'channels',
    accessorFn: (t) => t.channel_count,
    meta: { label: 'Channels', numeric: true, width: 95 } satisfies ColumnMeta,
    sortingFn: sortBy('channels'),
    ...count('topic-channels', (t) => t.channel_count),
  },
  {
    id: 'consumers',
    accessorFn: (t) => t.client_count,
    meta: { label: 'Consumers', numeric: true, width: 110 } satisfies ColumnMeta,
    sortingFn: sortBy('consumers'),
    ...count('topic-consumers', (t) => t.client_count),
  },
  {
    id: 'state',
    accessorFn: stateRank,
    meta: { label: 'State', width: 190 } satisfies ColumnMeta,
    sortingFn: sortBy('state'),
    cell: ({ row }) => <StateBadges t={row.original} />,
  },
];
for (const c of COLUMNS) c.enableGlobalFilter ??= false;

const metaOf = (c: { columnDef: ColumnDef<TopicListRow> }) => c.columnDef.meta as ColumnMeta;

/**
 * The list's state lives in the URL. The URL is written with the History API, which Next.js
 * integrates with useSearchParams (no navigation, no server round trip); router.replace would ask
 * the server for the page again on every keystroke of the search.
 */
function useListState(): [TopicListState, (patch: Partial<TopicListState>) => void] {
  const params = useSearchParams();
  const state = useMemo(() => parseListState(params), [params]);
  const update = useCallback((patch: Partial<TopicListState>) => {
    // read the URL as it is now: two quick keystrokes must not both start from the same old state
    const current = new URLSearchParams(window.location.search);
    const next = serialiseListState({ ...parseListState(current), ...patch }, current).toString();
    // the browser's own path, base path included (usePathname leaves the base path out)
    const path = window.location.pathname;
    // null, not history.state: Next.js only syncs useSearchParams for states without its own marker
    window.history.replaceState(null, '', next ? `${path}?${next}` : path);
  }, []);
  return [state, update];
}

export interface TopicListProps {
  /** the most the list's scroll area may take, px; rows beyond it scroll under a sticky header */
  height?: number;
}

/** Every topic of the cluster, live, with search, sorting and filters kept in the URL. */
export function TopicList({ height = DEFAULT_HEIGHT }: TopicListProps = {}) {
  const { data, error, isPending } = useTopicList();
  // after the render, in the browser only: the server's HTML and the hydrating render both draw the
  // samples from before this answer (none on a first load), so they match; the next poll draws it
  useEffect(() => {
    if (data) samples.record(data.topics, data.taken_at); // idempotent per snapshot
  }, [data]);
  if (isPending) return <Skeleton height={height} label="Loading topics" />;
  if (!data) return <ErrorState error={error} />;
  return <LoadedTopicList topics={data.topics} height={height} error={error} />;
}

function LoadedTopicList({ topics, height, error }: { topics: TopicListRow[]; height: number; error: Error | null }) {
  const [state, update] = useListState();
  const [query, setQuery] = useState(state.q);
  // typing stays instant; the 10,000-row filter and sort follow at React's own pace
  const deferredQuery = useDeferredValue(query);
  const needle = normaliseQuery(deferredQuery);
  // Every URL change parses a new filters array; keyed by value, a keystroke (which rewrites ?q=)
  // does not make the table filter 10,000 rows a second time.
  const filtersKey = state.filters.join(',');
  const globalFilter = useMemo<Filter | undefined>(
    () =>
      needle === '' && filtersKey === ''
        ? undefined
        : { needle, filters: filtersKey === '' ? [] : (filtersKey.split(',') as TopicFilter[]) },
    [needle, filtersKey],
  );
  const sorting = useMemo(() => [{ id: state.sort, desc: state.dir === 'desc' }], [state.sort, state.dir]);

  const table = useReactTable({
    data: topics,
    columns: COLUMNS,
    getRowId: (t) => t.topic_name,
    state: { sorting, globalFilter },
    globalFilterFn,
    getColumnCanGlobalFilter: (c) => c.id === 'name',
    enableSortingRemoval: false,
    getCoreRowModel: getCoreRowModel(),
    getFilteredRowModel: getFilteredRowModel(),
    getSortedRowModel: getSortedRowModel(),
  });
  const rows = table.getRowModel().rows;

  const searchId = useId();
  return (
    <div data-testid="topic-list" className="space-y-3">
      <div className="flex flex-wrap items-center gap-3">
        <label htmlFor={searchId} className="text-sm font-medium">
          Search topics
        </label>
        <input
          id={searchId}
          type="search"
          data-testid="topic-search"
          value={query}
          placeholder="Name contains…"
          autoComplete="off"
          spellCheck={false}
          onChange={(e) => {
            setQuery(e.target.value);
            update({ q: e.target.value });
          }}
          className="w-64 rounded border border-zinc-300 bg-white px-2 py-1 text-sm dark:border-zinc-700 dark:bg-zinc-900"
        />
        <fieldset aria-label="Show only" className="m-0 flex min-w-0 flex-wrap gap-1 border-0 p-0">
          {FILTERS.map((f) => (
            <button
              key={f}
              type="button"
              data-testid={`topic-filter-${f}`}
              aria-pressed={state.filters.includes(f)}
              onClick={() => update({ filters: toggleFilter(state.filters, f) })}
              className="rounded border border-zinc-300 px-2 py-1 text-xs text-zinc-700 hover:bg-zinc-100 aria-pressed:border-zinc-900 aria-pressed:bg-zinc-900 aria-pressed:text-white dark:border-zinc-700 dark:text-zinc-300 dark:hover:bg-zinc-800 dark:aria-pressed:bg-zinc-100 dark:aria-pressed:text-zinc-900"
            >
              {FILTER_LABELS[f]}
            </button>
          ))}
        </fieldset>
        <p
          data-testid="topic-count"
          role="status"
          className="ml-auto text-sm tabular-nums text-zinc-600 dark:text-zinc-400"
        >
          {rows.length === topics.length
            ? `${formatCount(topics.length)} topics`
            : `${formatCount(rows.length)} of ${formatCount(topics.length)} topics`}
        </p>
      </div>
      {error ? (
        <p className="text-xs text-red-700 dark:text-red-400">Showing the last data received: {error.message}</p>
      ) : null}
      {topics.length === 0 ? (
        <EmptyState>No topics found</EmptyState>
      ) : (
        <VirtualTable
          table={table}
          rows={rows}
          height={height}
          sortKey={state.sort}
          sortDir={state.dir}
          onSort={(key) => update(nextSort(state, key))}
        />
      )}
    </div>
  );
}

interface VirtualTableProps {
  table: TanTable<TopicListRow>;
  rows: Row<TopicListRow>[];
  height: number;
  sortKey: SortKey;
  sortDir: 'asc' | 'desc';
  onSort: (key: SortKey) => void;
}

function VirtualTable({ table, rows, height, sortKey, sortDir, onSort }: VirtualTableProps) {
  const scrollRef = useRef<HTMLElement>(null);
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => TOPIC_ROW_HEIGHT,
    getItemKey: (i) => rows[i]?.id ?? i,
    overscan: OVERSCAN,
    // rows are in view before the first layout measurement, so the first paint is not empty
    initialRect: { width: 0, height },
  });
  const items = virtualizer.getVirtualItems();
  const padTop = items[0]?.start ?? 0;
  const padBottom = items.length > 0 ? virtualizer.getTotalSize() - (items[items.length - 1]?.end ?? 0) : 0;
  const columns = table.getVisibleLeafColumns();

  return (
    <section
      ref={scrollRef}
      aria-label="Topic list"
      // focusable so the keyboard can scroll it; the links inside are focusable too
      // biome-ignore lint/a11y/noNoninteractiveTabindex: a scroll box must take focus to scroll by keyboard
      tabIndex={0}
      style={{ maxHeight: height }}
      className="overflow-auto rounded-lg border border-zinc-200 bg-white focus-visible:outline-2 dark:border-zinc-800 dark:bg-zinc-900"
    >
      <table
        aria-label="Topics"
        aria-rowcount={rows.length + 1}
        className="w-full min-w-[1200px] table-fixed border-collapse text-sm"
      >
        <colgroup>
          {columns.map((c) => (
            <col key={c.id} style={metaOf(c).width ? { width: metaOf(c).width } : undefined} />
          ))}
        </colgroup>
        <thead>
          <tr aria-rowindex={1}>
            {columns.map((c) => {
              const meta = metaOf(c);
              const key = c.id as SortKey;
              const sortable = c.getCanSort();
              const active = sortable && key === sortKey;
              const arrow = (
                <span aria-hidden="true" className="w-3 text-xs">
                  {active ? (sortDir === 'asc' ? '▲' : '▼') : ''}
                </span>
              );
              return (
                <th
                  key={c.id}
                  scope="col"
                  aria-sort={active ? (sortDir === 'asc' ? 'ascending' : 'descending') : sortable ? 'none' : undefined}
                  className={cx(
                    'sticky top-0 z-10 whitespace-nowrap border-b border-zinc-200 bg-zinc-50 px-3 py-0 align-middle font-medium text-zinc-600 dark:border-zinc-800 dark:bg-zinc-900 dark:text-zinc-400',
                    meta.numeric ? 'text-right' : 'text-left',
                  )}
                  style={{ height: TOPIC_ROW_HEIGHT }}
                >
                  {sortable ? (
                    <button
                      type="button"
                      data-testid={`topic-sort-${c.id}`}
                      onClick={() => onSort(key)}
                      className={cx(
                        'inline-flex items-center gap-1 align-middle hover:text-zinc-900 dark:hover:text-zinc-100',
                        active && 'text-zinc-900 dark:text-zinc-100',
                      )}
                    >
                      {/* the arrow sits on the inner side, so labels line up with their numbers */}
                      {meta.numeric ? arrow : null}
                      {meta.label}
                      {meta.numeric ? null : arrow}
                    </button>
                  ) : (
                    meta.label
                  )}
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody>
          {rows.length === 0 ? (
            <tr>
              <td colSpan={columns.length} data-testid="topic-list-empty">
                <EmptyState>No topic matches</EmptyState>
              </td>
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
            return row ? <TopicRowView key={row.id} row={row} rowIndex={item.index + 2} /> : null;
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

/**
 * One row. Memoised on TanStack's row object, which is new only when the data is (each poll): the
 * extra renders of a keystroke (the input itself, then the URL) leave the rows alone.
 */
const TopicRowView = memo(function TopicRowView({ row, rowIndex }: { row: Row<TopicListRow>; rowIndex: number }) {
  return (
    <tr
      data-testid="topic-row"
      data-topic={row.id}
      aria-rowindex={rowIndex}
      style={{ height: TOPIC_ROW_HEIGHT }}
      className="border-b border-zinc-100 hover:bg-zinc-50 dark:border-zinc-800/60 dark:hover:bg-zinc-800/40"
    >
      {row.getVisibleCells().map((cell) => (
        <td
          key={cell.id}
          className={cx(
            'overflow-hidden whitespace-nowrap px-3 py-0',
            metaOf(cell.column).numeric && 'text-right tabular-nums',
          )}
        >
          {flexRender(cell.column.columnDef.cell, cell.getContext())}
        </td>
      ))}
    </tr>
  );
});
