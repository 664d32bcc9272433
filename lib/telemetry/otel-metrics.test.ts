// The OTLP series from a snapshot of stats recorded from a real nsqd: the same numbers and filters
// as /metrics, counters that start when the nsqd did, and only what the snapshot holds.
import { DataPointType, type MetricData } from '@opentelemetry/sdk-metrics';
import { describe, expect, it } from 'vitest';
import { poll, recordedStats, upNode } from '../../test/snapshot-builders';
import { buildSnapshot } from '../cluster/snapshot';
import type { MetricsConfig } from '../config';
import { metricsFilter } from '../metrics';
import { clusterMetricData } from './otel-metrics';

const A = '10.0.0.1:4151';
const DEFAULTS: MetricsConfig = { excludeEphemeral: true, topicInclude: null, topicExclude: null };
const stats = recordedStats();
const snap = buildSnapshot(poll([upNode(A, stats)], { taken_at: 1_795_260_000_000 }));

const data = (config: MetricsConfig, maxRows?: number) =>
  clusterMetricData(snap, metricsFilter(config), new Map([[A, 2]]), 1_795_259_000_000, maxRows).metrics;
const named = (all: MetricData[], name: string) => all.find((m) => m.descriptor.name === name) as MetricData;
const points = (m: MetricData) => m.dataPoints.map((p) => ({ attributes: p.attributes, value: p.value }));

describe('the cluster over OTLP', () => {
  it('has each channel’s depth as nsqd reported it, per node, without #ephemeral by default', () => {
    const depth = named(data(DEFAULTS), 'nsq.channel.depth');
    expect(depth.dataPointType).toBe(DataPointType.GAUGE);
    const orders = stats.topics.find((t) => t.topic_name === 'orders');
    expect(points(depth)).toEqual(
      (orders?.channels ?? []).map((c) => ({
        attributes: { topic: 'orders', channel: c.channel_name, node: A },
        value: c.depth,
      })),
    );
    const topics = new Set(named(data(DEFAULTS), 'nsq.topic.depth').dataPoints.map((p) => p.attributes.topic));
    expect(topics).toEqual(new Set(['clicks', 'empty', 'orders']));
    const everything = named(data({ ...DEFAULTS, excludeEphemeral: false }), 'nsq.channel.depth');
    expect(everything.dataPoints.map((p) => p.attributes.channel)).toContain('tail#ephemeral');
  });

  it('applies the topic include and exclude patterns', () => {
    const only = named(data({ ...DEFAULTS, topicInclude: 'ord.*' }), 'nsq.topic.depth');
    expect(only.dataPoints.map((p) => p.attributes.topic)).toEqual(['orders']);
    const without = named(data({ ...DEFAULTS, topicExclude: 'orders|empty' }), 'nsq.topic.depth');
    expect(without.dataPoints.map((p) => p.attributes.topic)).toEqual(['clicks']);
  });

  it('has nsqd’s counts as monotonic sums that start when the nsqd did', () => {
    const messages = named(data(DEFAULTS), 'nsq.channel.messages');
    expect(messages).toMatchObject({ dataPointType: DataPointType.SUM, isMonotonic: true });
    expect(messages.dataPoints[0]?.startTime).toEqual([stats.start_time, 0]);
    expect(messages.dataPoints[0]?.endTime).toEqual([1_795_260_000, 0]);
    const errors = named(data(DEFAULTS), 'nsq_console.poll.errors');
    expect(points(errors)).toEqual([{ attributes: { node: A }, value: 2 }]);
    expect(points(named(data(DEFAULTS), 'nsq.node.up'))).toEqual([{ attributes: { node: A }, value: 1 }]);
  });

  it('leaves out the topic and channel series past the row cap, and keeps the nodes’', () => {
    const capped = data(DEFAULTS, 2);
    expect(named(capped, 'nsq.channel.depth').dataPoints).toEqual([]);
    expect(named(capped, 'nsq.topic.depth').dataPoints).toEqual([]);
    expect(points(named(capped, 'nsq.node.up'))).toEqual([{ attributes: { node: A }, value: 1 }]);
  });
});
