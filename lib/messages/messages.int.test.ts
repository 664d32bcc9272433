// The message tools against a real two-node cluster: what the API publishes arrives at a real
// consumer as sent, a tail sees every message published by to_nsq on both nodes while taking nothing
// from the topic's own channel and leaves no channel behind, a buffering topic is not tailed, and a
// redrive moves dead letters back without losing any, even when the target nsqd goes away mid-run.
import { spawn } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ConsoleServer, startConsole } from '../../scripts/console-server';
import { httpRequest, type NsqCluster, type NsqdProcess, nsqBinary, startCluster } from '../../scripts/nsq-cluster';
import { publish as nsqdPublish, startAnsweringConsumer } from '../../scripts/traffic';
import { eventually, getJson, nsqdTopic, post } from '../../test/http-json';
import { openSse } from '../../test/sse';
import type { RedriveResponse } from '../api/messages-api';
import type { RedriveJson } from './redrive';
import type { TailMessage, TailReady } from './tail';

const TRACE_TEMPLATE = 'http://jaeger.example:16686/trace/{trace_id}';
/** nsqd's own limit, far below the console's, so that nsqd is the one to refuse */
const NSQD_MAX_MSG_SIZE = 4096;

let cluster: NsqCluster;
let a: NsqdProcess;
let b: NsqdProcess;
let con: ConsoleServer;
let hook: http.Server;
const hookCalls: Record<string, unknown>[] = [];

const postJson = async (url: string, body: unknown) => {
  const res = await httpRequest('POST', url, {
    body: JSON.stringify(body),
    headers: { 'content-type': 'application/json' },
    timeoutMs: 15_000,
  });
  return { status: res.status, body: JSON.parse(res.body) as Record<string, unknown> };
};

async function createOn(node: NsqdProcess, topic: string, channels: string[] = []): Promise<void> {
  await post(`http://${node.httpAddress}/topic/create?topic=${topic}`);
  for (const c of channels) await post(`http://${node.httpAddress}/channel/create?topic=${topic}&channel=${c}`);
}

/** Waits until the console's snapshot has the topic (on `nodes` nodes). */
async function polled(topic: string, nodes = 1): Promise<void> {
  await eventually(
    () => getJson<{ nodes?: unknown[] }>(`${con.url}/api/topics/${topic}`),
    (r) => r.status === 200 && (r.body.nodes?.length ?? 0) >= nodes,
    `the console to see ${topic} on ${nodes} node(s)`,
  );
}

/** Every body a consumer of topic/channel on `node` receives, FINished. */
async function collect(node: NsqdProcess, topic: string, channel: string) {
  const bodies: string[] = [];
  const consumer = await startAnsweringConsumer({
    nsqdTcp: node.tcpAddress,
    topic,
    channel,
    answer: ({ body }) => {
      bodies.push(body);
      return 'finish';
    },
  });
  return { bodies, close: () => consumer.close() };
}

/** to_nsq publishing one message per line to one nsqd, as an operator's shell pipeline does. */
function toNsq(node: NsqdProcess, topic: string, lines: string[]): Promise<void> {
  const child = spawn(nsqBinary('to_nsq'), [`--topic=${topic}`, `--nsqd-tcp-address=${node.tcpAddress}`], {
    stdio: ['pipe', 'ignore', 'pipe'],
  });
  let err = '';
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  child.stdin.end(`${lines.join('\n')}\n`);
  return new Promise((resolve, reject) =>
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`to_nsq: exit ${code}: ${err}`)))),
  );
}

const channelOn = async (node: NsqdProcess, topic: string, channel: string) =>
  (await nsqdTopic(node.httpAddress, topic))?.channels.find((c) => c.channel_name === channel);

beforeAll(async () => {
  cluster = await startCluster({ nsqdCount: 2, extraNsqdArgs: [`--max-msg-size=${NSQD_MAX_MSG_SIZE}`] });
  [a, b] = cluster.nsqds as [NsqdProcess, NsqdProcess];
  hook = http.createServer((req, res) => {
    let text = '';
    req.on('data', (d: Buffer) => (text += d.toString()));
    req.on('end', () => {
      hookCalls.push(JSON.parse(text));
      res.end();
    });
  });
  await new Promise<void>((r) => hook.listen(0, '127.0.0.1', r));
  con = await startConsole([
    `--lookupd-http-address=${cluster.lookupd.httpAddress}`,
    '--poll-interval=500ms',
    `--trace-url-template=${TRACE_TEMPLATE}`,
    `--notification-http-endpoint=http://127.0.0.1:${(hook.address() as AddressInfo).port}/hook`,
  ]);
}, 60_000);

afterAll(async () => {
  await con?.stop();
  await cluster?.stop();
  hook?.close();
});

describe('publish', () => {
  it('delivers exactly the body sent to a real consumer, on the node asked for, and notifies', async () => {
    await createOn(a, 'pub', ['work']);
    await polled('pub');
    const consumer = await collect(a, 'pub', 'work');
    const body = 'line one\nline two: 🌍 <script>alert(1)</script>';
    const res = await postJson(`${con.url}/api/topics/pub/messages`, { body, node: a.httpAddress });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'ok', results: [{ target: a.httpAddress, ok: true }] });
    await eventually(
      async () => consumer.bodies,
      (x) => x.length >= 1,
      'the message',
    );
    expect(consumer.bodies).toEqual([body]);

    const batch = ['first', 'second\nwith a newline', 'third'];
    expect((await postJson(`${con.url}/api/topics/pub/messages`, { messages: batch })).status).toBe(200);
    await eventually(
      async () => consumer.bodies,
      (x) => x.length >= 4,
      'the batch',
    );
    expect(consumer.bodies.slice(1)).toEqual(batch);
    await consumer.close();
    await eventually(
      async () => hookCalls.filter((c) => c.action === 'publish_message'),
      (x) => x.length >= 2,
      'two publish notifications',
    );
    expect(hookCalls.filter((c) => c.action === 'publish_message').map((c) => c.messages)).toEqual([1, 3]);
  });

  it('defers a message when asked: nsqd counts it as deferred', async () => {
    await createOn(b, 'deferred', ['later']);
    await polled('deferred');
    const res = await postJson(`${con.url}/api/topics/deferred/messages`, {
      body: 'in a minute',
      defer_ms: 60_000,
      node: b.httpAddress,
    });
    expect(res.status).toBe(200);
    await eventually(
      () => channelOn(b, 'deferred', 'later'),
      (c) => c?.deferred_count === 1,
      'nsqd to count the deferred message',
    );
    expect((await channelOn(b, 'deferred', 'later'))?.depth).toBe(0);
  });

  it("passes nsqd's own refusal on, and refuses what no node could take", async () => {
    const tooBig = await postJson(`${con.url}/api/topics/pub/messages`, {
      body: 'x'.repeat(NSQD_MAX_MSG_SIZE + 1),
      node: a.httpAddress,
    });
    expect(tooBig.status).toBe(502);
    expect(String(tooBig.body.message)).toContain('MSG_TOO_BIG');
    const empty = await postJson(`${con.url}/api/topics/pub/messages`, { body: '' });
    expect(empty.status).toBe(400);
    expect(String(empty.body.message)).toContain('empty');
    const unknownNode = await postJson(`${con.url}/api/topics/pub/messages`, { body: 'x', node: '10.0.0.1:4151' });
    expect(unknownNode.status).toBe(404);
    const badTopic = await postJson(`${con.url}/api/topics/${encodeURIComponent('no/such')}/messages`, { body: 'x' });
    expect(badTopic.status).toBeGreaterThanOrEqual(400);
  });
});

describe('tail', () => {
  it('streams all 100 messages to_nsq publishes on two nodes, takes none from the topic’s channel, and leaves no channel', async () => {
    await createOn(a, 'tailed', ['work']);
    await createOn(b, 'tailed', ['work']);
    await polled('tailed', 2);
    const stream = await openSse(`${con.url}/api/topics/tailed/tail`);
    expect(stream.status).toBe(200);
    await eventually(
      async () => stream.events,
      (e) => e.some((x) => x.event === 'ready'),
      'the tail to be ready',
    );
    const ready = stream.events.find((e) => e.event === 'ready')?.data as TailReady;
    expect(ready.nodes.sort()).toEqual([a.httpAddress, b.httpAddress].sort());
    expect(ready.channel).toMatch(/^nsq-console-tail-[0-9a-f]+#ephemeral$/);

    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    const lines = Array.from({ length: 100 }, (_, i) =>
      i === 7 ? JSON.stringify({ n: i, trace_id: traceId, span_id: '00f067aa0ba902b7' }) : `message ${i}`,
    );
    await Promise.all([toNsq(a, 'tailed', lines.slice(0, 50)), toNsq(b, 'tailed', lines.slice(50))]);
    const messages = () => stream.events.filter((e) => e.event === 'message').map((e) => e.data as TailMessage);
    await eventually(
      async () => messages(),
      (m) => m.length >= 100,
      'all 100 messages in the tail',
    );
    expect(
      messages()
        .map((m) => m.body)
        .sort(),
    ).toEqual([...lines].sort());
    expect(new Set(messages().map((m) => m.node))).toEqual(new Set([a.httpAddress, b.httpAddress]));
    const traced = messages().find((m) => m.body === lines[7]);
    expect(traced?.trace).toEqual({
      trace_id: traceId,
      span_id: '00f067aa0ba902b7',
      url: `http://jaeger.example:16686/trace/${traceId}`,
    });
    expect(messages().every((m) => m.attempts === 1 && m.size === Buffer.byteLength(m.body))).toBe(true);

    // the topic's own channel got every message too: the tail took none of them
    const work = [await channelOn(a, 'tailed', 'work'), await channelOn(b, 'tailed', 'work')];
    expect(work.map((c) => c?.depth)).toEqual([50, 50]);

    stream.stop();
    const consoleChannels = async () =>
      (await Promise.all([a, b].map((n) => nsqdTopic(n.httpAddress, 'tailed')))).flatMap(
        (t) => t?.channels.map((c) => c.channel_name).filter((c) => c.startsWith('nsq-console-')) ?? [],
      );
    await eventually(consoleChannels, (c) => c.length === 0, 'nsqd to delete the tail’s channel');
    await eventually(
      async () => con.output(),
      (o) => /"action":"tail_topic_stop".*"messages":100/.test(o),
      'the audit line of the tail’s end',
    );
  });

  it('refuses a topic with no channel even when it holds nothing: what comes next is the first channel’s', async () => {
    await post(`http://${a.httpAddress}/topic/create?topic=channelless`);
    await polled('channelless');
    const stream = await openSse(`${con.url}/api/topics/channelless/tail`);
    expect(stream.status).toBe(409);
    expect((await nsqdTopic(a.httpAddress, 'channelless'))?.channels).toEqual([]);
  });

  it('refuses a topic with no channel that holds messages, and leaves its depth alone', async () => {
    await nsqdPublish(
      a.httpAddress,
      'buffered',
      Array.from({ length: 10 }, (_, i) => `kept ${i}`),
    );
    await polled('buffered');
    const stream = await openSse(`${con.url}/api/topics/buffered/tail`);
    expect(stream.status).toBe(409);
    expect(stream.refusal).toMatchObject({ message: 'TOPIC_HAS_NO_CHANNEL' });
    expect(String((stream.refusal as { reason: string }).reason)).toContain('first channel');
    const truth = await nsqdTopic(a.httpAddress, 'buffered');
    expect(truth?.depth).toBe(10);
    expect(truth?.channels).toEqual([]);
  });
});

const envelope = (i: number, topic: string) =>
  JSON.stringify({
    original_topic: topic,
    original_channel: 'work',
    message_id: `m${i}`,
    body: `order ${i}`,
    attempts: 5,
    error: 'payment service timed out',
    timestamp: 1_765_000_000 + i,
  });

async function redriveUntilEnded(topic: string, channel: string, body: unknown): Promise<RedriveJson> {
  const started = await postJson(`${con.url}/api/topics/${topic}/${channel}/redrive`, body);
  expect(started.status).toBe(202);
  const done = await eventually(
    () => getJson<RedriveResponse>(`${con.url}/api/topics/${topic}/${channel}/redrive`),
    (r) => r.body.run !== null && r.body.run.state !== 'running',
    'the redrive to end',
    30_000,
  );
  return done.body.run as RedriveJson;
}

describe('redrive', () => {
  it('moves 50 dead letters back to their original topic as their original bodies', async () => {
    await createOn(a, 'orders-dlq', ['dead']);
    await createOn(b, 'orders', ['work']);
    await nsqdPublish(
      a.httpAddress,
      'orders-dlq',
      Array.from({ length: 50 }, (_, i) => envelope(i, 'orders')),
    );
    await polled('orders-dlq');
    await polled('orders');
    const run = await redriveUntilEnded('orders-dlq', 'dead', { max: 50 });
    expect(run).toMatchObject({ state: 'done', moved: 50, error: null });
    // every message was FINished: none left in flight to time out and come back
    const dead = await channelOn(a, 'orders-dlq', 'dead');
    expect({ depth: dead?.depth, in_flight: dead?.in_flight_count }).toEqual({ depth: 0, in_flight: 0 });
    const arrived = await collect(b, 'orders', 'work');
    await eventually(
      async () => arrived.bodies,
      (x) => x.length >= 50,
      '50 messages on orders',
    );
    await arrived.close();
    expect(arrived.bodies.sort()).toEqual(Array.from({ length: 50 }, (_, i) => `order ${i}`).sort());
    await eventually(
      async () => hookCalls.find((c) => c.action === 'redrive_channel'),
      (c) => c !== undefined,
      'the redrive notification',
    );
    expect(hookCalls.find((c) => c.action === 'redrive_channel')).toMatchObject({
      topic: 'orders-dlq',
      channel: 'dead',
      messages: 50,
    });
  });

  it('loses nothing when the target nsqd goes away mid-run', async () => {
    await createOn(a, 'refunds-dlq', ['dead']);
    await createOn(b, 'refunds', ['work']);
    // 10 dead letters now, 40 more once the target nsqd is down, while the run waits for more
    const letters = Array.from({ length: 50 }, (_, i) => envelope(i, 'refunds'));
    await nsqdPublish(a.httpAddress, 'refunds-dlq', letters.slice(0, 10));
    await polled('refunds-dlq');
    await polled('refunds');
    const arrived: string[] = [];
    const consumer = await startAnsweringConsumer({
      nsqdTcp: b.tcpAddress,
      topic: 'refunds',
      channel: 'work',
      answer: ({ body }) => {
        arrived.push(body);
        return 'finish';
      },
    });
    const started = await postJson(`${con.url}/api/topics/refunds-dlq/dead/redrive`, { max: 50 });
    expect(started.status).toBe(202);
    const progress = () => getJson<RedriveResponse>(`${con.url}/api/topics/refunds-dlq/dead/redrive`);
    await eventually(progress, (r) => (r.body.run?.moved ?? 0) >= 10, 'the first 10 to move');
    await b.stop();
    await nsqdPublish(a.httpAddress, 'refunds-dlq', letters.slice(10));
    const run = (await eventually(progress, (r) => r.body.run?.state !== 'running', 'the run to end', 30_000)).body
      .run as RedriveJson;
    expect(run.state).toBe('failed');
    expect(run.moved).toBe(10);
    expect(run.error).toContain('publishing to refunds failed');
    // the message that could not go is back in the channel at once (REQ), not after its timeout
    await eventually(
      () => channelOn(a, 'refunds-dlq', 'dead'),
      (c) => c?.in_flight_count === 0 && c.depth === 40,
      'the 40 undelivered dead letters queued again, none in flight',
    );
    // what nsqd accepted before it went down it wrote to disk; started again, it delivers that
    await b.start();
    const left = async () => {
      const c = await channelOn(a, 'refunds-dlq', 'dead');
      return (c?.depth ?? 0) + (c?.in_flight_count ?? 0) + (c?.deferred_count ?? 0);
    };
    await eventually(
      async () => arrived.length + (await left()),
      (n) => n === 50,
      'every message either arrived or still in the dead-letter channel',
      30_000,
    );
    await new Promise((r) => setTimeout(r, 1000));
    expect(arrived.length + (await left())).toBe(50);
    expect(new Set(arrived).size).toBe(arrived.length);
    await consumer.close();
  });
});
