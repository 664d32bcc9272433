import 'server-only';
// Prometheus exposition of the whole cluster from the shared poller's latest snapshot: a scrape never
// reaches NSQ, so its cost on nsqd is nil however often and by however many Prometheus servers it is
// scraped. The cluster's nsq_* series are rebuilt from a snapshot (reset, then set), so a topic,
// channel or node that is gone from the snapshot is gone from the output, and nothing accumulates per
// poll. Their text is rendered once per snapshot and served to every scrape until the next one: at
// 200,000 series a render costs about a second of CPU, and /metrics answers anyone who asks. The
// console's own metrics (poll counters, the snapshot's age, the process) are few and rendered live.
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { Alert } from './alerts/tracker';
import { isEphemeral } from './cluster/aggregate';
import { topicNodeRows } from './cluster/node-rows';
import type { ChannelNodeRow, ClusterSnapshot, E2eAggregate, NodeSummary, TopicNodeRow } from './cluster/types';
import { type MetricsConfig, topicPattern } from './config';

/** Whether a topic's and a channel's series are exported, from the cardinality flags. */
export interface MetricsFilter {
  topic(name: string): boolean;
  channel(name: string): boolean;
}

export function metricsFilter(config: MetricsConfig): MetricsFilter {
  const include = config.topicInclude === null ? null : topicPattern(config.topicInclude);
  const exclude = config.topicExclude === null ? null : topicPattern(config.topicExclude);
  return {
    topic: (name) =>
      !(config.excludeEphemeral && isEphemeral(name)) &&
      (include === null || include.test(name)) &&
      !(exclude?.test(name) ?? false),
    channel: (name) => !(config.excludeEphemeral && isEphemeral(name)),
  };
}

/** The per-node rows of one snapshot that pass the filter, computed once per snapshot for all metrics. */
export interface Rows {
  topics: TopicNodeRow[];
  channels: ChannelNodeRow[];
}

export function rowsOf(snap: ClusterSnapshot, filter: MetricsFilter): Rows {
  const topics: TopicNodeRow[] = [];
  const channels: ChannelNodeRow[] = [];
  for (const t of snap.topics) {
    if (!filter.topic(t.topic_name)) continue;
    for (const row of topicNodeRows(snap, t.topic_name)) {
      topics.push(row);
      for (const c of row.channels) if (filter.channel(c.channel_name)) channels.push(c);
    }
  }
  return { topics, channels };
}

type TopicLabels = 'topic' | 'node';
type ChannelLabels = 'topic' | 'channel' | 'node';
const topicLabels = (r: TopicNodeRow) => ({ topic: r.topic_name, node: r.node });
const channelLabels = (r: ChannelNodeRow) => ({ topic: r.topic_name, channel: r.channel_name, node: r.node });

/** One e2e percentile per quantile, in seconds (nsqd reports nanoseconds). */
function e2eValues(e2e: E2eAggregate): { quantile: string; seconds: number }[] {
  return (e2e.percentiles ?? []).map((p) => ({ quantile: String(p.quantile), seconds: p.value / 1e9 }));
}

export interface MetricsOptions {
  /** the latest snapshot, or null before the first poll */
  snapshot: () => ClusterSnapshot | null;
  config: MetricsConfig;
  now?: () => number;
  /** prom-client's default process and Node.js metrics (off in unit tests: they start timers) */
  processMetrics?: boolean;
  /** the health rules' firing and pending alerts (lib/alerts) */
  alerts?: () => { firing: readonly Alert[]; pending: readonly Alert[] };
}

export class ConsoleMetrics {
  /** the console's own metrics and the process's, rendered at every scrape */
  readonly registry = new Registry();
  /** the cluster's series, from one snapshot: rendered once per snapshot (clusterText) */
  private readonly cluster = new Registry();
  private readonly filter: MetricsFilter;
  private readonly pollDuration: Histogram;
  private readonly pollErrors: Counter<'node'>;
  private readonly errorNodes = new Set<string>();
  /** the snapshot the cluster registry's collect() functions read, during a render only */
  private collecting: { snap: ClusterSnapshot; rows: Rows } | null = null;
  /** the cluster text of the latest snapshot rendered, shared by concurrent and later scrapes of it */
  private rendered: { snap: ClusterSnapshot; text: Promise<string> } | null = null;
  /** the metrics with a series per node row: a render's worth of them is dropped once it is text */
  private readonly perRow: { reset(): void }[] = [];

  constructor(private readonly opts: MetricsOptions) {
    this.filter = metricsFilter(opts.config);
    const now = opts.now ?? Date.now;
    const registers = [this.cluster];
    const rows = (): Rows | null => this.collecting?.rows ?? null;
    const nodes = (): NodeSummary[] => this.collecting?.snap.nodes ?? [];
    const lookupds = () => this.collecting?.snap.lookupds ?? [];

    // Depth, in-flight, deferred, clients and paused are levels: gauges.
    const perRow = <M extends { reset(): void }>(metric: M): M => {
      this.perRow.push(metric);
      return metric;
    };
    const topicGauge = (name: string, help: string, value: (r: TopicNodeRow) => number) =>
      perRow(
        new Gauge<TopicLabels>({
          name,
          help,
          labelNames: ['topic', 'node'],
          registers,
          collect() {
            this.reset();
            for (const r of rows()?.topics ?? []) this.set(topicLabels(r), value(r));
          },
        }),
      );
    const channelGauge = (name: string, help: string, value: (r: ChannelNodeRow) => number) =>
      perRow(
        new Gauge<ChannelLabels>({
          name,
          help,
          labelNames: ['topic', 'channel', 'node'],
          registers,
          collect() {
            this.reset();
            for (const r of rows()?.channels ?? []) this.set(channelLabels(r), value(r));
          },
        }),
      );
    // nsqd's message, requeue and timeout counts only grow while the nsqd process (and the topic or
    // channel) lives, and start again from 0 when it restarts or the topic or channel is recreated:
    // exactly Prometheus's counter, whose rate() and increase() treat a drop as a reset. As gauges,
    // rate() would be refused by linters and deriv() would go negative across a restart. Prometheus
    // names counters with a _total suffix, so NSQ's "message_count" becomes "message_count_total".
    const topicCounter = (name: string, help: string, value: (r: TopicNodeRow) => number) =>
      perRow(
        new Counter<TopicLabels>({
          name,
          help,
          labelNames: ['topic', 'node'],
          registers,
          collect() {
            this.reset();
            for (const r of rows()?.topics ?? []) this.inc(topicLabels(r), value(r));
          },
        }),
      );
    const channelCounter = (name: string, help: string, value: (r: ChannelNodeRow) => number) =>
      perRow(
        new Counter<ChannelLabels>({
          name,
          help,
          labelNames: ['topic', 'channel', 'node'],
          registers,
          collect() {
            this.reset();
            for (const r of rows()?.channels ?? []) this.inc(channelLabels(r), value(r));
          },
        }),
      );

    topicGauge('nsq_topic_depth', 'Messages in the topic queue (memory + disk), per nsqd', (r) => r.depth);
    topicGauge('nsq_topic_backend_depth', 'Messages of the topic queue on disk, per nsqd', (r) => r.backend_depth);
    topicCounter(
      'nsq_topic_message_count_total',
      'Messages published to the topic since the nsqd started',
      (r) => r.message_count,
    );
    topicCounter(
      'nsq_topic_message_bytes_total',
      'Bytes published to the topic since the nsqd started',
      (r) => r.message_bytes,
    );
    topicGauge('nsq_topic_paused', '1 when the topic is paused on this nsqd', (r) => Number(r.paused));

    channelGauge('nsq_channel_depth', 'Messages waiting in the channel (memory + disk), per nsqd', (r) => r.depth);
    channelGauge('nsq_channel_backend_depth', 'Messages of the channel on disk, per nsqd', (r) => r.backend_depth);
    channelGauge(
      'nsq_channel_in_flight_count',
      'Messages sent to a consumer and not yet finished',
      (r) => r.in_flight_count,
    );
    channelGauge('nsq_channel_deferred_count', 'Messages requeued with a delay, not yet due', (r) => r.deferred_count);
    channelCounter(
      'nsq_channel_message_count_total',
      'Messages put into the channel since the nsqd started',
      (r) => r.message_count,
    );
    channelCounter(
      'nsq_channel_requeue_count_total',
      'Messages requeued by consumers since the nsqd started',
      (r) => r.requeue_count,
    );
    channelCounter(
      'nsq_channel_timeout_count_total',
      'Messages that timed out in flight since the nsqd started',
      (r) => r.timeout_count,
    );
    channelGauge('nsq_channel_client_count', 'Consumers connected to the channel', (r) => r.client_count);
    channelGauge('nsq_channel_paused', '1 when the channel is paused on this nsqd', (r) => Number(r.paused));

    // nsqd computes these percentiles itself over a sliding window; it exposes no sum and count of
    // the whole distribution, so they cannot be a Prometheus summary: gauges with a quantile label.
    perRow(
      new Gauge<TopicLabels | 'quantile'>({
        name: 'nsq_topic_e2e_processing_latency_seconds',
        help: 'nsqd’s end-to-end processing latency percentile of the topic (--e2e-processing-latency-percentile)',
        labelNames: ['topic', 'node', 'quantile'],
        registers,
        collect() {
          this.reset();
          for (const r of rows()?.topics ?? []) {
            for (const p of e2eValues(r.e2e_processing_latency))
              this.set({ ...topicLabels(r), quantile: p.quantile }, p.seconds);
          }
        },
      }),
    );
    perRow(
      new Gauge<ChannelLabels | 'quantile'>({
        name: 'nsq_channel_e2e_processing_latency_seconds',
        help: 'nsqd’s end-to-end processing latency percentile of the channel (--e2e-processing-latency-percentile)',
        labelNames: ['topic', 'channel', 'node', 'quantile'],
        registers,
        collect() {
          this.reset();
          for (const r of rows()?.channels ?? []) {
            for (const p of e2eValues(r.e2e_processing_latency))
              this.set({ ...channelLabels(r), quantile: p.quantile }, p.seconds);
          }
        },
      }),
    );

    new Gauge<'node'>({
      name: 'nsq_node_up',
      help: '1 when the nsqd answered the last poll, 0 when it did not',
      labelNames: ['node'],
      registers,
      collect() {
        this.reset();
        for (const n of nodes()) this.set({ node: n.node }, n.status === 'up' ? 1 : 0);
      },
    });
    new Gauge<'node' | 'hostname' | 'version'>({
      name: 'nsq_node_info',
      help: 'Always 1: the nsqd’s hostname and version as labels',
      labelNames: ['node', 'hostname', 'version'],
      registers,
      collect() {
        this.reset();
        for (const n of nodes()) this.set({ node: n.node, hostname: n.hostname, version: n.version }, 1);
      },
    });
    new Gauge<'node'>({
      name: 'nsq_node_start_time_seconds',
      help: 'When the nsqd process started, seconds since the epoch (a change is a restart)',
      labelNames: ['node'],
      registers,
      collect() {
        this.reset();
        for (const n of nodes()) if (n.start_time !== null) this.set({ node: n.node }, n.start_time);
      },
    });
    new Gauge<'lookupd'>({
      name: 'nsq_lookupd_up',
      help: '1 when the nsqlookupd answered the last poll, 0 when it did not',
      labelNames: ['lookupd'],
      registers,
      collect() {
        this.reset();
        for (const l of lookupds()) this.set({ lookupd: l.address }, l.status === 'up' ? 1 : 0);
      },
    });

    // the console's own metrics: a handful of series, always current (the age counts up between polls)
    const own = [this.registry];

    this.pollDuration = new Histogram({
      name: 'nsq_console_poll_duration_seconds',
      help: 'How long one poll of every nsqlookupd and nsqd took',
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers: own,
    });
    this.pollErrors = new Counter<'node'>({
      name: 'nsq_console_poll_errors_total',
      help: 'Polls in which the nsqd did not answer /stats (timeout, refused, HTTP error, bad JSON)',
      labelNames: ['node'],
      registers: own,
    });
    new Gauge({
      name: 'nsq_console_snapshot_age_seconds',
      help: 'How old the data behind this scrape is: time since the last completed poll started',
      registers: own,
      collect() {
        const snap = opts.snapshot();
        this.set(snap ? Math.max(0, now() - snap.taken_at) / 1000 : Number.NaN);
      },
    });
    new Gauge({
      name: 'nsq_console_poll_interval_seconds',
      help: 'The interval polls run at: --poll-interval, or longer while polls would take more than a tenth of a core',
      registers: own,
      collect() {
        const snap = opts.snapshot();
        this.set(snap ? snap.poll_interval_ms / 1000 : Number.NaN);
      },
    });

    new Gauge({
      name: 'nsq_console_poll_cpu_seconds',
      help: 'CPU time of the last sweep of the whole cluster: the poll worker reading every nsqd /stats, and building the snapshot from them; not the work of answering requests',
      registers: own,
      collect() {
        const snap = opts.snapshot();
        this.set(snap ? snap.poll_work_ms / 1000 : Number.NaN);
      },
    });

    const alerts = opts.alerts;
    if (alerts) {
      new Gauge<'rule' | 'topic' | 'channel' | 'node' | 'severity' | 'state'>({
        name: 'nsq_console_alerts',
        help: 'Always 1: each firing or pending alert of the health rules; "" where a label does not apply',
        labelNames: ['rule', 'topic', 'channel', 'node', 'severity', 'state'],
        registers: own,
        collect() {
          this.reset();
          const { firing, pending } = alerts();
          for (const a of [...firing, ...pending])
            this.set(
              {
                rule: a.rule,
                topic: a.topic ?? '',
                channel: a.channel ?? '',
                node: a.node ?? '',
                severity: a.severity,
                state: a.state,
              },
              1,
            );
        },
      });
    }

    if (opts.processMetrics ?? true) collectDefaultMetrics({ register: this.registry });
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  /**
   * The exposition text: the cluster's series as of the latest snapshot, then the console's own. At
   * 50 nodes × 1,000 topics × 4 channels the cluster's part is 250,000 rows and over a million
   * labelled series; only its text is kept, until the next poll.
   */
  async render(): Promise<string> {
    const [cluster, own] = await Promise.all([this.clusterText(this.opts.snapshot()), this.registry.metrics()]);
    return `${cluster}\n${own}`;
  }

  /** Called once per completed poll: the console's own counters are the only state kept between scrapes. */
  observePoll(snap: ClusterSnapshot): void {
    // the previous snapshot's text will not be served again
    if (this.rendered?.snap !== snap) this.rendered = null;
    this.pollDuration.observe(snap.poll_duration_ms / 1000);
    const present = new Set<string>();
    for (const n of snap.nodes) {
      present.add(n.node);
      // every polled node's series starts at 0, so the first error is an increase rate() can see
      this.pollErrors.inc({ node: n.node }, n.status === 'down' ? 1 : 0);
      this.errorNodes.add(n.node);
    }
    // a node no longer polled takes its series with it, so node churn does not grow the output
    for (const node of this.errorNodes) {
      if (present.has(node)) continue;
      this.pollErrors.remove({ node });
      this.errorNodes.delete(node);
    }
  }

  private clusterText(snap: ClusterSnapshot | null): Promise<string> {
    if (snap !== null && this.rendered?.snap === snap) return this.rendered.text;
    const text = this.renderCluster(snap);
    // before the first poll there is nothing worth keeping
    if (snap === null) return text;
    const rendered = { snap, text };
    this.rendered = rendered;
    // a failed render is not served again: the next scrape tries anew
    text.catch(() => {
      if (this.rendered === rendered) this.rendered = null;
    });
    return text;
  }

  private async renderCluster(snap: ClusterSnapshot | null): Promise<string> {
    this.collecting = snap ? { snap, rows: rowsOf(snap, this.filter) } : null;
    try {
      return await this.cluster.metrics();
    } finally {
      this.collecting = null;
      for (const m of this.perRow) m.reset();
    }
  }
}
