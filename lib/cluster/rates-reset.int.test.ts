// After an action that empties or deletes, the poller forgets the node's rate baseline (resetRates), so
// the drop is not shown as consumption. A /stats answer already on its way at that moment may have been
// read before the action took effect: it must be compared with nothing and kept as no one's baseline.
// A real nsqd, behind a proxy that can hold the poll's /stats request until the test lets it through.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type NsqCluster, startCluster } from '../../scripts/nsq-cluster';
import { publish } from '../../scripts/traffic';
import { eventually, post } from '../../test/http-json';
import { forward } from '../../test/proxy';
import { loadConfig } from '../config';
import { createNsqHttp, type NsqHttp } from '../nsq/http';
import { Poller } from './poller';
import type { ClusterSnapshot } from './types';

let cluster: NsqCluster;
let target: string;
let proxy: http.Server;
let proxied: string;
let nsqHttp: NsqHttp;
let holding = false;
const held: (() => void)[] = [];

beforeAll(async () => {
  cluster = await startCluster({ nsqdCount: 1, withLookupd: false });
  target = cluster.nsqds[0]?.httpAddress as string;
  proxy = http.createServer((req, res) => {
    if (holding && req.url?.startsWith('/stats')) held.push(() => forward(target, req, res));
    else forward(target, req, res);
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  proxied = `127.0.0.1:${(proxy.address() as AddressInfo).port}`;
  await post(`http://${target}/topic/create?topic=reset`);
  await post(`http://${target}/channel/create?topic=reset&channel=c`);
  nsqHttp = createNsqHttp({ connectTimeoutMs: 2000, requestTimeoutMs: 10_000 });
});

afterAll(async () => {
  await nsqHttp?.close();
  proxy?.closeAllConnections();
  await new Promise((r) => proxy?.close(r));
  await cluster?.stop();
});

const publishRate = (s: ClusterSnapshot) => s.topics.find((t) => t.topic_name === 'reset')?.rates.message_rate;
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

it('an answer on its way when the rates are reset shows no rate, and the next poll none either', async () => {
  const poller = new Poller({
    config: loadConfig([`--nsqd-http-address=${proxied}`, '--poll-interval=1s']).config,
    http: nsqHttp,
  });
  await poller.pollNow();
  await publish(target, 'reset', ['1', '2', '3']);
  await pause(200);
  expect(publishRate(await poller.pollNow())).toBeGreaterThan(0);

  holding = true;
  const during = poller.pollNow();
  await eventually(
    async () => held.length,
    (n) => n === 1,
    'the held /stats request',
  );
  await publish(target, 'reset', ['4', '5', '6']);
  poller.resetRates([proxied]);
  holding = false;
  for (const release of held.splice(0)) release();
  expect(publishRate(await during)).toBeNull();

  await publish(target, 'reset', ['7', '8', '9']);
  await pause(200);
  expect(publishRate(await poller.pollNow())).toBeNull();
  await publish(target, 'reset', ['10']);
  await pause(200);
  expect(publishRate(await poller.pollNow())).toBeGreaterThan(0);
});
