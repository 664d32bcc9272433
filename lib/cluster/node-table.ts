// One nsqd's topics and channels from one poll, held as columns: a Float64Array of counters per kind
// of row instead of one object per topic and per channel. A 50-node cluster with 1,000 topics × 4
// channels has 250,000 such rows; as objects they were most of the console's heap and most of the
// garbage collector's work on every poll (BENCHMARKS.md). As columns they are a few arrays per node,
// which V8 neither copies nor traces. Row objects (TopicNodeRow, ChannelNodeRow) are made from them
// only for the topic, channel or node a page asks about (node-rows.ts). A table is plain data (typed
// arrays, arrays of strings, plain objects), so it can be posted between threads.
import type { ChannelCounts, ChannelNodeRow, ChannelRates, E2eAggregate, TopicNodeRow } from './types';

/** Offsets of a channel's fields within its row of NodeTable.channels; a rate that is not known is NaN. */
export const CH = {
  depth: 0,
  backend_depth: 1,
  in_flight_count: 2,
  deferred_count: 3,
  requeue_count: 4,
  timeout_count: 5,
  message_count: 6,
  client_count: 7,
  /** 1 when paused */
  paused: 8,
  message_rate: 9,
  requeue_rate: 10,
  timeout_rate: 11,
  consume_rate: 12,
} as const;
export const CHANNEL_FIELDS = 13;

/** Offsets of a topic's fields within its row of NodeTable.topics. */
export const TP = {
  depth: 0,
  backend_depth: 1,
  message_count: 2,
  message_bytes: 3,
  paused: 4,
  message_rate: 5,
} as const;
export const TOPIC_FIELDS = 6;

export interface NodeTable {
  readonly node: string;
  readonly hostname: string;
  /** in nsqd's order (by name) */
  readonly topicNames: readonly string[];
  /** TOPIC_FIELDS numbers per topic */
  readonly topics: Float64Array;
  readonly topicE2e: readonly E2eAggregate[];
  /** the channels of topic i are rows channelStart[i] up to channelStart[i + 1] */
  readonly channelStart: Uint32Array;
  readonly channelNames: readonly string[];
  /** CHANNEL_FIELDS numbers per channel */
  readonly channels: Float64Array;
  readonly channelE2e: readonly E2eAggregate[];
}

/** A rate column's value as the API states it: null when not known. */
export const rateOf = (v: number): number | null => (Number.isNaN(v) ? null : v);

/**
 * Sums of a column table's rows, one number a field: a count added up; a rate (NaN when not known)
 * the sum of the known ones, NaN while none is; paused, how many rows are paused. A topic's, a
 * channel's and a node's totals are such sums (aggregate.ts, observe-node.ts).
 */
export class RowSums {
  readonly sum: Float64Array;

  /** `firstRate`: the rates are a row's last columns, from this offset on (CH.message_rate, TP.message_rate). */
  constructor(
    private readonly fields: number,
    private readonly firstRate: number,
  ) {
    this.sum = new Float64Array(fields);
    this.clear();
  }

  clear(): this {
    this.sum.fill(0, 0, this.firstRate).fill(NaN, this.firstRate);
    return this;
  }

  /** Adds rows `from` up to `to` of `columns`. */
  add(columns: Float64Array, from: number, to: number): this {
    const s = this.sum;
    const n = this.fields;
    for (let o = from * n; o < to * n; o += n) {
      for (let f = 0; f < n; f++) {
        const v = columns[o + f]!;
        if (!Number.isNaN(v)) s[f] = Number.isNaN(s[f]!) ? v : s[f]! + v;
      }
    }
    return this;
  }
}

/** A channel's counts and rates at offset `o` of channel columns: a table's row or a RowSums' sum. */
export function channelFields(
  c: ArrayLike<number>,
  o: number,
): Omit<ChannelCounts, 'e2e_processing_latency'> & {
  rates: ChannelRates;
} {
  return {
    depth: c[o + CH.depth]!,
    memory_depth: c[o + CH.depth]! - c[o + CH.backend_depth]!,
    backend_depth: c[o + CH.backend_depth]!,
    in_flight_count: c[o + CH.in_flight_count]!,
    deferred_count: c[o + CH.deferred_count]!,
    requeue_count: c[o + CH.requeue_count]!,
    timeout_count: c[o + CH.timeout_count]!,
    message_count: c[o + CH.message_count]!,
    client_count: c[o + CH.client_count]!,
    // 1 in a table's row; in a sum, how many nodes have it paused
    paused: c[o + CH.paused]! > 0,
    rates: {
      message_rate: rateOf(c[o + CH.message_rate]!),
      requeue_rate: rateOf(c[o + CH.requeue_rate]!),
      timeout_rate: rateOf(c[o + CH.timeout_rate]!),
      consume_rate: rateOf(c[o + CH.consume_rate]!),
    },
  };
}

export function channelNodeRow(t: NodeTable, topic: string, row: number): ChannelNodeRow {
  return {
    node: t.node,
    hostname: t.hostname,
    topic_name: topic,
    channel_name: t.channelNames[row]!,
    ...channelFields(t.channels, row * CHANNEL_FIELDS),
    e2e_processing_latency: t.channelE2e[row]!,
  };
}

/** Topic `i` of the table as a row, with its channels' rows. */
export function topicNodeRow(t: NodeTable, i: number): TopicNodeRow {
  const n = t.topics;
  const o = i * TOPIC_FIELDS;
  const name = t.topicNames[i]!;
  const channels: ChannelNodeRow[] = [];
  for (let r = t.channelStart[i]!; r < t.channelStart[i + 1]!; r++) channels.push(channelNodeRow(t, name, r));
  return {
    node: t.node,
    hostname: t.hostname,
    topic_name: name,
    depth: n[o + TP.depth]!,
    memory_depth: n[o + TP.depth]! - n[o + TP.backend_depth]!,
    backend_depth: n[o + TP.backend_depth]!,
    message_count: n[o + TP.message_count]!,
    message_bytes: n[o + TP.message_bytes]!,
    paused: n[o + TP.paused] === 1,
    e2e_processing_latency: t.topicE2e[i]!,
    channel_count: channels.length,
    channels,
    rates: { message_rate: rateOf(n[o + TP.message_rate]!) },
  };
}

/** Every topic of the table as rows: one node's page. */
export const tableTopicRows = (t: NodeTable): TopicNodeRow[] => t.topicNames.map((_, i) => topicNodeRow(t, i));

/** The table's one topic `name` with its channels, as a table of its own; null when the table lacks it. */
export function topicTable(t: NodeTable, name: string): NodeTable | null {
  const i = t.topicNames.indexOf(name);
  if (i < 0) return null;
  const from = t.channelStart[i]!;
  const to = t.channelStart[i + 1]!;
  return {
    node: t.node,
    hostname: t.hostname,
    topicNames: [name],
    topics: t.topics.slice(i * TOPIC_FIELDS, (i + 1) * TOPIC_FIELDS),
    topicE2e: [t.topicE2e[i]!],
    channelStart: Uint32Array.of(0, to - from),
    channelNames: t.channelNames.slice(from, to),
    channels: t.channels.slice(from * CHANNEL_FIELDS, to * CHANNEL_FIELDS),
    channelE2e: t.channelE2e.slice(from, to),
  };
}
