import 'server-only';
// The read API, served from the shared snapshot: nsqadmin's routes with its shapes and envelope
// (200 + "WARNING: ..." on partial failure, 502 when every upstream failed), and our own
// /api/cluster and /api/history beside them.
import { z } from 'zod';
import { LONGEST_WINDOW, WINDOW_MS, windowAtLeast } from '../chart-windows';
import { SERIES_METRICS, type SeriesKey } from '../cluster/history';
import { topicWithNodes } from '../cluster/node-rows';
import type { Runtime } from '../cluster/runtime';
import type {
  BacklogRow,
  ClusterSnapshot,
  HistorySources,
  TopicListItem,
  TopicSummary,
  UpstreamErrorInfo,
} from '../cluster/types';
import { formatDuration, parseWindow } from '../duration';
import { errorInfo } from '../nsq/http';
import { isPrometheusError } from '../prometheus';
import { encodeTopicList } from '../topic-list';
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

/** Every source of node names failed: no lookupd (lookupd mode) or no nsqd (nsqd mode) answered. */
function discoveryFailed(snap: ClusterSnapshot): Response | null {
  if (snap.mode === 'lookupd') {
    const down = snap.lookupds.every((l) => l.status === 'down');
    return down && snap.totals.nodes_up === 0 ? errorJson(502, upstreamErrorMessage('nsqlookupd', snap.errors)) : null;
  }
  const allDown = snap.nodes.length > 0 && snap.totals.nodes_up === 0;
  return allDown ? errorJson(502, upstreamErrorMessage('nsqd', snap.errors)) : null;
}

function nodeErrors(snap: ClusterSnapshot, nodes: readonly string[]): UpstreamErrorInfo[] {
  const wanted = new Set(nodes);
  return snap.nodes.filter((n) => wanted.has(n.node) && n.error).map((n) => n.error as UpstreamErrorInfo);
}

const lookupdErrors = (snap: ClusterSnapshot) => snap.lookupds.flatMap((l) => (l.error ? [l.error] : []));

export async function getTopics(rt: Runtime, inactive: boolean): Promise<Response> {
  const snap = await rt.poller.snapshot();
  const failed = discoveryFailed(snap);
  if (failed) return failed;
  if (inactive) {
    const { topics, errors } = await rt.inactive.get(snap, rt.poller.lookupdAddresses);
    return json({ topics, message: warningMessage([...lookupdErrors(snap), ...errors]) });
  }
  return json({ topics: snap.topics.map((t) => t.topic_name), message: warningMessage(snap.errors) });
}

export async function getTopic(rt: Runtime, topic: string): Promise<Response> {
  rt.poller.watch(topic);
  const snap = await rt.poller.snapshot();
  const t = snap.topics.find((x) => x.topic_name === topic);
  if (!t) return discoveryFailed(snap) ?? errorJson(404, 'TOPIC_NOT_FOUND');
  const errors = nodeErrors(snap, t.unavailable_nodes);
  if (t.node_count === 0 && errors.length > 0) return errorJson(502, upstreamErrorMessage('nsqd', errors));
  return json({ ...topicJson(topicWithNodes(snap, t)), message: warningMessage([...lookupdErrors(snap), ...errors]) });
}

export async function getChannel(rt: Runtime, topic: string, channel: string): Promise<Response> {
  rt.poller.watch(topic);
  const snap = await rt.poller.snapshot();
  const detail = await rt.detail.channel(snap, topic, channel);
  if (!detail) return discoveryFailed(snap) ?? errorJson(404, 'CHANNEL_NOT_FOUND');
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

/** GET /api/nodes; `showText`: whether the nodes' errors carry what they answered (lib/api/upstream-text.ts). */
export async function getNodes(rt: Runtime, showText: boolean): Promise<Response> {
  const snap = await rt.poller.snapshot();
  return (
    discoveryFailed(snap) ??
    json({ nodes: nodesJson(withErrorsFor(snap.nodes, showText)), message: warningMessage(snap.errors) })
  );
}

export async function getNode(rt: Runtime, id: string): Promise<Response> {
  const snap = await rt.poller.snapshot();
  const node = snap.nodes.find((n) => n.node === id);
  if (!node) return errorJson(404, 'NODE_NOT_FOUND');
  // a node the last poll could not read is not waited for again: its error, at once
  if (node.error) return errorJson(502, upstreamErrorMessage('nsqd', [node.error]));
  try {
    const stats = await rt.detail.node(node);
    return json({ ...nodeJson(node, stats, Date.now()), message: warningMessage(lookupdErrors(snap)) });
  } catch (e) {
    // it answered the last poll: its rows from then, and why its clients and memory are missing
    return json({
      ...nodeJsonFromSnapshot(node, snap),
      message: warningMessage([...lookupdErrors(snap), errorInfo(e, node.address)]),
    });
  }
}

export async function getCounter(rt: Runtime): Promise<Response> {
  const snap = await rt.poller.snapshot();
  return discoveryFailed(snap) ?? json({ stats: counterJson(snap), message: warningMessage(snap.errors) });
}

/**
 * GET /api/cluster: nodes with health, lookupds, totals, rates, and every topic's summary. Per-node
 * and per-channel rows are left to /api/cluster/topics/:topic: with 100 nodes × 2,000 topics they
 * would make this answer hundreds of megabytes. With ?topics=false the topic summaries are left out
 * too, and so are the nodes' lookupd registrations (every topic name once per node: 2 MB at 50 nodes
 * × 1,000 topics) unless &node_topics=true: every page's header reads the light form every poll, and
 * the topic list and the nodes page ask for what they show.
 */
export async function getCluster(
  rt: Runtime,
  showText: boolean,
  include: { topics: boolean; nodeTopics: boolean } = { topics: true, nodeTopics: true },
): Promise<Response> {
  const snap = await rt.poller.snapshot();
  const nodes = withErrorsFor(snap.nodes, showText);
  // the node tables stay here: the topic and node routes give their rows
  const { tables: _tables, ...served } = snap;
  return json({
    ...served,
    lookupds: withErrorsFor(snap.lookupds, showText),
    errors: snap.errors.map((e) => errorFor(e, showText)),
    nodes: include.nodeTopics ? nodes : nodes.map(({ topics: _t, ...node }) => node),
    topics: include.topics ? snap.topics.map(listItem) : undefined,
    ...freshness(rt, snap),
    history_retention_ms: rt.config.historyRetentionMs,
    history_sources: historySources(rt),
  });
}

/** A topic as the list shows it: its summary without its channels. */
const listItem = ({ channels: _channels, ...item }: TopicSummary): TopicListItem => item;

/**
 * What every answer built from the snapshot carries about its freshness: when its numbers were read
 * (for a watched topic, its last focused read), their age, and when newer ones are expected (pages
 * refetch then; see Poller.nextSnapshotInMs).
 */
function freshness(rt: Runtime, snap: ClusterSnapshot, topic?: string) {
  const taken_at = rt.poller.takenAt(snap, topic);
  return {
    taken_at,
    age_ms: Math.max(0, Date.now() - taken_at),
    next_poll_ms: rt.poller.nextSnapshotInMs(topic),
  };
}

/** GET /api/cluster/topics/:topic: one topic with its per-node rows and channels, with rates. */
export async function getClusterTopic(rt: Runtime, topic: string): Promise<Response> {
  rt.poller.watch(topic);
  const snap = await rt.poller.snapshot();
  const t = snap.topics.find((x) => x.topic_name === topic);
  if (!t) return errorJson(404, 'TOPIC_NOT_FOUND');
  return json({ ...topicWithNodes(snap, t), ...freshness(rt, snap, topic) });
}

const DEFAULT_HISTORY_WINDOW_MS = 15 * 60_000;

/** GET /api/cluster/topics/:topic/channels/:channel: one channel with rates, per-node rows and clients. */
export async function getClusterChannel(
  rt: Runtime,
  topic: string,
  channel: string,
  showText: boolean,
): Promise<Response> {
  rt.poller.watch(topic);
  const snap = await rt.poller.snapshot();
  const detail = await rt.detail.channel(snap, topic, channel);
  if (!detail) return errorJson(404, 'CHANNEL_NOT_FOUND');
  return json({
    ...detail,
    errors: detail.errors.map((e) => errorFor(e, showText)),
    clients_unavailable: detail.clients_unavailable.map((e) => errorFor(e, showText)),
    ...freshness(rt, snap, topic),
  });
}

export const BACKLOG_LIMIT = 8;

/**
 * GET /api/cluster/backlog: the channels with the largest backlog and those whose backlog grows
 * fastest, ranked on the server so the browser never needs every channel.
 */
export async function getBacklog(rt: Runtime): Promise<Response> {
  const snap = await rt.poller.snapshot();
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
  return json({ largest, growing, ...freshness(rt, snap) });
}

export const SEARCH_LIMIT = 20;

/**
 * GET /api/cluster/search?q=: topics and channels whose name contains q (case-insensitive), names
 * that start with q first, at most SEARCH_LIMIT. Served here so the browser never needs every name.
 */
export async function searchNames(rt: Runtime, q: string): Promise<Response> {
  const snap = await rt.poller.snapshot();
  const needle = q.trim().toLowerCase();
  if (needle === '') return json({ results: [] });
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
  return json({ results: hits.slice(0, SEARCH_LIMIT).map(({ starts: _s, ...r }) => r) });
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

/**
 * GET /api/history?topic=&channel=&node=&window=: one series. Windows within --history-retention come
 * from the in-memory history; longer ones from Prometheus when --prometheus-url is set, rounded up to
 * the next window the charts offer (window_ms says which).
 */
export async function getHistory(rt: Runtime, params: URLSearchParams): Promise<Response> {
  const parsed = historyQuerySchema.safeParse(Object.fromEntries(params));
  if (!parsed.success) return errorJson(400, `INVALID_ARG: ${parsed.error.issues.map((i) => i.message).join('; ')}`);
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
      return errorJson(
        400,
        `INVALID_ARG: window is longer than --history-retention (${formatDuration(retention)}) and no --prometheus-url is set`,
      );
    }
    // rounded up to an offered window, so a stranger's every new window= costs no new range queries
    const offered = windowAtLeast(q.window);
    if (offered === null) return errorJson(400, `INVALID_ARG: window is longer than ${LONGEST_WINDOW}`);
    try {
      const [snap, { found, ...series }] = await Promise.all([
        rt.poller.snapshot(),
        rt.prometheus.query(key, WINDOW_MS[offered]),
      ]);
      // a topic, channel or node Prometheus never saw has a chart only while the cluster has it
      if (!found && !inSnapshot(snap, key)) return errorJson(404, 'SERIES_NOT_FOUND');
      return json({ ...series, source: 'prometheus' });
    } catch (e) {
      if (isPrometheusError(e)) {
        return errorJson(502, `Prometheus at ${rt.config.prometheusUrl}: ${e.message}`);
      }
      throw e;
    }
  }
  const snap = await rt.poller.snapshot();
  const now = Date.now();
  const series =
    rt.poller.history.query(key, q.window, now) ??
    (inSnapshot(snap, key)
      ? { key, metrics: SERIES_METRICS[key.kind], step_ms: snap.poll_interval_ms, points: [] }
      : null);
  if (!series) return errorJson(404, 'SERIES_NOT_FOUND');
  return json({ ...series, window_ms: q.window, now, source: 'memory' });
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
export async function getTopicList(rt: Runtime): Promise<Response> {
  const snap = await rt.poller.snapshot();
  return json({
    ...freshness(rt, snap),
    poll_interval_ms: snap.poll_interval_ms,
    count: snap.topics.length,
    topics: encodeTopicList(snap.topics),
  });
}
