import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpRequest, type NsqCluster, startCluster } from './nsq-cluster';
import { channelDepths, consume, defaultScenario, publish, startTraffic } from './traffic';

interface ChannelStats {
  channel_name: string;
  depth: number;
  in_flight_count: number;
  requeue_count: number;
  finish_count?: number;
  clients: { client_id: string; hostname: string; user_agent: string; in_flight_count: number }[];
}

async function channelStats(nsqdHttp: string, topic: string, channel: string): Promise<ChannelStats | undefined> {
  const res = await httpRequest(
    'GET',
    `http://${nsqdHttp}/stats?format=json&topic=${encodeURIComponent(topic)}&channel=${encodeURIComponent(channel)}`,
  );
  const body = JSON.parse(res.body) as { topics: { channels: ChannelStats[] }[] };
  return body.topics[0]?.channels[0];
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Handle kinds that would keep a vitest worker (or a CLI) alive. */
function liveHandles(): { sockets: number; timers: number } {
  const kinds = process.getActiveResourcesInfo();
  return {
    sockets: kinds.filter((k) => k === 'TCPSocketWrap').length,
    timers: kinds.filter((k) => k === 'Timeout').length,
  };
}

let cluster: NsqCluster;
beforeAll(async () => {
  cluster = await startCluster();
});
afterAll(async () => {
  await cluster?.stop();
});

describe('traffic', () => {
  it('backs up slow / unconsumed channels, drains fast ones, and stops cleanly', async () => {
    const nsqdHttp = cluster.nsqds.map((n) => n.httpAddress);
    const baseline = liveHandles();
    const lines: string[] = [];
    const traffic = await startTraffic({
      nsqdHttpAddresses: nsqdHttp,
      lookupdHttpAddresses: [cluster.lookupd.httpAddress],
      log: (line) => lines.push(line),
    });

    await sleep(1_000);
    const early = await channelDepths(nsqdHttp);
    let billingMax = 0;
    for (let i = 0; i < 10; i++) {
      await sleep(500);
      billingMax = Math.max(billingMax, (await channelDepths(nsqdHttp)).get('orders/billing') ?? 0);
    }
    const late = await channelDepths(nsqdHttp);
    const publishedBeforeStop = traffic.published();

    // ~5 s between samples: shipping nets 20 - 8 = 12/s, archive 20/s.
    const shippingGrowth = (late.get('orders/shipping') ?? 0) - (early.get('orders/shipping') ?? 0);
    const archiveGrowth = (late.get('orders/archive') ?? 0) - (early.get('orders/archive') ?? 0);
    expect(shippingGrowth).toBeGreaterThan(30);
    expect(shippingGrowth).toBeLessThan(archiveGrowth);
    expect(archiveGrowth).toBeGreaterThan(60);
    expect(billingMax).toBeLessThan(10);
    expect(late.get('payments/ledger') ?? 0).toBeLessThan(10);
    expect(late.get('clicks/tail#ephemeral') ?? 0).toBeLessThan(25);

    // ~6 s at 75 msg/s in total.
    expect(publishedBeforeStop).toBeGreaterThan(300);
    expect(traffic.consumed()).toBeGreaterThan(200);

    const ledgerRequeues = (await Promise.all(nsqdHttp.map((a) => channelStats(a, 'payments', 'ledger')))).reduce(
      (n, c) => n + (c?.requeue_count ?? 0),
      0,
    );
    expect(ledgerRequeues).toBeGreaterThan(0);

    await traffic.stop();
    await traffic.stop();
    const published = traffic.published();
    await sleep(300);
    expect(traffic.published()).toBe(published);
    // Consumers are gone from nsqd once stopped.
    for (const address of nsqdHttp) expect((await channelStats(address, 'orders', 'billing'))?.clients).toEqual([]);
    // The worker itself may own a timer or socket, so compare against the
    // pre-traffic baseline rather than zero.
    const after = liveHandles();
    expect(after.sockets).toBeLessThanOrEqual(baseline.sockets);
    expect(after.timers).toBeLessThanOrEqual(baseline.timers);
    expect(lines.some((l) => l.startsWith('traffic started'))).toBe(true);
  });

  it('every scenario channel exists on every nsqd, even without a consumer', async () => {
    const [nsqd] = cluster.nsqds;
    if (!nsqd) throw new Error('no nsqd');
    for (const topic of defaultScenario.topics) {
      for (const channel of topic.channels) {
        if (channel.name.endsWith('#ephemeral')) continue; // removed once its consumer left
        expect(await channelStats(nsqd.httpAddress, topic.name, channel.name)).toBeDefined();
      }
    }
  });

  it('consume() holds or finishes exactly `count` messages with the given identity', async () => {
    const [nsqd] = cluster.nsqds;
    if (!nsqd) throw new Error('no nsqd');
    // A topic only copies messages to channels that exist when they are
    // published, and /channel/create 404s (TOPIC_NOT_FOUND) until the topic exists.
    for (const path of [
      '/topic/create?topic=helpers',
      '/channel/create?topic=helpers&channel=held',
      '/channel/create?topic=helpers&channel=done',
    ]) {
      expect((await httpRequest('POST', `http://${nsqd.httpAddress}${path}`)).status).toBe(200);
    }
    await publish(nsqd.httpAddress, 'helpers', ['a', 'b', 'line\nbreak', 'd', 'e']);

    const held = await consume({
      nsqdTcp: nsqd.tcpAddress,
      topic: 'helpers',
      channel: 'held',
      count: 3,
      finish: false,
      clientId: 'held-worker',
      hostname: 'worker-1.example.internal',
      userAgent: 'fixture-agent/1.0',
    });
    const heldStats = await channelStats(nsqd.httpAddress, 'helpers', 'held');
    expect(heldStats?.in_flight_count).toBe(3);
    expect(heldStats?.depth).toBe(2);
    expect(heldStats?.clients).toHaveLength(1);
    expect(heldStats?.clients[0]).toMatchObject({
      client_id: 'held-worker',
      hostname: 'worker-1.example.internal',
      user_agent: 'fixture-agent/1.0',
      in_flight_count: 3,
    });

    const done = await consume({
      lookupdHttp: cluster.lookupd.httpAddress,
      topic: 'helpers',
      channel: 'done',
      count: 5,
    });
    let doneStats: ChannelStats | undefined;
    for (let i = 0; i < 40; i++) {
      doneStats = await channelStats(nsqd.httpAddress, 'helpers', 'done');
      if (doneStats?.in_flight_count === 0) break;
      await sleep(50);
    }
    expect(doneStats).toMatchObject({ depth: 0, in_flight_count: 0 });

    await held.close();
    await done.close();
    let afterClose: ChannelStats | undefined;
    for (let i = 0; i < 40; i++) {
      afterClose = await channelStats(nsqd.httpAddress, 'helpers', 'held');
      if (afterClose?.clients.length === 0) break;
      await sleep(50);
    }
    // Held messages return to the queue when their consumer disconnects.
    expect(afterClose?.clients).toEqual([]);
    expect((afterClose?.depth ?? 0) + (afterClose?.in_flight_count ?? 0)).toBe(5);

    await expect(
      consume({ nsqdTcp: nsqd.tcpAddress, topic: 'helpers', channel: 'starved', count: 50, timeoutMs: 500 }),
    ).rejects.toThrow(/got \d+\/50 messages/);
  });
});
