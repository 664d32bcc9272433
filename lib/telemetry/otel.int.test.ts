// OpenTelemetry against real receivers: the console's traces in a real Jaeger (an action with a child
// per node, a poll with a child per nsqd, a publish whose trace a consumer continues), its cluster
// metrics in a real Prometheus 3 through its OTLP receiver, equal to nsqd's own /stats, and nothing
// at all sent anywhere when no OTLP endpoint is set.
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ConsoleServer, startConsole } from '../../scripts/console-server';
import { freePort, httpRequest, type NsqCluster, startCluster } from '../../scripts/nsq-cluster';
import { publish as nsqdPublish, startAnsweringConsumer } from '../../scripts/traffic';
import { eventually, getJson, nsqdTopic, post } from '../../test/http-json';
import { type JaegerServer, type JaegerSpan, startJaeger, tag } from '../../test/jaeger-server';
import { type PrometheusServer, startPrometheus } from '../../test/prometheus-server';
import { traceContextOfText } from '../messages/trace';

const SERVICE = 'nsq-console-otel-test';
/** given as a flag: the trace's resource must not carry the command line */
const SECRET = 'otel-secret-token';

let cluster: NsqCluster;
let jaeger: JaegerServer;
let prometheus: PrometheusServer;
let con: ConsoleServer;
let nsqds: string[];

beforeAll(async () => {
  cluster = await startCluster({ nsqdCount: 2 });
  nsqds = cluster.nsqds.map((n) => n.httpAddress);
  [jaeger, prometheus] = await Promise.all([
    startJaeger(),
    freePort().then((port) => startPrometheus({ port, targets: [], otlp: true })),
  ]);
  con = await startConsole(
    [
      `--lookupd-http-address=${cluster.lookupd.httpAddress}`,
      '--poll-interval=500ms',
      '--admin-user=alice',
      '--acl-trusted-proxy=127.0.0.1/32',
      `--notification-http-header=Authorization: Bearer ${SECRET}`,
    ],
    {
      env: {
        OTEL_SERVICE_NAME: SERVICE,
        OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: jaeger.otlpTracesUrl,
        OTEL_EXPORTER_OTLP_METRICS_ENDPOINT: `${prometheus.url}/api/v1/otlp/v1/metrics`,
        // seconds, not the SDK's minutes, so that each test waits little
        OTEL_BSP_SCHEDULE_DELAY: '200',
        OTEL_METRIC_EXPORT_INTERVAL: '1000',
      },
    },
  );
}, 90_000);

afterAll(async () => {
  await con?.stop();
  await Promise.all([jaeger?.stop(), prometheus?.stop()]);
  await cluster?.stop();
});

type Trace = { traceID: string; spans: JaegerSpan[] };

async function traces(operation: string): Promise<Trace[]> {
  const q = new URLSearchParams({ service: SERVICE, operation, limit: '20', lookback: '1h' });
  return (await getJson<{ data: Trace[] | null }>(`${jaeger.url}/api/traces?${q}`)).body.data ?? [];
}

const childrenOf = (t: Trace, parent: JaegerSpan) =>
  t.spans.filter((s) => s.references.some((r) => r.refType === 'CHILD_OF' && r.spanID === parent.spanID));

describe('traces in Jaeger', () => {
  it('an action: its span with the messaging attributes, the user and the outcome, and a child per nsqd', async () => {
    for (const nsqd of nsqds) {
      await post(`http://${nsqd}/topic/create?topic=traced`);
      await post(`http://${nsqd}/channel/create?topic=traced&channel=work`);
    }
    await eventually(
      () => getJson<{ nodes?: unknown[] }>(`${con.url}/api/topics/traced`),
      (r) => (r.body.nodes?.length ?? 0) === 2,
      'the console to see the topic on both nodes',
    );
    const res = await httpRequest('POST', `${con.url}/api/topics/traced/work`, {
      body: JSON.stringify({ action: 'pause' }),
      headers: { 'content-type': 'application/json', 'x-forwarded-user': 'alice' },
    });
    expect(res.status).toBe(200);

    const found = await eventually(
      () => traces('nsq pause_channel'),
      (t) => t.length > 0,
      'the action’s trace in Jaeger',
      10_000,
    );
    const trace = found[0] as Trace;
    const action = trace.spans.find((s) => s.operationName === 'nsq pause_channel') as JaegerSpan;
    expect(Object.fromEntries(action.tags.map((t) => [t.key, t.value]))).toMatchObject({
      'messaging.system': 'nsq',
      'messaging.destination.name': 'traced',
      'messaging.consumer.group.name': 'work',
      'messaging.operation.name': 'pause_channel',
      'user.name': 'alice',
      'nsq.outcome': 'ok',
    });
    const perNode = childrenOf(trace, action);
    expect(perNode.map((s) => s.operationName)).toEqual(['POST /channel/pause', 'POST /channel/pause']);
    expect(perNode.map((s) => `${tag(s, 'server.address')}:${tag(s, 'server.port')}`).sort()).toEqual(
      [...nsqds].sort(),
    );
    expect(perNode.every((s) => tag(s, 'http.response.status_code') === 200)).toBe(true);
    // the resource says which host and service, not the command line with its secrets
    const whole = await httpRequest('GET', `${jaeger.url}/api/traces/${trace.traceID}`);
    expect(whole.body).toContain(SERVICE);
    expect(whole.body).not.toContain(SECRET);
  });

  it('a poll: its span with a child per nsqd read', async () => {
    const found = await eventually(
      () => traces('nsq.poll'),
      (t) => t.length > 0,
      'a poll’s trace',
      10_000,
    );
    const trace = found[0] as Trace;
    const poll = trace.spans.find((s) => s.operationName === 'nsq.poll') as JaegerSpan;
    const reads = childrenOf(trace, poll);
    const stats = reads.filter((s) => s.operationName === 'GET /stats');
    expect(stats.map((s) => `${tag(s, 'server.address')}:${tag(s, 'server.port')}`).sort()).toEqual([...nsqds].sort());
    expect(stats.every((s) => (tag(s, 'http.response.body.size') as number) > 0)).toBe(true);
    expect(reads.filter((s) => tag(s, 'nsq.role') === 'nsqlookupd')).toHaveLength(1);
  });

  it('a publish: the message carries its trace context, and a consumer finds that trace in Jaeger', async () => {
    const nsqd = cluster.nsqds[0] as (typeof cluster.nsqds)[number];
    await post(`http://${nsqd.httpAddress}/topic/create?topic=orders-traced`);
    await post(`http://${nsqd.httpAddress}/channel/create?topic=orders-traced&channel=work`);
    const bodies: string[] = [];
    const consumer = await startAnsweringConsumer({
      nsqdTcp: nsqd.tcpAddress,
      topic: 'orders-traced',
      channel: 'work',
      answer: ({ body }) => {
        bodies.push(body);
        return 'finish';
      },
    });
    const res = await httpRequest('POST', `${con.url}/api/topics/orders-traced/messages`, {
      body: JSON.stringify({ body: '{"order": 17}', node: nsqd.httpAddress }),
      headers: { 'content-type': 'application/json', 'x-forwarded-user': 'alice' },
    });
    expect(res.status).toBe(200);
    await eventually(
      async () => bodies,
      (b) => b.length === 1,
      'the message',
    );
    await consumer.close();
    const message = JSON.parse(bodies[0] as string) as { order: number; traceparent: string };
    expect(message.order).toBe(17);
    const ctx = traceContextOfText(bodies[0] as string);
    expect(ctx).not.toBeNull();
    const trace = await eventually(
      async () => (await getJson<{ data: Trace[] | null }>(`${jaeger.url}/api/traces/${ctx?.trace_id}`)).body.data,
      (d) => (d?.length ?? 0) > 0,
      'the publish’s trace in Jaeger',
      10_000,
    );
    const producer = trace?.[0]?.spans.find((s) => s.spanID === ctx?.span_id);
    expect(producer?.operationName).toBe('send orders-traced');
    expect(producer && tag(producer, 'span.kind')).toBe('producer');
    expect(producer && tag(producer, 'messaging.destination.name')).toBe('orders-traced');
  });
});

describe('metrics in Prometheus, over OTLP', () => {
  it('a channel’s depth is what nsqd says', async () => {
    const nsqd = nsqds[1] as string;
    await post(`http://${nsqd}/topic/create?topic=otel-backlog`);
    await post(`http://${nsqd}/channel/create?topic=otel-backlog&channel=stuck`);
    await nsqdPublish(
      nsqd,
      'otel-backlog',
      Array.from({ length: 7 }, (_, i) => `m${i}`),
    );
    const truth = (await nsqdTopic(nsqd, 'otel-backlog'))?.channels[0]?.depth;
    expect(truth).toBe(7);
    const query = encodeURIComponent('nsq_channel_depth{topic="otel-backlog",channel="stuck"}');
    const series = await eventually(
      async () =>
        (
          await getJson<{ data: { result: { metric: Record<string, string>; value: [number, string] }[] } }>(
            `${prometheus.url}/api/v1/query?query=${query}`,
          )
        ).body.data.result,
      (r) => r.length === 1 && Number(r[0]?.value[1]) === truth,
      'the depth in Prometheus',
      20_000,
    );
    expect(series[0]?.metric).toMatchObject({ topic: 'otel-backlog', channel: 'stuck', node: nsqd, job: SERVICE });
    // the names the README gives for what Prometheus stores
    const names = (await getJson<{ data: string[] }>(`${prometheus.url}/api/v1/label/__name__/values`)).body.data;
    expect(names).toEqual(
      expect.arrayContaining([
        'nsq_topic_messages_total',
        'nsq_topic_message_bytes_total',
        'nsq_topic_paused',
        'nsq_topic_message_rate_per_second',
        'nsq_channel_messages_total',
        'nsq_channel_in_flight',
        'nsq_channel_requeued_total',
        'nsq_channel_clients',
        'nsq_channel_consume_rate_per_second',
        'nsq_node_up',
        'nsq_console_poll_duration_seconds',
        'nsq_console_poll_errors_total',
      ]),
    );
  });
});

describe('with no OTLP endpoint', () => {
  it('sends nothing anywhere, not even to the default OTLP ports', async () => {
    // the SDK's default endpoints: the only place a request could go with no endpoint set
    const seen: string[] = [];
    const listeners = await Promise.all(
      [4317, 4318].map(
        (port) =>
          new Promise<http.Server>((resolve, reject) => {
            const s = http.createServer((req, res) => {
              seen.push(`${port} ${req.method} ${req.url}`);
              res.end();
            });
            s.once('error', reject);
            s.listen(port, '127.0.0.1', () => resolve(s));
          }),
      ),
    );
    const quiet = await startConsole(
      [`--lookupd-http-address=${cluster.lookupd.httpAddress}`, '--poll-interval=500ms'],
      {
        env: {
          OTEL_SERVICE_NAME: 'nsq-console-quiet',
          OTEL_TRACES_SAMPLER: 'always_on',
          OTEL_BSP_SCHEDULE_DELAY: '100',
          OTEL_METRIC_EXPORT_INTERVAL: '200',
        },
      },
    );
    try {
      const res = await httpRequest('POST', `${quiet.url}/api/topics/traced/work`, {
        body: JSON.stringify({ action: 'unpause' }),
        headers: { 'content-type': 'application/json' },
      });
      expect(res.status).toBe(200);
      await getJson(`${quiet.url}/api/topics/traced`);
      // several poll intervals and export intervals
      await new Promise((r) => setTimeout(r, 3000));
      expect(seen).toEqual([]);
      expect(quiet.output()).not.toContain('OpenTelemetry export started');
    } finally {
      await quiet.stop();
      await Promise.all(listeners.map((s) => new Promise((r) => s.close(r))));
    }
  });
});
