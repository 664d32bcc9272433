// Keeping what someone looks at live at any scale. On a large cluster a sweep of every nsqd may be
// spaced tens of seconds apart (interval.ts); an operator watching one channel during an incident
// needs its numbers every --poll-interval. A topic is "watched" while a page asks for it (its API
// routes call Poller.watch); every --poll-interval the poller reads each watched topic from the nodes
// that have it with nsqd's filtered /stats?topic=, and the snapshot's summary of that topic is
// replaced by one built from those reads (withTopics).
import { topicNodes } from './node-rows';
import type { FocusRead } from './reader';
import { buildSnapshot, type PollResult } from './snapshot';
import type { ClusterSnapshot, TopicPlacement, TopicSummary } from './types';

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
  const names = new Set([...topicNodes(snap, topic.topic_name), ...topic.unavailable_nodes]);
  return snap.nodes.filter((n) => names.has(n.node)).map((n) => n.address);
}

/** A topic as one focused read found it: its summary, and where its rows are in that read's tables. */
export interface FocusedTopic {
  summary: TopicSummary;
  placement: TopicPlacement | undefined;
}

/** The topic from one focused read, built as a sweep builds it; null when no node has it any more. */
export function summaryOf(read: FocusRead, snap: ClusterSnapshot, inLookupd: boolean): FocusedTopic | null {
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
  const built = buildSnapshot(poll);
  const summary = built.topics.find((x) => x.topic_name === read.topic);
  if (!summary || (summary.node_count === 0 && summary.unavailable_nodes.length === 0)) return null;
  return { summary, placement: built.tables.topics.get(read.topic) };
}

/**
 * The snapshot with these topics' summaries and rows replaced, and the cluster's totals changed by
 * the difference. Topics the snapshot does not have are left out.
 */
export function withTopics(snap: ClusterSnapshot, focused: readonly FocusedTopic[]): ClusterSnapshot {
  const index = new Map(focused.map((f) => [f.summary.topic_name, f]));
  const placements = new Map(snap.tables.topics);
  const totals = { ...snap.totals };
  const topics = snap.topics.map((old) => {
    const f = index.get(old.topic_name);
    if (!f) return old;
    const t = f.summary;
    totals.channels += t.channel_count - old.channel_count;
    totals.depth += t.depth + t.channel_depth - (old.depth + old.channel_depth);
    totals.in_flight_count += t.in_flight_count - old.in_flight_count;
    totals.deferred_count += t.deferred_count - old.deferred_count;
    totals.message_count += t.message_count - old.message_count;
    totals.client_count += t.client_count - old.client_count;
    if (f.placement) placements.set(t.topic_name, f.placement);
    else placements.delete(t.topic_name);
    return t;
  });
  return { ...snap, topics, totals, tables: { ...snap.tables, topics: placements } };
}
