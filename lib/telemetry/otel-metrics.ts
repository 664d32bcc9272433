import 'server-only';
// The cluster's series over OTLP: what /metrics serves (lib/metrics.ts), as OpenTelemetry instruments
// with the same attributes (topic, channel, node) and the same filters (--metrics-exclude-ephemeral,
// --metrics-topic-include/-exclude), plus the rates the poller computes. Observed from the latest
// snapshot when the SDK's reader collects (OTEL_METRIC_EXPORT_INTERVAL): never a read of NSQ. Without
// a MeterProvider (no OTLP metrics endpoint) the API's meter is a no-op and nothing here runs.
import { type Attributes, type BatchObservableResult, metrics, type Observable } from '@opentelemetry/api';
import type { ChannelNodeRow, ClusterSnapshot, E2eAggregate, TopicNodeRow } from '../cluster/types';
import type { MetricsConfig } from '../config';
import { metricsFilter, rowsOf } from '../metrics';

const MESSAGES = '{message}';
const RATE = '{message}/s';

type Row<R> = { name: string; description: string; unit: string; counter?: boolean; value: (r: R) => number | null };

/** Every series, by its OTLP name; the README lists them beside the Prometheus names. */
export const TOPIC_SERIES: Row<TopicNodeRow>[] = [
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
  { name: 'nsq.topic.paused', description: '1 when the topic is paused', unit: '1', value: (r) => Number(r.paused) },
  {
    name: 'nsq.topic.message_rate',
    description: 'Messages published per second, from counter deltas',
    unit: RATE,
    value: (r) => r.rates.message_rate,
  },
];

export const CHANNEL_SERIES: Row<ChannelNodeRow>[] = [
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
  {
    name: 'nsq.channel.paused',
    description: '1 when the channel is paused',
    unit: '1',
    value: (r) => Number(r.paused),
  },
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

const topicAttributes = (r: TopicNodeRow): Attributes => ({ topic: r.topic_name, node: r.node });
const channelAttributes = (r: ChannelNodeRow): Attributes => ({
  topic: r.topic_name,
  channel: r.channel_name,
  node: r.node,
});

function observeE2e(obs: BatchObservableResult, gauge: Observable, e2e: E2eAggregate, attributes: Attributes) {
  for (const p of e2e.percentiles ?? [])
    obs.observe(gauge, p.value / 1e9, { ...attributes, quantile: String(p.quantile) });
}

export interface OtelClusterOptions {
  snapshot: () => ClusterSnapshot | null;
  config: MetricsConfig;
}

/**
 * Registers the instruments with the global MeterProvider: call it after the SDK started
 * (instrumentation.ts), as the metrics API has no provider that adopts a later one.
 */
export function observeCluster(opts: OtelClusterOptions): { observePoll(snap: ClusterSnapshot): void } {
  const meter = metrics.getMeter('nsq-console');
  const filter = metricsFilter(opts.config);
  const instrument = <R>(s: Row<R>) =>
    (s.counter ? meter.createObservableCounter : meter.createObservableGauge).call(meter, s.name, {
      description: s.description,
      unit: s.unit,
    });
  const topics = TOPIC_SERIES.map((s) => ({ s, i: instrument(s) }));
  const channels = CHANNEL_SERIES.map((s) => ({ s, i: instrument(s) }));
  const topicE2e = meter.createObservableGauge('nsq.topic.e2e_processing_latency', {
    description: "nsqd's end-to-end processing latency percentiles, by quantile",
    unit: 's',
  });
  const channelE2e = meter.createObservableGauge('nsq.channel.e2e_processing_latency', {
    description: "nsqd's end-to-end processing latency percentiles, by quantile",
    unit: 's',
  });
  const nodeUp = meter.createObservableGauge('nsq.node.up', {
    description: '1 when the nsqd answered the last poll',
    unit: '1',
  });
  const pollDuration = meter.createObservableGauge('nsq_console.poll.duration', {
    description: "The last poll's duration, reading every nsqlookupd and nsqd",
    unit: 's',
  });
  const pollErrors = meter.createObservableCounter('nsq_console.poll.errors', {
    description: 'Reads of an nsqd that failed, since the console started',
    unit: '{error}',
  });
  const errors = new Map<string, number>();

  meter.addBatchObservableCallback(
    (obs) => {
      const snap = opts.snapshot();
      if (!snap) return;
      const rows = rowsOf(snap, filter);
      for (const r of rows.topics) {
        const a = topicAttributes(r);
        for (const { s, i } of topics) {
          const v = s.value(r);
          if (v !== null) obs.observe(i, v, a);
        }
        observeE2e(obs, topicE2e, r.e2e_processing_latency, a);
      }
      for (const r of rows.channels) {
        const a = channelAttributes(r);
        for (const { s, i } of channels) {
          const v = s.value(r);
          if (v !== null) obs.observe(i, v, a);
        }
        observeE2e(obs, channelE2e, r.e2e_processing_latency, a);
      }
      for (const n of snap.nodes) obs.observe(nodeUp, n.status === 'up' ? 1 : 0, { node: n.node });
      obs.observe(pollDuration, snap.poll_duration_ms / 1000);
      for (const [node, count] of errors) obs.observe(pollErrors, count, { node });
    },
    [...topics.map((t) => t.i), ...channels.map((c) => c.i), topicE2e, channelE2e, nodeUp, pollDuration, pollErrors],
  );
  return {
    /** as /metrics counts them: every polled node from 0, a node no longer polled dropped */
    observePoll(snap) {
      const present = new Set(snap.nodes.map((n) => n.node));
      for (const n of snap.nodes) errors.set(n.node, (errors.get(n.node) ?? 0) + (n.status === 'down' ? 1 : 0));
      for (const node of errors.keys()) if (!present.has(node)) errors.delete(node);
    },
  };
}
