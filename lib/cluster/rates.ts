// Rates from counter deltas between two polls of the same nsqd process. nsqd's counters are
// cumulative since it started, so a restart (new start_time) or a counter that went backwards
// (topic deleted and re-created) starts a new baseline: the rate is unknown (null) for that
// interval, never negative and never a spike. The baseline is the node's rows of the previous poll,
// which the snapshot holds anyway: nothing is copied to compare two polls.
import type { ChannelNodeRow, ChannelRates, NodeRates, TopicNodeRow, TopicRates } from './types';

/** What the previous poll of one nsqd left to compare with. */
export interface NodeBaseline {
  start_time: number;
  /** when that /stats answer arrived, ms */
  at: number;
  /** that poll's rows, by topic name */
  topics: ReadonlyMap<string, TopicNodeRow>;
}

/**
 * Seconds since the baseline, or null when this poll cannot be compared with it: no baseline (first
 * poll, or forgotten after an action), a restarted nsqd, or a clock that did not move forward.
 */
export function baselineSeconds(prev: NodeBaseline | undefined, startTime: number, at: number): number | null {
  if (!prev || prev.start_time !== startTime) return null;
  const seconds = (at - prev.at) / 1000;
  return seconds > 0 ? seconds : null;
}

/** Per second; null when the counter went backwards. */
export function counterRate(prev: number, cur: number, seconds: number): number | null {
  const delta = cur - prev;
  return delta < 0 ? null : delta / seconds;
}

export const NO_CHANNEL_RATES: ChannelRates = Object.freeze({
  message_rate: null,
  requeue_rate: null,
  timeout_rate: null,
  consume_rate: null,
});
export const NO_TOPIC_RATES: TopicRates = Object.freeze({ message_rate: null });
const IDLE_TOPIC_RATES: TopicRates = Object.freeze({ message_rate: 0 });

type ChannelCounters = Pick<ChannelNodeRow, 'message_count' | 'requeue_count' | 'timeout_count' | 'depth' | 'in_flight_count' | 'deferred_count'>;

const ZERO_CHANNEL: ChannelCounters = Object.freeze({
  message_count: 0,
  requeue_count: 0,
  timeout_count: 0,
  depth: 0,
  in_flight_count: 0,
  deferred_count: 0,
});

/** Most channels of a large cluster are idle: they share this one object rather than each allocating its own. */
const IDLE_CHANNEL_RATES: ChannelRates = Object.freeze({ message_rate: 0, requeue_rate: 0, timeout_rate: 0, consume_rate: 0 });

/**
 * A channel's rates over `seconds` (null: no comparable baseline). A channel absent from the
 * baseline is new since then on the same process, so it started from zero and its whole count is
 * this interval's. Consumed = messages into the channel less its growth in depth + in-flight + deferred.
 */
export function channelRates(prev: ChannelCounters | undefined, cur: ChannelCounters, seconds: number | null): ChannelRates {
  if (seconds === null) return NO_CHANNEL_RATES;
  const p = prev ?? ZERO_CHANNEL;
  if (
    p.message_count === cur.message_count &&
    p.requeue_count === cur.requeue_count &&
    p.timeout_count === cur.timeout_count &&
    p.depth + p.in_flight_count + p.deferred_count === cur.depth + cur.in_flight_count + cur.deferred_count
  ) {
    return IDLE_CHANNEL_RATES;
  }
  const message_rate = counterRate(p.message_count, cur.message_count, seconds);
  const held = cur.depth + cur.in_flight_count + cur.deferred_count - (p.depth + p.in_flight_count + p.deferred_count);
  return {
    message_rate,
    requeue_rate: counterRate(p.requeue_count, cur.requeue_count, seconds),
    timeout_rate: counterRate(p.timeout_count, cur.timeout_count, seconds),
    consume_rate: message_rate === null ? null : Math.max(0, cur.message_count - p.message_count - held) / seconds,
  };
}

/** A topic's publish rate over `seconds`; a topic absent from the baseline started from zero. */
export function topicRates(prevCount: number | undefined, count: number, seconds: number | null): TopicRates {
  if (seconds === null) return NO_TOPIC_RATES;
  if (prevCount === count) return IDLE_TOPIC_RATES;
  return { message_rate: counterRate(prevCount ?? 0, count, seconds) };
}

/** Sum of the known rates; null only when none is known. */
export function sumRates(values: Iterable<number | null>): number | null {
  let sum: number | null = null;
  for (const v of values) if (v !== null) sum = (sum ?? 0) + v;
  return sum;
}

/** Adds the known values of `r` into `acc` (a running sum that stays null until a value is known). */
export function addChannelRates(acc: { -readonly [K in keyof ChannelRates]: ChannelRates[K] }, r: ChannelRates): void {
  if (r.message_rate !== null) acc.message_rate = (acc.message_rate ?? 0) + r.message_rate;
  if (r.requeue_rate !== null) acc.requeue_rate = (acc.requeue_rate ?? 0) + r.requeue_rate;
  if (r.timeout_rate !== null) acc.timeout_rate = (acc.timeout_rate ?? 0) + r.timeout_rate;
  if (r.consume_rate !== null) acc.consume_rate = (acc.consume_rate ?? 0) + r.consume_rate;
}

export function sumChannelRates(rows: readonly { rates: ChannelRates }[]): ChannelRates {
  const acc: ChannelRates = { message_rate: null, requeue_rate: null, timeout_rate: null, consume_rate: null };
  for (const r of rows) addChannelRates(acc, r.rates);
  return acc;
}

export const UNKNOWN_NODE_RATES: NodeRates = Object.freeze({
  message_rate: null,
  deliver_rate: null,
  consume_rate: null,
  requeue_rate: null,
  timeout_rate: null,
});

/**
 * A node's rates from the sums over its topics (`published`) and channels (`channels`), which the
 * caller adds up as it builds the rows; null everywhere when the poll had no comparable baseline.
 */
export function nodeRates(published: number | null, channels: ChannelRates, known: boolean): NodeRates {
  if (!known) return UNKNOWN_NODE_RATES;
  return {
    message_rate: published ?? 0,
    deliver_rate: channels.message_rate ?? 0,
    consume_rate: channels.consume_rate ?? 0,
    requeue_rate: channels.requeue_rate ?? 0,
    timeout_rate: channels.timeout_rate ?? 0,
  };
}
