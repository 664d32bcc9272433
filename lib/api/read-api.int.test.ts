// The read API against a real cluster: one nsqlookupd, two nsqd, the production build of the console,
// and the real nsqadmin v1.3.0 on the same cluster for comparison.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ConsoleServer, startConsole } from '../../scripts/console-server';
import { type NsqadminProcess, type NsqCluster, startCluster, startNsqadmin } from '../../scripts/nsq-cluster';
import { consume, publish } from '../../scripts/traffic';
import { eventually, getJson, nsqdTopic, post } from '../../test/http-json';
import type { TopicListItem } from '../cluster/types';
import type { ClusterNodesResponse, TopicResponse } from './read-api';

const POLL_MS = 500;
/** long enough for several polls; expect.poll gives up after this */
const SETTLE = { timeout: 15_000, interval: 200 };

let cluster: NsqCluster;
let con: ConsoleServer;
let nsqadmin: NsqadminProcess;
const closers: { close(): Promise<void> }[] = [];
const unique = (name: string) => `${name}_${Math.random().toString(36).slice(2, 8)}`;

const api = <T = Record<string, unknown>>(path: string) => getJson<T>(`${con.url}${path}`);
type ClusterBody = ClusterNodesResponse & { topics: TopicListItem[] };
const cluster$ = async () => (await api<ClusterBody>('/api/cluster')).body;
const topic$ = async (name: string) =>
  (await api<TopicResponse>(`/api/cluster/topics/${encodeURIComponent(name)}`)).body;

beforeAll(async () => {
  cluster = await startCluster({ e2eLatencyPercentiles: [0.99, 0.5] });
  con = await startConsole([`--lookupd-http-address=${cluster.lookupd.httpAddress}`, `--poll-interval=${POLL_MS}ms`]);
  nsqadmin = await startNsqadmin({ lookupdHttpAddresses: [cluster.lookupd.httpAddress] });
});

afterAll(async () => {
  await Promise.all(closers.map((c) => c.close()));
  await con?.stop();
  await nsqadmin?.stop();
  await cluster?.stop();
});

const [n1, n2] = [0, 1];
const node = (i: number) => cluster.nsqds[i] as NsqCluster['nsqds'][number];

/** A topic with channels billing and shipping on both nsqds, some messages, and consumers on billing. */
async function seedTopic(topic: string) {
  for (const i of [n1, n2]) {
    const http = node(i).httpAddress;
    await post(`http://${http}/topic/create?topic=${topic}`);
    await post(`http://${http}/channel/create?topic=${topic}&channel=billing`);
    await post(`http://${http}/channel/create?topic=${topic}&channel=shipping`);
  }
  await publish(
    node(n1).httpAddress,
    topic,
    Array.from({ length: 10 }, (_, i) => `a${i}`),
  );
  await publish(
    node(n2).httpAddress,
    topic,
    Array.from({ length: 7 }, (_, i) => `b${i}`),
  );
  // Held in flight on nsqd 1; finished on nsqd 2.
  closers.push(await consume({ nsqdTcp: node(n1).tcpAddress, topic, channel: 'billing', count: 3, finish: false }));
  closers.push(await consume({ nsqdTcp: node(n2).tcpAddress, topic, channel: 'billing', count: 2 }));
}

const CHANNEL_FIELDS = [
  'depth',
  'backend_depth',
  'in_flight_count',
  'deferred_count',
  'requeue_count',
  'timeout_count',
  'message_count',
  'client_count',
  'paused',
] as const;

/** What nsqd itself says, per node and channel, in the console's terms. */
async function truth(topic: string) {
  const rows = [];
  for (const i of [n1, n2]) {
    const t = await nsqdTopic(node(i).httpAddress, topic);
    if (!t) continue;
    rows.push({
      node: node(i).httpAddress,
      depth: t.depth,
      message_count: t.message_count,
      channels: Object.fromEntries(
        t.channels.map((c) => [c.channel_name, Object.fromEntries(CHANNEL_FIELDS.map((f) => [f, c[f]]))]),
      ),
    });
  }
  // the console lists nodes by hostname, then address; these nodes share a hostname
  return rows.sort((a, b) => a.node.localeCompare(b.node));
}

type Row = { node: string; depth: number; message_count: number; channels: { channel_name: string }[] };
const project = (nodes: Row[]) =>
  nodes.map((r) => ({
    node: r.node,
    depth: r.depth,
    message_count: r.message_count,
    channels: Object.fromEntries(
      r.channels.map((c) => [
        c.channel_name,
        Object.fromEntries(CHANNEL_FIELDS.map((f) => [f, (c as Record<string, unknown>)[f]])),
      ]),
    ),
  }));

describe('numbers equal nsqd’s own /stats', () => {
  const topic = unique('orders');
  beforeAll(() => seedTopic(topic));

  it('per node and in total on /api/topics/:topic', async () => {
    await expect
      .poll(async () => {
        const { body } = await api<{ nodes: Row[] }>(`/api/topics/${topic}`);
        return { ours: project(body.nodes), nsqd: await truth(topic) };
      }, SETTLE)
      .toSatisfy(({ ours, nsqd }) => JSON.stringify(ours) === JSON.stringify(nsqd));

    const nsqd = await truth(topic);
    const { status, body } = await api<{
      depth: number;
      message_count: number;
      message: string;
      channels: {
        channel_name: string;
        depth: number;
        in_flight_count: number;
        message_count: number;
        client_count: number;
      }[];
    }>(`/api/topics/${topic}`);
    expect(status).toBe(200);
    expect(body.message).toBe('');
    expect(body.message_count).toBe(17);
    expect(body.depth).toBe(nsqd.reduce((s, r) => s + r.depth, 0));
    const billing = body.channels.find((c) => c.channel_name === 'billing');
    expect(billing).toMatchObject({
      depth: nsqd.reduce((s, r) => s + (r.channels.billing?.depth as number), 0),
      in_flight_count: 3,
      message_count: 17,
      client_count: 2,
    });
  });

  it('on /api/topics/:topic/:channel, with every client', async () => {
    const { status, body } = await api<{
      depth: number;
      in_flight_count: number;
      client_count: number;
      nodes: Row[];
      clients: { node: string; in_flight_count: number; finish_count: number; user_agent: string }[];
    }>(`/api/topics/${topic}/billing`);
    expect(status).toBe(200);
    expect(body.nodes.map((n) => n.node).sort()).toEqual([node(n1).httpAddress, node(n2).httpAddress].sort());
    expect(body.clients).toHaveLength(2);
    expect(body.clients.find((c) => c.node === node(n1).httpAddress)?.in_flight_count).toBe(3);
    expect(body.clients.find((c) => c.node === node(n2).httpAddress)?.finish_count).toBe(2);
    expect(body.clients.every((c) => c.user_agent.startsWith('nsqjs/'))).toBe(true);
    const nsqd = await truth(topic);
    expect(body.in_flight_count).toBe(nsqd.reduce((s, r) => s + (r.channels.billing?.in_flight_count as number), 0));
    expect(body.depth).toBe(nsqd.reduce((s, r) => s + (r.channels.billing?.depth as number), 0));
  });

  it('on /api/cluster and /api/cluster/topics/:topic', async () => {
    const nsqd = await truth(topic);
    const sum = (f: (r: (typeof nsqd)[number]) => number) => nsqd.reduce((s, r) => s + f(r), 0);
    const listed = (await cluster$()).topics.find((x) => x.topic_name === topic);
    expect(listed).toMatchObject({
      depth: sum((r) => r.depth),
      message_count: sum((r) => r.message_count),
      channel_depth: sum((r) => Object.values(r.channels).reduce((s, c) => s + (c.depth as number), 0)),
      in_flight_count: 3,
      channel_count: 2,
      client_count: 2,
    });
    expect(listed).not.toHaveProperty('nodes');
    expect(project((await topic$(topic)).nodes)).toEqual(nsqd);
  });

  it('after polls in which a topic did not change, a message on one node shows in its rows and sums', async () => {
    // idle topics keep their summary from one snapshot to the next (lib/cluster/snapshot.ts keptFrom);
    // a second topic after this one on each node, since the poller always parses nsqd's last topic
    const quiet = unique('quiet');
    for (const i of [n1, n2]) {
      await post(`http://${node(i).httpAddress}/topic/create?topic=${quiet}`);
      await post(`http://${node(i).httpAddress}/channel/create?topic=${quiet}&channel=c`);
      await post(`http://${node(i).httpAddress}/topic/create?topic=${quiet}_z`);
    }
    await publish(node(n1).httpAddress, quiet, ['a', 'b']);
    const both = async () => ({
      ours: project((await api<{ nodes: Row[] }>(`/api/topics/${quiet}`)).body.nodes),
      nsqd: await truth(quiet),
    });
    type Both = Awaited<ReturnType<typeof both>>;
    const agree = ({ ours, nsqd }: Both) => JSON.stringify(ours) === JSON.stringify(nsqd);
    await expect.poll(both, SETTLE).toSatisfy(agree);
    await new Promise((r) => setTimeout(r, 6 * POLL_MS));

    await publish(node(n2).httpAddress, quiet, ['c']);
    await expect
      .poll(both, SETTLE)
      .toSatisfy((b: Both) => agree(b) && b.nsqd.reduce((s, r) => s + r.message_count, 0) === 3);
    const { body } = await api<{
      message_count: number;
      depth: number;
      channels: { channel_name: string; depth: number; message_count: number }[];
    }>(`/api/topics/${quiet}`);
    expect(body).toMatchObject({ message_count: 3, channels: [{ channel_name: 'c', depth: 3, message_count: 3 }] });
  });

  it('leaves the nodes’ registrations out of the light /api/cluster every header polls, unless asked', async () => {
    const registered = (await cluster$()).nodes.map((n) => n.topics.map((t) => t.topic));
    expect(registered.flat()).toContain(topic);
    const light = (await api<ClusterBody>('/api/cluster?topics=false')).body;
    expect(light.topics).toBeUndefined();
    for (const n of light.nodes) expect(n).not.toHaveProperty('topics');
    const withNodes = (await api<ClusterBody>('/api/cluster?topics=false&node_topics=true')).body;
    expect(withNodes.nodes.map((n) => n.topics.map((t) => t.topic))).toEqual(registered);
  });

  it('puts each node’s clients on its row of /api/topics/:topic/:channel, as nsqadmin does', async () => {
    type Channel = { nodes: { node: string; clients: { remote_address: string; client_id: string }[] | null }[] };
    const perNode = (body: Channel) =>
      Object.fromEntries(
        body.nodes.map((n) => [n.node, n.clients?.map((c) => `${c.client_id}@${c.remote_address}`).sort() ?? null]),
      );
    const theirs = perNode((await getJson<Channel>(`http://${nsqadmin.httpAddress}/api/topics/${topic}/billing`)).body);
    const ours = perNode((await api<Channel>(`/api/topics/${topic}/billing`)).body);
    expect(Object.values(ours).map((c) => c?.length)).toEqual([1, 1]);
    expect(ours).toEqual(theirs);
  });

  it('has every field nsqadmin v1.3.0 has, with equal values', async () => {
    for (const path of [
      '/api/topics',
      `/api/topics/${topic}`,
      `/api/topics/${topic}/billing`,
      '/api/nodes',
      '/api/counter',
    ]) {
      const theirs = await getJson(`http://${nsqadmin.httpAddress}${path}`);
      const ours = await api(path);
      expect(ours.status, path).toBe(theirs.status);
      expect(differences(ours.body, theirs.body, path), path).toEqual([]);
    }
  });

  it('answers 404 for a topic or channel that does not exist, and NOT_FOUND for unknown routes', async () => {
    expect(await api('/api/topics/nope_nope')).toEqual({ status: 404, body: { message: 'TOPIC_NOT_FOUND' } });
    expect(await api(`/api/topics/${topic}/nope`)).toEqual({ status: 404, body: { message: 'CHANNEL_NOT_FOUND' } });
    expect(await api('/api/nodes/10.0.0.1:4151')).toEqual({ status: 404, body: { message: 'NODE_NOT_FOUND' } });
    expect(await api('/api/nothing/here')).toEqual({ status: 404, body: { message: 'NOT_FOUND' } });
  });
});

describe('lookupd-only and ephemeral topics', () => {
  it('a topic with no producer is an empty answer, not nsqadmin’s 502', async () => {
    const topic = unique('registered');
    await post(`http://${cluster.lookupd.httpAddress}/topic/create?topic=${topic}`);
    await expect.poll(async () => (await api(`/api/topics/${topic}`)).status, SETTLE).toBe(200);
    const { body } = await api<{ nodes: unknown[]; depth: number }>(`/api/topics/${topic}`);
    expect(body).toMatchObject({ nodes: [], depth: 0 });
    const inactive = await api<{ topics: Record<string, string[]> }>('/api/topics?inactive=true');
    expect(inactive.body.topics[topic]).toEqual([]);
    // its page's charts: an empty history, not a failed request; a topic nobody knows has none
    expect(await api(`/api/history?topic=${topic}&window=15m`)).toMatchObject({
      status: 200,
      body: { points: [], source: 'memory' },
    });
    expect(await api(`/api/history?topic=${unique('unknown')}&window=15m`)).toEqual({
      status: 404,
      body: { message: 'SERIES_NOT_FOUND' },
    });
  });

  it('names with #ephemeral work in the path', async () => {
    const topic = `${unique('tail')}#ephemeral`;
    const path = encodeURIComponent(topic);
    await post(`http://${node(n1).httpAddress}/topic/create?topic=${path}`);
    await post(
      `http://${node(n1).httpAddress}/channel/create?topic=${path}&channel=${encodeURIComponent('c#ephemeral')}`,
    );
    await expect.poll(async () => (await api(`/api/topics/${path}`)).status, SETTLE).toBe(200);
    const ch = await api<{ channel_name: string }>(`/api/topics/${path}/${encodeURIComponent('c#ephemeral')}`);
    expect(ch.body.channel_name).toBe('c#ephemeral');
  });
});

describe('rates', () => {
  it('are positive while traffic runs and return to 0 after it stops', async () => {
    const topic = unique('rate');
    await post(`http://${node(n1).httpAddress}/topic/create?topic=${topic}`);
    await post(`http://${node(n1).httpAddress}/channel/create?topic=${topic}&channel=c`);
    let running = true;
    const publishing = (async () => {
      while (running) {
        await publish(
          node(n1).httpAddress,
          topic,
          Array.from({ length: 10 }, () => 'x'),
        );
        await new Promise((r) => setTimeout(r, 100));
      }
    })();
    const rateOf = () => topic$(topic);
    try {
      await expect.poll(async () => (await rateOf())?.rates.message_rate ?? 0, SETTLE).toBeGreaterThan(20);
      const t = await rateOf();
      // about 100 msg/s are published; the rate must be of that order, not a spike
      expect(t.rates.message_rate).toBeLessThan(500);
      expect(t.channels[0]?.rates.message_rate).toBeGreaterThan(20);
      const history = await api<{ points: { message_rate: number | null }[] }>(`/api/history?topic=${topic}&window=5m`);
      expect(history.body.points.some((p) => (p.message_rate ?? 0) > 0)).toBe(true);
    } finally {
      running = false;
      await publishing;
    }
    await expect.poll(async () => (await rateOf()).rates.message_rate, SETTLE).toBe(0);
  });
});

describe('history windows without Prometheus', () => {
  it('answers from memory, says so, and refuses a window beyond the retention with the reason', async () => {
    const { body } = await api<{ history_sources: unknown }>('/api/cluster?topics=false');
    expect(body.history_sources).toEqual({
      memory_retention_ms: 3_600_000,
      prometheus: false,
      max_window_ms: 3_600_000,
    });
    expect((await api<{ source: string }>('/api/history?window=1h')).body.source).toBe('memory');
    expect(await api('/api/history?window=6h')).toEqual({
      status: 400,
      body: { message: 'INVALID_ARG: window is longer than --history-retention (1h) and no --prometheus-url is set' },
    });
  });
});

describe('a node that goes down', () => {
  const topic = unique('split');
  const only2 = unique('only2');

  beforeAll(async () => {
    await seedTopic(topic);
    await post(`http://${node(n2).httpAddress}/topic/create?topic=${only2}`);
    await eventually(cluster$, (s) => s.topics.some((t) => t.topic_name === only2), `${only2} in the snapshot`);
    await node(n2).kill();
    const down = node(n2).httpAddress;
    await eventually(cluster$, (s) => s.nodes.find((n) => n.node === down)?.status === 'down', `${down} down`);
  });

  it('every route keeps answering with the other node’s data and names the down node', async () => {
    const down = node(n2).httpAddress;
    for (const path of [
      '/api/topics',
      `/api/topics/${topic}`,
      `/api/topics/${topic}/billing`,
      '/api/nodes',
      '/api/counter',
    ]) {
      const { status, body } = await api<{ message: string }>(path);
      expect(status, path).toBe(200);
      expect(body.message, path).toMatch(new RegExp(`^WARNING: .*${down.replace(/\./g, '\\.')}`));
    }
    const t = await api<{ nodes: { node: string }[] }>(`/api/topics/${topic}`);
    expect(t.body.nodes.map((n) => n.node)).toEqual([node(n1).httpAddress]);
    const snap = await cluster$();
    const summary = snap.topics.find((x) => x.topic_name === topic) as TopicListItem;
    expect(summary.unavailable_nodes).toEqual([down]);
    expect(snap.nodes.find((n) => n.node === down)).toMatchObject({
      status: 'down',
      error: { node: down, kind: 'network' },
    });
  });

  it('a topic whose only node is down answers 502, as every nsqd failed', async () => {
    const { status, body } = await api<{ message: string }>(`/api/topics/${only2}`);
    expect(status).toBe(502);
    expect(body.message).toMatch(/^UPSTREAM_ERROR: failed to query any nsqd: /);
  });

  it('is healthy again within two polls of its restart, with no negative rate', async () => {
    await node(n2).start();
    const seqAtRestart = (await cluster$()).seq;
    await expect
      .poll(async () => (await cluster$()).nodes.find((n) => n.node === node(n2).httpAddress)?.status, SETTLE)
      .toBe('up');
    const upAt = (await cluster$()).seq;
    // the poll under way when it came back may have missed it; the next two must see it
    expect(upAt - seqAtRestart).toBeLessThanOrEqual(3);

    await publish(node(n2).httpAddress, topic, ['after-restart']);
    const seen: number[] = [];
    const until = (await cluster$()).seq + 4;
    while ((await cluster$()).seq < until) {
      const snap = await cluster$();
      for (const t of snap.topics) seen.push(t.rates.message_rate ?? 0);
      for (const c of (await topic$(topic)).channels) seen.push(...Object.values(c.rates).map((r) => r ?? 0));
      seen.push(...Object.values(snap.rates).map((r) => r ?? 0));
      await new Promise((r) => setTimeout(r, POLL_MS / 2));
    }
    expect(Math.min(...seen)).toBeGreaterThanOrEqual(0);
  });
});

/**
 * Where our JSON differs from nsqadmin's, ignoring timing fields and nsqadmin's known quirks:
 * - aggregates: nsqadmin reuses the first node's objects (its nodes[] lists only the others, that
 *   node's per-node channels become totals with node "*", and per-node clients become []), so arrays
 *   are matched by identity and nsqadmin's rows with node "*" inside a per-node row are skipped;
 * - e2e aggregates: nsqadmin's min is another node's max and its value is 0; per-node e2e carries
 *   empty topic/channel/host.
 */
function differences(ours: unknown, theirs: unknown, path: string, inNodeRow = false): string[] {
  if (Array.isArray(theirs)) {
    if (!Array.isArray(ours)) return [`${path}: ours is not an array`];
    const out: string[] = [];
    for (const t of theirs) {
      // identity: whichever of these keys nsqadmin's element has, read from both sides
      const keys = [
        'node',
        'broadcast_address',
        'http_port',
        'remote_address',
        'topic_name',
        'channel_name',
        'topic',
        'quantile',
      ];
      const present = typeof t === 'object' && t !== null ? keys.filter((k) => k in t) : [];
      const id = (x: unknown) =>
        typeof x === 'object' && x !== null
          ? present.map((k) => String((x as Record<string, unknown>)[k])).join('|')
          : JSON.stringify(x);
      if (inNodeRow && (t as { node?: string })?.node === '*') continue;
      const match = ours.find((o) => id(o) === id(t));
      if (match === undefined) out.push(`${path}[${id(t)}]: missing in ours`);
      else out.push(...differences(match, t, `${path}[${id(t)}]`, inNodeRow));
    }
    return out;
  }
  if (typeof theirs === 'object' && theirs !== null) {
    if (typeof ours !== 'object' || ours === null) return [`${path}: ours is ${JSON.stringify(ours)}`];
    const o = ours as Record<string, unknown>;
    const t = theirs as Record<string, unknown>;
    return Object.keys(t).flatMap((k) => {
      if (!(k in o)) return [`${path}.${k}: missing in ours`];
      if (k === 'connected' || k === 'connect_ts') return [];
      // nsqadmin's merged channel keeps the first node's hostname
      if (k === 'hostname' && t.node === '*') return [];
      if (k === 'clients' && inNodeRow) return [];
      if (['topic', 'channel', 'host'].includes(k) && path.endsWith('e2e_processing_latency')) return [];
      if (k === 'e2e_processing_latency' && t.node === '*') return e2eDifferences(o[k], t[k], `${path}.${k}`);
      const childInNode = inNodeRow || (k === 'nodes' && t.node === '*');
      return differences(o[k], t[k], `${path}.${k}`, childInNode);
    });
  }
  return Object.is(ours, theirs) ? [] : [`${path}: ours ${JSON.stringify(ours)}, nsqadmin ${JSON.stringify(theirs)}`];
}

/** Aggregated e2e: the same quantiles, each with the same maximum (nsqadmin's min and value are wrong). */
function e2eDifferences(ours: unknown, theirs: unknown, path: string): string[] {
  type P = { quantile: number; max: number };
  const q = (e: unknown) =>
    ((e as { percentiles: P[] | null }).percentiles ?? []).map((p) => `${p.quantile}:${p.max}`).sort();
  const [a, b] = [q(ours), q(theirs)];
  return JSON.stringify(a) === JSON.stringify(b) ? [] : [`${path}: ours ${a.join(',')}, nsqadmin ${b.join(',')}`];
}
