// nsqadmin v1.3.0's JSON shapes, built from the snapshot, so scripts written for nsqadmin keep working.
// Differences are deliberate fixes: aggregates are fresh (every node appears in nodes[]), e2e min is
// the true minimum and percentiles are ordered by quantile, and per-node e2e names its topic/host.
import type { ClientRow } from '../cluster/detail';
import { nodeTopicRows, topicWithNodes } from '../cluster/node-rows';
import { tableTopicRows } from '../cluster/node-table';
import { observeNode } from '../cluster/observe-node';
import type {
  ChannelNodeRow,
  ChannelWithNodes,
  ClusterSnapshot,
  E2eAggregate,
  NodeSummary,
  TopicNodeRow,
  TopicSummary,
  TopicWithNodes,
  UpstreamErrorInfo,
} from '../cluster/types';
import type { ChannelStats, NsqdStats } from '../nsq/schemas';

export const AGGREGATE_NODE = '*';

/** nsqadmin's maybeWarnMsg: "" when every upstream answered, else "WARNING: " + the errors. */
export function warningMessage(errors: readonly UpstreamErrorInfo[]): string {
  if (errors.length === 0) return '';
  return `WARNING: ${errors.map((e) => `${e.node}: ${e.message}`).join('; ')}`;
}

export function upstreamErrorMessage(kind: 'nsqd' | 'nsqlookupd', errors: readonly UpstreamErrorInfo[]): string {
  return `UPSTREAM_ERROR: failed to query any ${kind}: ${errors.map((e) => `${e.node}: ${e.message}`).join('; ')}`;
}

function e2eJson(e: E2eAggregate, meta: { topic: string; channel: string; host: string }) {
  return {
    count: e.count,
    percentiles:
      e.percentiles?.map((p) => ({
        average: p.average,
        count: p.count,
        max: p.max,
        min: p.min,
        quantile: p.quantile,
        value: p.value,
      })) ?? null,
    ...meta,
  };
}

export function clientJson(c: ClientRow, nowMs: number) {
  return {
    node: c.node,
    remote_address: c.remote_address,
    version: c.version,
    client_id: c.client_id,
    hostname: c.hostname,
    user_agent: c.user_agent,
    connect_ts: c.connect_ts,
    // nanoseconds, as Go's time.Duration marshals
    connected: Math.max(0, Math.round(nowMs / 1000 - c.connect_ts)) * 1e9,
    in_flight_count: c.in_flight_count,
    ready_count: c.ready_count,
    finish_count: c.finish_count,
    requeue_count: c.requeue_count,
    message_count: c.message_count,
    sample_rate: c.sample_rate,
    deflate: c.deflate,
    snappy: c.snappy,
    authed: c.authed,
    auth_identity: c.auth_identity,
    auth_identity_url: c.auth_identity_url,
    tls: c.tls,
    tls_cipher_suite: c.tls_cipher_suite,
    tls_version: c.tls_version,
    tls_negotiated_protocol: c.tls_negotiated_protocol,
    tls_negotiated_protocol_is_mutual: c.tls_negotiated_protocol_is_mutual,
  };
}
export type NsqadminClient = ReturnType<typeof clientJson>;

type ChannelFields = Omit<ChannelNodeRow, 'rates' | 'e2e_processing_latency' | 'node' | 'hostname'>;

function channelFields(c: ChannelFields) {
  return {
    topic_name: c.topic_name,
    channel_name: c.channel_name,
    depth: c.depth,
    memory_depth: c.memory_depth,
    backend_depth: c.backend_depth,
    in_flight_count: c.in_flight_count,
    deferred_count: c.deferred_count,
    requeue_count: c.requeue_count,
    timeout_count: c.timeout_count,
    message_count: c.message_count,
    client_count: c.client_count,
  };
}

export function channelNodeJson(row: ChannelNodeRow, clients: NsqadminClient[] | null = null) {
  return {
    node: row.node,
    hostname: row.hostname,
    ...channelFields(row),
    nodes: null,
    clients,
    paused: row.paused,
    e2e_processing_latency: e2eJson(row.e2e_processing_latency, {
      topic: row.topic_name,
      channel: row.channel_name,
      host: row.node,
    }),
  };
}

/**
 * The channel with its nodes; given the clients, each node's row carries its own, as nsqadmin's does
 * (null for a node in `unavailable`, whose clients did not arrive), and the total has them all.
 */
export function channelJson(
  c: ChannelWithNodes,
  clients: NsqadminClient[] | null = null,
  unavailable: readonly string[] = [],
) {
  const missing = new Set(unavailable);
  const nodeClients = (node: string) =>
    clients === null || missing.has(node) ? null : clients.filter((cl) => cl.node === node);
  return {
    node: AGGREGATE_NODE,
    hostname: '',
    ...channelFields(c),
    nodes: c.nodes.map((r) => channelNodeJson(r, nodeClients(r.node))),
    clients,
    paused: c.paused,
    e2e_processing_latency: e2eJson(c.e2e_processing_latency, {
      topic: c.topic_name,
      channel: c.channel_name,
      host: AGGREGATE_NODE,
    }),
  };
}

function topicFields(
  t: Pick<TopicSummary, 'topic_name' | 'depth' | 'memory_depth' | 'backend_depth' | 'message_count'>,
) {
  return {
    topic_name: t.topic_name,
    depth: t.depth,
    memory_depth: t.memory_depth,
    backend_depth: t.backend_depth,
    message_count: t.message_count,
  };
}

type TopicNodeHeader = Pick<
  TopicNodeRow,
  | 'node'
  | 'hostname'
  | 'topic_name'
  | 'depth'
  | 'memory_depth'
  | 'backend_depth'
  | 'message_count'
  | 'paused'
  | 'e2e_processing_latency'
>;

export function topicNodeJson(row: TopicNodeHeader, channels: ReturnType<typeof channelNodeJson>[]) {
  return {
    node: row.node,
    hostname: row.hostname,
    ...topicFields(row),
    nodes: null,
    channels,
    paused: row.paused,
    e2e_processing_latency: e2eJson(row.e2e_processing_latency, { topic: row.topic_name, channel: '', host: row.node }),
  };
}

export function topicJson(t: TopicWithNodes) {
  return {
    node: AGGREGATE_NODE,
    hostname: '',
    ...topicFields(t),
    nodes: t.nodes.map((r) =>
      topicNodeJson(
        r,
        r.channels.map((c) => channelNodeJson(c)),
      ),
    ),
    channels: t.channels.map((c) => channelJson(c)),
    paused: t.paused,
    e2e_processing_latency: e2eJson(t.e2e_processing_latency, {
      topic: t.topic_name,
      channel: '',
      host: AGGREGATE_NODE,
    }),
  };
}

/** GET /api/nodes: nsqadmin's Producer fields, plus this console's health of each node. */
export function nodesJson(nodes: readonly NodeSummary[]) {
  return nodes.map((n) => ({
    remote_addresses: n.remote_addresses,
    remote_address: n.remote_address,
    hostname: n.hostname,
    broadcast_address: n.broadcast_address,
    tcp_port: n.tcp_port,
    http_port: n.http_port,
    version: n.version,
    topics: n.topics,
    out_of_date: n.out_of_date,
    node: n.node,
    status: n.status,
    health: n.health,
    latency_ms: n.latency_ms,
    error: n.error,
  }));
}

/** GET /api/nodes/:node from that node's full /stats. */
export function nodeJson(node: NodeSummary, stats: NsqdStats, nowMs: number) {
  let totalClients = 0;
  // the rows as a poll makes them (rates aside, which this answer has not), the clients beside them
  const rows = tableTopicRows(observeNode(node.node, node.hostname, stats, undefined, nowMs).table);
  const topics = rows.map((r, i) =>
    topicNodeJson(
      r,
      r.channels.map((c, j) => {
        const source: ChannelStats | undefined = stats.topics[i]?.channels[j];
        const clients = (source?.clients ?? []).map((cl) => clientJson({ ...cl, node: node.node }, nowMs));
        totalClients += clients.length;
        return channelNodeJson(c, clients);
      }),
    ),
  );
  return {
    node: node.node,
    topics,
    total_messages: rows.reduce((s, r) => s + r.message_count, 0),
    total_clients: totalClients,
    memory: stats.memory ?? null,
  };
}

/**
 * GET /api/nodes/:node from the snapshot, when the node's full /stats did not arrive in time: its
 * rows as the last poll read them, without clients (null: not known) or memory.
 */
export function nodeJsonFromSnapshot(node: NodeSummary, snap: ClusterSnapshot) {
  const rows = nodeTopicRows(snap, node.node) ?? [];
  return {
    node: node.node,
    topics: rows.map((r) =>
      topicNodeJson(
        r,
        r.channels.map((c) => channelNodeJson(c)),
      ),
    ),
    total_messages: rows.reduce((s, r) => s + r.message_count, 0),
    total_clients: rows.reduce((s, r) => s + r.channels.reduce((n, c) => n + c.client_count, 0), 0),
    memory: null,
  };
}

/** GET /api/counter: every (topic, channel, node)'s message_count. */
export function counterJson(snap: ClusterSnapshot) {
  const stats: Record<string, { node: string; topic_name: string; channel_name: string; message_count: number }> = {};
  for (const t of snap.topics) {
    for (const c of topicWithNodes(snap, t).channels) {
      for (const r of c.nodes) {
        stats[`${t.topic_name}:${c.channel_name}:${r.node}`] = {
          node: r.node,
          topic_name: t.topic_name,
          channel_name: c.channel_name,
          message_count: r.message_count,
        };
      }
    }
  }
  return stats;
}
