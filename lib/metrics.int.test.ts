// /metrics and Prometheus-backed history against a real cluster (one nsqlookupd, two nsqd), the
// production build of the console, and a real Prometheus scraping it.
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ConsoleServer, startConsole } from '../scripts/console-server';
import { freePort, type NsqCluster, startCluster } from '../scripts/nsq-cluster';
import { consume, publish } from '../scripts/traffic';
import { eventually, getJson, nsqdTopic, post } from '../test/http-json';
import { type PrometheusServer, requirePrometheus, startPrometheus } from '../test/prometheus-server';
import { type Family, parsePrometheusText, samplesOf, sampleValue } from '../test/prometheus-text';
import { SERIES_METRICS } from './cluster/history';

const POLL_MS = 500;
const SETTLE = { timeout: 15_000, interval: 200 };

let cluster: NsqCluster;
let con: ConsoleServer;
let promPort: number;
const closers: { close(): Promise<void> }[] = [];
const unique = (name: string) => `${name}_${Math.random().toString(36).slice(2, 8)}`;
const node = (i: number) => cluster.nsqds[i] as NsqCluster['nsqds'][number];

beforeAll(async () => {
  cluster = await startCluster({ e2eLatencyPercentiles: [0.99, 0.5] });
  // Prometheus comes later, on this port; the console only needs to know where it will be
  promPort = await freePort();
  con = await startConsole([
    `--lookupd-http-address=${cluster.lookupd.httpAddress}`,
    `--poll-interval=${POLL_MS}ms`,
    `--prometheus-url=http://127.0.0.1:${promPort}`,
  ]);
});

afterAll(async () => {
  await Promise.all(closers.map((c) => c.close()));
  await con?.stop();
  await cluster?.stop();
});

/** GET with the response headers, on a fresh socket. */
function getWithHeaders(url: string): Promise<{ status: number; contentType: string; body: string }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { agent: false, headers: { connection: 'close' } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            contentType: String(res.headers['content-type']),
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        );
        res.on('error', reject);
      })
      .on('error', reject);
  });
}

async function scrape(): Promise<Map<string, Family>> {
  const res = await getWithHeaders(`${con.url}/metrics`);
  expect(res.status).toBe(200);
  return parsePrometheusText(res.body);
}

/** A topic on both nsqds with channels a and b, messages on both, two held in flight on nsqd 0, and no traffic after. */
async function seedQuietTopic(topic: string) {
  for (const i of [0, 1]) {
    const h = node(i).httpAddress;
    await post(`http://${h}/topic/create?topic=${topic}`);
    await post(`http://${h}/channel/create?topic=${topic}&channel=a`);
    await post(`http://${h}/channel/create?topic=${topic}&channel=b`);
  }
  await publish(node(0).httpAddress, topic, ['1', '2', '3', '4', '5']);
  await publish(node(1).httpAddress, topic, ['6', '7', '8']);
  closers.push(await consume({ nsqdTcp: node(0).tcpAddress, topic, channel: 'a', count: 2, finish: false }));
}

const CHANNEL_METRICS = {
  depth: 'nsq_channel_depth',
  backend_depth: 'nsq_channel_backend_depth',
  in_flight_count: 'nsq_channel_in_flight_count',
  deferred_count: 'nsq_channel_deferred_count',
  message_count: 'nsq_channel_message_count_total',
  requeue_count: 'nsq_channel_requeue_count_total',
  timeout_count: 'nsq_channel_timeout_count_total',
  client_count: 'nsq_channel_client_count',
  paused: 'nsq_channel_paused',
} as const;

/** Every number of the topic, per nsqd, as nsqd's own /stats has it and as /metrics has it. */
async function compare(topic: string) {
  const families = await scrape();
  const nsqd: Record<string, number | undefined> = {};
  const ours: Record<string, number | undefined> = {};
  for (const i of [0, 1]) {
    const n = node(i).httpAddress;
    const t = await nsqdTopic(n, topic);
    nsqd[`${n} depth`] = t?.depth;
    nsqd[`${n} backend_depth`] = t?.backend_depth;
    nsqd[`${n} message_count`] = t?.message_count;
    nsqd[`${n} message_bytes`] = t?.message_bytes;
    ours[`${n} depth`] = sampleValue(families, 'nsq_topic_depth', { topic, node: n });
    ours[`${n} backend_depth`] = sampleValue(families, 'nsq_topic_backend_depth', { topic, node: n });
    ours[`${n} message_count`] = sampleValue(families, 'nsq_topic_message_count_total', { topic, node: n });
    ours[`${n} message_bytes`] = sampleValue(families, 'nsq_topic_message_bytes_total', { topic, node: n });
    for (const c of t?.channels ?? []) {
      for (const [field, metric] of Object.entries(CHANNEL_METRICS)) {
        const v = c[field as keyof typeof CHANNEL_METRICS];
        nsqd[`${n} ${c.channel_name} ${field}`] = typeof v === 'boolean' ? Number(v) : v;
        ours[`${n} ${c.channel_name} ${field}`] = sampleValue(families, metric, {
          topic,
          channel: c.channel_name,
          node: n,
        });
      }
    }
  }
  return { nsqd, ours };
}

describe('/metrics against a real cluster', () => {
  const quiet = unique('quiet');
  beforeAll(() => seedQuietTopic(quiet));

  it('is Prometheus text with Prometheus’s content type, with the console’s own metrics', async () => {
    const res = await getWithHeaders(`${con.url}/metrics`);
    expect(res.status).toBe(200);
    expect(res.contentType).toBe('text/plain; version=0.0.4; charset=utf-8');
    const families = parsePrometheusText(res.body);
    expect(families.get('nsq_console_poll_duration_seconds')?.type).toBe('histogram');
    expect(sampleValue(families, 'nsq_console_poll_duration_seconds_count')).toBeGreaterThan(0);
    expect(families.get('process_resident_memory_bytes')?.type).toBe('gauge');
    expect(sampleValue(families, 'nsq_console_snapshot_age_seconds')).toBeLessThan(5);
    for (const i of [0, 1]) {
      expect(sampleValue(families, 'nsq_node_up', { node: node(i).httpAddress })).toBe(1);
      expect(sampleValue(families, 'nsq_console_poll_errors_total', { node: node(i).httpAddress })).toBe(0);
      expect(sampleValue(families, 'nsq_node_info', { node: node(i).httpAddress, version: '1.3.0' })).toBe(1);
    }
    expect(sampleValue(families, 'nsq_lookupd_up', { lookupd: cluster.lookupd.httpAddress })).toBe(1);
  });

  it('has each nsqd’s depth, in-flight, message count and the rest exactly as its own /stats', async () => {
    await expect
      .poll(async () => {
        const { nsqd, ours } = await compare(quiet);
        return JSON.stringify(ours) === JSON.stringify(nsqd) && Object.keys(nsqd).length === 2 * (4 + 2 * 9);
      }, SETTLE)
      .toBe(true);
    const { nsqd, ours } = await compare(quiet);
    expect(ours).toEqual(nsqd);
    // the seeded numbers, to show the comparison is not of zeros
    const n0 = node(0).httpAddress;
    expect(ours).toMatchObject({
      [`${n0} message_count`]: 5,
      [`${n0} message_bytes`]: 5,
      [`${n0} a in_flight_count`]: 2,
      [`${n0} a depth`]: 3,
      [`${n0} a client_count`]: 1,
    });
  });

  it('leaves out ephemeral topics and channels by default', async () => {
    const eph = `${unique('tail')}#ephemeral`;
    const h = node(0).httpAddress;
    await post(`http://${h}/topic/create?topic=${encodeURIComponent(eph)}`);
    await post(`http://${h}/channel/create?topic=${quiet}&channel=${encodeURIComponent('c#ephemeral')}`);
    await expect
      .poll(async () => (await getJson(`${con.url}/api/cluster/topics/${encodeURIComponent(eph)}`)).status, SETTLE)
      .toBe(200);
    await expect
      .poll(
        async () =>
          (await getJson<{ channels: { channel_name: string }[] }>(`${con.url}/api/cluster/topics/${quiet}`)).body
            .channels.length,
        SETTLE,
      )
      .toBe(3);
    const families = await scrape();
    expect(samplesOf(families, 'nsq_topic_depth').filter((s) => s.labels.topic?.endsWith('#ephemeral'))).toEqual([]);
    expect(samplesOf(families, 'nsq_channel_depth').filter((s) => s.labels.channel?.endsWith('#ephemeral'))).toEqual(
      [],
    );
    expect(samplesOf(families, 'nsq_channel_depth').filter((s) => s.labels.topic === quiet)).toHaveLength(4);
  });

  it('drops a topic deleted from nsqd after the next poll', async () => {
    const doomed = unique('doomed');
    for (const i of [0, 1]) {
      await post(`http://${node(i).httpAddress}/topic/create?topic=${doomed}`);
      await post(`http://${node(i).httpAddress}/channel/create?topic=${doomed}&channel=c`);
    }
    const series = async () => {
      const families = await scrape();
      return [...families.values()].flatMap((f) => f.samples).filter((s) => s.labels.topic === doomed).length;
    };
    // 2 nodes × (topic: depth, backend depth, message count, bytes, paused + channel: 9 metrics +
    // the two e2e percentiles this cluster's nsqd track, of the topic and of the channel)
    await expect.poll(series, SETTLE).toBe(2 * (5 + 9 + 2 * 2));
    for (const i of [0, 1]) await post(`http://${node(i).httpAddress}/topic/delete?topic=${doomed}`);
    const deletedAt = Date.now();
    await expect.poll(series, SETTLE).toBe(0);
    // a poll every 500 ms: gone within a few polls, not at some later clean-up
    expect(Date.now() - deletedAt).toBeLessThan(5_000);
  });
});

describe('a real Prometheus scraping /metrics, as the source of long history windows', () => {
  let prom: PrometheusServer | undefined;
  const quiet = unique('scraped');

  beforeAll(async () => {
    // a missing Prometheus fails these tests with what to install; they never skip
    requirePrometheus();
    await seedQuietTopic(quiet);
    prom = await startPrometheus({ port: promPort, targets: [new URL(con.url).host], scrapeIntervalS: 1 });
  });

  afterAll(async () => {
    await prom?.stop();
  });

  const promQuery = async (query: string): Promise<number | null> => {
    const { body } = await getJson<{ data: { result: { value: [number, string] }[] } }>(
      `${prom?.url}/api/v1/query?${new URLSearchParams({ query })}`,
    );
    const v = body.data.result[0]?.value[1];
    return v === undefined ? null : Number(v);
  };

  type History = {
    source: string;
    key: Record<string, string>;
    metrics: string[];
    step_ms: number;
    window_ms: number;
    now: number;
    points: ({ t: number } & Record<string, number | null>)[];
  };
  const history = (params: Record<string, string>) =>
    getJson<History>(`${con.url}/api/history?${new URLSearchParams(params)}`);
  const last = (h: History) => h.points.at(-1) as History['points'][number];

  it('says in /api/cluster that long windows can be answered', async () => {
    const { body } = await getJson<{ history_sources: unknown }>(`${con.url}/api/cluster?topics=false`);
    expect(body.history_sources).toEqual({
      memory_retention_ms: 3_600_000,
      prometheus: true,
      max_window_ms: 7 * 86_400_000,
    });
  });

  it('scrapes the console: what Prometheus stored is what nsqd says', async () => {
    const n0 = node(0).httpAddress;
    await eventually(
      () => promQuery(`nsq_channel_in_flight_count{topic="${quiet}",channel="a",node="${n0}"}`),
      (v) => v === 2,
      'Prometheus to have scraped the held messages',
      30_000,
    );
    const truth = await nsqdTopic(n0, quiet);
    expect(await promQuery(`nsq_channel_depth{topic="${quiet}",channel="a",node="${n0}"}`)).toBe(
      truth?.channels.find((c) => c.channel_name === 'a')?.depth,
    );
    expect(await promQuery(`nsq_topic_message_count_total{topic="${quiet}",node="${n0}"}`)).toBe(5);
  });

  it('answers window=6h from Prometheus with the depth it scraped, in the in-memory history’s shape', async () => {
    const truth = await Promise.all([0, 1].map((i) => nsqdTopic(node(i).httpAddress, quiet)));
    const topicDepth = truth.reduce((s, t) => s + (t?.depth ?? 0), 0);
    const channelDepth = truth.reduce((s, t) => s + (t?.channels.reduce((x, c) => x + c.depth, 0) ?? 0), 0);
    const h = await eventually(
      async () => (await history({ topic: quiet, window: '6h' })).body,
      (b) => b.points?.length > 0 && last(b).depth !== null && last(b).in_flight_count !== null,
      'the 6h history to reach the newest scrape',
      30_000,
    );
    expect(h).toMatchObject({
      source: 'prometheus',
      key: { kind: 'topic', topic: quiet },
      metrics: [...SERIES_METRICS.topic],
      step_ms: 48_000,
      window_ms: 21_600_000,
    });
    expect(Math.abs(h.now - Date.now())).toBeLessThan(15_000);
    expect(h.points.length).toBeGreaterThanOrEqual(300);
    expect(h.points.length).toBeLessThanOrEqual(601);
    expect(h.points[1]!.t - h.points[0]!.t).toBe(48_000);
    expect(last(h)).toMatchObject({
      t: h.now,
      depth: topicDepth,
      channel_depth: channelDepth,
      in_flight_count: 2,
      deferred_count: 0,
    });
    // the same number straight from Prometheus
    expect(await promQuery(`sum(nsq_topic_depth{topic="${quiet}"})`)).toBe(topicDepth);
    // before Prometheus started there is nothing: null, not zero
    expect(h.points[0]?.depth).toBeNull();
    // no traffic: once two scrapes exist, the rate is exactly zero
    const rated = await eventually(
      async () => (await history({ topic: quiet, window: '24h' })).body,
      (b) => last(b).message_rate !== null,
      'a message rate from two scrapes',
      30_000,
    );
    expect(last(rated).message_rate).toBe(0);
    expect(rated.step_ms).toBe(192_000);
  });

  it('answers a channel and a node too, and keeps short windows in memory', async () => {
    const n0 = node(0).httpAddress;
    const ch = await eventually(
      async () => (await history({ topic: quiet, channel: 'a', window: '6h' })).body,
      (b) => last(b).depth !== null,
      'the channel’s 6h history',
      30_000,
    );
    const truth = await Promise.all([0, 1].map((i) => nsqdTopic(node(i).httpAddress, quiet)));
    const depthA = truth.reduce((s, t) => s + (t?.channels.find((c) => c.channel_name === 'a')?.depth ?? 0), 0);
    expect(last(ch)).toMatchObject({ depth: depthA, in_flight_count: 2 });
    expect(ch.metrics).toEqual([...SERIES_METRICS.channel]);
    const nodeH = await history({ node: n0, window: '7d' });
    expect(nodeH.status).toBe(200);
    expect(nodeH.body.metrics).toEqual([...SERIES_METRICS.node]);
    const short = await history({ topic: quiet, window: '5m' });
    expect(short.body.source).toBe('memory');
  });

  it('rounds a window up to one the charts offer: a new window= shares the offered window’s answer', async () => {
    const sixHours = await history({ topic: quiet, window: '6h' });
    const twoHours = await history({ topic: quiet, window: '2h' });
    expect(twoHours.status).toBe(200);
    expect(twoHours.body).toMatchObject({ source: 'prometheus', window_ms: 21_600_000, step_ms: 48_000 });
    // the same answer, not a second set of range queries: taken at the same instant
    expect(twoHours.body.now).toBe(sixHours.body.now);
    expect(await history({ topic: quiet, window: '8d' })).toEqual({
      status: 400,
      body: { message: 'INVALID_ARG: window is longer than 7d' },
    });
  });

  it('escapes names in PromQL: a name that would break out of the string is simply not found', async () => {
    const res = await history({ topic: 'x"} or vector(1) or {a="\\', window: '6h' });
    expect(res).toEqual({ status: 404, body: { message: 'SERIES_NOT_FOUND' } });
  });

  it('answers 502 with the reason when Prometheus is gone, and keeps short windows working', async () => {
    await prom?.stop();
    prom = undefined;
    const res = await history({ topic: quiet, channel: 'b', window: '7d' });
    expect(res.status).toBe(502);
    expect((res.body as unknown as { message: string }).message).toMatch(
      new RegExp(`^Prometheus at http://127\\.0\\.0\\.1:${promPort}: .*ECONNREFUSED`),
    );
    expect((await history({ topic: quiet, window: '15m' })).status).toBe(200);
  });
});
