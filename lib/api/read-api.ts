import 'server-only';
// The read API, served from the shared snapshot: nsqadmin's routes with its shapes and envelope
// (200 + "WARNING: ..." on partial failure, 502 when every upstream failed), and our own
// /api/cluster and /api/history beside them.
import { z } from 'zod';
import { LONGEST_WINDOW, WINDOW_MS, windowAtLeast } from '../chart-windows';
import type { ChannelDetail } from '../cluster/detail';
import { type HistorySeries, SERIES_METRICS, type SeriesKey } from '../cluster/history';
import { topicWithNodes } from '../cluster/node-rows';
import type { Runtime } from '../cluster/runtime';
import type {
  BacklogRow,
  ClusterSnapshot,
  HistorySources,
  NodeSummary,
  TopicListItem,
  TopicSummary,
  TopicWithNodes,
  UpstreamErrorInfo,
} from '../cluster/types';
import { formatDuration, parseWindow } from '../duration';
import { errorInfo } from '../nsq/http';
import { isPrometheusError } from '../prometheus';
import { encodeTopicList, type TopicListColumns } from '../topic-list';
import {
  channelJson,
  clientJson,
  counterJson,
  nodeJson,
  nodeJsonFromSnapshot,
  nodesJson,
  topicJson,
  upstreamErrorMessage,
  warningMessage,
} from './nsqadmin';
import { errorJson, json } from './respond';
import { errorFor, withErrorsFor } from './upstream-text';

/**
 * A read before it becomes a Response: the body of a 200, or an error status with nsqadmin's message.
 * Routes answer it with respond(); server-rendered pages put the body in React Query's cache, so the
 * page's first paint holds what the route would have answered.
 */
export type Answer<T> = { ok: true; body: T } | { ok: false; status: number; message: string };

export const ok = <T>(body: T): Answer<T> => ({ ok: true, body });
const failed = (status: number, message: string): Answer<never> => ({ ok: false, status, message });

export function respond<T>(o: Answer<T>): Response {
  return o.ok ? json(o.body) : errorJson(o.status, o.message);
}

/** Every source of node names failed: no lookupd (lookupd mode) or no nsqd (nsqd mode) answered. */
function discoveryFailed(snap: ClusterSnapshot): Answer<never> | null {
  if (snap.mode === 'lookupd') {
    const down = snap.lookupds.every((l) => l.status === 'down');
    return down && snap.totals.nodes_up === 0 ? failed(502, upstreamErrorMessage('nsqlookupd', snap.errors)) : null;
  }
  const allDown = snap.nodes.length > 0 && snap.totals.nodes_up === 0;
  return allDown ? failed(502, upstreamErrorMessage('nsqd', snap.errors)) : null;
}

function nodeErrors(snap: ClusterSnapshot, nodes: readonly string[]): UpstreamErrorInfo[] {
  const wanted = new Set(nodes);
  return snap.nodes.filter((n) => wanted.has(n.node) && n.error).map((n) => n.error as UpstreamErrorInfo);
}

const lookupdErrors = (snap: ClusterSnapshot) => snap.lookupds.flatMap((l) => (l.error ? [l.error] : []));

/** nsqadmin's GET /api/topics?inactive=true. */
export interface InactiveTopicsResponse {
  /** topic name → its channels registered in any lookupd */
  topics: Record<string, string[]>;
  message: string;
}

export async function inactiveTopicsBody(rt: Runtime, snap: ClusterSnapshot): Promise<Answer<InactiveTopicsResponse>> {
  const down = discoveryFailed(snap);
  if (down) return down;
  const { topics, errors } = await rt.inactive.get(snap, rt.poller.lookupdAddresses);
  return ok({ topics, message: warningMessage([...lookupdErrors(snap), ...errors]) });
}

export async function getTopics(rt: Runtime, inactive: boolean): Promise<Response> {
  const snap = await rt.poller.snapshot();
  if (inactive) return respond(await inactiveTopicsBody(rt, snap));
  return respond(
    discoveryFailed(snap) ?? ok({ topics: snap.topics.map((t) => t.topic_name), message: warningMessage(snap.errors) }),
  );
}

export async function getTopic(rt: Runtime, topic: string): Promise<Response> {
  rt.poller.watch(topic);
  const snap = await rt.poller.snapshot();
  const t = snap.topics.find((x) => x.topic_name === topic);
  if (!t) return respond(discoveryFailed(snap) ?? failed(404, 'TOPIC_NOT_FOUND'));
  const errors = nodeErrors(snap, t.unavailable_nodes);
  if (t.node_count === 0 && errors.length > 0) return errorJson(502, upstreamErrorMessage('nsqd', errors));
  return json({ ...topicJson(topicWithNodes(snap, t)), message: warningMessage([...lookupdErrors(snap), ...errors]) });
}

export async function getChannel(rt: Runtime, topic: string, channel: string): Promise<Response> {
  rt.poller.watch(topic);
  const snap = await rt.poller.snapshot();
  const detail = await rt.detail.channel(snap, topic, channel);
  if (!detail) return respond(discoveryFailed(snap) ?? failed(404, 'CHANNEL_NOT_FOUND'));
  if (detail.channel.nodes.length === 0) return errorJson(502, upstreamErrorMessage('nsqd', detail.errors));
  const now = Date.now();
  const unavailable = detail.clients_unavailable.flatMap(
    (e) => snap.nodes.find((n) => n.address === e.node)?.node ?? [],
  );
  return json({
    ...channelJson(
      detail.channel,
      detail.clients.map((c) => clientJson(c, now)),
      unavailable,
    ),
    message: warningMessage([...lookupdErrors(snap), ...detail.errors, ...detail.clients_unavailable]),
  });
}

/** nsqadmin's GET /api/nodes: every node, with this console's health of each. */
export interface NodesResponse {
  nodes: ReturnType<typeof nodesJson>;
  message: string;
}

/** GET /api/nodes; `showText`: whether the nodes' errors carry what they answered (lib/api/upstream-text.ts). */
export async function getNodes(rt: Runtime, showText: boolean): Promise<Response> {
  const snap = await rt.poller.snapshot();
  return respond(
    discoveryFailed(snap) ??
      ok<NodesResponse>({
        nodes: nodesJson(withErrorsFor(snap.nodes, showText)),
        message: warningMessage(snap.errors),
      }),
  );
}

/**
 * nsqadmin's GET /api/nodes/:node: the node's topics, channels and clients from its full /stats, or,
 * when that did not arrive in time, its rows from the last poll without clients (null) or memory.
 */
export type NodeDetailResponse = (ReturnType<typeof nodeJson> | ReturnType<typeof nodeJsonFromSnapshot>) & {
  message: string;
};

export async function nodeBody(rt: Runtime, snap: ClusterSnapshot, id: string): Promise<Answer<NodeDetailResponse>> {
  const node = snap.nodes.find((n) => n.node === id);
  if (!node) return failed(404, 'NODE_NOT_FOUND');
  // a node the last poll could not read is not waited for again: its error, at once
  if (node.error) return failed(502, upstreamErrorMessage('nsqd', [node.error]));
  try {
    const stats = await rt.detail.node(node);
    return ok({ ...nodeJson(node, stats, Date.now()), message: warningMessage(lookupdErrors(snap)) });
  } catch (e) {
    // it answered the last poll: its rows from then, and why its clients and memory are missing
    return ok({
      ...nodeJsonFromSnapshot(node, snap),
      message: warningMessage([...lookupdErrors(snap), errorInfo(e, node.address)]),
    });
  }
}

export async function getNode(rt: Runtime, id: string): Promise<Response> {
  return respond(await nodeBody(rt, await rt.poller.snapshot(), id));
}

/** nsqadmin's GET /api/counter: every (topic, channel, node)'s message_count. */
export interface CounterResponse {
  stats: ReturnType<typeof counterJson>;
  message: string;
}

export function counterBody(snap: ClusterSnapshot): Answer<CounterResponse> {
  return discoveryFailed(snap) ?? ok({ stats: counterJson(snap), message: warningMessage(snap.errors) });
}

export async function getCounter(rt: Runtime): Promise<Response> {
  return respond(counterBody(await rt.poller.snapshot()));
}

/**
 * What every answer built from the snapshot carries about its freshness: when its numbers were read
 * (for a watched topic, its last focused read), their age, and when newer ones are expected (pages
 * refetch then; see Poller.nextSnapshotInMs).
 */
export interface Freshness {
  taken_at: number;
  age_ms: number;
  next_poll_ms: number;
}

function freshness(rt: Runtime, snap: ClusterSnapshot, topic?: string): Freshness {
  const taken_at = rt.poller.takenAt(snap, topic);
  return {
    taken_at,
    age_ms: Math.max(0, Date.now() - taken_at),
    next_poll_ms: rt.poller.nextSnapshotInMs(topic),
  };
}

/** A node as the light /api/cluster gives it: without its lookupd registrations. */
export type ClusterNode = Omit<NodeSummary, 'topics'>;

/** GET /api/cluster; N: the nodes, with their lookupd registrations (NodeSummary) or without. */
export interface ClusterResponse<N extends ClusterNode = ClusterNode>
  extends Omit<ClusterSnapshot, 'topics' | 'nodes' | 'tables'>,
    Freshness {
  nodes: N[];
  /** every topic's summary; left out with ?topics=false */
  topics?: TopicListItem[];
  history_retention_ms: number;
  /** where chart history comes from, so the window selector offers only what can be answered */
  history_sources: HistorySources;
}

/** /api/cluster?topics=false&node_topics=true, for the nodes page. */
export type ClusterNodesResponse = ClusterResponse<NodeSummary>;

interface ClusterInclude {
  topics: boolean;
  nodeTopics: boolean;
}

/**
 * GET /api/cluster: nodes with health, lookupds, totals, rates, and every topic's summary. Per-node
 * and per-channel rows are left to /api/cluster/topics/:topic: with 100 nodes × 2,000 topics they
 * would make this answer hundreds of megabytes. With ?topics=false the topic summaries are left out
 * too, and so are the nodes' lookupd registrations (every topic name once per node: 2 MB at 50 nodes
 * × 1,000 topics) unless &node_topics=true: every page's header reads the light form every poll, and
 * the topic list and the nodes page ask for what they show.
 */
export function clusterBody(
  rt: Runtime,
  snap: ClusterSnapshot,
  showText: boolean,
  include: { topics: false; nodeTopics: false },
): ClusterResponse;
export function clusterBody(
  rt: Runtime,
  snap: ClusterSnapshot,
  showText: boolean,
  include: { topics: false; nodeTopics: true },
): ClusterNodesResponse;
export function clusterBody(
  rt: Runtime,
  snap: ClusterSnapshot,
  showText: boolean,
  include: ClusterInclude,
): ClusterResponse<ClusterNode | NodeSummary>;
export function clusterBody(
  rt: Runtime,
  snap: ClusterSnapshot,
  showText: boolean,
  include: ClusterInclude,
): ClusterResponse<ClusterNode | NodeSummary> {
  const nodes = withErrorsFor(snap.nodes, showText);
  // the node tables stay here: the topic and node routes give their rows
  const { tables: _tables, ...served } = snap;
  return {
    ...served,
    lookupds: withErrorsFor(snap.lookupds, showText),
    errors: snap.errors.map((e) => errorFor(e, showText)),
    nodes: include.nodeTopics ? nodes : nodes.map(({ topics: _t, ...node }) => node),
    topics: include.topics ? snap.topics.map(listItem) : undefined,
    ...freshness(rt, snap),
    history_retention_ms: rt.config.historyRetentionMs,
    history_sources: historySources(rt),
  };
}

/** A topic as the list shows it: its summary without its channels. */
const listItem = ({ channels: _channels, ...item }: TopicSummary): TopicListItem => item;

export async function getCluster(
  rt: Runtime,
  showText: boolean,
  include: ClusterInclude = { topics: true, nodeTopics: true },
): Promise<Response> {
  return json(clusterBody(rt, await rt.poller.snapshot(), showText, include));
}

/** GET /api/cluster/topics/:topic: one topic with its per-node rows and channels, with rates. */
export type TopicResponse = TopicWithNodes & Freshness;

/** A page asks for the topic: the poller keeps it live (lib/cluster/focus.ts). */
export function clusterTopicBody(rt: Runtime, snap: ClusterSnapshot, topic: string): Answer<TopicResponse> {
  rt.poller.watch(topic);
  const t = snap.topics.find((x) => x.topic_name === topic);
  if (!t) return failed(404, 'TOPIC_NOT_FOUND');
  return ok({ ...topicWithNodes(snap, t), ...freshness(rt, snap, topic) });
}

export async function getClusterTopic(rt: Runtime, topic: string): Promise<Response> {
  return respond(clusterTopicBody(rt, await rt.poller.snapshot(), topic));
}

const DEFAULT_HISTORY_WINDOW_MS = 15 * 60_000;

/** GET /api/cluster/topics/:topic/channels/:channel: one channel with rates, per-node rows and clients. */
export type ChannelResponse = ChannelDetail & Freshness;

export async function clusterChannelBody(
  rt: Runtime,
  snap: ClusterSnapshot,
  topic: string,
  channel: string,
  showText: boolean,
): Promise<Answer<ChannelResponse>> {
  rt.poller.watch(topic);
  const detail = await rt.detail.channel(snap, topic, channel);
  if (!detail) return failed(404, 'CHANNEL_NOT_FOUND');
  return ok({
    ...detail,
    errors: detail.errors.map((e) => errorFor(e, showText)),
    clients_unavailable: detail.clients_unavailable.map((e) => errorFor(e, showText)),
    ...freshness(rt, snap, topic),
  });
}

export async function getClusterChannel(
  rt: Runtime,
  topic: string,
  channel: string,
  showText: boolean,
): Promise<Response> {
  return respond(await clusterChannelBody(rt, await rt.poller.snapshot(), topic, channel, showText));
}

export const BACKLOG_LIMIT = 8;

/** GET /api/cluster/backlog */
export interface BacklogResponse extends Freshness {
  largest: BacklogRow[];
  growing: BacklogRow[];
}

/**
 * The channels with the largest backlog and those whose backlog grows fastest, ranked on the server
 * so the browser never needs every channel.
 */
export function backlogBody(rt: Runtime, snap: ClusterSnapshot): BacklogResponse {
  const rows: BacklogRow[] = [];
  for (const t of snap.topics) {
    for (const c of t.channels) {
      const { message_rate, consume_rate } = c.rates;
      rows.push({
        topic: t.topic_name,
        channel: c.channel_name,
        depth: c.depth,
        in_flight_count: c.in_flight_count,
        client_count: c.client_count,
        paused: c.paused,
        message_rate,
        consume_rate,
        growth_rate: message_rate === null || consume_rate === null ? null : message_rate - consume_rate,
      });
    }
  }
  const largest = rows
    .filter((r) => r.depth > 0)
    .sort((a, b) => b.depth - a.depth)
    .slice(0, BACKLOG_LIMIT);
  const growing = rows
    .filter((r) => r.depth > 0 && (r.growth_rate ?? 0) > 0)
    .sort((a, b) => (b.growth_rate ?? 0) - (a.growth_rate ?? 0))
    .slice(0, BACKLOG_LIMIT);
  return { largest, growing, ...freshness(rt, snap) };
}

export async function getBacklog(rt: Runtime): Promise<Response> {
  return json(backlogBody(rt, await rt.poller.snapshot()));
}

export const SEARCH_LIMIT = 20;

/** GET /api/cluster/search?q= */
export interface SearchResponse {
  results: { topic: string; channel?: string }[];
}

/**
 * Topics and channels whose name contains q (case-insensitive), names that start with q first, at
 * most SEARCH_LIMIT. Served here so the browser never needs every name.
 */
export async function searchNames(rt: Runtime, q: string): Promise<Response> {
  const snap = await rt.poller.snapshot();
  const needle = q.trim().toLowerCase();
  if (needle === '') return json({ results: [] } satisfies SearchResponse);
  const hits: { topic: string; channel?: string; starts: boolean }[] = [];
  for (const t of snap.topics) {
    const name = t.topic_name.toLowerCase();
    if (name.includes(needle)) hits.push({ topic: t.topic_name, starts: name.startsWith(needle) });
    for (const c of t.channels) {
      const cname = c.channel_name.toLowerCase();
      if (cname.includes(needle))
        hits.push({ topic: t.topic_name, channel: c.channel_name, starts: cname.startsWith(needle) });
    }
  }
  hits.sort((a, b) => Number(b.starts) - Number(a.starts));
  return json({ results: hits.slice(0, SEARCH_LIMIT).map(({ starts: _s, ...r }) => r) } satisfies SearchResponse);
}

export const historyQuerySchema = z
  .object({
    topic: z.string().min(1).optional(),
    channel: z.string().min(1).optional(),
    node: z.string().min(1).optional(),
    window: z
      .string()
      .optional()
      .transform((w, ctx) => {
        if (w === undefined) return undefined;
        const ms = parseWindow(w);
        if (ms === null || ms <= 0) {
          ctx.addIssue({ code: 'custom', message: 'window must be a duration such as 5m, 15m, 1h or 7d' });
          return z.NEVER;
        }
        return ms;
      }),
  })
  .refine((q) => !(q.channel && !q.topic), { message: 'channel needs topic' })
  .refine((q) => !(q.node && q.topic), { message: 'give node or topic, not both' });

/** The longest window asked of Prometheus: the longest the charts offer. */
export const MAX_PROMETHEUS_WINDOW_MS = WINDOW_MS[LONGEST_WINDOW];

export function historySources(rt: Runtime): HistorySources {
  const memory = rt.config.historyRetentionMs;
  return {
    memory_retention_ms: memory,
    prometheus: rt.prometheus !== null,
    max_window_ms: rt.prometheus ? MAX_PROMETHEUS_WINDOW_MS : memory,
  };
}

/** GET /api/history */
export interface HistoryResponse extends HistorySeries {
  /** memory, or prometheus for windows beyond --history-retention */
  source: 'memory' | 'prometheus';
  window_ms: number;
  now: number;
}

/**
 * GET /api/history?topic=&channel=&node=&window=: one series. Windows within --history-retention come
 * from the in-memory history; longer ones from Prometheus when --prometheus-url is set, rounded up to
 * the next window the charts offer (window_ms says which).
 */
export async function historyBody(
  rt: Runtime,
  snap: ClusterSnapshot,
  params: URLSearchParams,
): Promise<Answer<HistoryResponse>> {
  const parsed = historyQuerySchema.safeParse(Object.fromEntries(params));
  if (!parsed.success) return failed(400, `INVALID_ARG: ${parsed.error.issues.map((i) => i.message).join('; ')}`);
  const retention = rt.config.historyRetentionMs;
  const q = { ...parsed.data, window: parsed.data.window ?? Math.min(DEFAULT_HISTORY_WINDOW_MS, retention) };
  const key = q.node
    ? { kind: 'node' as const, node: q.node }
    : q.channel
      ? { kind: 'channel' as const, topic: q.topic, channel: q.channel }
      : q.topic
        ? { kind: 'topic' as const, topic: q.topic }
        : { kind: 'cluster' as const };
  if (q.window > retention) {
    if (!rt.prometheus) {
      return failed(
        400,
        `INVALID_ARG: window is longer than --history-retention (${formatDuration(retention)}) and no --prometheus-url is set`,
      );
    }
    // rounded up to an offered window, so a stranger's every new window= costs no new range queries
    const offered = windowAtLeast(q.window);
    if (offered === null) return failed(400, `INVALID_ARG: window is longer than ${LONGEST_WINDOW}`);
    try {
      const { found, ...series } = await rt.prometheus.query(key, WINDOW_MS[offered]);
      // a topic, channel or node Prometheus never saw has a chart only while the cluster has it
      if (!found && !inSnapshot(snap, key)) return failed(404, 'SERIES_NOT_FOUND');
      return ok({ ...series, source: 'prometheus' });
    } catch (e) {
      if (isPrometheusError(e)) return failed(502, `Prometheus at ${rt.config.prometheusUrl}: ${e.message}`);
      throw e;
    }
  }
  const now = Date.now();
  const series =
    rt.poller.history.query(key, q.window, now) ??
    (inSnapshot(snap, key)
      ? { key, metrics: SERIES_METRICS[key.kind], step_ms: snap.poll_interval_ms, points: [] }
      : null);
  if (!series) return failed(404, 'SERIES_NOT_FOUND');
  return ok({ ...series, window_ms: q.window, now, source: 'memory' });
}

export async function getHistory(rt: Runtime, params: URLSearchParams): Promise<Response> {
  return respond(await historyBody(rt, await rt.poller.snapshot(), params));
}

/**
 * Whether the cluster has this series' topic, channel or node now. Some have no points to show (a
 * topic only nsqlookupd knows, a node down since start-up): their history is empty, not missing.
 */
function inSnapshot(snap: ClusterSnapshot, key: SeriesKey): boolean {
  if (key.kind === 'cluster') return true;
  if (key.kind === 'node') return snap.nodes.some((n) => n.node === key.node);
  const topic = snap.topics.find((t) => t.topic_name === key.topic);
  return key.kind === 'topic'
    ? topic !== undefined
    : (topic?.channels.some((c) => c.channel_name === key.channel) ?? false);
}

/**
 * GET /api/cluster/topics: only what the topic list shows of every topic, column by column, for
 * pages that poll the list. /api/cluster also carries every node's topic registrations and each
 * topic's latency and byte counts: at 10,000 topics it is several times the size (BENCHMARKS.md).
 */
export interface TopicListResponse extends Freshness {
  poll_interval_ms: number;
  count: number;
  topics: TopicListColumns;
}

export function topicListBody(rt: Runtime, snap: ClusterSnapshot): TopicListResponse {
  return {
    ...freshness(rt, snap),
    poll_interval_ms: snap.poll_interval_ms,
    count: snap.topics.length,
    topics: encodeTopicList(snap.topics),
  };
}

export async function getTopicList(rt: Runtime): Promise<Response> {
  return json(topicListBody(rt, await rt.poller.snapshot()));
}
