// The cluster snapshot: what one poll of every nsqlookupd and nsqd produced, aggregated, with rates.
// Field names follow NSQ's own (depth, backend_depth, in_flight_count, ...) so that numbers can be
// compared with nsqd's /stats by name. Client code may `import type` from here.
import type { UpstreamErrorInfo } from '../nsq/http';
import type { NodeTable } from './node-table';

export type { UpstreamErrorInfo };

export interface E2ePercentile {
  quantile: number;
  /** the value shown: a node's own value, or for an aggregate the sample-count-weighted mean */
  value: number;
  count: number;
  min: number;
  max: number;
  average: number;
}

/** End-to-end processing latency in nanoseconds; percentiles is null when nsqd does not track it. */
export interface E2eAggregate {
  count: number;
  percentiles: E2ePercentile[] | null;
}

export interface ChannelCounts {
  depth: number;
  memory_depth: number;
  backend_depth: number;
  in_flight_count: number;
  deferred_count: number;
  requeue_count: number;
  timeout_count: number;
  message_count: number;
  client_count: number;
  paused: boolean;
  e2e_processing_latency: E2eAggregate;
}

/** Messages per second, null until two polls of the same nsqd process allow a difference. */
export interface ChannelRates {
  /** messages put into the channel */
  message_rate: number | null;
  requeue_rate: number | null;
  timeout_rate: number | null;
  /** messages that left the channel for good: into it, less its growth in depth + in-flight + deferred */
  consume_rate: number | null;
}

export interface TopicRates {
  /** messages published to the topic */
  message_rate: number | null;
}

export interface NodeRates {
  message_rate: number | null;
  deliver_rate: number | null;
  /** messages consumers finished (sum of the channels' consume_rate) */
  consume_rate: number | null;
  requeue_rate: number | null;
  timeout_rate: number | null;
}

export interface ChannelNodeRow extends ChannelCounts {
  node: string;
  hostname: string;
  topic_name: string;
  channel_name: string;
  rates: ChannelRates;
}

/** A channel summed over the nodes that have it. */
export interface ChannelSummary extends ChannelCounts {
  topic_name: string;
  channel_name: string;
  ephemeral: boolean;
  rates: ChannelRates;
}

/** A channel as its page shows it: the summary and each node's row (lib/cluster/node-rows.ts). */
export interface ChannelWithNodes extends ChannelSummary {
  nodes: ChannelNodeRow[];
}

export interface TopicCounts {
  depth: number;
  memory_depth: number;
  backend_depth: number;
  message_count: number;
  message_bytes: number;
  paused: boolean;
  e2e_processing_latency: E2eAggregate;
}

export interface TopicNodeRow extends TopicCounts {
  node: string;
  hostname: string;
  topic_name: string;
  channel_count: number;
  channels: ChannelNodeRow[];
  rates: TopicRates;
}

export interface TopicSummary extends TopicCounts {
  topic_name: string;
  ephemeral: boolean;
  /** nodes that answered with this topic this poll (the length of nodes) */
  node_count: number;
  /** distinct channel names over all nodes */
  channel_count: number;
  /** sums over the topic's channels, for list views */
  channel_depth: number;
  in_flight_count: number;
  deferred_count: number;
  client_count: number;
  channels: ChannelSummary[];
  rates: TopicRates;
  /** registered in at least one nsqlookupd (always false in nsqd mode) */
  in_lookupd: boolean;
  /** registered in nsqlookupd but present on no nsqd that answered */
  lookupd_only: boolean;
  /** nodes known to have this topic that did not answer this poll: their numbers are missing */
  unavailable_nodes: string[];
}

/** A topic as its page shows it: the summary, each node's row, and each channel's rows (lib/cluster/node-rows.ts). */
export interface TopicWithNodes extends Omit<TopicSummary, 'channels'> {
  channels: ChannelWithNodes[];
  nodes: TopicNodeRow[];
}

/** A topic as /api/cluster lists it: its totals and rates, without its channels. */
export type TopicListItem = Omit<TopicSummary, 'channels'>;

export interface TopicRegistration {
  topic: string;
  tombstoned: boolean;
}

/** Who a node is, as nsqlookupd (or, in nsqd mode, the node's /info) describes it. */
export interface NodeIdentity {
  /** broadcast_address:http_port, as nsqadmin names nodes */
  node: string;
  /** the HTTP address this console contacts */
  address: string;
  hostname: string;
  broadcast_address: string;
  tcp_port: number;
  http_port: number;
  version: string;
  /** the lookupds that list this node (lookupd mode) */
  lookupds: string[];
  /** "<lookupd>/<remote_address>" per lookupd, as nsqadmin shows them */
  remote_addresses: string[];
  remote_address: string;
}

export interface NodeSummary extends NodeIdentity {
  out_of_date: boolean;
  status: 'up' | 'down';
  /** nsqd's own health line: "OK" or "NOK - <reason>"; null when it did not answer */
  health: string | null;
  start_time: number | null;
  /** how long this poll's /stats took, ms */
  latency_ms: number | null;
  /** when /stats last answered, ms since epoch */
  last_ok_at: number | null;
  error: UpstreamErrorInfo | null;
  /** topics as lookupd registered them (with tombstones), or as nsqd reported them in nsqd mode */
  topics: TopicRegistration[];
  topic_count: number;
  depth: number;
  message_count: number;
  client_count: number;
  rates: NodeRates;
}

export interface LookupdSummary {
  address: string;
  /** from its /info; null until it has answered */
  version: string | null;
  status: 'up' | 'down';
  latency_ms: number | null;
  error: UpstreamErrorInfo | null;
  node_count: number;
  topic_count: number;
}

export interface ClusterTotals {
  topics: number;
  channels: number;
  nodes_up: number;
  nodes_down: number;
  depth: number;
  in_flight_count: number;
  deferred_count: number;
  message_count: number;
  client_count: number;
}

export interface ClusterSnapshot {
  /** increments with every poll */
  seq: number;
  /** when the poll started, ms since epoch */
  taken_at: number;
  poll_duration_ms: number;
  /**
   * the interval polls run at: --poll-interval, or longer while a poll's work would otherwise take
   * more than a tenth of a core (lib/cluster/interval.ts); what pages show as their freshness
   */
  poll_interval_ms: number;
  configured_poll_interval_ms: number;
  /**
   * the CPU time of the last sweep, ms: the poll worker's thread reading every /stats, and this
   * thread building the snapshot and recording history; never the work of answering requests
   */
  poll_work_ms: number;
  mode: 'lookupd' | 'nsqd';
  lookupds: LookupdSummary[];
  /** sorted by hostname, then node */
  nodes: NodeSummary[];
  /** sorted by name */
  topics: TopicSummary[];
  totals: ClusterTotals;
  rates: NodeRates;
  /** every upstream that failed this poll */
  errors: UpstreamErrorInfo[];
  /** the per-node numbers behind the summaries; kept on the server, never in an answer */
  tables: SnapshotTables;
}

/** Where a topic is in a poll's node tables: table k holds it at topic index at[k]. */
export interface TopicPlacement {
  /** in the snapshot's node order */
  tables: readonly NodeTable[];
  at: readonly number[];
}

/** The node tables of one poll, from which a page's per-node rows are made (lib/cluster/node-rows.ts). */
export interface SnapshotTables {
  /** one per node that answered, in the snapshot's node order */
  nodes: readonly NodeTable[];
  /** by topic name; a topic on no node that answered has none */
  topics: ReadonlyMap<string, TopicPlacement>;
}

/** A channel's backlog as the home page ranks it; growth is messages in less messages out, per second. */
export interface BacklogRow {
  topic: string;
  channel: string;
  depth: number;
  in_flight_count: number;
  client_count: number;
  paused: boolean;
  message_rate: number | null;
  consume_rate: number | null;
  growth_rate: number | null;
}

/** Where chart history comes from (GET /api/cluster), so the window selector offers only what can be answered. */
export interface HistorySources {
  /** windows up to this long come from memory (--history-retention) */
  memory_retention_ms: number;
  /** longer windows, up to max_window_ms, come from Prometheus (--prometheus-url) */
  prometheus: boolean;
  max_window_ms: number;
}
