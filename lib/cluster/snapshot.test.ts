import { describe, expect, it } from 'vitest';
import { fixture } from '../../test/fixtures';
import { downNode, poll, recordedStats, upNode } from '../../test/snapshot-builders';
import { FULL_READ_EVERY_MS, readPollStats } from '../nsq/poll-stats';
import type { NsqdStats } from '../nsq/schemas';
import { mergeE2e, nodeE2e } from './e2e';
import { channelNodeRows, topicNodeRows, topicWithNodes } from './node-rows';
import { observeNode } from './observe-node';
import type { NodeBaseline } from './rates';
import { buildSnapshot } from './snapshot';
import type { ClusterSnapshot } from './types';

/** The snapshot as the API serves it: every topic with its per-node rows, without the tables they come from. */
function served(snap: ClusterSnapshot): string {
  const { tables: _tables, ...rest } = snap;
  return JSON.stringify({ ...rest, topics: snap.topics.map((t) => topicWithNodes(snap, t)) });
}

describe('buildSnapshot from recorded nsqd stats', () => {
  const a = recordedStats();
  const b = recordedStats();
  b.version = '1.2.1';
  // hostnames sort the other way round from addresses, to show which one orders the rows
  const snap = buildSnapshot(
    poll([upNode('10.0.0.2:4151', b, { hostname: 'nsqd-a' }), upNode('10.0.0.1:4151', a, { hostname: 'nsqd-b' })]),
  );
  const orders = snap.topics.find((t) => t.topic_name === 'orders');
  const billing = orders?.channels.find((c) => c.channel_name === 'billing');

  it('sums each topic and channel over the nodes, fresh per row', () => {
    expect(orders).toMatchObject({
      message_count: 32,
      depth: 0,
      channel_count: 2,
      client_count: 4,
      channel_depth: 50,
      in_flight_count: 6,
    });
    expect(billing).toMatchObject({
      depth: 20,
      memory_depth: 20,
      in_flight_count: 6,
      deferred_count: 2,
      message_count: 32,
      client_count: 4,
    });
    // each node's row keeps its own numbers: nsqadmin's in-place merge would have turned one into totals
    expect(channelNodeRows(snap, 'orders', 'billing').map((r) => [r.node, r.depth, r.message_count])).toEqual([
      ['10.0.0.2:4151', 10, 16],
      ['10.0.0.1:4151', 10, 16],
    ]);
    expect(
      topicNodeRows(snap, 'orders').every((r) => r.channels.find((c) => c.channel_name === 'billing')?.depth === 10),
    ).toBe(true);
  });

  it('gives each node row of every topic and channel the nsqd’s own numbers, field by field', () => {
    const TOPIC = ['depth', 'backend_depth', 'message_count', 'message_bytes'] as const;
    const CHANNEL = [
      'depth',
      'backend_depth',
      'in_flight_count',
      'deferred_count',
      'message_count',
      'requeue_count',
      'timeout_count',
      'client_count',
    ] as const;
    // the recorded stats with a different number in every field, so a field read from the wrong column shows
    const stats = recordedStats();
    let n = 1;
    for (const t of stats.topics) {
      for (const f of TOPIC) t[f] = n++;
      t.paused = n++ % 2 === 0;
      for (const c of t.channels) {
        for (const f of CHANNEL) c[f] = n++;
        c.paused = n++ % 2 === 0;
      }
    }
    const one = buildSnapshot(poll([upNode('10.0.0.3:4151', stats)]));
    const pick = <T extends object, K extends keyof T>(o: T, keys: readonly K[]) =>
      Object.fromEntries(keys.map((k) => [k, o[k]]));
    for (const t of stats.topics) {
      const [r, ...more] = topicNodeRows(one, t.topic_name);
      expect(more).toEqual([]);
      expect(pick(r!, [...TOPIC, 'paused'])).toEqual(pick(t, [...TOPIC, 'paused']));
      expect(r!.memory_depth).toBe(t.depth - t.backend_depth);
      expect(r!.channels.map((c) => pick(c, [...CHANNEL, 'paused', 'channel_name']))).toEqual(
        t.channels.map((c) => pick(c, [...CHANNEL, 'paused', 'channel_name'])),
      );
    }
  });

  it('serializes a topic with its rows on every node, and its summary without them', () => {
    const json = JSON.parse(JSON.stringify(topicWithNodes(snap, orders!))) as {
      node_count: number;
      nodes: { node: string }[];
      channels: { channel_name: string; nodes: { depth: number }[] }[];
    };
    expect(json.node_count).toBe(2);
    expect(json.nodes.map((r) => r.node)).toEqual(['10.0.0.2:4151', '10.0.0.1:4151']);
    expect(json.channels.find((c) => c.channel_name === 'billing')?.nodes.map((r) => r.depth)).toEqual([10, 10]);
    const summary = JSON.parse(JSON.stringify(orders)) as { channels: object[] };
    expect(summary).not.toHaveProperty('nodes');
    for (const c of summary.channels) expect(c).not.toHaveProperty('nodes');
    expect({ ...orders }).toEqual(summary);
  });

  it('is plain data, so that it can be posted between threads', () => {
    const copy = structuredClone(snap);
    expect(copy).toEqual(snap);
    expect(served(copy)).toBe(served(snap));
  });

  it('sorts nodes by hostname and flags nodes older than the newest version', () => {
    expect(snap.nodes.map((n) => [n.hostname, n.node, n.version, n.out_of_date])).toEqual([
      ['nsqd-a', '10.0.0.2:4151', '1.2.1', true],
      ['nsqd-b', '10.0.0.1:4151', '1.3.0', false],
    ]);
  });

  it('marks paused and ephemeral topics and channels', () => {
    expect(orders?.channels.find((c) => c.channel_name === 'shipping')?.paused).toBe(true);
    expect(orders?.paused).toBe(false);
    expect(snap.topics.find((t) => t.topic_name === 'heartbeats#ephemeral')).toMatchObject({
      ephemeral: true,
      depth: 6,
    });
    expect(snap.topics.find((t) => t.topic_name === 'clicks')?.channels[0]).toMatchObject({
      ephemeral: true,
      client_count: 2,
    });
  });

  it('totals each node as its own /stats does: topic and channel depth, topic messages, channel clients', () => {
    // the recorded nsqd: depth 3 (heartbeats) + 10 (billing) + 15 (shipping); messages 20 + 0 + 3 + 16;
    // clients 1 (nsq_tail) + 2 (billing)
    for (const n of snap.nodes)
      expect(n).toMatchObject({ depth: 28, message_count: 39, client_count: 3, topic_count: 4 });
  });

  it('totals the cluster', () => {
    expect(snap.totals).toMatchObject({
      topics: 4,
      channels: 3,
      nodes_up: 2,
      nodes_down: 0,
      in_flight_count: 6,
      client_count: 6,
    });
    expect(snap.totals.depth).toBe(snap.topics.reduce((s, t) => s + t.depth + t.channel_depth, 0));
  });
});

describe('a topic whose nodes have different channels', () => {
  // node a has billing and shipping; node b has only shipping, and a channel of its own
  const a = recordedStats();
  const b = recordedStats();
  const bOrders = b.topics.find((t) => t.topic_name === 'orders')!;
  const shipping = bOrders.channels.find((c) => c.channel_name === 'shipping')!;
  bOrders.channels = [
    { ...shipping, channel_name: 'audit', depth: 7, backend_depth: 0 },
    { ...shipping, depth: 3, backend_depth: 0 },
  ];
  const snap = buildSnapshot(
    poll([upNode('10.0.0.1:4151', a, { hostname: 'nsqd-a' }), upNode('10.0.0.2:4151', b, { hostname: 'nsqd-b' })]),
  );
  const orders = snap.topics.find((t) => t.topic_name === 'orders')!;
  const channel = (name: string) => orders.channels.find((c) => c.channel_name === name)!;

  it('lists every channel once, by name, each with the rows of the nodes that have it', () => {
    expect(orders.channels.map((c) => c.channel_name)).toEqual(['audit', 'billing', 'shipping']);
    const rows = (name: string) => channelNodeRows(snap, 'orders', name);
    expect(rows('audit').map((r) => [r.node, r.depth])).toEqual([['10.0.0.2:4151', 7]]);
    expect(rows('billing').map((r) => r.node)).toEqual(['10.0.0.1:4151']);
    const aShipping = a.topics
      .find((t) => t.topic_name === 'orders')!
      .channels.find((c) => c.channel_name === 'shipping')!;
    expect(rows('shipping').map((r) => [r.node, r.depth])).toEqual([
      ['10.0.0.1:4151', aShipping.depth],
      ['10.0.0.2:4151', 3],
    ]);
    expect(channel('shipping').depth).toBe(aShipping.depth + 3);
    expect(orders.channel_count).toBe(3);
  });
});

describe('a node that did not answer', () => {
  const snap = buildSnapshot(
    poll([upNode('10.0.0.1:4151', recordedStats()), downNode('10.0.0.9:4151', ['orders', 'only-on-9'])]),
  );

  it('is listed down with its error, and named on every topic it has', () => {
    expect(snap.nodes.find((n) => n.node === '10.0.0.9:4151')).toMatchObject({
      status: 'down',
      health: null,
      error: { kind: 'network', node: '10.0.0.9:4151' },
    });
    expect(snap.topics.find((t) => t.topic_name === 'orders')?.unavailable_nodes).toEqual(['10.0.0.9:4151']);
    expect(snap.topics.find((t) => t.topic_name === 'only-on-9')).toMatchObject({
      node_count: 0,
      unavailable_nodes: ['10.0.0.9:4151'],
      lookupd_only: false,
    });
    expect(topicNodeRows(snap, 'only-on-9')).toEqual([]);
    expect(snap.errors.map((e) => e.node)).toEqual(['10.0.0.9:4151']);
    expect(snap.totals).toMatchObject({ nodes_up: 1, nodes_down: 1 });
  });
});

describe('topics only nsqlookupd knows', () => {
  it('are listed with no node and zero counts', () => {
    const snap = buildSnapshot(
      poll([upNode('10.0.0.1:4151', recordedStats())], { lookupd_topics: ['planned', 'orders'] }),
    );
    expect(snap.topics.find((t) => t.topic_name === 'planned')).toMatchObject({
      lookupd_only: true,
      in_lookupd: true,
      node_count: 0,
      depth: 0,
    });
    expect(topicNodeRows(snap, 'planned')).toEqual([]);
    expect(snap.topics.find((t) => t.topic_name === 'orders')).toMatchObject({ lookupd_only: false, in_lookupd: true });
    expect(snap.topics.find((t) => t.topic_name === 'clicks')?.in_lookupd).toBe(false);
  });
});

describe('e2e processing latency', () => {
  const e2e = recordedStats('nsqd-stats-e2e.json').topics[0]?.channels[0]?.e2e_processing_latency;
  if (!e2e?.percentiles) throw new Error('fixture lacks e2e percentiles');
  const [p99, p50] = e2e.percentiles.map((p) => p.value) as [number, number];

  it('orders a node’s percentiles by quantile', () => {
    expect(nodeE2e(e2e).percentiles?.map((p) => p.quantile)).toEqual([0.5, 0.99]);
  });

  it('merges nodes with a true min and max and a count-weighted mean', () => {
    const slow = { count: 300, percentiles: e2e.percentiles?.map((p) => ({ ...p, value: p.value * 2 })) ?? null };
    const merged = mergeE2e([nodeE2e(e2e), nodeE2e(slow)]);
    expect(merged.count).toBe(400);
    expect(merged.percentiles?.[1]).toEqual({
      quantile: 0.99,
      count: 400,
      min: p99,
      max: p99 * 2,
      average: (p99 * 100 + p99 * 2 * 300) / 400,
      value: (p99 * 100 + p99 * 2 * 300) / 400,
    });
    expect(merged.percentiles?.[0]?.min).toBe(p50);
  });

  it('merges nodes that track different quantiles: each over the nodes that track it', () => {
    const other = {
      count: 50,
      percentiles: [
        { quantile: 0.99, value: p99 * 3 },
        { quantile: 0.999, value: p99 * 4 },
      ],
    };
    const merged = mergeE2e([nodeE2e(e2e), nodeE2e(other)]);
    expect(merged.count).toBe(150);
    expect(merged.percentiles?.map((p) => [p.quantile, p.count, p.min, p.max])).toEqual([
      [0.5, 100, p50, p50],
      [0.99, 150, p99, p99 * 3],
      [0.999, 50, p99 * 4, p99 * 4],
    ]);
    expect(merged.percentiles?.[1]?.value).toBeCloseTo((p99 * 100 + p99 * 3 * 50) / 150, 6);
  });

  it('is null when no node tracks it', () => {
    expect(mergeE2e([{ count: 0, percentiles: null }])).toEqual({ count: 0, percentiles: null });
  });
});

describe('a snapshot built on the previous one', () => {
  const PATH = '/stats?format=json&include_clients=false&include_mem=false';
  const NODES = [
    ['10.0.0.1:4151', 'nsqd-a'],
    ['10.0.0.2:4151', 'nsqd-b'],
  ] as const;
  const raw = () => fixture<NsqdStats>('nsqd-stats-no-clients.json');
  /** the recorded stats with `by` more messages through clicks and its channel */
  const busier = (by: number) => {
    const s = raw();
    const clicks = s.topics.find((t) => t.topic_name === 'clicks')!;
    clicks.message_count += by;
    clicks.channels[0]!.message_count += by;
    return s;
  };

  /** Polls the two nodes every 2 s as the poller does: each body read against the node's last digests, null for a node down. */
  function polls() {
    const baselines = new Map<string, NodeBaseline>();
    let previous: ClusterSnapshot | null = null;
    let at = 10_000;
    const built: { snap: ClusterSnapshot; json: string }[] = [];
    const next = (bodies: (NsqdStats | null)[]) => {
      at += 2000;
      const nodes = bodies.map((stats, k) => {
        const [node, hostname] = NODES[k]!;
        if (!stats) return { ...downNode(node, ['clicks', 'orders']), hostname };
        const read = readPollStats(
          node,
          PATH,
          Buffer.from(JSON.stringify(stats)),
          baselines.get(node)?.digests ?? null,
          {
            at,
            fullReadEveryMs: FULL_READ_EVERY_MS,
          },
        );
        const observed = observeNode(node, hostname, read, baselines.get(node), at);
        baselines.set(node, observed.baseline);
        return {
          ...upNode(node, recordedStats(), { hostname }),
          result: { ok: true as const, observed, latency_ms: 1, started_at: at - 1 },
        };
      });
      const p = poll(nodes, { seq: built.length + 1, taken_at: at });
      const snap = buildSnapshot(p, previous);
      // the same as a snapshot built from nothing, rows and all
      expect(served(snap)).toBe(served(buildSnapshot(p)));
      built.push({ snap, json: served(snap) });
      previous = snap;
      return snap;
    };
    return { next, built };
  }
  const topic = (s: ClusterSnapshot, name: string) => s.topics.find((t) => t.topic_name === name)!;

  it('keeps the summary of a topic with the same rows on every node, and sums again one that changed anywhere', () => {
    const { next, built } = polls();
    const s1 = next([raw(), raw()]);
    // rates from unknown to 0: changed
    const s2 = next([raw(), raw()]);
    expect(topic(s2, 'clicks')).not.toBe(topic(s1, 'clicks'));
    const s3 = next([raw(), raw()]);
    expect(topic(s3, 'clicks')).toBe(topic(s2, 'clicks'));
    expect(topic(s3, 'empty')).toBe(topic(s2, 'empty'));
    // nsqd's last topic is always parsed (lib/nsq/poll-stats.ts): the same numbers, so kept too
    expect(topic(s3, 'orders')).toBe(topic(s2, 'orders'));

    // clicks takes 20 messages on one node: new numbers there, and in the sums
    const s4 = next([busier(20), raw()]);
    expect(topic(s4, 'clicks')).not.toBe(topic(s3, 'clicks'));
    expect(topic(s4, 'clicks')).toMatchObject({ message_count: 60, rates: { message_rate: 10 } });
    expect(topic(s4, 'empty')).toBe(topic(s3, 'empty'));
    // the same bytes again, but its rate falls to 0: summed again, then kept
    const s5 = next([busier(20), raw()]);
    expect(topic(s5, 'clicks')).toMatchObject({ message_count: 60, rates: { message_rate: 0 } });
    expect(topic(s5, 'clicks')).not.toBe(topic(s4, 'clicks'));
    const s6 = next([busier(20), raw()]);
    expect(topic(s6, 'clicks')).toBe(topic(s5, 'clicks'));
    expect(topicNodeRows(s6, 'clicks').map((r) => r.message_count)).toEqual([40, 20]);

    // a node down, then back with the same stats: the topic's nodes changed each time, so it is summed
    const s7 = next([busier(20), null]);
    expect(topic(s7, 'clicks')).toMatchObject({ node_count: 1, unavailable_nodes: ['10.0.0.2:4151'] });
    const s8 = next([busier(20), raw()]);
    expect(topic(s8, 'clicks')).not.toBe(topic(s6, 'clicks'));
    expect(topic(s8, 'clicks')).toMatchObject({ node_count: 2, unavailable_nodes: [] });

    // every snapshot still reads as it did when it was built, kept summaries included
    for (const b of built) expect(served(b.snap)).toBe(b.json);
  });

  it('keeps summaries when the tables are copies made in another thread, and sums copies the same', () => {
    const p = poll([
      upNode('10.0.0.1:4151', recordedStats()),
      upNode('10.0.0.2:4151', recordedStats('nsqd-stats-e2e.json')),
    ]);
    const first = buildSnapshot(structuredClone(p));
    expect(served(first)).toBe(served(buildSnapshot(p)));
    const second = buildSnapshot(structuredClone(p), first);
    for (const t of second.topics) expect(t).toBe(topic(first, t.topic_name));
  });
});
