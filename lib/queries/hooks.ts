'use client';
// One hook per endpoint. Each keeps the previous data while refetching, so live pages never flicker.
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { getJson } from '@/lib/api/client';
import type { ChannelDetail } from '@/lib/cluster/detail';
import type { BacklogRow, ClusterSnapshot, HistorySources, NodeSummary, TopicWithNodes } from '@/lib/cluster/types';
import { parseWindow } from '@/lib/duration';
import type { ClientStats, MemoryStats } from '@/lib/nsq/schemas';
import { decodeTopicList, type TopicListColumns, type TopicListRow } from '@/lib/topic-list';
import { type HistoryParams, queryKeys } from './keys';
import {
  CLUSTER_REFETCH_MS,
  DETAIL_REFETCH_MS,
  HISTORY_REFETCH_MS,
  INACTIVE_REFETCH_MS,
  LONG_HISTORY_REFETCH_MS,
  LONG_WINDOW_MS,
  untilNextPoll,
} from './policy';

interface Freshness {
  taken_at: number;
  age_ms: number;
}

/** A node as the light /api/cluster gives it: without its lookupd registrations. */
export type ClusterNode = Omit<NodeSummary, 'topics'>;

/**
 * /api/cluster as the pages read it: without topic summaries (the topic list has its own endpoint)
 * and without the nodes' registrations (the nodes page asks for them, see useClusterNodes).
 */
export type ClusterResponse = Omit<ClusterSnapshot, 'topics' | 'nodes' | 'tables'> & {
  nodes: ClusterNode[];
  age_ms: number;
  history_retention_ms: number;
  /** where chart history comes from, so the window selector offers only what can be answered */
  history_sources?: HistorySources;
};
export type TopicResponse = TopicWithNodes & Freshness;
export type ClientRow = ClientStats & { node: string };
export type ChannelResponse = ChannelDetail & Freshness;

/** nsqadmin's GET /api/nodes/:node: a node's topics, channels and clients, and its memory stats. */
export interface NodeDetailResponse {
  node: string;
  topics: {
    topic_name: string;
    depth: number;
    memory_depth: number;
    backend_depth: number;
    message_count: number;
    paused: boolean;
    channels: {
      channel_name: string;
      depth: number;
      memory_depth: number;
      backend_depth: number;
      in_flight_count: number;
      deferred_count: number;
      requeue_count: number;
      timeout_count: number;
      message_count: number;
      client_count: number;
      paused: boolean;
      /** null when the answer comes from the snapshot: the node's full /stats did not arrive in time */
      clients: (ClientRow & { connected: number })[] | null;
    }[];
  }[];
  total_messages: number;
  total_clients: number;
  memory: MemoryStats | null;
  message: string;
}

export interface HistoryResponse {
  /** memory, or prometheus for windows beyond --history-retention */
  source?: 'memory' | 'prometheus';
  metrics: string[];
  step_ms: number;
  window_ms: number;
  now: number;
  points: ({ t: number } & Record<string, number | null>)[];
}

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

export type ClusterNodesResponse = Omit<ClusterResponse, 'nodes'> & { nodes: NodeSummary[] };

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
    queryFn: ({ signal }) =>
      getJson<{ largest: BacklogRow[]; growing: BacklogRow[]; taken_at: number }>('/api/cluster/backlog', signal),
    refetchInterval: untilNextPoll,
    ...live,
  });
}

export function useInactiveTopics() {
  return useQuery({
    queryKey: queryKeys.inactive(),
    queryFn: ({ signal }) =>
      getJson<{ topics: Record<string, string[]>; message: string }>('/api/topics?inactive=true', signal),
    refetchInterval: INACTIVE_REFETCH_MS,
    ...live,
  });
}

export function useCounter() {
  return useQuery({
    queryKey: queryKeys.counter(),
    queryFn: ({ signal }) =>
      getJson<{ stats: Record<string, { message_count: number }>; message: string }>('/api/counter', signal),
    refetchInterval: CLUSTER_REFETCH_MS,
    ...live,
  });
}

export function useSearch(q: string) {
  return useQuery({
    queryKey: queryKeys.search(q),
    queryFn: ({ signal }) =>
      getJson<{ results: { topic: string; channel?: string }[] }>(`/api/cluster/search?q=${enc(q)}`, signal),
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

export interface TopicListResponse extends Freshness {
  poll_interval_ms: number;
  topics: TopicListRow[];
}
type TopicListWire = Omit<TopicListResponse, 'topics'> & { count: number; topics: TopicListColumns };

// module-level, so React Query decodes once per response rather than once per render
const decodeTopicListResponse = ({ topics, count: _count, ...rest }: TopicListWire): TopicListResponse => ({
  ...rest,
  topics: decodeTopicList(topics),
});

/** GET /api/cluster/topics: every topic with only the fields the topic list shows. */
export function useTopicList() {
  return useQuery({
    queryKey: queryKeys.topicList(),
    queryFn: ({ signal }) => getJson<TopicListWire>('/api/cluster/topics', signal),
    select: decodeTopicListResponse,
    // a new poll nearly always differs somewhere; comparing 10,000 topics deeply to find out costs
    // more than it saves
    structuralSharing: false,
    refetchInterval: untilNextPoll,
    ...live,
  });
}
