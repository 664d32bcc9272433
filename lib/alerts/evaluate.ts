// Which subjects break which rule in one snapshot: pure functions of the snapshot and of the channel
// counters seen over the rules' windows (CounterWindows). The tracker (tracker.ts) turns breaches
// into pending, firing and resolved alerts.
import { lookupdDifferences } from '../cluster/lookupd-diff';
import type { ChannelSummary, ClusterSnapshot } from '../cluster/types';
import { type AlertRule, type RuleKind, ruleScope, type Severity } from './rules';

/** One subject over one rule's threshold this poll. */
export interface Breach {
  rule: string;
  kind: RuleKind;
  severity: Severity;
  topic: string | null;
  channel: string | null;
  node: string | null;
  /** messages, seconds (Infinity: never drains) or a ratio, by kind; a count for lookupd_disagree */
  value: number;
  threshold: number;
}

export const breachKey = (b: Pick<Breach, 'rule' | 'topic' | 'channel' | 'node'>) =>
  JSON.stringify([b.rule, b.topic, b.channel, b.node]);

interface Counters {
  at: number;
  messages: number;
  requeues: number;
  timeouts: number;
}

/**
 * Each channel's message, requeue and timeout counts over time, enough to take their differences over
 * the longest rule window. At most about SAMPLES_PER_WINDOW samples per channel are kept, however
 * often polls run, so 10,000 channels cost a bounded amount of memory.
 */
export class CounterWindows {
  private readonly series = new Map<string, Counters[]>();
  private readonly spacingMs: number;
  /** the previous poll: when it was taken, and the start_time of each nsqd that answered it */
  private previous: { at: number; started: Map<string, number> } | null = null;

  constructor(private readonly longestWindowMs: number) {
    this.spacingMs = longestWindowMs / SAMPLES_PER_WINDOW;
  }

  record(snap: ClusterSnapshot): void {
    const previous = this.previous;
    const started = startTimes(snap);
    this.previous = { at: snap.taken_at, started };
    const seen = new Set<string>();
    for (const t of snap.topics) {
      for (const c of t.channels) {
        const key = channelKey(t.topic_name, c.channel_name);
        seen.add(key);
        const now: Counters = {
          at: snap.taken_at,
          messages: c.message_count,
          requeues: c.requeue_count,
          timeouts: c.timeout_count,
        };
        const list = this.series.get(key);
        const last = list?.at(-1);
        if (!list || !last) {
          // A channel first seen now, on nsqd processes that all answered the previous poll, was
          // created since then: nsqd counted its messages from zero, so they are this interval's, as
          // rates.ts counts them. Otherwise a burst into a new channel (published, requeued or timed
          // out before the next poll) would never reach a window. On the first poll, or on an nsqd
          // that just started or came back, the counts are of unknown age: the series starts from them.
          const created =
            previous !== null &&
            (snap.tables.topics.get(t.topic_name)?.tables ?? []).every((table) => {
              const start = started.get(table.node);
              return start !== undefined && previous.started.get(table.node) === start;
            });
          this.series.set(key, created ? [{ at: previous.at, messages: 0, requeues: 0, timeouts: 0 }, now] : [now]);
          continue;
        }
        // a counter that went down: a node restarted or stopped answering; start again from here
        if (now.messages < last.messages || now.requeues < last.requeues || now.timeouts < last.timeouts) {
          this.series.set(key, [now]);
          continue;
        }
        // the last sample is always the newest; the ones before it are at least spacingMs apart
        const before = list.at(-2);
        if (before && now.at - before.at < this.spacingMs) list[list.length - 1] = now;
        else list.push(now);
        while (list.length > 1 && (list[1] as Counters).at <= now.at - this.longestWindowMs) list.shift();
      }
    }
    for (const key of this.series.keys()) if (!seen.has(key)) this.series.delete(key);
  }

  /**
   * The counts added over the last `windowMs` (from the oldest sample inside the window, or the one
   * just before it), or null with fewer than two samples.
   */
  delta(topic: string, channel: string, windowMs: number): Omit<Counters, 'at'> | null {
    const list = this.series.get(channelKey(topic, channel));
    const last = list?.at(-1);
    if (!list || !last || list.length < 2) return null;
    const from = list.findLast((s) => s.at <= last.at - windowMs) ?? (list[0] as Counters);
    if (from === last) return null;
    return {
      messages: last.messages - from.messages,
      requeues: last.requeues - from.requeues,
      timeouts: last.timeouts - from.timeouts,
    };
  }
}

const SAMPLES_PER_WINDOW = 20;
const channelKey = (topic: string, channel: string) => `${topic}\u0000${channel}`;

/** node → start_time of each nsqd that answered the poll */
function startTimes(snap: ClusterSnapshot): Map<string, number> {
  const started = new Map<string, number>();
  for (const n of snap.nodes) if (n.status === 'up' && n.start_time !== null) started.set(n.node, n.start_time);
  return started;
}

/**
 * Seconds until the channel's messages are consumed: nsqd's end-to-end processing latency p99 where
 * nsqd tracks it, otherwise the backlog over the rate it is consumed at. Infinity when messages wait
 * and nothing consumes them; null when it cannot be told yet (no rates after the first poll).
 */
export function consumeDelaySeconds(c: ChannelSummary): number | null {
  if (c.depth > 0 && c.client_count === 0) return Number.POSITIVE_INFINITY;
  const p99 = c.e2e_processing_latency.percentiles?.find((p) => p.quantile === 0.99);
  if (p99) return p99.value / 1e9;
  if (c.depth === 0) return 0;
  const rate = c.rates.consume_rate;
  if (rate === null) return null;
  return rate > 0 ? c.depth / rate : Number.POSITIVE_INFINITY;
}

/** Every breach of every rule in this snapshot. */
export function evaluate(rules: readonly AlertRule[], snap: ClusterSnapshot, windows: CounterWindows): Breach[] {
  const out: Breach[] = [];
  for (const r of rules) {
    const base = { rule: r.name, kind: r.kind, severity: r.severity, threshold: r.threshold };
    if (r.kind === 'node_down') {
      for (const n of snap.nodes)
        if (n.status === 'down') out.push({ ...base, topic: null, channel: null, node: n.node, value: 1 });
      continue;
    }
    if (r.kind === 'lookupd_disagree') {
      if (snap.mode !== 'lookupd') continue;
      const d = lookupdDifferences(snap.lookupds, snap.nodes);
      if (!d.agree) {
        const value = d.missingNodes.length + (d.nodeCounts ? 1 : 0) + (d.topicCounts ? 1 : 0);
        out.push({ ...base, topic: null, channel: null, node: null, value });
      }
      continue;
    }
    const inScope = ruleScope(r);
    for (const t of snap.topics) {
      if (!inScope(t.topic_name, null)) continue;
      // a topic without channels keeps its messages: its own depth is the backlog
      if (r.kind === 'backlog' && t.channels.length === 0 && t.depth > r.threshold)
        out.push({ ...base, topic: t.topic_name, channel: null, node: null, value: t.depth });
      for (const c of t.channels) {
        if (!inScope(t.topic_name, c.channel_name)) continue;
        const value = channelValue(r, c, windows);
        if (value !== null && value > r.threshold)
          out.push({ ...base, topic: t.topic_name, channel: c.channel_name, node: null, value });
      }
    }
  }
  return out;
}

function channelValue(r: AlertRule, c: ChannelSummary, windows: CounterWindows): number | null {
  switch (r.kind) {
    case 'backlog':
      return c.depth;
    case 'consume_delay':
      return consumeDelaySeconds(c);
    case 'failure_rate':
    case 'retry_rate': {
      const d = windows.delta(c.topic_name, c.channel_name, r.window_ms);
      // too few messages to say anything: 1 requeue out of 2 is not a 50 % retry rate
      if (!d || d.messages < Math.max(1, r.min_messages)) return null;
      return (r.kind === 'failure_rate' ? d.timeouts : d.requeues) / d.messages;
    }
    default:
      return null;
  }
}
