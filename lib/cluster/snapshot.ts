// Builds the immutable cluster snapshot from one poll: each node's answer (already a table with rates,
// observe-node.ts), the nodes' summaries, each topic and channel summed over its nodes (aggregate.ts),
// and the cluster's totals. A snapshot never changes once built; a topic whose rows are the same as in
// the previous snapshot shares that snapshot's summary object.
import semver from 'semver';
import type { UpstreamErrorInfo } from '../nsq/http';
import { byName, type PreviousTopic, topicSummary } from './aggregate';
import type { NodeTable } from './node-table';
import type { ObservedNode } from './observe-node';
import { sumRates, UNKNOWN_NODE_RATES } from './rates';
import type {
  ClusterSnapshot,
  LookupdSummary,
  NodeIdentity,
  NodeSummary,
  TopicPlacement,
  TopicRegistration,
} from './types';

export { type ObservedNode, type ObservedStats, observeNode } from './observe-node';

/** A node's read: when it started (ms since the epoch) and how long it took, for the poll's trace too. */
export type NodeResult =
  | { ok: true; observed: Omit<ObservedNode, 'baseline'>; latency_ms: number; started_at: number; bytes?: number }
  | { ok: false; error: UpstreamErrorInfo; latency_ms: number | null; started_at: number };

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

const byHostname = (a: { hostname: string; node: string }, b: { hostname: string; node: string }) =>
  a.hostname.localeCompare(b.hostname) || a.node.localeCompare(b.node);

function highestVersion(versions: string[]): string | null {
  const valid = versions.map((v) => semver.coerce(v)?.version).filter((v): v is string => !!v);
  return valid.length > 0 ? (semver.rsort(valid)[0] ?? null) : null;
}

/**
 * The snapshot of a poll. Given the previous poll's snapshot, a topic whose rows hold the same
 * numbers keeps its summary from there rather than being summed again: on a large cluster most
 * topics are idle between two polls (BENCHMARKS.md, poll cost).
 */
export function buildSnapshot(poll: PollResult, previous: ClusterSnapshot | null = null): ClusterSnapshot {
  const placements = new Map<string, { tables: NodeTable[]; at: number[] }>();
  const tables: NodeTable[] = [];
  const unavailable = new Map<string, string[]>();
  const errors: UpstreamErrorInfo[] = poll.lookupds.flatMap((l) => (l.error ? [l.error] : []));

  // Sorted once here, so every per-topic and per-channel list below is built in this order.
  const observed = [...poll.nodes].sort(byHostname);
  const nodes: NodeSummary[] = observed.map((o) => {
    const r = o.result;
    const names = r.ok ? r.observed.table.topicNames : [];
    if (r.ok) {
      const table = r.observed.table;
      tables.push(table);
      for (let i = 0; i < names.length; i++) {
        const p = placements.get(names[i]!);
        if (p) {
          p.tables.push(table);
          p.at.push(i);
        } else placements.set(names[i]!, { tables: [table], at: [i] });
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
      topics: poll.mode === 'lookupd' ? o.registrations : names.map((topic) => ({ topic, tombstoned: false })),
      topic_count: r.ok ? names.length : o.registrations.length,
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
  const names = new Set([...placements.keys(), ...lookupdTopics, ...unavailable.keys()]);
  const nowhere: TopicPlacement = { tables: [], at: [] };
  // both lists are in name order: the previous summary of each topic is found by walking them together
  const before = previous?.topics ?? [];
  let b = 0;
  const topics = [...names].sort(byName).map((name) => {
    while (b < before.length && byName(before[b]!.topic_name, name) < 0) b++;
    const last: PreviousTopic | undefined =
      before[b]?.topic_name === name
        ? { summary: before[b]!, placement: previous?.tables.topics.get(name) }
        : undefined;
    const down = unavailable.get(name) ?? [];
    return topicSummary(name, placements.get(name) ?? nowhere, down, lookupdTopics.has(name), last);
  });

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
    tables: { nodes: tables, topics: placements },
  };
}
