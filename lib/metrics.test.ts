import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parsePrometheusText, samplesOf, sampleValue } from '../test/prometheus-text';
import { downNode, poll, recordedStats, upNode } from '../test/snapshot-builders';
import { buildSnapshot } from './cluster/snapshot';
import type { ClusterSnapshot } from './cluster/types';
import type { MetricsConfig } from './config';
import { ConsoleMetrics, metricsFilter } from './metrics';

const ALL: MetricsConfig = { excludeEphemeral: false, topicInclude: null, topicExclude: null };
const DEFAULTS: MetricsConfig = { excludeEphemeral: true, topicInclude: null, topicExclude: null };

const A = '10.0.0.1:4151';
const B = '10.0.0.2:4151';

function twoNodes(): ClusterSnapshot {
  const b = recordedStats();
  const billingB = b.topics.find((t) => t.topic_name === 'orders')?.channels.find((c) => c.channel_name === 'billing');
  if (billingB)
    Object.assign(billingB, {
      depth: 7,
      backend_depth: 2,
      in_flight_count: 1,
      message_count: 99,
      requeue_count: 4,
      timeout_count: 5,
    });
  const e2e = recordedStats('nsqd-stats-e2e.json');
  return buildSnapshot(
    poll(
      [
        upNode(A, recordedStats(), { hostname: 'nsqd-a' }),
        upNode(B, b, { hostname: 'nsqd-b' }),
        upNode('10.0.0.3:4151', e2e, { hostname: 'nsqd-c' }),
      ],
      {
        taken_at: 10_000,
      },
    ),
  );
}

async function scrape(snap: ClusterSnapshot | null, config: MetricsConfig = ALL, now = 12_500) {
  const m = new ConsoleMetrics({ snapshot: () => snap, config, now: () => now, processMetrics: false });
  return { metrics: m, families: parsePrometheusText(await m.render()) };
}

describe('/metrics from a snapshot of recorded nsqd stats', () => {
  const snap = twoNodes();

  it('exposes each node’s channel numbers as nsqd reported them', async () => {
    const { families } = await scrape(snap);
    const billing = (node: string) => ({ topic: 'orders', channel: 'billing', node });
    expect(sampleValue(families, 'nsq_channel_depth', billing(A))).toBe(10);
    expect(sampleValue(families, 'nsq_channel_depth', billing(B))).toBe(7);
    expect(sampleValue(families, 'nsq_channel_backend_depth', billing(B))).toBe(2);
    expect(sampleValue(families, 'nsq_channel_in_flight_count', billing(A))).toBe(3);
    expect(sampleValue(families, 'nsq_channel_in_flight_count', billing(B))).toBe(1);
    expect(sampleValue(families, 'nsq_channel_deferred_count', billing(A))).toBe(1);
    expect(sampleValue(families, 'nsq_channel_message_count_total', billing(A))).toBe(16);
    expect(sampleValue(families, 'nsq_channel_message_count_total', billing(B))).toBe(99);
    expect(sampleValue(families, 'nsq_channel_requeue_count_total', billing(B))).toBe(4);
    expect(sampleValue(families, 'nsq_channel_timeout_count_total', billing(B))).toBe(5);
    expect(sampleValue(families, 'nsq_channel_client_count', billing(A))).toBe(2);
    expect(sampleValue(families, 'nsq_channel_paused', billing(A))).toBe(0);
    expect(sampleValue(families, 'nsq_channel_paused', { topic: 'orders', channel: 'shipping', node: A })).toBe(1);
  });

  it('exposes each node’s topic numbers, with counters typed as counters', async () => {
    const { families } = await scrape(snap);
    expect(sampleValue(families, 'nsq_topic_message_count_total', { topic: 'orders', node: A })).toBe(16);
    expect(sampleValue(families, 'nsq_topic_depth', { topic: 'heartbeats#ephemeral', node: A })).toBe(3);
    expect(sampleValue(families, 'nsq_topic_backend_depth', { topic: 'orders', node: A })).toBe(0);
    expect(sampleValue(families, 'nsq_topic_paused', { topic: 'orders', node: A })).toBe(0);
    expect(families.get('nsq_topic_message_count_total')?.type).toBe('counter');
    expect(families.get('nsq_channel_message_count_total')?.type).toBe('counter');
    expect(families.get('nsq_channel_depth')?.type).toBe('gauge');
    // one series per topic and node: 4 topics on A and B, 1 on C
    expect(samplesOf(families, 'nsq_topic_depth')).toHaveLength(9);
  });

  it('exposes e2e percentiles in seconds with a quantile label, only where nsqd tracks them', async () => {
    const { families } = await scrape(snap);
    const c = '10.0.0.3:4151';
    expect(
      sampleValue(families, 'nsq_topic_e2e_processing_latency_seconds', { topic: 'orders', node: c, quantile: '0.99' }),
    ).toBeCloseTo(0.208882063, 9);
    expect(
      sampleValue(families, 'nsq_channel_e2e_processing_latency_seconds', {
        topic: 'orders',
        channel: 'billing',
        node: c,
        quantile: '0.5',
      }),
    ).toBeCloseTo(0.207424295, 9);
    expect(samplesOf(families, 'nsq_channel_e2e_processing_latency_seconds').every((s) => s.labels.node === c)).toBe(
      true,
    );
  });

  it('exposes node health, identity and the age of the data', async () => {
    const down = buildSnapshot(poll([upNode(A, recordedStats()), downNode(B, ['orders'])], { taken_at: 10_000 }));
    const { families } = await scrape(down);
    expect(sampleValue(families, 'nsq_node_up', { node: A })).toBe(1);
    expect(sampleValue(families, 'nsq_node_up', { node: B })).toBe(0);
    expect(sampleValue(families, 'nsq_node_info', { node: A, version: '1.3.0' })).toBe(1);
    expect(sampleValue(families, 'nsq_node_start_time_seconds', { node: A })).toBe(1795258218);
    expect(sampleValue(families, 'nsq_node_start_time_seconds', { node: B })).toBeUndefined();
    expect(sampleValue(families, 'nsq_lookupd_up', { lookupd: '127.0.0.1:4161' })).toBe(1);
    // a down node has no topic or channel series: its numbers are unknown, not zero
    expect(samplesOf(families, 'nsq_channel_depth').every((s) => s.labels.node === A)).toBe(true);
    expect(sampleValue(families, 'nsq_console_snapshot_age_seconds')).toBe(2.5);
    expect(sampleValue(families, 'nsq_console_poll_interval_seconds')).toBe(2);
    // the builders' polls each cost 1 ms of CPU
    expect(sampleValue(families, 'nsq_console_poll_cpu_seconds')).toBe(0.001);
  });

  it('leaves out ephemeral topics and channels by default, and applies the topic patterns', async () => {
    const names = (families: Awaited<ReturnType<typeof scrape>>['families'], metric: string) =>
      [
        ...new Set(
          samplesOf(families, metric).map((s) =>
            s.labels.channel ? `${s.labels.topic}/${s.labels.channel}` : s.labels.topic,
          ),
        ),
      ].sort();
    const byDefault = (await scrape(snap, DEFAULTS)).families;
    expect(names(byDefault, 'nsq_topic_depth')).toEqual(['clicks', 'empty', 'orders']);
    expect(names(byDefault, 'nsq_channel_depth')).toEqual(['orders/billing', 'orders/shipping']);
    const included = (await scrape(snap, { ...DEFAULTS, topicInclude: 'ord.*|clicks' })).families;
    expect(names(included, 'nsq_topic_depth')).toEqual(['clicks', 'orders']);
    // anchored: "ord" alone matches no whole name
    expect(names((await scrape(snap, { ...DEFAULTS, topicInclude: 'ord' })).families, 'nsq_topic_depth')).toEqual([]);
    const excluded = (await scrape(snap, { ...ALL, topicExclude: 'orders|heartbeats.*' })).families;
    expect(names(excluded, 'nsq_topic_depth')).toEqual(['clicks', 'empty']);
    expect(names(excluded, 'nsq_channel_depth')).toEqual(['clicks/tail#ephemeral']);
    // the nodes are always there, whatever the topic filters
    expect(samplesOf(excluded, 'nsq_node_up')).toHaveLength(3);
  });

  it('rebuilds from the latest snapshot on every scrape: what is gone from the cluster is gone from the output', async () => {
    let current: ClusterSnapshot = snap;
    const m = new ConsoleMetrics({ snapshot: () => current, config: ALL, now: () => 12_000, processMetrics: false });
    expect(sampleValue(parsePrometheusText(await m.render()), 'nsq_topic_depth', { topic: 'orders', node: A })).toBe(0);
    const stats = recordedStats();
    stats.topics = stats.topics.filter((t) => t.topic_name !== 'orders');
    current = buildSnapshot(poll([upNode(A, stats)], { seq: 2 }));
    const after = parsePrometheusText(await m.render());
    expect(
      samplesOf(after, 'nsq_topic_depth')
        .map((s) => s.labels.topic)
        .sort(),
    ).toEqual(['clicks', 'empty', 'heartbeats#ephemeral']);
    expect(samplesOf(after, 'nsq_channel_depth').map((s) => s.labels.channel)).toEqual(['tail#ephemeral']);
    expect(samplesOf(after, 'nsq_node_up').map((s) => s.labels.node)).toEqual([A]);
  });

  it('before the first poll, has the console’s own families and no cluster series', async () => {
    const { families } = await scrape(null);
    expect(samplesOf(families, 'nsq_topic_depth')).toEqual([]);
    expect(Number.isNaN(sampleValue(families, 'nsq_console_snapshot_age_seconds'))).toBe(true);
  });
});

describe('/metrics between polls', () => {
  /** The snapshot, counting how often its topics are read: once per render of the cluster's series. */
  function counted(snap: ClusterSnapshot) {
    const reads = { topics: 0 };
    const copy = { ...snap };
    Object.defineProperty(copy, 'topics', {
      get: () => {
        reads.topics++;
        return snap.topics;
      },
    });
    return { snap: copy as ClusterSnapshot, reads };
  }

  it('renders the cluster’s series once per snapshot, for every scrape and concurrent scrapes', async () => {
    const first = counted(twoNodes());
    let current = first.snap;
    const m = new ConsoleMetrics({ snapshot: () => current, config: ALL, now: () => 12_000, processMetrics: false });
    const [a, b] = await Promise.all([m.render(), m.render()]);
    const c = await m.render();
    expect(first.reads.topics).toBe(1);
    expect(b).toBe(a);
    expect(c).toBe(a);
    expect(
      sampleValue(parsePrometheusText(c), 'nsq_channel_depth', { topic: 'orders', channel: 'billing', node: B }),
    ).toBe(7);

    // the next poll's numbers are served from the next scrape on
    const stats = recordedStats();
    const billing = stats.topics
      .find((t) => t.topic_name === 'orders')
      ?.channels.find((ch) => ch.channel_name === 'billing');
    if (billing) billing.depth = 42;
    const next = counted(buildSnapshot(poll([upNode(A, stats)], { seq: 2 })));
    current = next.snap;
    m.observePoll(current);
    const after = parsePrometheusText(await m.render());
    expect(next.reads.topics).toBe(1);
    expect(sampleValue(after, 'nsq_channel_depth', { topic: 'orders', channel: 'billing', node: A })).toBe(42);
    expect(samplesOf(after, 'nsq_node_up').map((s) => s.labels.node)).toEqual([A]);
  });

  it('keeps the console’s own metrics live: the snapshot’s age counts up between polls', async () => {
    let now = 12_000;
    const snap = twoNodes();
    const m = new ConsoleMetrics({ snapshot: () => snap, config: ALL, now: () => now, processMetrics: false });
    expect(sampleValue(parsePrometheusText(await m.render()), 'nsq_console_snapshot_age_seconds')).toBe(2);
    now = 15_500;
    expect(sampleValue(parsePrometheusText(await m.render()), 'nsq_console_snapshot_age_seconds')).toBe(5.5);
    m.observePoll(buildSnapshot(poll([downNode(B, [])])));
    expect(sampleValue(parsePrometheusText(await m.render()), 'nsq_console_poll_errors_total', { node: B })).toBe(1);
  });
});

describe('the console’s own poll metrics', () => {
  it('counts polls, their duration and each node’s errors, and forgets nodes no longer polled', async () => {
    const m = new ConsoleMetrics({ snapshot: () => null, config: ALL, processMetrics: false });
    m.observePoll(buildSnapshot(poll([upNode(A, recordedStats()), downNode(B, [])], { poll_duration_ms: 30 })));
    m.observePoll(buildSnapshot(poll([upNode(A, recordedStats()), downNode(B, [])], { poll_duration_ms: 700 })));
    let families = parsePrometheusText(await m.render());
    expect(sampleValue(families, 'nsq_console_poll_errors_total', { node: A })).toBe(0);
    expect(sampleValue(families, 'nsq_console_poll_errors_total', { node: B })).toBe(2);
    expect(sampleValue(families, 'nsq_console_poll_duration_seconds_count')).toBe(2);
    expect(sampleValue(families, 'nsq_console_poll_duration_seconds_sum')).toBeCloseTo(0.73, 9);
    expect(sampleValue(families, 'nsq_console_poll_duration_seconds_bucket', { le: '0.05' })).toBe(1);
    expect(sampleValue(families, 'nsq_console_poll_duration_seconds_bucket', { le: '1' })).toBe(2);

    m.observePoll(buildSnapshot(poll([upNode(A, recordedStats())])));
    families = parsePrometheusText(await m.render());
    expect(samplesOf(families, 'nsq_console_poll_errors_total').map((s) => s.labels.node)).toEqual([A]);
  });

  it('adds the default process metrics with the right content type', async () => {
    const m = new ConsoleMetrics({ snapshot: () => null, config: DEFAULTS });
    const families = parsePrometheusText(await m.render());
    expect(families.get('process_cpu_seconds_total')?.type).toBe('counter');
    expect(families.has('nodejs_heap_size_used_bytes')).toBe(true);
    expect(m.contentType).toBe('text/plain; version=0.0.4; charset=utf-8');
  });
});

describe('metricsFilter', () => {
  it('matches whole topic names, include before exclude', () => {
    const f = metricsFilter({ excludeEphemeral: true, topicInclude: 'orders.*', topicExclude: '.*_test' });
    expect(['orders', 'orders_eu', 'orders_test', 'xorders', 'orders#ephemeral'].filter((t) => f.topic(t))).toEqual([
      'orders',
      'orders_eu',
    ]);
    expect(f.channel('c#ephemeral')).toBe(false);
    expect(metricsFilter(ALL).channel('c#ephemeral')).toBe(true);
  });
});

describe('README', () => {
  it('documents every metric family /metrics exposes', async () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    const { families } = await scrape(twoNodes());
    const ours = [...families.keys()].filter((n) => n.startsWith('nsq_'));
    expect(ours.length).toBeGreaterThan(20);
    expect(ours.filter((n) => !readme.includes(`\`${n}\``))).toEqual([]);
  });
});

describe('the strict exposition parser these tests rely on', () => {
  it('refuses what Prometheus would refuse', () => {
    const bad = [
      'x 1\n', // no family declared
      '# TYPE x gauge\nx{a="b} 1\n', // unterminated label value
      '# TYPE x gauge\nx{a="\\q"} 1\n', // bad escape
      '# TYPE x gauge\nx one\n', // bad value
      '# TYPE x counter\nx -1\n', // negative counter
      '# TYPE x gauge\nx{a="1"} 1\nx{a="1"} 2\n', // same series twice
      '# TYPE x gauge\nx 1\n# TYPE y gauge\ny 1\nx 2\n', // family split in two
      '# TYPE x gauge\nx 1', // no final newline
    ];
    for (const text of bad) expect(() => parsePrometheusText(text), text).toThrow();
    const ok = parsePrometheusText('# HELP x a "help"\n# TYPE x gauge\nx{a="q\\"\\\\\\n",b="2",} NaN\nx +Inf 123\n');
    expect(ok.get('x')?.samples.map((s) => s.labels.a)).toEqual(['q"\\\n', undefined]);
  });
});
