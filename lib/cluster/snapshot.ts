// Builds the immutable cluster snapshot from one poll: nodes → topics → channels, aggregated fresh
// (nsqadmin mutates the first node's objects in place; nothing here is shared between rows).
import semver from 'semver';
import type { UpstreamErrorInfo } from '../nsq/http';
import type { ChannelStats, E2eLatency, NsqdStats, TopicStats } from '../nsq/schemas';
import {
  NO_CHANNEL_RATES,
  NO_TOPIC_RATES,
  type NodeRateSet,
  channelKey,
  nodeRates,
  sumChannelRates,
  sumRates,
} from './rates';
import type {
  ChannelNodeRow,
  ChannelRates,
  ChannelSummary,
  ClusterSnapshot,
  E2eAggregate,
  E2ePercentile,
  LookupdSummary,
  NodeIdentity,
  NodeSummary,
  TopicNodeRow,
  TopicRegistration,
  TopicSummary,
} from './types';

export type NodeResult =
  | { ok: true; stats: NsqdStats; latency_ms: number; rates: NodeRateSet }
  | { ok: false; error: UpstreamErrorInfo; latency_ms: number | null };

export interface NodeObservation extends NodeIdentity {
  /** lookupd's registrations; empty in nsqd mode */
  registrations: TopicRegistration[];
  /** topics this node had when it last answered, so a down node is still named on them */
  known_topics: readonly string[];
  last_ok_at: number | null;
  result: NodeResult;
}

export interface PollResult {
  seq: number;
  taken_at: number;
  poll_duration_ms: number;
  poll_interval_ms: number;
  mode: 'lookupd' | 'nsqd';
  lookupds: LookupdSummary[];
  nodes: NodeObservation[];
  /** topic names registered in any nsqlookupd */
  lookupd_topics: readonly string[];
}

export const isEphemeral = (name: string) => name.endsWith('#ephemeral');

const byHostname = (a: { hostname: string; node: string }, b: { hostname: string; node: string }) =>
  a.hostname.localeCompare(b.hostname) || a.node.localeCompare(b.node);

const byName = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export function nodeE2e(e: E2eLatency): E2eAggregate {
  if (!e.percentiles) return { count: e.count, percentiles: null };
  return {
    count: e.count,
    percentiles: e.percentiles
      .map((p) => ({ quantile: p.quantile, value: p.value, count: e.count, min: p.value, max: p.value, average: p.value }))
      .sort((a, b) => a.quantile - b.quantile),
  };
}

/**
 * Merges per-node percentiles: min and max of the node values, and the sample-count-weighted mean
 * as the shown value (nsqadmin's method, without its min bug), ordered by quantile.
 */
export function mergeE2e(parts: readonly E2eAggregate[]): E2eAggregate {
  const count = parts.reduce((s, p) => s + p.count, 0);
  const byQuantile = new Map<number, E2ePercentile[]>();
  for (const part of parts) {
    for (const p of part.percentiles ?? []) {
      const list = byQuantile.get(p.quantile) ?? [];
      list.push(p);
      byQuantile.set(p.quantile, list);
    }
  }
  if (byQuantile.size === 0) return { count, percentiles: null };
  const percentiles = [...byQuantile.entries()]
    .sort(([a], [b]) => a - b)
    .map(([quantile, list]) => {
      const n = list.reduce((s, p) => s + p.count, 0);
      const average = n > 0 ? list.reduce((s, p) => s + p.average * p.count, 0) / n : 0;
      return {
        quantile,
        value: average,
        count: n,
        min: Math.min(...list.map((p) => p.min)),
        max: Math.max(...list.map((p) => p.max)),
        average,
      };
    });
  return { count, percentiles };
}

export function channelRow(
  node: string,
  hostname: string,
  topic: string,
  c: ChannelStats,
  rates: ChannelRates = NO_CHANNEL_RATES,
): ChannelNodeRow {
  return {
    node,
    hostname,
    topic_name: topic,
    channel_name: c.channel_name,
    depth: c.depth,
    memory_depth: c.depth - c.backend_depth,
    backend_depth: c.backend_depth,
    in_flight_count: c.in_flight_count,
    deferred_count: c.deferred_count,
    requeue_count: c.requeue_count,
    timeout_count: c.timeout_count,
    message_count: c.message_count,
    // nsqd before 1.2.0 has no client_count; its client list (when sent) is the same number
    client_count: c.client_count ?? c.clients?.length ?? 0,
    paused: c.paused,
    e2e_processing_latency: nodeE2e(c.e2e_processing_latency),
    rates,
  };
}

/** Totals of one channel; `rows` come in the snapshot's node order (by hostname). */
export function aggregateChannel(topic: string, channel: string, nodes: ChannelNodeRow[]): ChannelSummary {
  const sum = (f: (r: ChannelNodeRow) => number) => nodes.reduce((s, r) => s + f(r), 0);
  return {
    topic_name: topic,
    channel_name: channel,
    ephemeral: isEphemeral(channel),
    depth: sum((r) => r.depth),
    memory_depth: sum((r) => r.memory_depth),
    backend_depth: sum((r) => r.backend_depth),
    in_flight_count: sum((r) => r.in_flight_count),
    deferred_count: sum((r) => r.deferred_count),
    requeue_count: sum((r) => r.requeue_count),
    timeout_count: sum((r) => r.timeout_count),
    message_count: sum((r) => r.message_count),
    client_count: sum((r) => r.client_count),
    paused: nodes.some((r) => r.paused),
    e2e_processing_latency: mergeE2e(nodes.map((r) => r.e2e_processing_latency)),
    nodes,
    rates: sumChannelRates(nodes),
  };
}

function topicRow(node: string, hostname: string, t: TopicStats, rates: NodeRateSet): TopicNodeRow {
  return {
    node,
    hostname,
    topic_name: t.topic_name,
    depth: t.depth,
    memory_depth: t.depth - t.backend_depth,
    backend_depth: t.backend_depth,
    message_count: t.message_count,
    message_bytes: t.message_bytes,
    paused: t.paused,
    e2e_processing_latency: nodeE2e(t.e2e_processing_latency),
    channel_count: t.channels.length,
    channels: t.channels.map((c) =>
      channelRow(node, hostname, t.topic_name, c, rates.channels.get(channelKey(t.topic_name, c.channel_name))),
    ),
    rates: rates.topics.get(t.topic_name) ?? NO_TOPIC_RATES,
  };
}

function aggregateTopic(name: string, nodes: TopicNodeRow[], unavailable: string[], inLookupd: boolean): TopicSummary {
  const channelRows = new Map<string, ChannelNodeRow[]>();
  for (const row of nodes) {
    for (const c of row.channels) {
      const list = channelRows.get(c.channel_name) ?? [];
      list.push(c);
      channelRows.set(c.channel_name, list);
    }
  }
  const channels = [...channelRows.keys()].sort(byName).map((c) => aggregateChannel(name, c, channelRows.get(c) ?? []));
  const sum = <T>(list: T[], f: (r: T) => number) => list.reduce((s, r) => s + f(r), 0);
  return {
    topic_name: name,
    ephemeral: isEphemeral(name),
    depth: sum(nodes, (r) => r.depth),
    memory_depth: sum(nodes, (r) => r.memory_depth),
    backend_depth: sum(nodes, (r) => r.backend_depth),
    message_count: sum(nodes, (r) => r.message_count),
    message_bytes: sum(nodes, (r) => r.message_bytes),
    paused: nodes.some((r) => r.paused),
    e2e_processing_latency: mergeE2e(nodes.map((r) => r.e2e_processing_latency)),
    channel_count: channels.length,
    channel_depth: sum(channels, (c) => c.depth),
    in_flight_count: sum(channels, (c) => c.in_flight_count),
    deferred_count: sum(channels, (c) => c.deferred_count),
    client_count: sum(channels, (c) => c.client_count),
    nodes,
    channels,
    rates: { message_rate: sumRates(nodes.map((r) => r.rates.message_rate)) },
    in_lookupd: inLookupd,
    lookupd_only: nodes.length === 0 && unavailable.length === 0 && inLookupd,
    unavailable_nodes: unavailable,
  };
}

function highestVersion(versions: string[]): string | null {
  const valid = versions.map((v) => semver.coerce(v)?.version).filter((v): v is string => !!v);
  return valid.length > 0 ? semver.rsort(valid)[0] ?? null : null;
}

export function buildSnapshot(poll: PollResult): ClusterSnapshot {
  const topicRows = new Map<string, TopicNodeRow[]>();
  const unavailable = new Map<string, string[]>();
  const errors: UpstreamErrorInfo[] = poll.lookupds.flatMap((l) => (l.error ? [l.error] : []));

  // Sorted once here, so every per-topic and per-channel list below is built in this order.
  const observed = [...poll.nodes].sort(byHostname);
  const nodes: NodeSummary[] = observed.map((o) => {
    const r = o.result;
    const rows: TopicNodeRow[] = [];
    if (r.ok) {
      for (const t of r.stats.topics) {
        const row = topicRow(o.node, o.hostname, t, r.rates);
        rows.push(row);
        const list = topicRows.get(t.topic_name);
        if (list) list.push(row);
        else topicRows.set(t.topic_name, [row]);
      }
    } else {
      errors.push(r.error);
      const known = new Set([...o.known_topics, ...o.registrations.map((t) => t.topic)]);
      for (const t of known) {
        const list = unavailable.get(t);
        if (list) list.push(o.node);
        else unavailable.set(t, [o.node]);
      }
    }
    const sumRows = (f: (row: TopicNodeRow) => number) => rows.reduce((acc, row) => acc + f(row), 0);
    const sumChannels = (f: (c: ChannelNodeRow) => number) => sumRows((row) => row.channels.reduce((acc, c) => acc + f(c), 0));
    return {
      node: o.node,
      address: o.address,
      hostname: o.hostname,
      broadcast_address: o.broadcast_address,
      tcp_port: o.tcp_port,
      http_port: o.http_port,
      version: r.ok ? r.stats.version : o.version,
      out_of_date: false,
      status: r.ok ? 'up' : 'down',
      health: r.ok ? r.stats.health : null,
      start_time: r.ok ? r.stats.start_time : null,
      latency_ms: r.latency_ms,
      last_ok_at: o.last_ok_at,
      error: r.ok ? null : r.error,
      lookupds: o.lookupds,
      remote_addresses: o.remote_addresses,
      remote_address: o.remote_address,
      topics: poll.mode === 'lookupd' ? o.registrations : rows.map((t) => ({ topic: t.topic_name, tombstoned: false })),
      topic_count: r.ok ? rows.length : o.registrations.length,
      depth: sumRows((t) => t.depth) + sumChannels((c) => c.depth),
      message_count: sumRows((t) => t.message_count),
      client_count: sumChannels((c) => c.client_count),
      rates: nodeRates(r.ok ? r.rates : undefined),
    };
  });

  const newest = highestVersion(nodes.map((n) => n.version));
  for (const n of nodes) {
    // a version not known yet (a node that never answered /info) is not called out of date
    const v = semver.coerce(n.version)?.version;
    n.out_of_date = newest !== null && v !== undefined && semver.lt(v, newest);
  }

  const lookupdTopics = new Set(poll.lookupd_topics);
  const names = new Set([...topicRows.keys(), ...lookupdTopics, ...unavailable.keys()]);
  const topics = [...names]
    .sort(byName)
    .map((name) => aggregateTopic(name, topicRows.get(name) ?? [], unavailable.get(name) ?? [], lookupdTopics.has(name)));

  const up = nodes.filter((n) => n.status === 'up');
  const sum = <T>(list: T[], f: (r: T) => number) => list.reduce((s, r) => s + f(r), 0);
  return {
    seq: poll.seq,
    taken_at: poll.taken_at,
    poll_duration_ms: poll.poll_duration_ms,
    poll_interval_ms: poll.poll_interval_ms,
    mode: poll.mode,
    lookupds: poll.lookupds,
    nodes,
    topics,
    totals: {
      topics: topics.length,
      channels: sum(topics, (t) => t.channel_count),
      nodes_up: up.length,
      nodes_down: nodes.length - up.length,
      depth: sum(topics, (t) => t.depth + t.channel_depth),
      in_flight_count: sum(topics, (t) => t.in_flight_count),
      deferred_count: sum(topics, (t) => t.deferred_count),
      message_count: sum(topics, (t) => t.message_count),
      client_count: sum(topics, (t) => t.client_count),
    },
    rates: {
      message_rate: sumRates(up.map((n) => n.rates.message_rate)),
      deliver_rate: sumRates(up.map((n) => n.rates.deliver_rate)),
      consume_rate: sumRates(up.map((n) => n.rates.consume_rate)),
      requeue_rate: sumRates(up.map((n) => n.rates.requeue_rate)),
      timeout_rate: sumRates(up.map((n) => n.rates.timeout_rate)),
    },
    errors,
  };
}
