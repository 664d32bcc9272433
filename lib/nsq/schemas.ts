// zod schemas for every NSQ HTTP response this console reads (nsqd and nsqlookupd v1.x, raw v1 JSON).
// Types come from z.infer. Fields that older nsqd versions lack get defaults, so a mixed-version
// cluster still parses (client_count before 1.2.0, message_bytes before 1.2.0, memory with include_mem).
import { z } from 'zod';

/**
 * A count as nsqd writes it (a Go uint64 or int64 that can only grow from 0): a whole number from 0
 * to 2^53 − 1. Anything else (negative, fractional, past what a double holds exactly) is no nsqd's
 * answer, and a node that sends one is shown with a parse error rather than feeding impossible
 * numbers to the sums, the rates and /metrics (whose counters refuse to go backwards).
 */
const count = z.number().int().nonnegative();

const percentilesSchema = z.array(z.object({ quantile: z.number(), value: z.number() })).nullable();

export const e2eLatencySchema = z.object({
  count: count,
  percentiles: percentilesSchema.default(null),
});

export const clientSchema = z.object({
  client_id: z.string(),
  hostname: z.string(),
  version: z.string(),
  remote_address: z.string(),
  state: z.number(),
  ready_count: count,
  in_flight_count: count,
  message_count: count,
  finish_count: count,
  requeue_count: count,
  connect_ts: z.number(),
  sample_rate: z.number(),
  deflate: z.boolean(),
  snappy: z.boolean(),
  user_agent: z.string().default(''),
  authed: z.boolean().default(false),
  auth_identity: z.string().default(''),
  auth_identity_url: z.string().default(''),
  pub_counts: z.array(z.object({ topic: z.string(), count: count })).optional(),
  tls: z.boolean().default(false),
  tls_cipher_suite: z.string().default(''),
  tls_version: z.string().default(''),
  tls_negotiated_protocol: z.string().default(''),
  tls_negotiated_protocol_is_mutual: z.boolean().default(false),
});

/** A channel's counters and state, as both the full /stats and the poller's view of it check them. */
const channelFields = {
  channel_name: z.string(),
  depth: count,
  backend_depth: count,
  in_flight_count: count,
  deferred_count: count,
  message_count: count,
  requeue_count: count,
  timeout_count: count,
  client_count: count.optional(),
  paused: z.boolean(),
};

/** A topic's counters and state, likewise. */
const topicFields = {
  topic_name: z.string(),
  depth: count,
  backend_depth: count,
  message_count: count,
  paused: z.boolean(),
};

export const channelStatsSchema = z.object({
  ...channelFields,
  clients: z.array(clientSchema).nullable().default(null),
  e2e_processing_latency: e2eLatencySchema.default({ count: 0, percentiles: null }),
});

export const topicStatsSchema = z.object({
  ...topicFields,
  channels: z
    .array(channelStatsSchema)
    .nullable()
    .default([])
    .transform((c) => c ?? []),
  message_bytes: count.default(0),
  e2e_processing_latency: e2eLatencySchema.default({ count: 0, percentiles: null }),
});

export const memoryStatsSchema = z.object({
  heap_objects: count,
  heap_idle_bytes: count,
  heap_in_use_bytes: count,
  heap_released_bytes: count,
  gc_pause_usec_100: count,
  gc_pause_usec_99: count,
  gc_pause_usec_95: count,
  next_gc_bytes: count,
  gc_total_runs: count,
});

export const nsqdStatsSchema = z.object({
  version: z.string(),
  health: z.string(),
  start_time: z.number(),
  // null when ?topic= names a topic this nsqd does not have
  topics: z
    .array(topicStatsSchema)
    .nullable()
    .transform((t) => t ?? []),
  memory: memoryStatsSchema.optional(),
  producers: z.array(clientSchema).nullable().optional(),
});

/**
 * The shared poller's view of /stats (asked with include_clients=false&include_mem=false): only the
 * fields the snapshot reads, every one of them checked. It is the hottest parse in the console (a
 * 1,000-topic × 4-channel nsqd answers 1.4 MB every interval), so it leaves out what costs time and
 * is not read: no client objects (nsqd sends null) and no defaults (fields older nsqd lack are filled
 * in where they are read, in lib/cluster/observe-node.ts). The poller uses it compiled (below).
 */
const e2eSummarySchema = z.object({ count: count, percentiles: percentilesSchema.optional() });

export const channelSummaryStatsSchema = z.object({
  ...channelFields,
  clients: z.array(z.unknown()).nullable().optional(),
  e2e_processing_latency: e2eSummarySchema.optional(),
});

export const topicSummaryStatsSchema = z.object({
  ...topicFields,
  channels: z.array(channelSummaryStatsSchema).nullable(),
  message_bytes: count.optional(),
  e2e_processing_latency: e2eSummarySchema.optional(),
});

export const nsqdStatsSummarySchema = z.object({
  version: z.string(),
  health: z.string(),
  start_time: z.number(),
  topics: z.array(topicSummaryStatsSchema).nullable(),
});

/**
 * The poll schema compiled ahead of time by zod (z.compile). The poller checks each /stats with its
 * validate (lib/nsq/decode.ts checkBody), which reads every field but builds no copy: validation stays
 * well under the cost of JSON.parse itself (BENCHMARKS.md, poll cost).
 */
export const nsqdPollStatsSchema = z.compile(nsqdStatsSummarySchema);

export const nsqdInfoSchema = z.object({
  version: z.string(),
  broadcast_address: z.string(),
  hostname: z.string(),
  http_port: z.number(),
  tcp_port: z.number(),
  start_time: z.number(),
});

const peerInfoSchema = z.object({
  remote_address: z.string(),
  hostname: z.string(),
  broadcast_address: z.string(),
  tcp_port: z.number(),
  http_port: z.number(),
  version: z.string(),
});

export const lookupdNodesSchema = z.object({
  producers: z.array(
    peerInfoSchema.extend({
      tombstones: z
        .array(z.boolean())
        .nullable()
        .transform((t) => t ?? []),
      topics: z
        .array(z.string())
        .nullable()
        .transform((t) => t ?? []),
    }),
  ),
});

export const lookupdTopicsSchema = z.object({
  topics: z
    .array(z.string())
    .nullable()
    .transform((t) => t ?? []),
});
export const lookupdChannelsSchema = z.object({
  channels: z
    .array(z.string())
    .nullable()
    .transform((c) => c ?? []),
});
export const lookupdLookupSchema = z.object({
  channels: z
    .array(z.string())
    .nullable()
    .transform((c) => c ?? []),
  producers: z
    .array(peerInfoSchema)
    .nullable()
    .transform((p) => p ?? []),
});
export const lookupdInfoSchema = z.object({ version: z.string() });

/** NSQ before 1.0 wrapped every body as {status_code, status_txt, data}. */
export const legacyEnvelopeSchema = z.object({
  status_code: z.number(),
  status_txt: z.string(),
  data: z.unknown(),
});

export type E2eLatency = z.infer<typeof e2eLatencySchema>;
export type ClientStats = z.infer<typeof clientSchema>;
export type ChannelStats = z.infer<typeof channelStatsSchema>;
export type TopicStats = z.infer<typeof topicStatsSchema>;
export type MemoryStats = z.infer<typeof memoryStatsSchema>;
export type NsqdStats = z.infer<typeof nsqdStatsSchema>;
export type ChannelSummaryStats = z.infer<typeof channelSummaryStatsSchema>;
export type TopicSummaryStats = z.infer<typeof topicSummaryStatsSchema>;
export type NsqdStatsSummary = z.infer<typeof nsqdStatsSummarySchema>;
/** what nsqd says of a channel or topic's e2e latency, in the full or the summary shape */
export type E2eLatencyInput = { count: number; percentiles?: { quantile: number; value: number }[] | null };
export type NsqdInfo = z.infer<typeof nsqdInfoSchema>;
export type LookupdNodes = z.infer<typeof lookupdNodesSchema>;
export type LookupdProducer = LookupdNodes['producers'][number];
export type LookupdLookup = z.infer<typeof lookupdLookupSchema>;
