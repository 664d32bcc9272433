// Builds the immutable cluster snapshot from one poll: nodes → topics → channels, each sum its own
// object (nsqadmin mutates the first node's objects in place; nothing here is shared between rows).
// A topic unchanged on every node since the previous snapshot keeps that snapshot's summary.
import semver from 'semver';
import type { UpstreamErrorInfo } from '../nsq/http';
import type { TopicDigests } from '../nsq/poll-stats';
import type { ChannelSummaryStats, E2eLatencyInput, NsqdStatsSummary, TopicSummaryStats } from '../nsq/schemas';
import { intern } from './intern';
import {
  CH,
  CHANNEL_FIELDS,
  channelNodeRow,
  type NodeTable,
  rateOf,
  TOPIC_FIELDS,
  TP,
  topicNodeRow,
} from './node-table';
import {
  addChannelRates,
  baselineSeconds,
  channelRates,
  NO_CHANNEL_RATES,
  type NodeBaseline,
  sumRates,
  topicRate,
  UNKNOWN_NODE_RATES,
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
  TopicListItem,
  TopicNodeRow,
  TopicRegistration,
  TopicSummary,
} from './types';

/** One nsqd's answer to a poll, already turned into a table with rates (see observeNode). */
export interface ObservedNode {
  version: string;
  health: string;
  start_time: number;
  table: NodeTable;
  /** the node's totals, summed while the rows were built: depth of its topics and channels, messages, clients */
  depth: number;
  message_count: number;
  client_count: number;
  rates: NodeRates;
  /** what the next poll of this node compares with */
  baseline: NodeBaseline;
}

export type NodeResult =
  | { ok: true; observed: Omit<ObservedNode, 'baseline'>; latency_ms: number }
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
      .map((p) => ({
        quantile: p.quantile,
        value: p.value,
        count: e.count,
        min: p.value,
        max: p.value,
        average: p.value,
      }))
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
  // per quantile, in the order first seen (every nsqd of a cluster nearly always lists the same ones)
  const merged: E2ePercentile[] = [];
  for (const part of parts) {
    count += part.count;
    const list = part.percentiles;
    if (!list) continue;
    for (let i = 0; i < list.length; i++) {
      const p = list[i]!;
      let m = merged[i];
      if (m?.quantile !== p.quantile) m = merged.find((x) => x.quantile === p.quantile);
      if (!m) {
        m = { quantile: p.quantile, value: 0, count: 0, min: p.min, max: p.max, average: 0 };
        merged.push(m);
      }
      m.count += p.count;
      // the sample-weighted sum for now, divided below
      m.average += p.average * p.count;
      if (p.min < m.min) m.min = p.min;
      if (p.max > m.max) m.max = p.max;
    }
  }
  if (merged.length === 0) return count === 0 ? NO_E2E : { count, percentiles: null };
  for (const m of merged) {
    m.average = m.count > 0 ? m.average / m.count : 0;
    m.value = m.average;
  }
  return { count, percentiles: merged.sort((a, b) => a.quantile - b.quantile) };
}

/** A channel's consumers: nsqd before 1.2.0 has no client_count, and its client list (when sent) is the same number. */
const clientsOf = (c: ChannelSummaryStats) => c.client_count ?? c.clients?.length ?? 0;

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
    client_count: clientsOf(c),
    paused: c.paused,
    e2e_processing_latency: nodeE2e(c.e2e_processing_latency),
    rates,
  };
}

/** A channel's summary before any node's numbers are added to it. */
function channelTotals(topic: string, channel: string): Omit<ChannelSummary, 'nodes'> {
  return {
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
    rates: { message_rate: null, requeue_rate: null, timeout_rate: null, consume_rate: null },
  };
}

/** Totals of one channel; `rows` come in the snapshot's node order (by hostname). */
export function aggregateChannel(topic: string, channel: string, nodes: ChannelNodeRow[]): ChannelSummary {
  const out: ChannelSummary = { ...channelTotals(topic, channel), nodes };
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
 * /stats as observeNode reads it: parsed whole, or as the poller reads it (lib/nsq/poll-stats.ts),
 * where a null topic is the previous poll's topic at that position, unchanged.
 */
export interface ObservedStats extends Omit<NsqdStatsSummary, 'topics'> {
  topics: readonly (TopicSummaryStats | null)[] | null;
  digests?: TopicDigests | null;
}

/** `fresh` when it differs from `old` anywhere, else `old`: what is the same as the previous poll's stays one array. */
function sameOr<T>(old: readonly T[] | undefined, fresh: T[]): readonly T[] {
  if (!old || old.length !== fresh.length) return fresh;
  for (let i = 0; i < fresh.length; i++) if (old[i] !== fresh[i]) return fresh;
  return old;
}

/** A row's percentiles as nodeE2e makes them: the previous poll's object when nsqd sent the same numbers. */
function e2eOf(e: E2eLatencyInput | undefined, old: E2eAggregate | undefined): E2eAggregate {
  if (old && e && old.count === e.count) {
    const a = old.percentiles;
    const b = e.percentiles;
    if (a === null && (b === null || b === undefined)) return old;
    if (
      a &&
      b &&
      a.length === b.length &&
      b.every((p) => a.some((q) => q.quantile === p.quantile && q.value === p.value))
    )
      return old;
  }
  return nodeE2e(e);
}

/** NodeTable.id of the last table made */
let tablesMade = 0;

/** Whether the channel rows at offsets `o` of `a` and `p` of `b` have the same rates (NaN, a rate not known, included). */
function sameRates(a: Float64Array, o: number, b: Float64Array, p: number): boolean {
  return (
    Object.is(a[o + CH.message_rate]!, b[p + CH.message_rate]!) &&
    Object.is(a[o + CH.requeue_rate]!, b[p + CH.requeue_rate]!) &&
    Object.is(a[o + CH.timeout_rate]!, b[p + CH.timeout_rate]!) &&
    Object.is(a[o + CH.consume_rate]!, b[p + CH.consume_rate]!)
  );
}

/**
 * One nsqd's /stats as a table (node-table.ts), with rates against the previous poll of the same
 * process: done as each answer arrives, so the raw response can be dropped at once and the work
 * interleaves with the requests still in flight. Whatever equals the previous poll's (names, a
 * topic's percentiles, the arrays of names and percentiles as a whole) keeps that poll's objects, so
 * the ones just parsed are garbage at once rather than held for an interval; a name new to this node
 * is the one string of that name (intern). A topic that was not parsed (null: its bytes did not
 * change) is copied from the previous table, and marked unchanged (NodeTable.unchanged) when its
 * rates came out the same as well.
 */
export function observeNode(
  node: string,
  hostname: string,
  stats: ObservedStats,
  prev: NodeBaseline | undefined,
  at: number,
): ObservedNode {
  const seconds = baselineSeconds(prev, stats.start_time, at);
  const old = prev?.table;
  /** the previous poll's topic index by name, built only when the topics moved */
  let oldIndex: Map<string, number> | undefined;
  const list = stats.topics ?? [];
  const unchanged = (i: number): NodeTable => {
    if (!old || i >= old.topicNames.length)
      throw new Error(`observeNode: topic ${i} of ${node} is unchanged, but there is no previous table row`);
    return old;
  };
  let channelTotal = 0;
  for (let i = 0; i < list.length; i++) {
    const t = list[i];
    if (t) channelTotal += t.channels?.length ?? 0;
    else {
      const { channelStart } = unchanged(i);
      channelTotal += channelStart[i + 1]! - channelStart[i]!;
    }
  }
  const topicNames = new Array<string>(list.length);
  const topics = new Float64Array(list.length * TOPIC_FIELDS);
  const topicE2e = new Array<E2eAggregate>(list.length);
  const channelStart = new Uint32Array(list.length + 1);
  const channelNames = new Array<string>(channelTotal);
  const channels = new Float64Array(channelTotal * CHANNEL_FIELDS);
  const channelE2e = new Array<E2eAggregate>(channelTotal);
  const oldChannels = old ? old.channels : null;
  /** the topics whose rows are the previous table's, rates and all (NodeTable.unchanged) */
  let unchangedTopics: Uint8Array | null = null;
  let row = 0;
  for (let i = 0; i < list.length; i++) {
    const t = list[i];
    const o = i * TOPIC_FIELDS;
    channelStart[i] = row;
    /** the previous poll's row of this topic, -1 when it had none */
    let was: number;
    if (!t) {
      // the same bytes as the previous poll's topic i: its names, numbers and percentiles, rates aside
      const from = unchanged(i).channelStart[i]!;
      const to = old!.channelStart[i + 1]!;
      was = i;
      topicNames[i] = old!.topicNames[i]!;
      topics.set(old!.topics.subarray(o, o + TOPIC_FIELDS), o);
      topicE2e[i] = old!.topicE2e[i]!;
      channels.set(oldChannels!.subarray(from * CHANNEL_FIELDS, to * CHANNEL_FIELDS), row * CHANNEL_FIELDS);
      let same = true;
      for (let p = from; p < to; p++, row++) {
        channelNames[row] = old!.channelNames[p]!;
        channelE2e[row] = old!.channelE2e[p]!;
        channelRates(channels, row * CHANNEL_FIELDS, oldChannels, p * CHANNEL_FIELDS, seconds);
        same &&= sameRates(channels, row * CHANNEL_FIELDS, oldChannels!, p * CHANNEL_FIELDS);
      }
      if (same) {
        unchangedTopics ??= new Uint8Array(list.length);
        unchangedTopics[i] = 1;
      }
    } else {
      // nsqd lists topics and channels by name, so the previous poll's is nearly always at the same index
      was = -1;
      if (old) {
        if (old.topicNames[i] === t.topic_name) was = i;
        else {
          oldIndex ??= new Map(old.topicNames.map((n, k) => [n, k]));
          was = oldIndex.get(t.topic_name) ?? -1;
        }
      }
      topicNames[i] = was >= 0 ? old!.topicNames[was]! : intern(t.topic_name);
      topics[o + TP.depth] = t.depth;
      topics[o + TP.backend_depth] = t.backend_depth;
      topics[o + TP.message_count] = t.message_count;
      topics[o + TP.message_bytes] = t.message_bytes ?? 0;
      topics[o + TP.paused] = t.paused ? 1 : 0;
      topicE2e[i] = e2eOf(t.e2e_processing_latency, was >= 0 ? old!.topicE2e[was] : undefined);
      const from = was >= 0 ? old!.channelStart[was]! : 0;
      const to = was >= 0 ? old!.channelStart[was + 1]! : 0;
      const cs = t.channels ?? [];
      for (let j = 0; j < cs.length; j++, row++) {
        const c = cs[j]!;
        let p = from + j;
        if (p >= to || old!.channelNames[p] !== c.channel_name) {
          p = -1;
          for (let k = from; k < to; k++) {
            if (old!.channelNames[k] === c.channel_name) {
              p = k;
              break;
            }
          }
        }
        channelNames[row] = p >= 0 ? old!.channelNames[p]! : intern(c.channel_name);
        const co = row * CHANNEL_FIELDS;
        channels[co + CH.depth] = c.depth;
        channels[co + CH.backend_depth] = c.backend_depth;
        channels[co + CH.in_flight_count] = c.in_flight_count;
        channels[co + CH.deferred_count] = c.deferred_count;
        channels[co + CH.requeue_count] = c.requeue_count;
        channels[co + CH.timeout_count] = c.timeout_count;
        channels[co + CH.message_count] = c.message_count;
        channels[co + CH.client_count] = clientsOf(c);
        channels[co + CH.paused] = c.paused ? 1 : 0;
        channelE2e[row] = e2eOf(c.e2e_processing_latency, p >= 0 ? old!.channelE2e[p] : undefined);
        channelRates(channels, co, p >= 0 ? oldChannels : null, p * CHANNEL_FIELDS, seconds);
      }
    }
    topics[o + TP.message_rate] = topicRate(
      was >= 0 ? old!.topics[was * TOPIC_FIELDS + TP.message_count] : undefined,
      topics[o + TP.message_count]!,
      seconds,
    );
    if (unchangedTopics?.[i] === 1 && !Object.is(topics[o + TP.message_rate]!, old!.topics[o + TP.message_rate]!))
      unchangedTopics[i] = 0;
  }
  channelStart[list.length] = row;
  const table: NodeTable = {
    node,
    hostname,
    topicNames: sameOr(old?.topicNames, topicNames),
    topics,
    topicE2e: sameOr(old?.topicE2e, topicE2e),
    channelStart,
    channelNames: sameOr(old?.channelNames, channelNames),
    channels,
    channelE2e: sameOr(old?.channelE2e, channelE2e),
    id: ++tablesMade,
    unchanged: unchangedTopics,
    unchangedFrom: old?.id ?? 0,
  };
  return {
    version: stats.version,
    health: stats.health,
    start_time: stats.start_time,
    table,
    ...nodeSums(table, seconds !== null),
    baseline: { start_time: stats.start_time, at, table, digests: stats.digests ?? null },
  };
}

/**
 * A node's totals as its own /stats gives them (depth of its topics and channels, messages published,
 * consumers) and its rates (the sums of its topics' and channels' known rates; unknown without a
 * baseline), in one pass over the table's columns.
 */
function nodeSums(
  { topics, channels }: NodeTable,
  ratesKnown: boolean,
): Pick<ObservedNode, 'depth' | 'message_count' | 'client_count' | 'rates'> {
  let depth = 0;
  let messageCount = 0;
  let clientCount = 0;
  let published = 0;
  let delivered = 0;
  let consumed = 0;
  let requeued = 0;
  let timedOut = 0;
  for (let o = 0; o < topics.length; o += TOPIC_FIELDS) {
    depth += topics[o + TP.depth]!;
    messageCount += topics[o + TP.message_count]!;
    published += known(topics[o + TP.message_rate]!);
  }
  for (let o = 0; o < channels.length; o += CHANNEL_FIELDS) {
    depth += channels[o + CH.depth]!;
    clientCount += channels[o + CH.client_count]!;
    delivered += known(channels[o + CH.message_rate]!);
    consumed += known(channels[o + CH.consume_rate]!);
    requeued += known(channels[o + CH.requeue_rate]!);
    timedOut += known(channels[o + CH.timeout_rate]!);
  }
  return {
    depth,
    message_count: messageCount,
    client_count: clientCount,
    rates: ratesKnown
      ? {
          message_rate: published,
          deliver_rate: delivered,
          consume_rate: consumed,
          requeue_rate: requeued,
          timeout_rate: timedOut,
        }
      : UNKNOWN_NODE_RATES,
  };
}

/** A rate column's value in a sum of the known rates. */
const known = (v: number) => (Number.isNaN(v) ? 0 : v);

/** Where a topic is in the poll's node tables: table k holds it at index at[k]. */
interface Placement {
  tables: NodeTable[];
  at: number[];
  /** whether the topic's channel summaries read their rows through `tables` too (topicChannels) */
  shared?: boolean;
}

/**
 * Where a channel is in the poll's node tables. Where every node of its topic lists the same channels
 * in the same order (nsqd lists them by name), the channel is the topic's `offset`-th on each, and it
 * needs no arrays of its own; otherwise table k holds it at row rows[k].
 */
type ChannelPlacement =
  | { tables: NodeTable[]; topicAt: number[]; offset: number }
  | { tables: NodeTable[]; rows: number[] };

/** The channel's row in table k of its placement. */
const rowIn = (p: ChannelPlacement, k: number): number =>
  'rows' in p ? p.rows[k]! : p.tables[k]!.channelStart[p.topicAt[k]!]! + p.offset;

/** The key of the placement behind a summary's rows (not enumerable: not in JSON, not copied by spreads). */
const PLACEMENT = Symbol('placement');

const placementOf = <P>(summary: TopicSummary | ChannelSummary) =>
  (summary as unknown as { [PLACEMENT]: P })[PLACEMENT];

function topicRowsGetter(this: TopicSummary): TopicNodeRow[] {
  const p = placementOf<Placement>(this);
  return p.tables.map((t, k) => topicNodeRow(t, p.at[k]!));
}

function channelRowsGetter(this: ChannelSummary): ChannelNodeRow[] {
  const p = placementOf<ChannelPlacement>(this);
  return p.tables.map((t, k) => channelNodeRow(t, this.topic_name, rowIn(p, k)));
}

/**
 * Gives a summary its per-node rows as `nodes`, made from the tables each time it is read: a page
 * asks for the rows of one topic or channel, and nothing holds the rows of every one between polls.
 */
function rowsOnDemand<T extends TopicSummary | ChannelSummary>(
  summary: Omit<T, 'nodes'>,
  placement: Placement | ChannelPlacement,
  getter: (this: T) => unknown,
): T {
  Object.defineProperty(summary, PLACEMENT, { value: placement });
  Object.defineProperty(summary, 'nodes', { enumerable: true, get: getter });
  return summary as T;
}

/** One channel of the snapshot, summed from its rows in the node tables (in the snapshot's node order). */
function tableChannel(topic: string, channel: string, placement: ChannelPlacement): ChannelSummary {
  const out = channelTotals(topic, channel);
  const { tables } = placement;
  const rate = [NaN, NaN, NaN, NaN];
  let e2e: E2eAggregate[] | null = null;
  for (let k = 0; k < tables.length; k++) {
    const t = tables[k]!;
    const c = t.channels;
    const row = rowIn(placement, k);
    const o = row * CHANNEL_FIELDS;
    out.depth += c[o + CH.depth]!;
    out.backend_depth += c[o + CH.backend_depth]!;
    out.in_flight_count += c[o + CH.in_flight_count]!;
    out.deferred_count += c[o + CH.deferred_count]!;
    out.requeue_count += c[o + CH.requeue_count]!;
    out.timeout_count += c[o + CH.timeout_count]!;
    out.message_count += c[o + CH.message_count]!;
    out.client_count += c[o + CH.client_count]!;
    out.paused ||= c[o + CH.paused] === 1;
    for (let f = 0; f < 4; f++) {
      const v = c[o + CH.message_rate + f]!;
      if (!Number.isNaN(v)) rate[f] = Number.isNaN(rate[f]!) ? v : rate[f]! + v;
    }
    const e = t.channelE2e[row]!;
    if (e !== NO_E2E) {
      e2e ??= [];
      e2e.push(e);
    }
  }
  out.memory_depth = out.depth - out.backend_depth;
  out.rates = {
    message_rate: rateOf(rate[0]!),
    requeue_rate: rateOf(rate[1]!),
    timeout_rate: rateOf(rate[2]!),
    consume_rate: rateOf(rate[3]!),
  };
  if (e2e) out.e2e_processing_latency = mergeE2e(e2e);
  return rowsOnDemand<ChannelSummary>(out, placement, channelRowsGetter);
}

/** Whether every table of the placement lists the same channels for the topic, in the same order. */
function sameChannels({ tables, at }: Placement): boolean {
  const first = tables[0]!;
  const from = first.channelStart[at[0]!]!;
  const n = first.channelStart[at[0]! + 1]! - from;
  for (let k = 1; k < tables.length; k++) {
    const t = tables[k]!;
    const start = t.channelStart[at[k]!]!;
    if (t.channelStart[at[k]! + 1]! - start !== n) return false;
    for (let c = 0; c < n; c++) if (t.channelNames[start + c] !== first.channelNames[from + c]) return false;
  }
  return true;
}

/** The topic's channels over every node that has it, by name. */
function topicChannels(name: string, placement: Placement): ChannelSummary[] {
  const { tables, at } = placement;
  if (tables.length === 0) return [];
  if (sameChannels(placement)) {
    placement.shared = true;
    const first = tables[0]!;
    const from = first.channelStart[at[0]!]!;
    const channels: ChannelSummary[] = [];
    for (let c = 0; c < first.channelStart[at[0]! + 1]! - from; c++) {
      channels.push(tableChannel(name, first.channelNames[from + c]!, { tables, topicAt: at, offset: c }));
    }
    if (!channels.every((ch, i) => i === 0 || byName(channels[i - 1]!.channel_name, ch.channel_name) <= 0)) {
      channels.sort((a, b) => byName(a.channel_name, b.channel_name));
    }
    return channels;
  }
  const rows = new Map<string, { tables: NodeTable[]; rows: number[] }>();
  for (let k = 0; k < tables.length; k++) {
    const t = tables[k]!;
    for (let r = t.channelStart[at[k]!]!; r < t.channelStart[at[k]! + 1]!; r++) {
      const c = t.channelNames[r]!;
      const p = rows.get(c);
      if (p) {
        p.tables.push(t);
        p.rows.push(r);
      } else rows.set(c, { tables: [t], rows: [r] });
    }
  }
  return [...rows.keys()].sort(byName).map((c) => tableChannel(name, c, rows.get(c)!));
}

function aggregateTopic(name: string, placement: Placement, unavailable: string[], inLookupd: boolean): TopicSummary {
  const { tables, at } = placement;
  const channels = topicChannels(name, placement);
  const out: Omit<TopicSummary, 'nodes'> = {
    topic_name: name,
    ephemeral: isEphemeral(name),
    depth: 0,
    memory_depth: 0,
    backend_depth: 0,
    message_count: 0,
    message_bytes: 0,
    paused: false,
    e2e_processing_latency: NO_E2E,
    node_count: tables.length,
    channel_count: channels.length,
    channel_depth: 0,
    in_flight_count: 0,
    deferred_count: 0,
    client_count: 0,
    channels,
    rates: { message_rate: null },
    in_lookupd: inLookupd,
    lookupd_only: tables.length === 0 && unavailable.length === 0 && inLookupd,
    unavailable_nodes: unavailable,
  };
  let rate = NaN;
  let e2e: E2eAggregate[] | null = null;
  for (let k = 0; k < tables.length; k++) {
    const t = tables[k]!;
    const n = t.topics;
    const o = at[k]! * TOPIC_FIELDS;
    out.depth += n[o + TP.depth]!;
    out.backend_depth += n[o + TP.backend_depth]!;
    out.message_count += n[o + TP.message_count]!;
    out.message_bytes += n[o + TP.message_bytes]!;
    out.paused ||= n[o + TP.paused] === 1;
    const v = n[o + TP.message_rate]!;
    if (!Number.isNaN(v)) rate = Number.isNaN(rate) ? v : rate + v;
    const e = t.topicE2e[at[k]!]!;
    if (e !== NO_E2E) {
      e2e ??= [];
      e2e.push(e);
    }
  }
  out.memory_depth = out.depth - out.backend_depth;
  out.rates = { message_rate: rateOf(rate) };
  if (e2e) out.e2e_processing_latency = mergeE2e(e2e);
  for (const c of channels) {
    out.channel_depth += c.depth;
    out.in_flight_count += c.in_flight_count;
    out.deferred_count += c.deferred_count;
    out.client_count += c.client_count;
  }
  return rowsOnDemand<TopicSummary>(out, placement, topicRowsGetter);
}

/**
 * The previous snapshot's summary of a topic, when nothing in it can have changed: the topic is on
 * the same nodes, at the same rows, each unchanged since the table that summary reads
 * (NodeTable.unchanged), with no node down and the same standing in lookupd. Its placement is
 * pointed at this poll's tables, which hold the same rows, so that it does not keep the previous
 * poll's tables alive; a previous snapshot still in use reads the same numbers through it.
 */
function keptFrom(
  before: TopicSummary,
  placement: Placement,
  unavailable: string[],
  inLookupd: boolean,
): TopicSummary | null {
  const kept = placementOf<Placement>(before);
  const { tables, at } = placement;
  if (!kept.shared || tables.length === 0 || kept.tables.length !== tables.length) return null;
  if (unavailable.length > 0 || before.unavailable_nodes.length > 0 || before.in_lookupd !== inLookupd) return null;
  for (let k = 0; k < tables.length; k++) {
    const t = tables[k]!;
    if (kept.at[k] !== at[k] || t.unchanged?.[at[k]!] !== 1 || t.unchangedFrom !== kept.tables[k]!.id) return null;
  }
  for (let k = 0; k < tables.length; k++) kept.tables[k] = tables[k]!;
  return before;
}

/** A topic without its per-node rows and channels, as lists show it; the rows are not made. */
export function topicListItem(t: TopicSummary): TopicListItem {
  return {
    topic_name: t.topic_name,
    ephemeral: t.ephemeral,
    depth: t.depth,
    memory_depth: t.memory_depth,
    backend_depth: t.backend_depth,
    message_count: t.message_count,
    message_bytes: t.message_bytes,
    paused: t.paused,
    e2e_processing_latency: t.e2e_processing_latency,
    node_count: t.node_count,
    channel_count: t.channel_count,
    channel_depth: t.channel_depth,
    in_flight_count: t.in_flight_count,
    deferred_count: t.deferred_count,
    client_count: t.client_count,
    rates: t.rates,
    in_lookupd: t.in_lookupd,
    lookupd_only: t.lookupd_only,
    unavailable_nodes: t.unavailable_nodes,
  };
}

function highestVersion(versions: string[]): string | null {
  const valid = versions.map((v) => semver.coerce(v)?.version).filter((v): v is string => !!v);
  return valid.length > 0 ? (semver.rsort(valid)[0] ?? null) : null;
}

/**
 * The snapshot of a poll. Given the previous poll's snapshot, a topic unchanged on every node keeps
 * its summary from there (keptFrom) rather than being summed again: on a large cluster most topics
 * are idle between two polls (BENCHMARKS.md, poll cost).
 */
export function buildSnapshot(poll: PollResult, previous: ClusterSnapshot | null = null): ClusterSnapshot {
  const placements = new Map<string, Placement>();
  const unavailable = new Map<string, string[]>();
  const errors: UpstreamErrorInfo[] = poll.lookupds.flatMap((l) => (l.error ? [l.error] : []));

  // Sorted once here, so every per-topic and per-channel list below is built in this order.
  const observed = [...poll.nodes].sort(byHostname);
  const nodes: NodeSummary[] = observed.map((o) => {
    const r = o.result;
    const names = r.ok ? r.observed.table.topicNames : [];
    if (r.ok) {
      for (let i = 0; i < names.length; i++) {
        const p = placements.get(names[i]!);
        if (p) {
          p.tables.push(r.observed.table);
          p.at.push(i);
        } else placements.set(names[i]!, { tables: [r.observed.table], at: [i] });
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
  // both lists are in name order: the previous summary of each topic is found by walking them together
  const before = previous?.topics ?? [];
  let b = 0;
  const topics = [...names].sort(byName).map((name) => {
    while (b < before.length && byName(before[b]!.topic_name, name) < 0) b++;
    const placement = placements.get(name) ?? { tables: [], at: [] };
    const down = unavailable.get(name) ?? [];
    const inLookupd = lookupdTopics.has(name);
    const last = before[b]?.topic_name === name ? before[b] : undefined;
    return (last && keptFrom(last, placement, down, inLookupd)) || aggregateTopic(name, placement, down, inLookupd);
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
  };
}
