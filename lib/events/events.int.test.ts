// The event timeline against a real nsqlookupd and two real nsqd: an identified admin's empty is an
// event with the admin's name, on /api/events for the channel; a killed nsqd is an event when it goes
// down and when it comes back.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type ConsoleServer, startConsole } from '../../scripts/console-server';
import { type NsqCluster, startCluster } from '../../scripts/nsq-cluster';
import { publish } from '../../scripts/traffic';
import { eventually, getJson, post } from '../../test/http-json';
import type { EventsResponse } from '../api/events-api';

const TOPIC = 'events-orders';

let cluster: NsqCluster;
let con: ConsoleServer;

const events = async (query = '') => (await getJson<EventsResponse>(`${con.url}/api/events${query}`)).body;

beforeAll(async () => {
  cluster = await startCluster({ nsqdCount: 2, withLookupd: true });
  const nsqd = cluster.nsqds[0]!.httpAddress;
  await post(`http://${nsqd}/topic/create?topic=${TOPIC}`);
  await post(`http://${nsqd}/channel/create?topic=${TOPIC}&channel=work`);
  // admin mode: alice, named by the ACL header of a proxy the console trusts (here, the test itself)
  con = await startConsole([
    `--lookupd-http-address=${cluster.lookupd.httpAddress}`,
    '--poll-interval=500ms',
    '--admin-user=alice',
    '--acl-trusted-proxy=127.0.0.1/32',
  ]);
}, 60_000);

afterAll(async () => {
  await con?.stop();
  await cluster?.stop();
});

it("records an admin's empty with the admin's name, for the channel and its topic", async () => {
  const nsqd = cluster.nsqds[0]!.httpAddress;
  await publish(nsqd, TOPIC, ['a', 'b', 'c']);
  await eventually(
    async () =>
      (await getJson<{ channel: { depth: number } }>(`${con.url}/api/cluster/topics/${TOPIC}/channels/work`)).body,
    (c) => c.channel?.depth === 3,
    'the backlog seen by the console',
  );
  const before = Date.now();
  const res = await fetch(`${con.url}/api/topics/${TOPIC}/work`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'X-Forwarded-User': 'alice' },
    body: JSON.stringify({ action: 'empty' }),
  });
  expect(res.status).toBe(200);

  const forChannel = await events(`?topic=${TOPIC}&channel=work`);
  expect(forChannel.events).toEqual([
    expect.objectContaining({ kind: 'action', topic: TOPIC, channel: 'work', text: 'channel emptied by alice' }),
  ]);
  expect(forChannel.events[0]?.at).toBeGreaterThanOrEqual(before);
  expect((await events(`?topic=${TOPIC}&channel=other`)).events).toEqual([]);
  // a request refused for want of access changes nothing, and is no event
  const refused = await fetch(`${con.url}/api/topics/${TOPIC}/work`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'X-Forwarded-User': 'mallory' },
    body: JSON.stringify({ action: 'pause' }),
  });
  expect(refused.status).toBe(403);
  expect((await events(`?topic=${TOPIC}`)).events).toHaveLength(1);
  const bad = await getJson<{ message: string }>(`${con.url}/api/events?after=x`);
  expect(bad.status).toBe(400);
  expect(bad.body.message).toMatch(/^INVALID_ARG: after: /);
}, 30_000);

it('records an nsqd going down and coming back', async () => {
  const victim = cluster.nsqds[1]!;
  await victim.kill();
  const down = await eventually(
    () => events(`?node=${victim.httpAddress}`),
    (e) => e.events.some((x) => x.kind === 'node_down'),
    'the node_down event',
    30_000,
  );
  // the node_down alert is an event of its own, at the same sweep
  expect(down.events.find((x) => x.kind === 'node_down')).toMatchObject({
    text: `nsqd ${victim.httpAddress} is down`,
  });
  await victim.start();
  const back = await eventually(
    () => events(`?node=${victim.httpAddress}`),
    (e) => e.events.some((x) => x.kind === 'node_up'),
    'the node_up event',
    30_000,
  );
  expect(back.events.map((x) => x.kind).filter((k) => k.startsWith('node_'))).toEqual(['node_up', 'node_down']);
  expect(back.events.map((x) => x.kind).filter((k) => k.startsWith('alert_'))).toEqual([
    'alert_resolved',
    'alert_firing',
  ]);
}, 90_000);
