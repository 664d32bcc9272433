// Many viewers must not add load on nsqd: the console is pointed at a real nsqd through a counting
// proxy (nsqd mode), 20 clients read every API route for 10 s, and the proxy counts /stats requests:
// the sweeps of the whole node, the reads of the one topic the viewers watch (lib/cluster/focus.ts),
// and the channel's clients.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type ConsoleServer, startConsole } from '../../scripts/console-server';
import { type NsqCluster, startCluster } from '../../scripts/nsq-cluster';
import { publish } from '../../scripts/traffic';
import { eventually, getJson, post } from '../../test/http-json';
import { forward } from '../../test/proxy';
import type { ClusterSnapshot } from './types';

const POLL_MS = 1000;
const VIEWERS = 20;
const DURATION_MS = 10_000;

let cluster: NsqCluster;
let con: ConsoleServer;
let proxy: http.Server;
const counts = { poll: 0, focus: 0, detail: 0, other: 0 };

beforeAll(async () => {
  cluster = await startCluster({ nsqdCount: 1, withLookupd: false });
  const target = cluster.nsqds[0]?.httpAddress as string;
  proxy = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://proxy');
    if (url.pathname !== '/stats') counts.other++;
    else if (url.searchParams.get('include_clients') !== 'false') counts.detail++;
    else if (url.searchParams.has('topic')) counts.focus++;
    else counts.poll++;
    forward(target, req, res);
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  const proxied = `127.0.0.1:${(proxy.address() as AddressInfo).port}`;

  await post(`http://${target}/topic/create?topic=viewed`);
  await post(`http://${target}/channel/create?topic=viewed&channel=c`);
  await publish(target, 'viewed', ['a', 'b', 'c']);
  con = await startConsole([`--nsqd-http-address=${proxied}`, `--poll-interval=${POLL_MS}ms`]);
  await eventually(
    async () => (await getJson<ClusterSnapshot>(`${con.url}/api/cluster`)).body,
    (s) => s.topics.some((t) => t.topic_name === 'viewed'),
    'the first poll',
  );
});

afterAll(async () => {
  await con?.stop();
  await new Promise((r) => proxy?.close(r));
  await cluster?.stop();
});

it(`${VIEWERS} concurrent viewers cause no more nsqd /stats requests than the poll interval implies`, async () => {
  const routes = [
    '/api/cluster',
    '/api/topics',
    '/api/topics/viewed',
    '/api/topics/viewed/c',
    '/api/nodes',
    '/api/counter',
  ];
  counts.poll = 0;
  counts.focus = 0;
  counts.detail = 0;
  const started = Date.now();
  let served = 0;
  await Promise.all(
    Array.from({ length: VIEWERS }, async (_, v) => {
      for (let i = v; Date.now() - started < DURATION_MS; i++) {
        const route = routes[i % routes.length] as string;
        const { status, body } = await getJson(`${con.url}${route}`);
        expect(status, `${route}: ${JSON.stringify(body)}`).toBe(200);
        served++;
      }
    }),
  );
  const seconds = (Date.now() - started) / 1000;
  // One poll per interval (plus one that may straddle each end), whatever the number of viewers.
  expect(counts.poll).toBeLessThanOrEqual(Math.ceil(seconds / (POLL_MS / 1000)) + 2);
  // The watched topic is read once per interval too (and once more when it starts being watched).
  expect(counts.focus).toBeLessThanOrEqual(Math.ceil(seconds / (POLL_MS / 1000)) + 3);
  // Channel clients are fetched on demand through a 1 s shared cache: at most one fetch per second.
  expect(counts.detail).toBeLessThanOrEqual(Math.ceil(seconds) + 2);
  // The load was real: nsqadmin would have sent nsqd one /stats per API request (how many were
  // served depends on the machine; on a busy one, a few hundred).
  expect(served).toBeGreaterThan(3 * (counts.poll + counts.focus + counts.detail));
});
