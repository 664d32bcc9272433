// A poll's node tables summed into topic and channel summaries: a topic over the nodes that have it,
// a channel over the nodes of its topic that have it. Summaries are plain data without per-node
// rows; a page's rows are made from the same tables when it asks (node-rows.ts).
import { mergeE2e, NO_E2E, sameE2e, tracksE2e } from './e2e';
import { CH, CHANNEL_FIELDS, type NodeTable, rateOf, TOPIC_FIELDS, TP } from './node-table';
import type { ChannelSummary, E2eAggregate, TopicPlacement, TopicSummary } from './types';

export const isEphemeral = (name: string) => name.endsWith('#ephemeral');

export const byName = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** A rate column summed so far: NaN (unknown) until a known value is added. */
const addRate = (sum: number, v: number) => (Number.isNaN(v) ? sum : Number.isNaN(sum) ? v : sum + v);

/**
 * A channel summed over the tables that have it: table k holds it at channel row rows[k]. With no
 * table, the channel in zeros (one that only a node that did not answer may have).
 */
export function sumChannel(
  topic: string,
  channel: string,
  tables: readonly NodeTable[],
  rows: ArrayLike<number>,
): ChannelSummary {
  let depth = 0;
  let backendDepth = 0;
  let inFlight = 0;
  let deferred = 0;
  let requeued = 0;
  let timedOut = 0;
  let messages = 0;
  let clients = 0;
  let paused = false;
  let messageRate = NaN;
  let requeueRate = NaN;
  let timeoutRate = NaN;
  let consumeRate = NaN;
  let e2e: E2eAggregate[] | null = null;
  for (let k = 0; k < tables.length; k++) {
    const t = tables[k]!;
    const c = t.channels;
    const row = rows[k]!;
    const o = row * CHANNEL_FIELDS;
    depth += c[o + CH.depth]!;
    backendDepth += c[o + CH.backend_depth]!;
    inFlight += c[o + CH.in_flight_count]!;
    deferred += c[o + CH.deferred_count]!;
    requeued += c[o + CH.requeue_count]!;
    timedOut += c[o + CH.timeout_count]!;
    messages += c[o + CH.message_count]!;
    clients += c[o + CH.client_count]!;
    paused ||= c[o + CH.paused] === 1;
    messageRate = addRate(messageRate, c[o + CH.message_rate]!);
    requeueRate = addRate(requeueRate, c[o + CH.requeue_rate]!);
    timeoutRate = addRate(timeoutRate, c[o + CH.timeout_rate]!);
    consumeRate = addRate(consumeRate, c[o + CH.consume_rate]!);
    const e = t.channelE2e[row]!;
    if (tracksE2e(e)) {
      e2e ??= [];
      e2e.push(e);
    }
  }
  return {
    topic_name: topic,
    channel_name: channel,
    ephemeral: isEphemeral(channel),
    depth,
    memory_depth: depth - backendDepth,
    backend_depth: backendDepth,
    in_flight_count: inFlight,
    deferred_count: deferred,
    requeue_count: requeued,
    timeout_count: timedOut,
    message_count: messages,
    client_count: clients,
    paused,
    e2e_processing_latency: e2e ? mergeE2e(e2e) : NO_E2E,
    rates: {
      message_rate: rateOf(messageRate),
      requeue_rate: rateOf(requeueRate),
      timeout_rate: rateOf(timeoutRate),
      consume_rate: rateOf(consumeRate),
    },
  };
}

/** Whether every table of the placement lists the same channels for the topic, in the same order. */
function sameChannels({ tables, at }: TopicPlacement): boolean {
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
function topicChannels(name: string, placement: TopicPlacement): ChannelSummary[] {
  const { tables, at } = placement;
  if (tables.length === 0) return [];
  if (sameChannels(placement)) {
    // nsqd lists channels by name, so on every node channel c is the topic's c-th
    const first = tables[0]!;
    const start = tables.map((t, k) => t.channelStart[at[k]!]!);
    const rows = new Array<number>(tables.length);
    const channels: ChannelSummary[] = [];
    for (let c = 0; c < first.channelStart[at[0]! + 1]! - start[0]!; c++) {
      for (let k = 0; k < tables.length; k++) rows[k] = start[k]! + c;
      channels.push(sumChannel(name, first.channelNames[start[0]! + c]!, tables, rows));
    }
    if (!channels.every((ch, i) => i === 0 || byName(channels[i - 1]!.channel_name, ch.channel_name) <= 0)) {
      channels.sort((a, b) => byName(a.channel_name, b.channel_name));
    }
    return channels;
  }
  const where = new Map<string, { tables: NodeTable[]; rows: number[] }>();
  for (let k = 0; k < tables.length; k++) {
    const t = tables[k]!;
    for (let r = t.channelStart[at[k]!]!; r < t.channelStart[at[k]! + 1]!; r++) {
      const c = t.channelNames[r]!;
      const p = where.get(c);
      if (p) {
        p.tables.push(t);
        p.rows.push(r);
      } else where.set(c, { tables: [t], rows: [r] });
    }
  }
  return [...where.keys()].sort(byName).map((c) => sumChannel(name, c, where.get(c)!.tables, where.get(c)!.rows));
}

/** A topic summed over the tables that have it, with its channels. */
function sumTopic(name: string, placement: TopicPlacement, unavailable: string[], inLookupd: boolean): TopicSummary {
  const { tables, at } = placement;
  const channels = topicChannels(name, placement);
  let depth = 0;
  let backendDepth = 0;
  let messages = 0;
  let bytes = 0;
  let paused = false;
  let rate = NaN;
  let e2e: E2eAggregate[] | null = null;
  for (let k = 0; k < tables.length; k++) {
    const t = tables[k]!;
    const n = t.topics;
    const o = at[k]! * TOPIC_FIELDS;
    depth += n[o + TP.depth]!;
    backendDepth += n[o + TP.backend_depth]!;
    messages += n[o + TP.message_count]!;
    bytes += n[o + TP.message_bytes]!;
    paused ||= n[o + TP.paused] === 1;
    rate = addRate(rate, n[o + TP.message_rate]!);
    const e = t.topicE2e[at[k]!]!;
    if (tracksE2e(e)) {
      e2e ??= [];
      e2e.push(e);
    }
  }
  let channelDepth = 0;
  let inFlight = 0;
  let deferred = 0;
  let clients = 0;
  for (const c of channels) {
    channelDepth += c.depth;
    inFlight += c.in_flight_count;
    deferred += c.deferred_count;
    clients += c.client_count;
  }
  return {
    topic_name: name,
    ephemeral: isEphemeral(name),
    depth,
    memory_depth: depth - backendDepth,
    backend_depth: backendDepth,
    message_count: messages,
    message_bytes: bytes,
    paused,
    e2e_processing_latency: e2e ? mergeE2e(e2e) : NO_E2E,
    node_count: tables.length,
    channel_count: channels.length,
    channel_depth: channelDepth,
    in_flight_count: inFlight,
    deferred_count: deferred,
    client_count: clients,
    channels,
    rates: { message_rate: rateOf(rate) },
    in_lookupd: inLookupd,
    lookupd_only: tables.length === 0 && unavailable.length === 0 && inLookupd,
    unavailable_nodes: unavailable,
  };
}

/** Whether the numbers in `a` and `b` from offset `o` for `n` fields are the same (NaN, a rate not known, included). */
function sameNumbers(a: Float64Array, b: Float64Array, o: number, p: number, n: number): boolean {
  for (let f = 0; f < n; f++) if (!Object.is(a[o + f], b[p + f])) return false;
  return true;
}

/**
 * Whether two placements of a topic hold the same rows: on as many nodes, each with the same
 * numbers, percentiles and channels. On a large cluster most topics are idle between two polls.
 * Compared by value, not by object, so it holds for tables copied from another thread too.
 */
function sameRows(a: TopicPlacement, b: TopicPlacement): boolean {
  if (a.tables.length !== b.tables.length) return false;
  for (let k = 0; k < a.tables.length; k++) {
    const s = a.tables[k]!;
    const t = b.tables[k]!;
    const i = a.at[k]!;
    const j = b.at[k]!;
    if (!sameNumbers(s.topics, t.topics, i * TOPIC_FIELDS, j * TOPIC_FIELDS, TOPIC_FIELDS)) return false;
    if (!sameE2e(s.topicE2e[i]!, t.topicE2e[j]!)) return false;
    const from = s.channelStart[i]!;
    const to = s.channelStart[i + 1]!;
    const start = t.channelStart[j]!;
    if (t.channelStart[j + 1]! - start !== to - from) return false;
    for (let r = from, q = start; r < to; r++, q++) {
      if (s.channelNames[r] !== t.channelNames[q] || !sameE2e(s.channelE2e[r]!, t.channelE2e[q]!)) return false;
    }
    const n = (to - from) * CHANNEL_FIELDS;
    if (!sameNumbers(s.channels, t.channels, from * CHANNEL_FIELDS, start * CHANNEL_FIELDS, n)) return false;
  }
  return true;
}

/** A topic's summary in the previous snapshot, and where its rows were then. */
export interface PreviousTopic {
  summary: TopicSummary;
  placement: TopicPlacement | undefined;
}

/**
 * The summary of a topic, given where it is in this poll's tables, the nodes known to have it that
 * did not answer, and whether lookupd lists it. The previous snapshot's summary of the topic is the
 * answer when its rows hold the same numbers now, with no node down then or now and the same standing
 * in lookupd: the same object, shared by both snapshots and changed by neither.
 */
export function topicSummary(
  name: string,
  placement: TopicPlacement,
  unavailable: string[],
  inLookupd: boolean,
  previous: PreviousTopic | undefined,
): TopicSummary {
  if (
    previous?.placement &&
    placement.tables.length > 0 &&
    unavailable.length === 0 &&
    previous.summary.unavailable_nodes.length === 0 &&
    previous.summary.in_lookupd === inLookupd &&
    sameRows(previous.placement, placement)
  )
    return previous.summary;
  return sumTopic(name, placement, unavailable, inLookupd);
}
