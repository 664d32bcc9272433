'use client';
// One hook per endpoint. Each keeps the previous data while refetching, so live pages never flicker.
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useSyncExternalStore } from 'react';
import type { AlertsResponse } from '@/lib/api/alerts-api';
import { getJson } from '@/lib/api/client';
import type { EventsResponse } from '@/lib/api/events-api';
import type {
  BacklogResponse,
  ChannelResponse,
  ClusterNodesResponse,
  ClusterResponse,
  CounterResponse,
  Freshness,
  HistoryResponse,
  InactiveTopicsResponse,
  NodeDetailResponse,
  SearchResponse,
  TopicListResponse,
  TopicResponse,
} from '@/lib/api/read-api';
import { parseWindow } from '@/lib/duration';
import { decodeTopicList, type TopicListRow } from '@/lib/topic-list';
import { type EventTarget, type HistoryParams, queryKeys } from './keys';
import {
  CLUSTER_REFETCH_MS,
  DETAIL_REFETCH_MS,
  HISTORY_REFETCH_MS,
  INACTIVE_REFETCH_MS,
  LONG_HISTORY_REFETCH_MS,
  LONG_WINDOW_MS,
  untilNextPoll,
} from './policy';

const enc = encodeURIComponent;
const live = { placeholderData: keepPreviousData } as const;

export function useCluster() {
  return useQuery({
    queryKey: queryKeys.cluster(),
    queryFn: ({ signal }) => getJson<ClusterResponse>('/api/cluster?topics=false', signal),
    refetchInterval: untilNextPoll,
    ...live,
  });
}

/** /api/cluster with every node's lookupd registrations, for the nodes page. */
export function useClusterNodes() {
  return useQuery({
    queryKey: queryKeys.clusterNodes(),
    queryFn: ({ signal }) => getJson<ClusterNodesResponse>('/api/cluster?topics=false&node_topics=true', signal),
    refetchInterval: untilNextPoll,
    ...live,
  });
}

export function useTopic(topic: string) {
  return useQuery({
    queryKey: queryKeys.topic(topic),
    queryFn: ({ signal }) => getJson<TopicResponse>(`/api/cluster/topics/${enc(topic)}`, signal),
    refetchInterval: untilNextPoll,
    ...live,
  });
}

/**
 * The freshness of the data a topic or channel page shows, from the answer its own query keeps in the
 * cache: a topic someone looks at is read more often than the whole cluster is swept
 * (lib/cluster/focus.ts), so the header says how old the page's numbers are, not the sweep's. It only
 * watches the cache: a query made here, before the page's server-rendered answer is hydrated, would
 * make React Query hydrate that answer after the first render, and the page's HTML a skeleton.
 */
export function usePageFreshness(topic: string | undefined, channel: string | undefined) {
  const client = useQueryClient();
  const key =
    topic === undefined ? null : channel === undefined ? queryKeys.topic(topic) : queryKeys.channel(topic, channel);
  const subscribe = useCallback((changed: () => void) => client.getQueryCache().subscribe(changed), [client]);
  const state = useSyncExternalStore(
    subscribe,
    () => (key ? client.getQueryState<Freshness>(key) : undefined),
    () => undefined,
  );
  return state?.data ? { data: state.data, dataUpdatedAt: state.dataUpdatedAt } : null;
}

export function useChannel(topic: string, channel: string) {
  return useQuery({
    queryKey: queryKeys.channel(topic, channel),
    queryFn: ({ signal }) =>
      getJson<ChannelResponse>(`/api/cluster/topics/${enc(topic)}/channels/${enc(channel)}`, signal),
    refetchInterval: DETAIL_REFETCH_MS,
    ...live,
  });
}

export function useNodeDetail(node: string) {
  return useQuery({
    queryKey: queryKeys.node(node),
    queryFn: ({ signal }) => getJson<NodeDetailResponse>(`/api/nodes/${enc(node)}`, signal),
    refetchInterval: DETAIL_REFETCH_MS,
    ...live,
  });
}

export function useBacklog() {
  return useQuery({
    queryKey: queryKeys.backlog(),
    queryFn: ({ signal }) => getJson<BacklogResponse>('/api/cluster/backlog', signal),
    refetchInterval: untilNextPoll,
    ...live,
  });
}

export function useInactiveTopics() {
  return useQuery({
    queryKey: queryKeys.inactive(),
    queryFn: ({ signal }) => getJson<InactiveTopicsResponse>('/api/topics?inactive=true', signal),
    refetchInterval: INACTIVE_REFETCH_MS,
    ...live,
  });
}

/** The health rules' firing, pending and recently resolved alerts: the header, the Alerts page and every page's notices. */
export function useAlerts() {
  return useQuery({
    queryKey: queryKeys.alerts(),
    queryFn: ({ signal }) => getJson<AlertsResponse>('/api/alerts', signal),
    refetchInterval: CLUSTER_REFETCH_MS,
    ...live,
  });
}

/** Events about a topic, channel or node, newest first: the Alerts page's list and the charts' markers. */
export function useEvents(target: EventTarget, enabled = true) {
  const q = new URLSearchParams(Object.entries(target).filter((e): e is [string, string] => e[1] !== undefined));
  return useQuery({
    queryKey: queryKeys.events(target),
    queryFn: ({ signal }) => getJson<EventsResponse>(`/api/events${q.size ? `?${q}` : ''}`, signal),
    enabled,
    refetchInterval: CLUSTER_REFETCH_MS,
    ...live,
  });
}

export function useCounter() {
  return useQuery({
    queryKey: queryKeys.counter(),
    queryFn: ({ signal }) => getJson<CounterResponse>('/api/counter', signal),
    refetchInterval: CLUSTER_REFETCH_MS,
    ...live,
  });
}

export function useSearch(q: string) {
  return useQuery({
    queryKey: queryKeys.search(q),
    queryFn: ({ signal }) => getJson<SearchResponse>(`/api/cluster/search?q=${enc(q)}`, signal),
    enabled: q.trim() !== '',
    ...live,
  });
}

export function useHistory(params: HistoryParams) {
  const q = new URLSearchParams(Object.entries(params).filter((e): e is [string, string] => e[1] !== undefined));
  return useQuery({
    queryKey: queryKeys.history(params),
    queryFn: ({ signal }) => getJson<HistoryResponse>(`/api/history?${q}`, signal),
    refetchInterval: (parseWindow(params.window) ?? 0) > LONG_WINDOW_MS ? LONG_HISTORY_REFETCH_MS : HISTORY_REFETCH_MS,
    ...live,
  });
}

/** The topic list as pages read it: GET /api/cluster/topics decoded into one object per topic. */
export interface TopicList extends Freshness {
  poll_interval_ms: number;
  topics: TopicListRow[];
}

// module-level, so React Query decodes once per response rather than once per render
const decodeTopicListResponse = ({ topics, count: _count, ...rest }: TopicListResponse): TopicList => ({
  ...rest,
  topics: decodeTopicList(topics),
});

/** GET /api/cluster/topics: every topic with only the fields the topic list shows. */
export function useTopicList() {
  return useQuery({
    queryKey: queryKeys.topicList(),
    queryFn: ({ signal }) => getJson<TopicListResponse>('/api/cluster/topics', signal),
    select: decodeTopicListResponse,
    // a new poll nearly always differs somewhere; comparing 10,000 topics deeply to find out costs
    // more than it saves
    structuralSharing: false,
    refetchInterval: untilNextPoll,
    ...live,
  });
}
