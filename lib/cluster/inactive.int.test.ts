// GET /api/topics?inactive=true against a real nsqlookupd behind a proxy that counts what the console
// asks it: the channels of an inactive topic are asked once per snapshot, however many callers.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type ConsoleServer, startConsole } from '../../scripts/console-server';
import { type NsqCluster, startCluster } from '../../scripts/nsq-cluster';
import { getJson, post } from '../../test/http-json';
import { forward } from '../../test/proxy';

const IDLE = `idle_${Math.random().toString(36).slice(2, 8)}`;

let cluster: NsqCluster;
let proxy: http.Server;
let con: ConsoleServer;
/** the paths of every /channels request the console sent the lookupd */
const channelRequests: string[] = [];

beforeAll(async () => {
  cluster = await startCluster({ nsqdCount: 1 });
  const lookupd = cluster.lookupd.httpAddress;
  proxy = http.createServer((req, res) => {
    if (req.url?.startsWith('/channels')) channelRequests.push(req.url);
    forward(lookupd, req, res);
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  // registered in lookupd only: no nsqd produces it
  await post(`http://${lookupd}/topic/create?topic=${IDLE}`);
  await post(`http://${lookupd}/channel/create?topic=${IDLE}&channel=c`);
  // one poll for the whole test unless an action asks for another
  con = await startConsole([
    `--lookupd-http-address=127.0.0.1:${(proxy.address() as AddressInfo).port}`,
    '--poll-interval=5m',
    '--history-retention=1h',
  ]);
});

afterAll(async () => {
  await con?.stop();
  proxy?.closeAllConnections();
  await new Promise((r) => proxy?.close(r));
  await cluster?.stop();
});

const inactive = async () => {
  const res = await getJson<{ topics: Record<string, string[]>; message: string }>(
    `${con.url}/api/topics?inactive=true`,
  );
  expect(res.status).toBe(200);
  return res.body.topics[IDLE];
};
const asked = () => channelRequests.filter((u) => new URL(u, 'http://x').searchParams.get('topic') === IDLE).length;

it('asks lookupd for an inactive topic’s channels once per snapshot, however many callers', async () => {
  expect(await Promise.all([inactive(), inactive(), inactive(), inactive()])).toEqual([['c'], ['c'], ['c'], ['c']]);
  expect(await inactive()).toEqual(['c']);
  expect(await inactive()).toEqual(['c']);
  expect(asked()).toBe(1);
});

it('asks again after an action, whose fresh poll shows what changed in lookupd', async () => {
  const before = asked();
  await post(`http://${cluster.lookupd.httpAddress}/channel/create?topic=${IDLE}&channel=d`);
  // creating another topic through the console ends with a fresh poll of the whole cluster
  const res = await fetch(`${con.url}/api/topics`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ topic: `other_${IDLE}` }),
  });
  expect(res.status).toBe(200);
  expect(await inactive()).toEqual(['c', 'd']);
  expect(asked()).toBe(before + 1);
});
