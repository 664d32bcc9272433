/**
 * Records real NSQ v1.3.0 HTTP responses into lib/nsq/__fixtures__/ so parsers
 * and UI code are written against what nsqd, nsqlookupd and nsqadmin actually
 * return (nulls instead of empty arrays, nanosecond durations, 404 bodies, ...).
 *
 *   tsx scripts/capture-fixtures.ts
 *
 * Needs the binaries from `npm run nsq:install`. Re-running overwrites the
 * files; timestamps, ports and ids differ between runs, nothing else should.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { httpRequest, type NsqCluster, type NsqdProcess, startCluster, startNsqadmin } from './nsq-cluster';
import { connectProducer, consume, publish } from './traffic';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const FIXTURES = path.join(ROOT, 'lib', 'nsq', '__fixtures__');
const NSQADMIN_FIXTURES = path.join(FIXTURES, 'nsqadmin');

type Closable = { close(): Promise<void> };

interface ChannelStats {
  channel_name: string;
  depth: number;
  in_flight_count: number;
  deferred_count: number;
  paused: boolean;
  clients: unknown[] | null;
  e2e_processing_latency: { count: number; percentiles: unknown[] | null };
}

interface TopicStats {
  topic_name: string;
  depth: number;
  channels: ChannelStats[] | null;
  e2e_processing_latency: { count: number; percentiles: unknown[] | null };
}

interface StatsBody {
  topics: TopicStats[] | null;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

async function get(url: string): Promise<{ status: number; body: string }> {
  return httpRequest('GET', url);
}

async function post(url: string): Promise<void> {
  const res = await httpRequest('POST', url);
  if (res.status !== 200) throw new Error(`POST ${url} -> ${res.status} ${res.body}`);
}

function pretty(body: string): string {
  try {
    return `${JSON.stringify(JSON.parse(body), null, 2)}\n`;
  } catch {
    // Not JSON (should not happen for these endpoints); keep it verbatim.
    return body;
  }
}

/**
 * 200 responses are stored as the pretty-printed body; anything else as
 * { status, body } so the error shape is recorded too.
 */
async function capture(dir: string, file: string, url: string, expectStatus = 200): Promise<string> {
  const res = await get(url);
  if (res.status !== expectStatus) {
    throw new Error(`GET ${url} -> ${res.status}, expected ${expectStatus}: ${res.body}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(res.body);
  } catch {
    parsed = res.body;
  }
  const text =
    res.status === 200 ? pretty(res.body) : `${JSON.stringify({ status: res.status, body: parsed }, null, 2)}\n`;
  await writeFile(path.join(dir, file), text);
  console.log(`  ${path.relative(ROOT, path.join(dir, file))}  <- GET ${url.replace(/^http:\/\/[^/]+/, '')}`);
  return res.body;
}

async function stats(nsqd: NsqdProcess, query = ''): Promise<StatsBody> {
  const res = await get(`http://${nsqd.httpAddress}/stats?format=json${query}`);
  return JSON.parse(res.body) as StatsBody;
}

function findChannel(body: StatsBody, topic: string, channel: string): ChannelStats | undefined {
  return body.topics?.find((t) => t.topic_name === topic)?.channels?.find((c) => c.channel_name === channel);
}

async function waitFor(description: string, check: () => Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${description}`);
    await sleep(100);
  }
}

function orderBodies(from: number, count: number): string[] {
  return Array.from({ length: count }, (_, i) =>
    JSON.stringify({ type: 'order.created', id: `ord-${from + i}`, amount: 10 + i }),
  );
}

/* ------------------------------------------------------------------------ */
/* Run 1: the main state, 2 nsqd + lookupd + nsqadmin                          */
/* ------------------------------------------------------------------------ */

async function captureMainState(): Promise<void> {
  console.log('run 1: 2 x nsqd + nsqlookupd + nsqadmin');
  const cluster = await startCluster({ nsqdCount: 2 });
  const closables: Closable[] = [];
  let admin: { stop(): Promise<void>; httpAddress: string } | undefined;
  try {
    const [n1, n2] = cluster.nsqds;
    if (!n1 || !n2) throw new Error('expected two nsqds');
    const lookupd = cluster.lookupd.httpAddress;

    // orders on both nsqds. Channels first: a topic only copies messages to
    // channels that exist at publish time, and /channel/create 404s until the
    // topic exists.
    for (const n of [n1, n2]) {
      await post(`http://${n.httpAddress}/topic/create?topic=orders`);
      await post(`http://${n.httpAddress}/channel/create?topic=orders&channel=billing`);
      await post(`http://${n.httpAddress}/channel/create?topic=orders&channel=shipping`);
      // Paused on every node, as nsqadmin's pause action would do.
      await post(`http://${n.httpAddress}/channel/pause?topic=orders&channel=shipping`);
    }

    // A long-lived TCP publisher so /stats lists it under "producers".
    const producer = await connectProducer(n1.tcpAddress, {
      clientId: 'order-service',
      hostname: 'orders-api-1.example.internal',
      userAgent: 'order-service/2.4.1 go-nsq/1.1.0',
    });
    closables.push({ close: () => producer.close() });
    await producer.publish('orders', orderBodies(1, 10));
    await publish(n1.httpAddress, 'orders', orderBodies(11, 5));
    // One deferred message (1 h), so deferred_count is non-zero.
    const deferred = await httpRequest('POST', `http://${n1.httpAddress}/pub?topic=orders&defer=3600000`, {
      body: JSON.stringify({ type: 'order.reminder', id: 'ord-deferred' }),
    });
    if (deferred.status !== 200) throw new Error(`deferred publish failed: ${deferred.status} ${deferred.body}`);
    await publish(n2.httpAddress, 'orders', orderBodies(100, 7));

    // billing on nsqd-1: one client holding 3 messages in flight, one that finished 2.
    closables.push(
      await consume({
        nsqdTcp: n1.tcpAddress,
        topic: 'orders',
        channel: 'billing',
        count: 3,
        finish: false,
        clientId: 'billing-worker-1',
        hostname: 'billing-1.example.internal',
        userAgent: 'billing-worker/1.0 nsqjs/0.13.0',
      }),
    );
    closables.push(
      await consume({
        nsqdTcp: n1.tcpAddress,
        topic: 'orders',
        channel: 'billing',
        count: 2,
        clientId: 'billing-worker-2',
        hostname: 'billing-2.example.internal',
        userAgent: 'billing-worker/1.0 nsqjs/0.13.0',
      }),
    );

    // clicks: an ephemeral channel with a connected tail-style consumer.
    await post(`http://${n1.httpAddress}/topic/create?topic=clicks`);
    await post(`http://${n1.httpAddress}/channel/create?topic=clicks&channel=${encodeURIComponent('tail#ephemeral')}`);
    await publish(
      n1.httpAddress,
      'clicks',
      Array.from({ length: 20 }, (_, i) => JSON.stringify({ type: 'click', path: ['/', '/cart', '/checkout'][i % 3] })),
    );
    closables.push(
      await consume({
        nsqdTcp: n1.tcpAddress,
        topic: 'clicks',
        channel: 'tail#ephemeral',
        count: 20,
        clientId: 'nsq_tail',
        hostname: 'laptop.example.internal',
        userAgent: 'nsq_tail/1.3.0 go-nsq/1.1.0',
      }),
    );

    // An ephemeral topic (no channels, so messages sit in the topic) and an empty topic.
    await publish(n1.httpAddress, 'heartbeats#ephemeral', ['{"beat":1}', '{"beat":2}', '{"beat":3}']);
    await post(`http://${n1.httpAddress}/topic/create?topic=empty`);

    // payments only on nsqd-2, so per-node views differ.
    await post(`http://${n2.httpAddress}/topic/create?topic=payments`);
    await post(`http://${n2.httpAddress}/channel/create?topic=payments&channel=ledger`);
    await publish(n2.httpAddress, 'payments', ['{"id":"pay-1"}', '{"id":"pay-2"}', '{"id":"pay-3"}', '{"id":"pay-4"}']);

    // A topic known to lookupd but served by no nsqd: nsqadmin's "inactive" list.
    await post(`http://${lookupd}/topic/create?topic=legacy`);
    await post(`http://${lookupd}/channel/create?topic=legacy&channel=old-consumer`);

    await waitFor('nsqd-1 state to settle', async () => {
      const s = await stats(n1);
      const billing = findChannel(s, 'orders', 'billing');
      const tail = findChannel(s, 'clicks', 'tail#ephemeral');
      return (
        billing?.in_flight_count === 3 &&
        billing.depth === 10 &&
        billing.clients?.length === 2 &&
        tail?.depth === 0 &&
        tail.in_flight_count === 0
      );
    });
    await waitFor('lookupd registrations', async () => {
      const topics = JSON.parse((await get(`http://${lookupd}/topics`)).body) as { topics: string[] };
      const channels = JSON.parse((await get(`http://${lookupd}/channels?topic=orders`)).body) as {
        channels: string[];
      };
      const producers = JSON.parse((await get(`http://${lookupd}/lookup?topic=orders`)).body) as {
        producers: unknown[];
      };
      return (
        ['orders', 'clicks', 'empty', 'payments', 'legacy'].every((t) => topics.topics.includes(t)) &&
        ['billing', 'shipping'].every((c) => channels.channels.includes(c)) &&
        producers.producers.length === 2
      );
    });

    await mkdir(NSQADMIN_FIXTURES, { recursive: true });
    const nsqd = `http://${n1.httpAddress}`;
    await capture(FIXTURES, 'nsqd-stats.json', `${nsqd}/stats?format=json`);
    await capture(
      FIXTURES,
      'nsqd-stats-no-clients.json',
      `${nsqd}/stats?format=json&include_clients=false&include_mem=false`,
    );
    await capture(FIXTURES, 'nsqd-stats-topic.json', `${nsqd}/stats?format=json&topic=orders`);
    await capture(FIXTURES, 'nsqd-stats-channel.json', `${nsqd}/stats?format=json&topic=orders&channel=billing`);
    await capture(FIXTURES, 'nsqd-stats-unknown-topic.json', `${nsqd}/stats?format=json&topic=nope`);
    await capture(FIXTURES, 'nsqd-info.json', `${nsqd}/info`);

    const lk = `http://${lookupd}`;
    await capture(FIXTURES, 'lookupd-nodes.json', `${lk}/nodes`);
    await capture(FIXTURES, 'lookupd-topics.json', `${lk}/topics`);
    await capture(FIXTURES, 'lookupd-channels.json', `${lk}/channels?topic=orders`);
    await capture(FIXTURES, 'lookupd-lookup.json', `${lk}/lookup?topic=orders`);
    await capture(FIXTURES, 'lookupd-lookup-missing.json', `${lk}/lookup?topic=nope`, 404);
    await capture(FIXTURES, 'lookupd-info.json', `${lk}/info`);

    admin = await startNsqadmin({ lookupdHttpAddresses: [lookupd] });
    const ad = `http://${admin.httpAddress}`;
    await capture(NSQADMIN_FIXTURES, 'api-topics.json', `${ad}/api/topics`);
    await capture(NSQADMIN_FIXTURES, 'api-topics-inactive.json', `${ad}/api/topics?inactive=true`);
    await capture(NSQADMIN_FIXTURES, 'api-topic.json', `${ad}/api/topics/orders`);
    await capture(NSQADMIN_FIXTURES, 'api-channel.json', `${ad}/api/topics/orders/billing`);
    await capture(NSQADMIN_FIXTURES, 'api-nodes.json', `${ad}/api/nodes`);
    await capture(NSQADMIN_FIXTURES, 'api-node.json', `${ad}/api/nodes/${encodeURIComponent(n1.httpAddress)}`);
    await capture(NSQADMIN_FIXTURES, 'api-counter.json', `${ad}/api/counter`);
  } finally {
    for (const c of closables.reverse()) await c.close().catch(() => undefined);
    await admin?.stop();
    await cluster.stop();
  }
}

/* ------------------------------------------------------------------------ */
/* Run 2: e2e processing latency percentiles                                  */
/* ------------------------------------------------------------------------ */

async function captureE2eState(): Promise<void> {
  console.log('run 2: nsqd with --e2e-processing-latency-percentile=0.99,0.5');
  const cluster: NsqCluster = await startCluster({
    nsqdCount: 1,
    withLookupd: false,
    e2eLatencyPercentiles: [0.99, 0.5],
  });
  let consumer: Closable | undefined;
  let admin: { stop(): Promise<void> } | undefined;
  try {
    const [n1] = cluster.nsqds;
    if (!n1) throw new Error('expected one nsqd');
    await post(`http://${n1.httpAddress}/topic/create?topic=orders`);
    await post(`http://${n1.httpAddress}/channel/create?topic=orders&channel=billing`);
    await publish(n1.httpAddress, 'orders', orderBodies(1, 50));
    // Spread publish → finish times a little so the quantiles differ.
    await sleep(200);
    await publish(n1.httpAddress, 'orders', orderBodies(51, 50));
    consumer = await consume({
      nsqdTcp: n1.tcpAddress,
      topic: 'orders',
      channel: 'billing',
      count: 100,
      clientId: 'billing-worker-1',
    });

    // Latencies are recorded when messages are finished; wait until nsqd reports them.
    await waitFor('e2e percentiles', async () => {
      const s = await stats(n1, '&topic=orders');
      const topic = s.topics?.[0];
      const billing = findChannel(s, 'orders', 'billing');
      return (
        (billing?.e2e_processing_latency.percentiles?.length ?? 0) > 0 &&
        (topic?.e2e_processing_latency.percentiles?.length ?? 0) > 0 &&
        billing?.depth === 0 &&
        billing.in_flight_count === 0
      );
    });
    await capture(FIXTURES, 'nsqd-stats-e2e.json', `http://${n1.httpAddress}/stats?format=json`);

    const started = await startNsqadmin({ nsqdHttpAddresses: [n1.httpAddress] });
    admin = started;
    await capture(NSQADMIN_FIXTURES, 'api-topic-e2e.json', `http://${started.httpAddress}/api/topics/orders`);
  } finally {
    await consumer?.close().catch(() => undefined);
    await admin?.stop();
    await cluster.stop();
  }
}

async function main(): Promise<void> {
  await mkdir(NSQADMIN_FIXTURES, { recursive: true });
  await captureMainState();
  await captureE2eState();
  console.log(`done; see ${path.relative(ROOT, path.join(FIXTURES, 'README.md'))}`);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? (err.stack ?? err.message) : String(err));
  process.exitCode = 1;
});
