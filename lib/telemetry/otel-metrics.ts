import 'server-only';
// The cluster's series over OTLP: what /metrics serves (lib/metrics.ts), with the same attributes
// (topic, channel, node) and the same filters (--metrics-exclude-ephemeral, --metrics-topic-include
// and -exclude), plus the rates the poller computes. A MetricProducer, not API instruments: each
// export holds exactly the series of the latest snapshot, however many (the SDK's instruments keep
// at most 2,000 attribute sets each, and keep exporting a topic that is gone). Loaded only when
// OTLP metrics are exported (lib/telemetry/sdk.ts); reading it never reaches NSQ.
import { type Attributes, type HrTime, ValueType } from '@opentelemetry/api';
import { emptyResource } from '@opentelemetry/resources';
import {
  AggregationTemporality,
  type CollectionResult,
  type DataPoint,
  DataPointType,
  type MetricData,
  type MetricProducer,
} from '@opentelemetry/sdk-metrics';
import type { ChannelNodeRow, ClusterSnapshot, E2eAggregate, NodeSummary, TopicNodeRow } from '../cluster/types';
import type { MetricsConfig } from '../config';
import { log } from '../log';
import { type MetricsFilter, metricsFilter, rowsOf } from '../metrics';

const MESSAGES = '{message}';
const RATE = '{message}/s';

interface Series<R> {
  name: string;
  description: string;
  unit: string;
  /** a monotonic sum since the nsqd started (nsqd's counts), else a gauge */
  counter?: boolean;
  value: (r: R) => number | null;
}

/** Every series, by its OTLP name; the README lists them with the names Prometheus gives them. */
export const TOPIC_SERIES: Series<TopicNodeRow>[] = [
  {
    name: 'nsq.topic.depth',
    description: 'Messages in the topic queue (memory + disk)',
    unit: MESSAGES,
    value: (r) => r.depth,
  },
  {
    name: 'nsq.topic.backend_depth',
    description: 'Messages of the topic queue on disk',
    unit: MESSAGES,
    value: (r) => r.backend_depth,
  },
  {
    name: 'nsq.topic.messages',
    description: 'Messages published to the topic since the nsqd started',
    unit: MESSAGES,
    counter: true,
    value: (r) => r.message_count,
  },
  {
    name: 'nsq.topic.message_bytes',
    description: 'Bytes published to the topic since the nsqd started',
    unit: 'By',
    counter: true,
    value: (r) => r.message_bytes,
  },
  // no unit: Prometheus would add _ratio for "1"
  { name: 'nsq.topic.paused', description: '1 when the topic is paused', unit: '', value: (r) => Number(r.paused) },
  {
    name: 'nsq.topic.message_rate',
    description: 'Messages published per second, from counter deltas',
    unit: RATE,
    value: (r) => r.rates.message_rate,
  },
];

export const CHANNEL_SERIES: Series<ChannelNodeRow>[] = [
  {
    name: 'nsq.channel.depth',
    description: 'Messages waiting in the channel (memory + disk)',
    unit: MESSAGES,
    value: (r) => r.depth,
  },
  {
    name: 'nsq.channel.backend_depth',
    description: 'Messages of the channel on disk',
    unit: MESSAGES,
    value: (r) => r.backend_depth,
  },
  {
    name: 'nsq.channel.in_flight',
    description: 'Messages sent to a consumer and not yet finished',
    unit: MESSAGES,
    value: (r) => r.in_flight_count,
  },
  {
    name: 'nsq.channel.deferred',
    description: 'Messages requeued with a delay, not yet due',
    unit: MESSAGES,
    value: (r) => r.deferred_count,
  },
  {
    name: 'nsq.channel.messages',
    description: 'Messages put into the channel since the nsqd started',
    unit: MESSAGES,
    counter: true,
    value: (r) => r.message_count,
  },
  {
    name: 'nsq.channel.requeued',
    description: 'Messages requeued by consumers since the nsqd started',
    unit: MESSAGES,
    counter: true,
    value: (r) => r.requeue_count,
  },
  {
    name: 'nsq.channel.timed_out',
    description: 'Messages that timed out in flight since the nsqd started',
    unit: MESSAGES,
    counter: true,
    value: (r) => r.timeout_count,
  },
  {
    name: 'nsq.channel.clients',
    description: 'Consumers connected to the channel',
    unit: '{client}',
    value: (r) => r.client_count,
  },
  { name: 'nsq.channel.paused', description: '1 when the channel is paused', unit: '', value: (r) => Number(r.paused) },
  {
    name: 'nsq.channel.message_rate',
    description: 'Messages put into the channel per second',
    unit: RATE,
    value: (r) => r.rates.message_rate,
  },
  {
    name: 'nsq.channel.consume_rate',
    description: 'Messages consumed for good per second',
    unit: RATE,
    value: (r) => r.rates.consume_rate,
  },
  {
    name: 'nsq.channel.requeue_rate',
    description: 'Messages requeued per second',
    unit: RATE,
    value: (r) => r.rates.requeue_rate,
  },
  {
    name: 'nsq.channel.timeout_rate',
    description: 'Messages timed out per second',
    unit: RATE,
    value: (r) => r.rates.timeout_rate,
  },
];

/**
 * Topic and channel rows (one per node each) an export carries at most. One export costs about a
 * second per 50,000 rows to build and encode on the request thread, and memory in proportion
 * (BENCHMARKS.md, `npm run bench:otlp`): past this, only the node and console series go out, and the
 * console says which flags keep the export within it.
 */
export const OTLP_MAX_ROWS = 50_000;

const hrTime = (ms: number): HrTime => [Math.floor(ms / 1000), Math.round((ms % 1000) * 1e6)];

/** What the producer reads: the poller's latest snapshot and the console's count of failed reads. */
export interface ClusterSource {
  snapshot(): ClusterSnapshot | null;
  /** failed /stats reads per node since the console started (lib/telemetry/poll-errors.ts) */
  pollErrors(): ReadonlyMap<string, number>;
  config: MetricsConfig;
  /** when the console started, ms: the start of its own counters */
  startedAt: number;
}

function metric(
  s: Pick<Series<unknown>, 'name' | 'description' | 'unit' | 'counter'>,
  dataPoints: DataPoint<number>[],
): MetricData {
  const descriptor = { name: s.name, description: s.description, unit: s.unit, valueType: ValueType.DOUBLE };
  return s.counter
    ? {
        descriptor,
        aggregationTemporality: AggregationTemporality.CUMULATIVE,
        dataPointType: DataPointType.SUM,
        isMonotonic: true,
        dataPoints,
      }
    : {
        descriptor,
        aggregationTemporality: AggregationTemporality.CUMULATIVE,
        dataPointType: DataPointType.GAUGE,
        dataPoints,
      };
}

const E2E = {
  description: "nsqd's end-to-end processing latency percentiles, by quantile",
  unit: 's',
};

/** The snapshot's series as OTLP metric data: pure, so it is tested on recorded nsqd stats. */
export function clusterMetricData(
  snap: ClusterSnapshot,
  filter: MetricsFilter,
  pollErrors: ReadonlyMap<string, number>,
  startedAt: number,
  maxRows = OTLP_MAX_ROWS,
): { metrics: MetricData[]; rows: number; cut: boolean } {
  const at = hrTime(snap.taken_at);
  // nsqd's counts start when it did: a restart starts a new cumulative series
  const startOf = new Map(
    snap.nodes.map((n: NodeSummary) => [n.node, n.start_time === null ? at : hrTime(n.start_time * 1000)]),
  );
  const point = (
    node: string,
    counter: boolean | undefined,
    value: number,
    attributes: Attributes,
  ): DataPoint<number> => ({
    startTime: counter ? (startOf.get(node) ?? at) : at,
    endTime: at,
    attributes,
    value,
  });
  const all = rowsOf(snap, filter);
  const count = all.topics.length + all.channels.length;
  const cut = count > maxRows;
  const rows = cut ? { topics: [], channels: [] } : all;
  const out: MetricData[] = [];
  const perRow = <R extends { node: string }>(
    series: Series<R>[],
    list: readonly R[],
    attributes: (r: R) => Attributes,
  ) => {
    for (const s of series) {
      const points: DataPoint<number>[] = [];
      for (const r of list) {
        const v = s.value(r);
        if (v !== null) points.push(point(r.node, s.counter, v, attributes(r)));
      }
      out.push(metric(s, points));
    }
  };
  perRow(TOPIC_SERIES, rows.topics, (r) => ({ topic: r.topic_name, node: r.node }));
  perRow(CHANNEL_SERIES, rows.channels, (r) => ({ topic: r.topic_name, channel: r.channel_name, node: r.node }));
  const e2e = <R extends { node: string; e2e_processing_latency: E2eAggregate }>(
    name: string,
    list: readonly R[],
    attributes: (r: R) => Attributes,
  ) =>
    metric(
      { name, ...E2E },
      list.flatMap((r) =>
        (r.e2e_processing_latency.percentiles ?? []).map((p) =>
          point(r.node, false, p.value / 1e9, { ...attributes(r), quantile: String(p.quantile) }),
        ),
      ),
    );
  out.push(e2e('nsq.topic.e2e_processing_latency', rows.topics, (r) => ({ topic: r.topic_name, node: r.node })));
  out.push(
    e2e('nsq.channel.e2e_processing_latency', rows.channels, (r) => ({
      topic: r.topic_name,
      channel: r.channel_name,
      node: r.node,
    })),
  );
  out.push(
    metric(
      { name: 'nsq.node.up', description: '1 when the nsqd answered the last poll', unit: '' },
      snap.nodes.map((n) => point(n.node, false, n.status === 'up' ? 1 : 0, { node: n.node })),
    ),
  );
  out.push(
    metric({ name: 'nsq_console.poll.duration', description: "The last poll's duration", unit: 's' }, [
      point('', false, snap.poll_duration_ms / 1000, {}),
    ]),
  );
  const since = hrTime(startedAt);
  out.push(
    metric(
      {
        name: 'nsq_console.poll.errors',
        description: 'Polls in which the nsqd did not answer /stats, since the console started',
        unit: '{error}',
        counter: true,
      },
      [...pollErrors].map(([node, n]) => ({ startTime: since, endTime: at, attributes: { node }, value: n })),
    ),
  );
  return { metrics: out, rows: count, cut };
}

/** Hands the reader the latest snapshot's series at each export; the same snapshot is built once. */
export class ClusterMetricProducer implements MetricProducer {
  private readonly filter: MetricsFilter;
  private last: { snap: ClusterSnapshot; metrics: MetricData[] } | null = null;

  constructor(private readonly source: ClusterSource) {
    this.filter = metricsFilter(source.config);
  }

  /** whether the last export left the topic and channel series out (OTLP_MAX_ROWS) */
  private cut = false;

  async collect(): Promise<CollectionResult> {
    const snap = this.source.snapshot();
    if (snap && this.last?.snap !== snap) {
      const data = clusterMetricData(snap, this.filter, this.source.pollErrors(), this.source.startedAt);
      this.last = { snap, metrics: data.metrics };
      // said when it starts and when it ends, not at every export
      if (data.cut && !this.cut)
        log('warn', 'OTLP metrics: topic and channel series left out', {
          rows: data.rows,
          max_rows: OTLP_MAX_ROWS,
          fix: 'export fewer topics with --metrics-topic-include or --metrics-topic-exclude',
        });
      else if (!data.cut && this.cut) log('info', 'OTLP metrics: topic and channel series back', { rows: data.rows });
      this.cut = data.cut;
    }
    return {
      // the reader keeps the SDK's resource and takes only the scope's metrics from here
      resourceMetrics: {
        resource: emptyResource(),
        scopeMetrics: snap && this.last ? [{ scope: { name: 'nsq-console' }, metrics: this.last.metrics }] : [],
      },
      errors: [],
    };
  }
}
