import 'server-only';
// The server's side of React Query: what a server-rendered page puts in the browser's cache. A page
// reads the poller's latest snapshot (never waiting for a poll), builds each of its queries' answers
// with the function its route calls, and renders them here; the browser's hooks find them under the
// same keys (./keys.ts) when the page hydrates, so the HTML holds the numbers and hydration renders the
// same ones.
import { dehydrate, HydrationBoundary, QueryClient, type QueryKey } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { availableWindows, pickWindow } from '@/components/charts/windows';
import { type Answer, historyBody, historySources } from '@/lib/api/read-api';
import { WINDOW_MS } from '@/lib/chart-windows';
import type { Runtime } from '@/lib/cluster/runtime';
import type { ClusterSnapshot } from '@/lib/cluster/types';
import { type HistoryParams, queryKeys } from './keys';

/** One query a page fills on the server: its key and what its route answers. */
export type ServerQuery = readonly [key: QueryKey, answer: Answer<unknown>];

/**
 * Its children, with these answers in React Query's cache. Each answer is what the browser's fetch
 * would have parsed (JSON drops undefined fields and turns NaN into null), so a refetch changes only
 * what changed. A failed answer is left out: the page fetches it and shows the error, as before.
 */
export function ServerQueries({ queries, children }: { queries: readonly ServerQuery[]; children: ReactNode }) {
  const client = new QueryClient();
  for (const [key, answer] of queries) {
    if (answer.ok) client.setQueryData(key, JSON.parse(JSON.stringify(answer.body)));
  }
  return <HydrationBoundary state={dehydrate(client)}>{children}</HydrationBoundary>;
}

/** A page's search parameters, as Next hands them to it. */
export type SearchParams = Promise<Record<string, string | string[] | undefined>>;

/**
 * The history charts' queries (components/charts/history-card.tsx), for the window the page shows
 * (?window=, as useChartWindow picks it). Only windows the in-memory history answers: a Prometheus
 * query would hold the page back, so those charts load in the browser.
 */
export async function historyQueries(
  rt: Runtime,
  snap: ClusterSnapshot,
  searchParams: SearchParams,
  targets: readonly Omit<HistoryParams, 'window'>[],
): Promise<ServerQuery[]> {
  const asked = (await searchParams).window;
  const window = pickWindow(typeof asked === 'string' ? asked : null, availableWindows(historySources(rt)));
  if (WINDOW_MS[window] > rt.config.historyRetentionMs) return [];
  return Promise.all(
    targets.map(async (target): Promise<ServerQuery> => {
      const params: HistoryParams = { ...target, window };
      const query = new URLSearchParams(
        Object.entries(params).filter((e): e is [string, string] => e[1] !== undefined),
      );
      return [queryKeys.history(params), await historyBody(rt, snap, query)];
    }),
  );
}
