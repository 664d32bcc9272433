// Builds the immutable cluster snapshot from one poll: nodes → topics → channels, aggregated fresh
// (nsqadmin mutates the first node's objects in place; nothing here is shared between rows).
import semver from 'semver';
import type { UpstreamErrorInfo } from '../nsq/http';
import type { ChannelSummaryStats, E2eLatencyInput, NsqdStatsSummary } from '../nsq/schemas';
import {
  NO_CHANNEL_RATES,
  type NodeBaseline,
  UNKNOWN_NODE_RATES,
  addChannelRates,
  baselineSeconds,
  channelRates,
  nodeRates,
  sumRates,
  topicRates,
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
  NodeRates,
  NodeSummary,
  TopicNodeRow,
  TopicRegistration,
  TopicSummary,
} from './types';

/** One nsqd's answer to a poll, already turned into rows with rates (see observeNode). */
export interface ObservedNode {
  version: string;
  health: string;
  start_time: number;
  rows: TopicNodeRow[];
  /** the node's totals, summed while the rows were built: depth of its topics and channels, messages, clients */
  depth: number;
  message_count: number;
  client_count: number;
  rates: NodeRates;
  /** what the next poll of this node compares with */
  baseline: NodeBaseline;
}

export type NodeResult =
  | { ok: true; observed: ObservedNode; latency_ms: number }
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
  /** the interval in use: --poll-interval, or longer while polls are costly (see Poller) */
  poll_interval_ms: number;
  configured_poll_interval_ms: number;
  /** CPU time the process spent on this poll, ms (see Poller) */
  poll_work_ms: number;
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

const NO_E2E: E2eAggregate = Object.freeze({ count: 0, percentiles: null });

export function nodeE2e(e: E2eLatencyInput | undefined): E2eAggregate {
  if (!e) return NO_E2E;
  if (!e.percentiles) return e.count === 0 ? NO_E2E : { count: e.count, percentiles: null };
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
  // one node's percentiles are already in the merged form (nodeE2e)
  if (parts.length === 1) return parts[0]!;
  let count = 0;
  let any = false;
  for (const p of parts) {
    count += p.count;
    any ||= p.percentiles !== null;
  }
  if (!any) return count === 0 ? NO_E2E : { count, percentiles: null };
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
  c: ChannelSummaryStats,
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
  const out: ChannelSummary = {
    topic_name: topic,
    channel_name: channel,
    ephemeral: isEphemeral(channel),
    depth: 0,
    memory_depth: 0,
    backend_depth: 0,
    in_flight_count: 0,
    deferred_count: 0,
    requeue_count: 0,
    timeout_count: 0,
    message_count: 0,
    client_count: 0,
    paused: false,
    e2e_processing_latency: NO_E2E,
    nodes,
    rates: { message_rate: null, requeue_rate: null, timeout_rate: null, consume_rate: null },
  };
  for (const r of nodes) {
    out.depth += r.depth;
    out.memory_depth += r.memory_depth;
    out.backend_depth += r.backend_depth;
    out.in_flight_count += r.in_flight_count;
    out.deferred_count += r.deferred_count;
    out.requeue_count += r.requeue_count;
    out.timeout_count += r.timeout_count;
    out.message_count += r.message_count;
    out.client_count += r.client_count;
    out.paused ||= r.paused;
    addChannelRates(out.rates, r.rates);
  }
  out.e2e_processing_latency = mergeE2e(nodes.map((r) => r.e2e_processing_latency));
  return out;
}

/**
 * One nsqd's /stats as rows, with rates against the previous poll of the same process: done as each
 * answer arrives, so the raw response can be dropped at once and the work interleaves with the
 * requests still in flight.
 */
export function observeNode(
  node: string,
  hostname: string,
  stats: NsqdStatsSummary,
  prev: NodeBaseline | undefined,
  at: number,
): ObservedNode {
  const seconds = baselineSeconds(prev, stats.start_time, at);
  const rows: TopicNodeRow[] = [];
  const byTopic = new Map<string, TopicNodeRow>();
  // the node's totals, in the same pass
  let depth = 0;
  let messageCount = 0;
  let clientCount = 0;
  let published: number | null = null;
  const delivered: ChannelRates = { message_rate: null, requeue_rate: null, timeout_rate: null, consume_rate: null };
  for (const t of stats.topics ?? []) {
    const before = seconds === null ? undefined : prev?.topics.get(t.topic_name);
    const channels: ChannelNodeRow[] = [];
    const list = t.channels ?? [];
    for (let i = 0; i < list.length; i++) {
      const c = list[i]!;
      // nsqd lists channels by name, so the previous poll's row is nearly always at the same index
      let was = before?.channels[i];
      if (was && was.channel_name !== c.channel_name) was = before?.channels.find((b) => b.channel_name === c.channel_name);
      const ch = channelRow(node, hostname, t.topic_name, c, channelRates(was, c, seconds));
      channels.push(ch);
      depth += ch.depth;
      clientCount += ch.client_count;
      addChannelRates(delivered, ch.rates);
    }
    const row: TopicNodeRow = {
      node,
      hostname,
      topic_name: t.topic_name,
      depth: t.depth,
      memory_depth: t.depth - t.backend_depth,
      backend_depth: t.backend_depth,
      message_count: t.message_count,
      message_bytes: t.message_bytes ?? 0,
      paused: t.paused,
      e2e_processing_latency: nodeE2e(t.e2e_processing_latency),
      channel_count: channels.length,
      channels,
      rates: topicRates(before?.message_count, t.message_count, seconds),
    };
    rows.push(row);
    byTopic.set(t.topic_name, row);
    depth += row.depth;
    messageCount += row.message_count;
    if (row.rates.message_rate !== null) published = (published ?? 0) + row.rates.message_rate;
  }
  return {
    version: stats.version,
    health: stats.health,
    start_time: stats.start_time,
    rows,
    depth,
    message_count: messageCount,
    client_count: clientCount,
    rates: nodeRates(published, delivered, seconds !== null),
    baseline: { start_time: stats.start_time, at, topics: byTopic },
  };
}

function aggregateTopic(name: string, nodes: TopicNodeRow[], unavailable: string[], inLookupd: boolean): TopicSummary {
  let channels: ChannelSummary[];
  if (nodes.length === 1) {
    // on one node the channels are already distinct, and nsqd lists them by name
    channels = nodes[0]!.channels.map((c) => aggregateChannel(name, c.channel_name, [c]));
    if (!channels.every((c, i) => i === 0 || byName(channels[i - 1]!.channel_name, c.channel_name) <= 0)) {
      channels.sort((a, b) => byName(a.channel_name, b.channel_name));
    }
  } else {
    const channelRows = new Map<string, ChannelNodeRow[]>();
    for (const row of nodes) {
      for (const c of row.channels) {
        const list = channelRows.get(c.channel_name);
        if (list) list.push(c);
        else channelRows.set(c.channel_name, [c]);
      }
    }
    channels = [...channelRows.keys()].sort(byName).map((c) => aggregateChannel(name, c, channelRows.get(c) ?? []));
  }
  const out: TopicSummary = {
    topic_name: name,
    ephemeral: isEphemeral(name),
    depth: 0,
    memory_depth: 0,
    backend_depth: 0,
    message_count: 0,
    message_bytes: 0,
    paused: false,
    e2e_processing_latency: NO_E2E,
    channel_count: channels.length,
    channel_depth: 0,
    in_flight_count: 0,
    deferred_count: 0,
    client_count: 0,
    nodes,
    channels,
    rates: { message_rate: sumRates(nodes.map((r) => r.rates.message_rate)) },
    in_lookupd: inLookupd,
    lookupd_only: nodes.length === 0 && unavailable.length === 0 && inLookupd,
    unavailable_nodes: unavailable,
  };
  for (const r of nodes) {
    out.depth += r.depth;
    out.memory_depth += r.memory_depth;
    out.backend_depth += r.backend_depth;
    out.message_count += r.message_count;
    out.message_bytes += r.message_bytes;
    out.paused ||= r.paused;
  }
  for (const c of channels) {
    out.channel_depth += c.depth;
    out.in_flight_count += c.in_flight_count;
    out.deferred_count += c.deferred_count;
    out.client_count += c.client_count;
  }
  out.e2e_processing_latency = mergeE2e(nodes.map((r) => r.e2e_processing_latency));
  return out;
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
    const rows: TopicNodeRow[] = r.ok ? r.observed.rows : [];
    if (r.ok) {
      for (const row of rows) {
        const list = topicRows.get(row.topic_name);
        if (list) list.push(row);
        else topicRows.set(row.topic_name, [row]);
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
    return {
      node: o.node,
      address: o.address,
      hostname: o.hostname,
      broadcast_address: o.broadcast_address,
      tcp_port: o.tcp_port,
      http_port: o.http_port,
      version: r.ok ? r.observed.version : o.version,
      out_of_date: false,
      status: r.ok ? 'up' : 'down',
      health: r.ok ? r.observed.health : null,
      start_time: r.ok ? r.observed.start_time : null,
      latency_ms: r.latency_ms,
      last_ok_at: o.last_ok_at,
      error: r.ok ? null : r.error,
      lookupds: o.lookupds,
      remote_addresses: o.remote_addresses,
      remote_address: o.remote_address,
      topics: poll.mode === 'lookupd' ? o.registrations : rows.map((t) => ({ topic: t.topic_name, tombstoned: false })),
      topic_count: r.ok ? rows.length : o.registrations.length,
      depth: r.ok ? r.observed.depth : 0,
      message_count: r.ok ? r.observed.message_count : 0,
      client_count: r.ok ? r.observed.client_count : 0,
      rates: r.ok ? r.observed.rates : UNKNOWN_NODE_RATES,
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
    configured_poll_interval_ms: poll.configured_poll_interval_ms,
    poll_work_ms: poll.poll_work_ms,
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
