// Keeping what someone looks at live at any scale. On a large cluster a sweep of every nsqd may be
// spaced tens of seconds apart (interval.ts); an operator watching one channel during an incident
// needs its numbers every --poll-interval. A topic is "watched" while a page asks for it (its API
// routes call Poller.watch); every --poll-interval the poller reads each watched topic from the nodes
// that have it with nsqd's filtered /stats?topic=, and the snapshot's summary of that topic is
// replaced by one built from those reads (withTopic).

import type { FocusRead } from './reader';
import { buildSnapshot, type PollResult } from './snapshot';
import type { ClusterSnapshot, TopicSummary } from './types';

/** How long a topic stays watched after the last request for it, in poll intervals: pages refetch every interval. */
export const WATCH_INTERVALS = 3;
/** The most topics read this way at once (the ones asked for last), so that requests cannot make the console read without bound. */
export const MAX_WATCHED = 25;

export class Watchlist {
  /** topic → when a page last asked for it, ms; in the order last asked */
  private readonly asked = new Map<string, number>();

  constructor(private readonly ttlMs: number) {}

  /** Notes that a page asked for the topic; whether it was not watched before. */
  watch(topic: string, now: number): boolean {
    const fresh = !this.asked.has(topic) || now - this.asked.get(topic)! > this.ttlMs;
    this.asked.delete(topic);
    this.asked.set(topic, now);
    if (this.asked.size > MAX_WATCHED) this.asked.delete(this.asked.keys().next().value!);
    return fresh;
  }

  /** The topics asked for within the last ttl, forgetting the others. */
  watched(now: number): string[] {
    for (const [topic, at] of this.asked) if (now - at > this.ttlMs) this.asked.delete(topic);
    return [...this.asked.keys()];
  }

  has(topic: string, now: number): boolean {
    const at = this.asked.get(topic);
    return at !== undefined && now - at <= this.ttlMs;
  }
}

/** The addresses of the nodes the snapshot says have the topic, or know of it while down. */
export function nodesOf(snap: ClusterSnapshot, topic: TopicSummary): string[] {
  const names = new Set([...topic.nodes.map((r) => r.node), ...topic.unavailable_nodes]);
  return snap.nodes.filter((n) => names.has(n.node)).map((n) => n.address);
}

/** The topic's summary from one focused read, built as a sweep builds it; null when no node has it any more. */
export function summaryOf(read: FocusRead, snap: ClusterSnapshot, inLookupd: boolean): TopicSummary | null {
  const poll: PollResult = {
    seq: snap.seq,
    taken_at: read.at,
    poll_duration_ms: 0,
    poll_interval_ms: snap.poll_interval_ms,
    configured_poll_interval_ms: snap.configured_poll_interval_ms,
    poll_work_ms: 0,
    mode: snap.mode,
    lookupds: [],
    nodes: read.nodes.map((o) => ({ ...o, registrations: [] })),
    lookupd_topics: inLookupd ? [read.topic] : [],
  };
  const t = buildSnapshot(poll).topics.find((x) => x.topic_name === read.topic);
  return t && (t.node_count > 0 || t.unavailable_nodes.length > 0) ? t : null;
}

/** The snapshot with one topic's summary replaced, and the cluster's totals changed by the difference. */
export function withTopic(snap: ClusterSnapshot, summary: TopicSummary): ClusterSnapshot {
  const i = snap.topics.findIndex((t) => t.topic_name === summary.topic_name);
  if (i < 0) return snap;
  const old = snap.topics[i]!;
  const topics = snap.topics.slice();
  topics[i] = summary;
  const d = (f: (t: TopicSummary) => number) => f(summary) - f(old);
  const totals = snap.totals;
  return {
    ...snap,
    topics,
    totals: {
      ...totals,
      channels: totals.channels + d((t) => t.channel_count),
      depth: totals.depth + d((t) => t.depth + t.channel_depth),
      in_flight_count: totals.in_flight_count + d((t) => t.in_flight_count),
      deferred_count: totals.deferred_count + d((t) => t.deferred_count),
      message_count: totals.message_count + d((t) => t.message_count),
      client_count: totals.client_count + d((t) => t.client_count),
    },
  };
}
