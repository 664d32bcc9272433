// Rates from counter deltas between two polls of the same nsqd process. nsqd's counters are
// cumulative since it started, so a restart (new start_time) or a counter that went backwards
// (topic deleted and re-created) starts a new baseline: the rate is unknown for that interval, never
// negative and never a spike. The baseline is the node's table of the previous poll (node-table.ts),
// which the snapshot holds anyway: nothing is copied to compare two polls. In a table an unknown rate
// is NaN; rows and the API state it as null.
import type { TopicDigests } from '../nsq/poll-stats';
import { CH, type NodeTable } from './node-table';
import type { ChannelRates, NodeRates } from './types';

/** What the previous poll of one nsqd left to compare with. */
export interface NodeBaseline {
  start_time: number;
  /** when that /stats answer arrived, ms */
  at: number;
  table: NodeTable;
  /** the digests of that answer's topics, which tell the next one's unchanged topics (lib/nsq/poll-stats.ts) */
  digests: TopicDigests | null;
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

/** Per second; NaN (unknown) when the counter went backwards. */
const counterRate = (prev: number, cur: number, seconds: number) => (cur < prev ? NaN : (cur - prev) / seconds);

/**
 * Fills in the rates of the channel at row offset `o` of `cur` (a NodeTable's channels), over
 * `seconds` (null: no comparable baseline), against the row at offset `p` of `prev`. A channel absent
 * from the baseline (`prev` null) is new since then on the same process, so it started from zero and
 * its whole count is this interval's. Consumed = messages into the channel less its growth in depth +
 * in-flight + deferred.
 */
export function channelRates(
  cur: Float64Array,
  o: number,
  prev: Float64Array | null,
  p: number,
  seconds: number | null,
): void {
  if (seconds === null) {
    cur[o + CH.message_rate] = cur[o + CH.requeue_rate] = cur[o + CH.timeout_rate] = cur[o + CH.consume_rate] = NaN;
    return;
  }
  // a channel not in the baseline is compared with zeros
  const pm = prev === null ? 0 : prev[p + CH.message_count]!;
  const pr = prev === null ? 0 : prev[p + CH.requeue_count]!;
  const pt = prev === null ? 0 : prev[p + CH.timeout_count]!;
  const ph = prev === null ? 0 : prev[p + CH.depth]! + prev[p + CH.in_flight_count]! + prev[p + CH.deferred_count]!;
  const m = cur[o + CH.message_count]!;
  const held = cur[o + CH.depth]! + cur[o + CH.in_flight_count]! + cur[o + CH.deferred_count]! - ph;
  const messageRate = counterRate(pm, m, seconds);
  cur[o + CH.message_rate] = messageRate;
  cur[o + CH.requeue_rate] = counterRate(pr, cur[o + CH.requeue_count]!, seconds);
  cur[o + CH.timeout_rate] = counterRate(pt, cur[o + CH.timeout_count]!, seconds);
  cur[o + CH.consume_rate] = Number.isNaN(messageRate) ? NaN : Math.max(0, m - pm - held) / seconds;
}

/** A topic's publish rate over `seconds` (NaN: unknown); a topic absent from the baseline started from zero. */
export function topicRate(prevCount: number | undefined, count: number, seconds: number | null): number {
  return seconds === null ? NaN : counterRate(prevCount ?? 0, count, seconds);
}

export const NO_CHANNEL_RATES: ChannelRates = Object.freeze({
  message_rate: null,
  requeue_rate: null,
  timeout_rate: null,
  consume_rate: null,
});

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

export const UNKNOWN_NODE_RATES: NodeRates = Object.freeze({
  message_rate: null,
  deliver_rate: null,
  consume_rate: null,
  requeue_rate: null,
  timeout_rate: null,
});
