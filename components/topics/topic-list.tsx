'use client';
// Every topic in one virtualised table: search as you type, sort by any column, filters, all kept in
// the URL (?q=&sort=&dir=&f=) so a reload or a shared link shows the same list. Built for 10,000
// topics: lib/topic-list.ts filters and sorts plain rows, the virtual table draws only those in view.
import type { ColumnDef, Row } from '@tanstack/react-table';
import Link from 'next/link';
import { useSearchParams } from 'next/navigation';
import { useCallback, useDeferredValue, useEffect, useId, useMemo, useState, useSyncExternalStore } from 'react';
import { topicHref } from '@/components/links';
import { Badge } from '@/components/ui/badge';
import { EmptyState, ErrorState, Skeleton } from '@/components/ui/states';
import { VirtualTable } from '@/components/ui/virtual-table';
import { formatCount, formatRate } from '@/lib/format';
import { useTopicList } from '@/lib/queries/hooks';
import {
  DepthSamples,
  FILTER_LABELS,
  FILTERS,
  listTopics,
  NO_SAMPLES,
  nextSort,
  normaliseQuery,
  parseListState,
  SORT_KEYS,
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
/** the columns' widths and the name's share; a narrower screen scrolls the list sideways */
const MIN_WIDTH = 1200;

/*
 * Sparklines are drawn from the backlog values of successive list polls, kept in memory here,
 * rather than from /api/history per row: the list already receives every topic's depth every poll,
 * so a sparkline costs no request at all, whereas a history query per mounted row would start new
 * requests on every scroll and keep ~20 of them polling. The cost is bounded (SPARK_SAMPLES numbers
 * per topic, topics that disappear are dropped) and the trend starts when the page opens. One store
 * per browser tab, so the trend survives moving between pages that show the list. Written only from
 * an effect, never while rendering (and so never on the server, where a module is shared by every
 * request); each sparkline subscribes to its own topic's samples.
 */
const samples = new DepthSamples();

function TopicSparkline({ topic }: { topic: string }) {
  const values = useSyncExternalStore(
    samples.subscribe,
    () => samples.get(topic),
    () => NO_SAMPLES,
  );
  return <DepthSparkline values={values} />;
}

const count = (pick: (t: TopicListRow) => number): Pick<ColumnDef<TopicListRow>, 'cell'> => ({
  cell: ({ row }) => formatCount(pick(row.original)),
});

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
    meta: { label: 'Topic' },
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
    meta: { label: 'Topic depth', numeric: true, width: 110, testId: 'topic-depth' },
    ...count((t) => t.depth),
  },
  {
    id: 'channel_depth',
    accessorFn: (t) => t.channel_depth,
    meta: { label: 'Channel depth', numeric: true, width: 125, testId: 'topic-channel-depth' },
    ...count((t) => t.channel_depth),
  },
  {
    id: 'trend',
    meta: { label: 'Backlog trend', width: 110 },
    enableSorting: false,
    cell: ({ row }) => <TopicSparkline topic={row.original.topic_name} />,
  },
  {
    id: 'in_flight',
    accessorFn: (t) => t.in_flight_count,
    meta: { label: 'In-flight', numeric: true, width: 95, testId: 'topic-in-flight' },
    ...count((t) => t.in_flight_count),
  },
  {
    id: 'messages',
    accessorFn: (t) => t.message_count,
    meta: { label: 'Messages', numeric: true, width: 120, testId: 'topic-messages' },
    ...count((t) => t.message_count),
  },
  {
    id: 'rate',
    accessorFn: (t) => t.rates.message_rate ?? -1,
    meta: { label: 'msg/s in', numeric: true, width: 95, testId: 'topic-rate' },
    cell: ({ row }) => formatRate(row.original.rates.message_rate),
  },
  {
    id: 'channels',
    accessorFn: (t) => t.channel_count,
    meta: { label: 'Channels', numeric: true, width: 95, testId: 'topic-channels' },
    ...count((t) => t.channel_count),
  },
  {
    id: 'consumers',
    accessorFn: (t) => t.client_count,
    meta: { label: 'Consumers', numeric: true, width: 110, testId: 'topic-consumers' },
    ...count((t) => t.client_count),
  },
  {
    id: 'state',
    accessorFn: stateRank,
    meta: { label: 'State', width: 190 },
    cell: ({ row }) => <StateBadges t={row.original} />,
  },
];

const topicName = (t: TopicListRow) => t.topic_name;
const topicRowData = (row: Row<TopicListRow>) => ({ 'data-topic': row.id });
const sortKeyOf = (columnId: string) => SORT_KEYS.find((k) => k === columnId);

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
  // does not filter and sort 10,000 rows a second time.
  const filtersKey = state.filters.join(',');
  const rows = useMemo(
    () =>
      listTopics(
        topics,
        needle,
        filtersKey === '' ? [] : (filtersKey.split(',') as TopicFilter[]),
        state.sort,
        state.dir,
      ),
    [topics, needle, filtersKey, state.sort, state.dir],
  );
  const sorting = useMemo(() => ({ id: state.sort, desc: state.dir === 'desc' }), [state.sort, state.dir]);

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
          rows={rows}
          columns={COLUMNS}
          getRowId={topicName}
          sorting={sorting}
          label="Topic list"
          tableLabel="Topics"
          rowTestId="topic-row"
          rowData={topicRowData}
          rowHeight={TOPIC_ROW_HEIGHT}
          maxHeight={height}
          minWidth={MIN_WIDTH}
          onSort={(id) => {
            const key = sortKeyOf(id);
            if (key) update(nextSort(state, key));
          }}
          empty={
            <div data-testid="topic-list-empty">
              <EmptyState>No topic matches</EmptyState>
            </div>
          }
        />
      )}
    </div>
  );
}
