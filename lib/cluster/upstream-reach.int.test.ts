// What the console contacts and what it believes, against real nsqd and nsqlookupd and the built
// console: a registration outside --nsqd-allow is never contacted, a node answering impossible
// numbers is shown with its error while the rest of the cluster (and /metrics) is served, and an
// nsqd stopped with SIGSTOP does not hold up any answer.
import http from 'node:http';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type ConsoleServer, startConsole } from '../../scripts/console-server';
import { httpRequest, type NsqCluster, startCluster } from '../../scripts/nsq-cluster';
import { consume } from '../../scripts/traffic';
import { fixtureText } from '../../test/fixtures';
import { eventually, getJson, post } from '../../test/http-json';
import type { ClusterSnapshot, NodeSummary } from './types';

const unique = (name: string) => `${name}_${Math.random().toString(36).slice(2, 8)}`;
const closers: { close(): Promise<void> | void }[] = [];
afterAll(async () => {
  for (const c of closers.reverse()) await c.close();
});

/** An HTTP server on host:port that answers with `answer` and counts what it is asked. */
async function listen(
  host: string,
  port: number,
  answer: (req: http.IncomingMessage, res: http.ServerResponse) => void,
) {
  const seen: string[] = [];
  const server = http.createServer((req, res) => {
    seen.push(`${req.method} ${req.url}`);
    answer(req, res);
  });
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(port, host, resolve));
  const address = server.address() as { port: number };
  closers.push({ close: () => new Promise<void>((r) => server.close(() => r())) });
  return { seen, address: `${host}:${address.port}` };
}

type Nodes = { nodes: (Omit<NodeSummary, 'rates'> & { error: NodeSummary['error'] })[]; message: string };

describe('a registration outside --nsqd-allow', () => {
  let cluster: NsqCluster;
  let outsider: NsqCluster;
  let con: ConsoleServer;
  let rogue: { seen: string[]; address: string };
  const topic = unique('reach');

  beforeAll(async () => {
    cluster = await startCluster({ nsqdCount: 1 });
    closers.push({ close: () => cluster.stop() });
    // a real nsqd that registers with the cluster's nsqlookupd under another address, 127.0.0.2
    outsider = await startCluster({
      nsqdCount: 1,
      withLookupd: false,
      extraNsqdArgs: ['--broadcast-address=127.0.0.2', `--lookupd-tcp-address=${cluster.lookupd.tcpAddress}`],
    });
    closers.push({ close: () => outsider.stop() });
    const port = Number(outsider.nsqds[0]!.httpAddress.split(':')[1]);
    // what the console would reach there is this listener, on the port the nsqd registered
    rogue = await listen('127.0.0.2', port, (_req, res) =>
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}'),
    );
    await post(`http://${outsider.nsqds[0]!.httpAddress}/topic/create?topic=${topic}`);
    await eventually(
      async () =>
        (
          await getJson<{ producers: { broadcast_address: string; http_port: number }[] }>(
            `http://${cluster.lookupd.httpAddress}/nodes`,
          )
        ).body.producers,
      (ps) => ps.some((p) => `${p.broadcast_address}:${p.http_port}` === rogue.address),
      'nsqlookupd to list the outsider',
    );
    con = await startConsole([
      `--lookupd-http-address=${cluster.lookupd.httpAddress}`,
      '--poll-interval=250ms',
      '--nsqd-allow=127.0.0.1',
    ]);
    closers.push({ close: () => con.stop() });
  });

  it('is never contacted, by polls or actions, and is shown as refused naming the flag', async () => {
    const first = await eventually(
      async () => (await getJson<ClusterSnapshot>(`${con.url}/api/cluster?topics=false`)).body,
      (s) => s.nodes.length === 2,
      'both registrations listed',
    );
    await eventually(
      async () => (await getJson<ClusterSnapshot>(`${con.url}/api/cluster?topics=false`)).body.seq,
      (seq) => seq >= first.seq + 4,
      'four more polls',
    );

    // an action on a topic the outsider registered, and a topic created on every node that is up
    const pause = await httpRequest('POST', `${con.url}/api/topics/${topic}`, {
      body: JSON.stringify({ action: 'pause' }),
      headers: { 'content-type': 'application/json' },
    });
    expect(JSON.parse(pause.body).message).toContain('not contacted: 127.0.0.2 is outside --nsqd-allow');
    const create = await httpRequest('POST', `${con.url}/api/topics`, {
      body: JSON.stringify({ topic: unique('made') }),
      headers: { 'content-type': 'application/json' },
    });
    expect(create.status).toBe(200);

    const { body } = await getJson<Nodes>(`${con.url}/api/nodes`);
    const refused = body.nodes.find((n) => n.node === rogue.address);
    expect(refused).toMatchObject({
      status: 'down',
      error: { kind: 'refused', message: 'not contacted: 127.0.0.2 is outside --nsqd-allow' },
    });
    expect(body.nodes.find((n) => n.node === cluster.nsqds[0]!.httpAddress)?.status).toBe('up');
    const snap = (await getJson<ClusterSnapshot>(`${con.url}/api/cluster?topics=false`)).body;
    expect(snap.nodes.find((n) => n.node === rogue.address)?.error?.kind).toBe('refused');

    expect(rogue.seen).toEqual([]);
  });
});

describe('a node that answers what no nsqd can, and one that answers with an error page', () => {
  let cluster: NsqCluster;
  let con: ConsoleServer;
  let liar: string;
  let broken: string;
  const topic = unique('honest');

  beforeAll(async () => {
    cluster = await startCluster({ nsqdCount: 1, withLookupd: false });
    closers.push({ close: () => cluster.stop() });
    await post(`http://${cluster.nsqds[0]!.httpAddress}/topic/create?topic=${topic}`);
    // nsqd 1.3.0's recorded /stats, with counts no nsqd can have
    const lie = fixtureText('nsqd-stats-no-clients.json')
      .replace('"depth": 0', '"depth": -12')
      .replace(/"message_count": \d+/, '"message_count": -370')
      .replace(/"client_count": \d+/, '"client_count": -1');
    expect(lie).toContain('-370');
    liar = (
      await listen('127.0.0.1', 0, (req, res) => {
        if (req.url?.startsWith('/stats')) res.writeHead(200, { 'content-type': 'application/json' }).end(lie);
        else res.writeHead(404).end();
      })
    ).address;
    broken = (await listen('127.0.0.1', 0, (_req, res) => res.writeHead(500).end('<h1>secret-upstream-text</h1>')))
      .address;
    con = await startConsole([
      `--nsqd-http-address=${cluster.nsqds[0]!.httpAddress}`,
      `--nsqd-http-address=${liar}`,
      `--nsqd-http-address=${broken}`,
      '--poll-interval=250ms',
      '--admin-user=alice',
      // the test itself is the proxy that sets X-Forwarded-User
      '--acl-trusted-proxy=127.0.0.1/32',
    ]);
    closers.push({ close: () => con.stop() });
    await eventually(
      async () => (await getJson<ClusterSnapshot>(`${con.url}/api/cluster`)).body,
      (s) => s.topics.some((t) => t.topic_name === topic) && s.nodes.filter((n) => n.error).length === 2,
      'the honest topic and both errors',
    );
  });

  it('shows the lying node with a parse error and serves the rest of the cluster, /metrics included', async () => {
    const { body } = await getJson<Nodes>(`${con.url}/api/nodes`);
    const lying = body.nodes.find((n) => n.node === liar);
    expect(lying?.status).toBe('down');
    expect(lying?.error).toMatchObject({
      kind: 'parse',
      message: expect.stringMatching(/unexpected JSON at topics\.\d+\.(channels\.\d+\.)?\w+: Too small/),
    });

    const snap = (await getJson<ClusterSnapshot>(`${con.url}/api/cluster`)).body;
    const numbers =
      JSON.stringify(snap.topics) +
      JSON.stringify(snap.totals) +
      JSON.stringify(snap.nodes.map((n) => [n.depth, n.message_count, n.client_count]));
    expect(numbers).not.toMatch(/:-\d/);
    expect(snap.topics.map((t) => t.topic_name)).toContain(topic);

    const metrics = await httpRequest('GET', `${con.url}/metrics`, { timeoutMs: 10_000 });
    expect(metrics.status).toBe(200);
    expect(metrics.body).toContain(`nsq_topic_depth{topic="${topic}"`);
  });

  it('shows what a node answered only to callers who may change the cluster', async () => {
    const as = async (path: string, headers: Record<string, string>) =>
      (await httpRequest('GET', `${con.url}${path}`, { headers, timeoutMs: 10_000 })).body;
    for (const path of ['/api/nodes', '/api/cluster', '/api/cluster?topics=false']) {
      const anonymous = await as(path, {});
      expect(anonymous, path).toContain('"kind":"http"');
      expect(anonymous, path).toContain('HTTP 500');
      expect(anonymous, path).not.toContain('secret-upstream-text');
      expect(await as(path, { 'X-Forwarded-User': 'alice' }), path).toContain('secret-upstream-text');
    }
  });
});

describe('an nsqd stopped with SIGSTOP', () => {
  let cluster: NsqCluster;
  let con: ConsoleServer;
  const topic = unique('hung');
  let stopped: number | undefined;
  const resume = () => {
    if (stopped !== undefined) process.kill(stopped, 'SIGCONT');
    stopped = undefined;
  };
  afterEach(resume);

  beforeAll(async () => {
    cluster = await startCluster({ nsqdCount: 2 });
    closers.push({ close: () => cluster.stop() });
    for (const n of cluster.nsqds) {
      await post(`http://${n.httpAddress}/topic/create?topic=${topic}`);
      await post(`http://${n.httpAddress}/channel/create?topic=${topic}&channel=c`);
      closers.push(await consume({ nsqdTcp: n.tcpAddress, topic, channel: 'c', count: 0 }));
    }
    // the default request timeout (5 s): a poll takes that long to see the stopped node as down
    con = await startConsole([`--lookupd-http-address=${cluster.lookupd.httpAddress}`, '--poll-interval=500ms']);
    closers.push({ close: () => con.stop() });
    await eventually(
      async () => (await getJson<{ clients: unknown[] }>(`${con.url}/api/topics/${topic}/c`)).body.clients?.length ?? 0,
      (n) => n === 2,
      'both consumers',
    );
  });

  /** GET path, with how long the answer took. */
  const timed = async (path: string) => {
    const t0 = performance.now();
    const res = await httpRequest('GET', `${con.url}${path}`, { timeoutMs: 10_000 });
    return { ms: performance.now() - t0, status: res.status, body: JSON.parse(res.body) as Record<string, unknown> };
  };

  it('answers at once from the snapshot, with the stopped node’s clients unavailable and then its error', async () => {
    const hung = cluster.nsqds[1]!;
    stopped = hung.pid;
    process.kill(hung.pid!, 'SIGSTOP');
    // past the clients cache: the next channel answer asks each node again
    await new Promise((r) => setTimeout(r, 1100));
    const before = await timed(`/api/cluster/topics/${topic}/channels/c`);
    // the last poll still has the node up: its clients are asked for, and given up on after 250 ms
    expect(before.ms).toBeLessThan(1000);
    expect(before.body.clients_unavailable).toEqual([
      expect.objectContaining({ node: hung.httpAddress, kind: 'timeout' }),
    ]);
    expect((before.body.clients as { node: string }[]).map((c) => c.node)).toEqual([cluster.nsqds[0]!.httpAddress]);
    // its own page: the rows the last poll read, and why its clients and memory are missing
    const page = await timed(`/api/nodes/${hung.httpAddress}`);
    expect(page.ms).toBeLessThan(2000);
    expect(page.status).toBe(200);
    expect(page.body).toMatchObject({
      memory: null,
      message: expect.stringContaining(`${hung.httpAddress}: clients and memory: no answer within`),
    });
    const rows = page.body.topics as {
      topic_name: string;
      channels: { channel_name: string; client_count: number; clients: unknown }[];
    }[];
    expect(rows.find((t) => t.topic_name === topic)?.channels).toEqual([
      expect.objectContaining({ channel_name: 'c', client_count: 1, clients: null }),
    ]);

    await eventually(
      async () =>
        (await getJson<Nodes>(`${con.url}/api/nodes`)).body.nodes.find((n) => n.node === hung.httpAddress)?.status,
      (s) => s === 'down',
      'the stopped node seen as down',
    );
    for (const path of [`/api/topics/${topic}/c`, `/api/nodes/${hung.httpAddress}`, '/api/nodes', '/api/cluster']) {
      // the fastest of three, so a busy test machine's hiccup is not taken for waiting on the node,
      // which would cost every try the clients budget (250 ms) or the request timeout (5 s)
      const tries = [await timed(path), await timed(path), await timed(path)];
      expect(Math.min(...tries.map((r) => r.ms)), path).toBeLessThan(100);
      expect([200, 502], path).toContain(tries[0]!.status);
    }
    const own = await timed(`/api/nodes/${hung.httpAddress}`);
    expect(own).toMatchObject({
      status: 502,
      body: { message: expect.stringContaining(`${hung.httpAddress}: request timed out`) },
    });
    const channel = await timed(`/api/topics/${topic}/c`);
    expect(channel.status).toBe(200);
    expect(channel.body.message).toContain(hung.httpAddress);
  });
});
