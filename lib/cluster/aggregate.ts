// A poll's node tables summed into topic and channel summaries: a topic over the nodes that have it,
// a channel over the nodes of its topic that have it. Summaries are plain data without per-node
// rows; a page's rows are made from the same tables when it asks (node-rows.ts).
import { mergeE2e, NO_E2E, sameE2e, tracksE2e } from './e2e';
import { CH, CHANNEL_FIELDS, channelFields, type NodeTable, RowSums, rateOf, TOPIC_FIELDS, TP } from './node-table';
import type { ChannelSummary, E2eAggregate, TopicPlacement, TopicSummary } from './types';

export const isEphemeral = (name: string) => name.endsWith('#ephemeral');

export const byName = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

// Scratch sums, reused: each summary is summed and read out in one synchronous call.
const channelSums = new RowSums(CHANNEL_FIELDS, CH.message_rate);
const topicSums = new RowSums(TOPIC_FIELDS, TP.message_rate);

/** The rows' e2e aggregates to merge, with `e` when it tracks e2e (few do: no array until one). */
function withE2e(list: E2eAggregate[] | null, e: E2eAggregate): E2eAggregate[] | null {
  if (!tracksE2e(e)) return list;
  list ??= [];
  list.push(e);
  return list;
}

const mergedE2e = (list: E2eAggregate[] | null) => (list ? mergeE2e(list) : NO_E2E);

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
  channelSums.clear();
  let e2e: E2eAggregate[] | null = null;
  for (let k = 0; k < tables.length; k++) {
    const row = rows[k]!;
    channelSums.add(tables[k]!.channels, row, row + 1);
    e2e = withE2e(e2e, tables[k]!.channelE2e[row]!);
  }
  return {
    topic_name: topic,
    channel_name: channel,
    ephemeral: isEphemeral(channel),
    ...channelFields(channelSums.sum, 0),
    e2e_processing_latency: mergedE2e(e2e),
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
  topicSums.clear();
  // the topic's channels on every node at once: the channel columns of the topic's totals
  channelSums.clear();
  let e2e: E2eAggregate[] | null = null;
  for (let k = 0; k < tables.length; k++) {
    const t = tables[k]!;
    const i = at[k]!;
    topicSums.add(t.topics, i, i + 1);
    channelSums.add(t.channels, t.channelStart[i]!, t.channelStart[i + 1]!);
    e2e = withE2e(e2e, t.topicE2e[i]!);
  }
  const n = topicSums.sum;
  const c = channelSums.sum;
  return {
    topic_name: name,
    ephemeral: isEphemeral(name),
    depth: n[TP.depth]!,
    memory_depth: n[TP.depth]! - n[TP.backend_depth]!,
    backend_depth: n[TP.backend_depth]!,
    message_count: n[TP.message_count]!,
    message_bytes: n[TP.message_bytes]!,
    paused: n[TP.paused]! > 0,
    e2e_processing_latency: mergedE2e(e2e),
    node_count: tables.length,
    channel_count: channels.length,
    channel_depth: c[CH.depth]!,
    in_flight_count: c[CH.in_flight_count]!,
    deferred_count: c[CH.deferred_count]!,
    client_count: c[CH.client_count]!,
    channels,
    rates: { message_rate: rateOf(n[TP.message_rate]!) },
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
