// One nsqd's /stats as a NodeTable (node-table.ts), with rates against the previous poll of the same
// process, and the node's own totals.
import type { TopicDigests } from '../nsq/poll-stats';
import type { ChannelSummaryStats, NsqdStatsSummary, TopicSummaryStats } from '../nsq/schemas';
import { nodeE2eOr } from './e2e';
import { intern } from './intern';
import { CH, CHANNEL_FIELDS, type NodeTable, RowSums, TOPIC_FIELDS, TP } from './node-table';
import { baselineSeconds, channelRates, type NodeBaseline, topicRate, UNKNOWN_NODE_RATES } from './rates';
import type { E2eAggregate, NodeRates } from './types';

/** One nsqd's answer to a poll, turned into a table with rates (observeNode). */
export interface ObservedNode {
  version: string;
  health: string;
  start_time: number;
  table: NodeTable;
  /** the node's totals, summed from the table: depth of its topics and channels, messages, clients */
  depth: number;
  message_count: number;
  client_count: number;
  rates: NodeRates;
  /** what the next poll of this node compares with */
  baseline: NodeBaseline;
}

/**
 * /stats as observeNode reads it: parsed whole, or as the poller reads it (lib/nsq/poll-stats.ts),
 * where a null topic is the previous poll's topic at that position, unchanged.
 */
export interface ObservedStats extends Omit<NsqdStatsSummary, 'topics'> {
  topics: readonly (TopicSummaryStats | null)[] | null;
  digests?: TopicDigests | null;
}

/** A channel's consumers: nsqd before 1.2.0 has no client_count, and its client list (when sent) is the same number. */
const clientsOf = (c: ChannelSummaryStats) => c.client_count ?? c.clients?.length ?? 0;

/** `fresh` when it differs from `old` anywhere, else `old`: what is the same as the previous poll's stays one array. */
function sameOr<T>(old: readonly T[] | undefined, fresh: T[]): readonly T[] {
  if (!old || old.length !== fresh.length) return fresh;
  for (let i = 0; i < fresh.length; i++) if (old[i] !== fresh[i]) return fresh;
  return old;
}

/**
 * One nsqd's /stats as a table, with rates against `prev`, the previous poll of the same node: done
 * as each answer arrives, so the raw response can be dropped at once. Whatever equals the previous
 * poll's (names, a topic's percentiles, the arrays of names and percentiles as a whole) keeps that
 * poll's objects, so the ones just parsed are garbage at once rather than held for an interval; a
 * name new to this node is the one string of that name (intern). A topic that was not parsed (null:
 * its bytes did not change) is copied from the previous table.
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
      for (let p = from; p < to; p++, row++) {
        channelNames[row] = old!.channelNames[p]!;
        channelE2e[row] = old!.channelE2e[p]!;
        channelRates(channels, row * CHANNEL_FIELDS, oldChannels, p * CHANNEL_FIELDS, seconds);
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
      topicE2e[i] = nodeE2eOr(t.e2e_processing_latency, was >= 0 ? old!.topicE2e[was] : undefined);
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
        channelE2e[row] = nodeE2eOr(c.e2e_processing_latency, p >= 0 ? old!.channelE2e[p] : undefined);
        channelRates(channels, co, p >= 0 ? oldChannels : null, p * CHANNEL_FIELDS, seconds);
      }
    }
    topics[o + TP.message_rate] = topicRate(
      was >= 0 ? old!.topics[was * TOPIC_FIELDS + TP.message_count] : undefined,
      topics[o + TP.message_count]!,
      seconds,
    );
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

/** A rate column's value in a sum of the known rates. */
const known = (v: number) => (Number.isNaN(v) ? 0 : v);

// Scratch sums, reused: a node's are summed and read out in one synchronous call.
const topicSums = new RowSums(TOPIC_FIELDS, TP.message_rate);
const channelSums = new RowSums(CHANNEL_FIELDS, CH.message_rate);

/**
 * A node's totals as its own /stats gives them (depth of its topics and channels, messages published,
 * consumers) and its rates (the sums of its topics' and channels' known rates; unknown without a
 * baseline), in one pass over the table's columns.
 */
function nodeSums(
  { topics, channels }: NodeTable,
  ratesKnown: boolean,
): Pick<ObservedNode, 'depth' | 'message_count' | 'client_count' | 'rates'> {
  const t = topicSums.clear().add(topics, 0, topics.length / TOPIC_FIELDS).sum;
  const c = channelSums.clear().add(channels, 0, channels.length / CHANNEL_FIELDS).sum;
  return {
    depth: t[TP.depth]! + c[CH.depth]!,
    message_count: t[TP.message_count]!,
    client_count: c[CH.client_count]!,
    rates: ratesKnown
      ? {
          message_rate: known(t[TP.message_rate]!),
          deliver_rate: known(c[CH.message_rate]!),
          consume_rate: known(c[CH.consume_rate]!),
          requeue_rate: known(c[CH.requeue_rate]!),
          timeout_rate: known(c[CH.timeout_rate]!),
        }
      : UNKNOWN_NODE_RATES,
  };
}
