// Rates from counter deltas between two polls of the same nsqd process. nsqd's counters are
// cumulative since it started, so a restart (new start_time) or a counter that went backwards
// (topic deleted and re-created) starts a new baseline: the rate is unknown (null) for that
// interval, never negative and never a spike.
import type { NsqdStats } from '../nsq/schemas';
import type { ChannelRates, NodeRates, TopicRates } from './types';

/** [message_count, requeue_count, timeout_count, depth + in_flight + deferred] */
type ChannelVector = readonly [number, number, number, number];

export interface NodeCounters {
  start_time: number;
  /** when the /stats answer arrived, ms */
  at: number;
  topics: Map<string, number>;
  channels: Map<string, ChannelVector>;
}

export const channelKey = (topic: string, channel: string) => `${topic}\u0000${channel}`;

export function collectCounters(stats: NsqdStats, at: number): NodeCounters {
  const topics = new Map<string, number>();
  const channels = new Map<string, ChannelVector>();
  for (const t of stats.topics) {
    topics.set(t.topic_name, t.message_count);
    for (const c of t.channels) {
      channels.set(channelKey(t.topic_name, c.channel_name), [
        c.message_count,
        c.requeue_count,
        c.timeout_count,
        c.depth + c.in_flight_count + c.deferred_count,
      ]);
    }
  }
  return { start_time: stats.start_time, at, topics, channels };
}

/** Per second; null when the counter went backwards. */
export function counterRate(prev: number, cur: number, seconds: number): number | null {
  const delta = cur - prev;
  return delta < 0 ? null : delta / seconds;
}

export interface NodeRateSet {
  /** false when this poll cannot be compared with the previous one (first poll, restart) */
  known: boolean;
  topics: Map<string, TopicRates>;
  channels: Map<string, ChannelRates>;
}

export const NO_CHANNEL_RATES: ChannelRates = Object.freeze({
  message_rate: null,
  requeue_rate: null,
  timeout_rate: null,
  consume_rate: null,
});
export const NO_TOPIC_RATES: TopicRates = Object.freeze({ message_rate: null });

/**
 * Rates of one node between two polls. A topic or channel that is new since the previous poll of the
 * same process started from zero, so its whole count is this interval's.
 */
export function diffCounters(prev: NodeCounters | undefined, cur: NodeCounters): NodeRateSet {
  const topics = new Map<string, TopicRates>();
  const channels = new Map<string, ChannelRates>();
  const seconds = prev ? (cur.at - prev.at) / 1000 : 0;
  if (!prev || prev.start_time !== cur.start_time || seconds <= 0) return { known: false, topics, channels };

  for (const [name, count] of cur.topics) {
    topics.set(name, { message_rate: counterRate(prev.topics.get(name) ?? 0, count, seconds) });
  }
  const zero: ChannelVector = [0, 0, 0, 0];
  for (const [key, c] of cur.channels) {
    const p = prev.channels.get(key) ?? zero;
    const message_rate = counterRate(p[0], c[0], seconds);
    const consumed = message_rate === null ? null : c[0] - p[0] - (c[3] - p[3]);
    channels.set(key, {
      message_rate,
      requeue_rate: counterRate(p[1], c[1], seconds),
      timeout_rate: counterRate(p[2], c[2], seconds),
      consume_rate: consumed === null ? null : Math.max(0, consumed) / seconds,
    });
  }
  return { known: true, topics, channels };
}

/** Sum of the known rates; null only when none is known. */
export function sumRates(values: Iterable<number | null>): number | null {
  let sum: number | null = null;
  for (const v of values) if (v !== null) sum = (sum ?? 0) + v;
  return sum;
}

export function sumChannelRates(rows: readonly { rates: ChannelRates }[]): ChannelRates {
  return {
    message_rate: sumRates(rows.map((r) => r.rates.message_rate)),
    requeue_rate: sumRates(rows.map((r) => r.rates.requeue_rate)),
    timeout_rate: sumRates(rows.map((r) => r.rates.timeout_rate)),
    consume_rate: sumRates(rows.map((r) => r.rates.consume_rate)),
  };
}

/** A node's rates from its topic and channel rates; null when the node has no baseline yet. */
export function nodeRates(set: NodeRateSet | undefined): NodeRates {
  if (!set?.known) {
    return { message_rate: null, deliver_rate: null, consume_rate: null, requeue_rate: null, timeout_rate: null };
  }
  const ch = [...set.channels.values()];
  return {
    message_rate: sumRates([...set.topics.values()].map((t) => t.message_rate)) ?? 0,
    deliver_rate: sumRates(ch.map((c) => c.message_rate)) ?? 0,
    consume_rate: sumRates(ch.map((c) => c.consume_rate)) ?? 0,
    requeue_rate: sumRates(ch.map((c) => c.requeue_rate)) ?? 0,
    timeout_rate: sumRates(ch.map((c) => c.timeout_rate)) ?? 0,
  };
}
