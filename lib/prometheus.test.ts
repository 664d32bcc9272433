import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SERIES_METRICS, type SeriesKind } from './cluster/history';
import {
  escapeLabelValue,
  historyQueries,
  isPrometheusError,
  labelMatchers,
  mergeMatrices,
  PrometheusHistory,
  rangeResponseSchema,
  stepSeconds,
} from './prometheus';

describe('PromQL building', () => {
  it('escapes label values as PromQL string literals', () => {
    expect(escapeLabelValue('orders')).toBe('orders');
    expect(escapeLabelValue('a"b\\c\nd')).toBe('a\\"b\\\\c\\nd');
    // a value that tries to close the literal and the selector stays inside the literal
    expect(labelMatchers({ kind: 'topic', topic: 'x"} or vector(1) #' })).toBe('{topic="x\\"} or vector(1) #"}');
    expect(labelMatchers({ kind: 'channel', topic: 't#ephemeral', channel: 'c' })).toBe(
      '{topic="t#ephemeral",channel="c"}',
    );
    expect(labelMatchers({ kind: 'cluster' })).toBe('{}');
  });

  it('picks a step giving 300 to 600 points for every long window', () => {
    for (const hours of [2, 6, 24, 7 * 24, 31 * 24]) {
      const windowMs = hours * 3_600_000;
      const points = windowMs / (stepSeconds(windowMs) * 1000);
      expect(points, `${hours}h`).toBeGreaterThanOrEqual(300);
      expect(points, `${hours}h`).toBeLessThanOrEqual(600);
    }
    expect(stepSeconds(21_600_000)).toBe(48);
  });

  it('has one query per metric of each kind, in the in-memory history’s order', () => {
    const keys = {
      cluster: {},
      node: { node: 'n:4151' },
      topic: { topic: 't' },
      channel: { topic: 't', channel: 'c' },
    };
    for (const kind of Object.keys(SERIES_METRICS) as SeriesKind[]) {
      const q = historyQueries({ kind, ...keys[kind] }, 48);
      expect(Object.keys(q)).toEqual([...SERIES_METRICS[kind]]);
      for (const expr of Object.values(q)) expect(expr).toMatch(/^sum\(max without \(instance, job\) \(/);
    }
  });

  it('reads levels as they are and counters through rate()', () => {
    const topic = historyQueries({ kind: 'topic', topic: 'orders' }, 48);
    expect(topic.depth).toBe('sum(max without (instance, job) (nsq_topic_depth{topic="orders"}))');
    expect(topic.channel_depth).toBe('sum(max without (instance, job) (nsq_channel_depth{topic="orders"}))');
    expect(topic.message_rate).toBe(
      'sum(max without (instance, job) (rate(nsq_topic_message_count_total{topic="orders"}[120s])))',
    );
    const channel = historyQueries({ kind: 'channel', topic: 'orders', channel: 'billing' }, 1344);
    expect(channel.depth).toBe(
      'sum(max without (instance, job) (nsq_channel_depth{topic="orders",channel="billing"}))',
    );
    // the rate range grows with the step, so no sample falls between two points
    expect(channel.message_rate).toBe(
      'sum(max without (instance, job) (rate(nsq_channel_message_count_total{topic="orders",channel="billing"}[1344s])))',
    );
    expect(channel.consume_rate).toContain(
      'clamp_min(rate(nsq_channel_message_count_total{topic="orders",channel="billing"}[1344s]) - (delta(',
    );
    // a node's and the cluster's depth count topic queues and channels together, as the snapshot does
    expect(historyQueries({ kind: 'node', node: '10.0.0.1:4151' }, 48).depth).toBe(
      'sum(max without (instance, job) ({__name__=~"nsq_topic_depth|nsq_channel_depth",node="10.0.0.1:4151"}))',
    );
    expect(historyQueries({ kind: 'cluster' }, 48).depth).toBe(
      'sum(max without (instance, job) ({__name__=~"nsq_topic_depth|nsq_channel_depth"}))',
    );
  });
});

describe('Prometheus answers', () => {
  const matrix = (values: [number, string][]) => [{ metric: {}, values }];

  it('parses query_range answers and errors with zod', () => {
    const ok = rangeResponseSchema.parse({
      status: 'success',
      data: { resultType: 'matrix', result: [{ metric: {}, values: [[1700000000.5, '3']] }] },
    });
    expect(ok.status).toBe('success');
    expect(rangeResponseSchema.parse({ status: 'error', errorType: 'bad_data', error: 'parse error' }).status).toBe(
      'error',
    );
    expect(
      rangeResponseSchema.safeParse({ status: 'success', data: { resultType: 'vector', result: [] } }).success,
    ).toBe(false);
    expect(
      rangeResponseSchema.safeParse({
        status: 'success',
        data: { resultType: 'matrix', result: [{ metric: {}, values: [[1, 2]] }] },
      }).success,
    ).toBe(false);
  });

  it('lays the samples on one point per step, null where Prometheus has none or says NaN', () => {
    const start = 1_700_000_000_000;
    const points = mergeMatrices(
      ['depth', 'message_rate'],
      [
        matrix([
          [start / 1000, '5'],
          [(start + 2000) / 1000, '7'],
        ]),
        matrix([
          [(start + 1000) / 1000, 'NaN'],
          [(start + 2000) / 1000, '0.5'],
        ]),
      ],
      start,
      start + 2500,
      1000,
    );
    expect(points).toEqual([
      { t: start, depth: 5, message_rate: null },
      { t: start + 1000, depth: null, message_rate: null },
      { t: start + 2000, depth: 7, message_rate: 0.5 },
    ]);
  });
});

describe('PrometheusHistory against an HTTP server', () => {
  let server: http.Server;
  let url: string;
  const requests: URLSearchParams[] = [];
  let answer: { status: number; body: string } = { status: 200, body: '' };

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        expect(req.url).toBe('/prom/api/v1/query_range');
        requests.push(new URLSearchParams(body));
        res.writeHead(answer.status, { 'content-type': 'application/json' });
        res.end(answer.body);
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/prom`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((r) => server.close(() => r()));
  });

  const NOW = 1_700_000_000_000;
  const history = (cacheTtlMs = 0) => new PrometheusHistory({ url, timeoutMs: 2000, cacheTtlMs, now: () => NOW });

  it('answers in the in-memory history’s shape, ending now', async () => {
    requests.length = 0;
    answer = {
      status: 200,
      body: JSON.stringify({
        status: 'success',
        data: { resultType: 'matrix', result: [{ metric: {}, values: [[NOW / 1000, '42']] }] },
      }),
    };
    const s = await history().query({ kind: 'channel', topic: 'orders', channel: 'billing' }, 21_600_000);
    expect(s).toMatchObject({
      metrics: SERIES_METRICS.channel,
      step_ms: 48_000,
      window_ms: 21_600_000,
      now: NOW,
      found: true,
    });
    expect(s.points).toHaveLength(451);
    expect(s.points.at(-1)).toMatchObject({ t: NOW, depth: 42 });
    expect(s.points[0]?.t).toBe(NOW - 21_600_000);
    expect(requests).toHaveLength(SERIES_METRICS.channel.length);
    expect(requests[0]?.get('query')).toBe(
      'sum(max without (instance, job) (nsq_channel_depth{topic="orders",channel="billing"}))',
    );
    expect(requests[0]?.get('step')).toBe('48s');
    expect(requests[0]?.get('end')).toBe(String(NOW / 1000));
  });

  it('shares one answer between viewers for a while', async () => {
    requests.length = 0;
    const h = history(60_000);
    await Promise.all([h.query({ kind: 'cluster' }, 86_400_000), h.query({ kind: 'cluster' }, 86_400_000)]);
    await h.query({ kind: 'cluster' }, 86_400_000);
    expect(requests).toHaveLength(SERIES_METRICS.cluster.length);
  });

  it('says no data was found when every query is empty', async () => {
    answer = { status: 200, body: JSON.stringify({ status: 'success', data: { resultType: 'matrix', result: [] } }) };
    const s = await history().query({ kind: 'topic', topic: 'gone' }, 21_600_000);
    expect(s.found).toBe(false);
    expect(s.points.every((p) => p.depth === null)).toBe(true);
  });

  it('fails with Prometheus’s own reason, a bad answer, or an unreachable server', async () => {
    const reason = async (h: PrometheusHistory) => {
      try {
        await h.query({ kind: 'topic', topic: 't' }, 21_600_000);
      } catch (e) {
        expect(isPrometheusError(e)).toBe(true);
        return (e as Error).message;
      }
      throw new Error('expected a failure');
    };
    answer = {
      status: 400,
      body: JSON.stringify({ status: 'error', errorType: 'bad_data', error: '1:5: parse error' }),
    };
    expect(await reason(history())).toBe('bad_data: 1:5: parse error');
    answer = { status: 404, body: '<html>Not Found</html>' };
    expect(await reason(history())).toBe('HTTP 404, not a Prometheus API answer: <html>Not Found</html>');
    answer = { status: 200, body: JSON.stringify({ status: 'success', data: { resultType: 'matrix' } }) };
    expect(await reason(history())).toMatch(/^HTTP 200, unexpected answer at data\.result: /);
    const closed = new PrometheusHistory({ url: 'http://127.0.0.1:1', timeoutMs: 2000 });
    expect(await reason(closed)).toMatch(/ECONNREFUSED/);
  });
});
