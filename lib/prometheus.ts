import 'server-only';
// Prometheus as a second history source: windows longer than the in-memory retention are answered
// by PromQL range queries over the series this console's own /metrics exposes, in the same shape as
// the in-memory history, so charts do not care where their points came from.
import { LRUCache } from 'lru-cache';
import { Agent, request } from 'undici';
import { z } from 'zod';
import { type HistoryPoint, type HistorySeries, SERIES_METRICS, type SeriesKey } from './cluster/history';

/** Points a long window is cut into: enough for a smooth line across a wide chart, few enough to stay quick. */
export const TARGET_POINTS = 450;
/** rate() needs two samples; two minutes holds them for scrape intervals up to one minute. */
export const MIN_RATE_RANGE_S = 120;

/** A PromQL string literal's content: backslash, double quote and newline escaped, as Go's strconv.Quote does. */
export function escapeLabelValue(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n').replace(/\r/g, '\\r');
}

/** `{topic="a",channel="b"}` from the key's own labels (none for the whole cluster). */
export function labelMatchers(key: SeriesKey, extra: readonly string[] = []): string {
  const m: string[] = [...extra];
  if (key.topic !== undefined) m.push(`topic="${escapeLabelValue(key.topic)}"`);
  if (key.channel !== undefined) m.push(`channel="${escapeLabelValue(key.channel)}"`);
  if (key.node !== undefined) m.push(`node="${escapeLabelValue(key.node)}"`);
  return `{${m.join(',')}}`;
}

/**
 * Messages consumed per second over the last `rangeS` seconds, per channel and node series of
 * `matchers`: what left the channel for good, i.e. messages in, less the growth of depth + in-flight +
 * deferred, never below zero, as the in-memory rates compute it between two polls (lib/cluster/rates.ts).
 */
export function channelConsumeRate(matchers: string, rangeS: number): string {
  const over = (metric: string) => `${metric}${matchers}[${rangeS}s]`;
  return (
    `clamp_min(rate(${over('nsq_channel_message_count_total')}) - (delta(${over('nsq_channel_depth')}) + ` +
    `delta(${over('nsq_channel_in_flight_count')}) + delta(${over('nsq_channel_deferred_count')})) / ${rangeS}, 0)`
  );
}

/** The step for a window, whole seconds, giving about TARGET_POINTS points. */
export function stepSeconds(windowMs: number): number {
  return Math.max(1, Math.ceil(windowMs / 1000 / TARGET_POINTS));
}

/**
 * One PromQL expression per metric of the key's kind (SERIES_METRICS), in its order. Each series is
 * first reduced with max without (instance, job), so two console replicas scraped side by side (or
 * two scrape jobs) count once, then summed over nodes (and channels, for a topic).
 */
export function historyQueries(key: SeriesKey, stepS: number): Record<string, string> {
  const s = labelMatchers(key);
  const range = `${Math.max(stepS, MIN_RATE_RANGE_S)}s`;
  const rangeS = Math.max(stepS, MIN_RATE_RANGE_S);
  const total = (expr: string) => `sum(max without (instance, job) (${expr}))`;
  const level = (metric: string) => total(`${metric}${s}`);
  const rate = (metric: string) => total(`rate(${metric}${s}[${range}])`);
  const consume = total(channelConsumeRate(s, rangeS));
  // a topic's own queue plus its channels' (a node's and the cluster's depth, as the snapshot sums it)
  const allDepth = total(`{__name__=~"nsq_topic_depth|nsq_channel_depth"${s === '{}' ? '' : `,${s.slice(1, -1)}`}}`);
  const byMetric: Record<string, string> = {
    depth:
      key.kind === 'channel' ? level('nsq_channel_depth') : key.kind === 'topic' ? level('nsq_topic_depth') : allDepth,
    channel_depth: level('nsq_channel_depth'),
    in_flight_count: level('nsq_channel_in_flight_count'),
    deferred_count: level('nsq_channel_deferred_count'),
    message_rate:
      key.kind === 'channel' ? rate('nsq_channel_message_count_total') : rate('nsq_topic_message_count_total'),
    deliver_rate: rate('nsq_channel_message_count_total'),
    consume_rate: consume,
    requeue_rate: rate('nsq_channel_requeue_count_total'),
    timeout_rate: rate('nsq_channel_timeout_count_total'),
  };
  return Object.fromEntries(SERIES_METRICS[key.kind].map((m) => [m, byMetric[m] as string]));
}

/** Prometheus's /api/v1/query_range answer (https://prometheus.io/docs/prometheus/latest/querying/api/). */
export const rangeResponseSchema = z.discriminatedUnion('status', [
  z.object({
    status: z.literal('success'),
    data: z.object({
      resultType: z.literal('matrix'),
      result: z.array(
        z.object({
          metric: z.record(z.string(), z.string()),
          values: z.array(z.tuple([z.number(), z.string()])),
        }),
      ),
    }),
    warnings: z.array(z.string()).optional(),
  }),
  z.object({ status: z.literal('error'), errorType: z.string(), error: z.string() }),
]);
export type RangeResponse = z.infer<typeof rangeResponseSchema>;
type Matrix = Extract<RangeResponse, { status: 'success' }>['data']['result'];

/** Sample values as numbers; Prometheus's "NaN", "+Inf" and "-Inf" become null (unknown). */
function sampleValue(text: string): number | null {
  const v = Number(text);
  return Number.isFinite(v) ? v : null;
}

/**
 * The points of one window: one per step from start to end, every metric null where Prometheus had
 * no value. Each query is a sum, so its matrix holds one series at most; more would be added up.
 */
export function mergeMatrices(
  metrics: readonly string[],
  matrices: readonly Matrix[],
  startMs: number,
  endMs: number,
  stepMs: number,
): HistoryPoint[] {
  const points: HistoryPoint[] = [];
  const index = new Map<number, HistoryPoint>();
  for (let t = startMs; t <= endMs; t += stepMs) {
    const p: HistoryPoint = { t };
    for (const m of metrics) p[m] = null;
    points.push(p);
    index.set(t, p);
  }
  metrics.forEach((metric, i) => {
    for (const series of matrices[i] ?? []) {
      for (const [ts, text] of series.values) {
        const p = index.get(Math.round(ts * 1000));
        const v = sampleValue(text);
        if (!p || v === null) continue;
        p[metric] = (p[metric] ?? 0) + v;
      }
    }
  });
  return points;
}

export class PrometheusError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PrometheusError';
  }
}

/** Checked by name, not instanceof: Next.js bundles this module more than once, each copy with its class. */
export function isPrometheusError(e: unknown): e is PrometheusError {
  return e instanceof Error && e.name === 'PrometheusError';
}

export interface PrometheusHistoryOptions {
  /** the Prometheus base URL, without a trailing slash */
  url: string;
  timeoutMs: number;
  /** how long an answer is shared between viewers */
  cacheTtlMs?: number;
  now?: () => number;
}

export type PrometheusSeries = HistorySeries & { window_ms: number; now: number; found: boolean };

/** Range queries against one Prometheus, with a short cache shared by every viewer of the same chart. */
export class PrometheusHistory {
  private readonly dispatcher: Agent;
  private readonly cache: LRUCache<string, Promise<PrometheusSeries>>;
  private readonly now: () => number;

  constructor(private readonly opts: PrometheusHistoryOptions) {
    this.dispatcher = new Agent({
      connect: { timeout: Math.min(opts.timeoutMs, 5_000) },
      headersTimeout: opts.timeoutMs,
      bodyTimeout: opts.timeoutMs,
      maxResponseSize: 16 * 1024 * 1024,
    });
    this.cache = new LRUCache({ max: 500, ttl: opts.cacheTtlMs ?? 10_000 });
    this.now = opts.now ?? Date.now;
  }

  query(key: SeriesKey, windowMs: number): Promise<PrometheusSeries> {
    const id = JSON.stringify([key.kind, key.topic, key.channel, key.node, windowMs]);
    const cached = this.cache.get(id);
    if (cached) return cached;
    const answer = this.load(key, windowMs);
    this.cache.set(id, answer);
    // failures are not kept: the next viewer asks again
    answer.catch(() => this.cache.delete(id));
    return answer;
  }

  private async load(key: SeriesKey, windowMs: number): Promise<PrometheusSeries> {
    const stepS = stepSeconds(windowMs);
    const stepMs = stepS * 1000;
    // the last point is now, so the newest scrape is always on the chart
    const endMs = this.now();
    const startMs = endMs - Math.floor(windowMs / stepMs) * stepMs;
    const queries = historyQueries(key, stepS);
    const metrics = SERIES_METRICS[key.kind];
    const matrices = await Promise.all(
      metrics.map((m) => this.rangeQuery(queries[m] as string, startMs, endMs, stepS)),
    );
    return {
      key,
      metrics,
      step_ms: stepMs,
      points: mergeMatrices(metrics, matrices, startMs, endMs, stepMs),
      window_ms: windowMs,
      now: endMs,
      found: matrices.some((m) => m.length > 0),
    };
  }

  private async rangeQuery(query: string, startMs: number, endMs: number, stepS: number): Promise<Matrix> {
    const url = `${this.opts.url}/api/v1/query_range`;
    const form = new URLSearchParams({
      query,
      start: String(startMs / 1000),
      end: String(endMs / 1000),
      step: `${stepS}s`,
    });
    let status: number;
    let text: string;
    try {
      const res = await request(url, {
        method: 'POST',
        dispatcher: this.dispatcher,
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
        body: form.toString(),
        signal: AbortSignal.timeout(this.opts.timeoutMs),
      });
      status = res.statusCode;
      text = await res.body.text();
    } catch (e) {
      const err = e as { name?: string; code?: string; message?: string };
      const timedOut = err.name === 'TimeoutError' || err.name === 'AbortError' || /TIMEOUT/.test(err.code ?? '');
      throw new PrometheusError(
        timedOut ? `no answer within ${this.opts.timeoutMs}ms` : `${err.code ?? ''} ${err.message ?? String(e)}`.trim(),
      );
    }
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      throw new PrometheusError(`HTTP ${status}, not a Prometheus API answer: ${text.trim().slice(0, 200)}`);
    }
    const parsed = rangeResponseSchema.safeParse(body);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new PrometheusError(
        `HTTP ${status}, unexpected answer at ${issue?.path.join('.') || '(root)'}: ${issue?.message ?? 'invalid'}`,
      );
    }
    if (parsed.data.status === 'error') throw new PrometheusError(`${parsed.data.errorType}: ${parsed.data.error}`);
    return parsed.data.data.result;
  }
}
