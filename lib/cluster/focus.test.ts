// Keeping watched topics live, with stats recorded from a real nsqd (lib/nsq/__fixtures__).
import { describe, expect, it } from 'vitest';
import { poll, recordedStats, upNode } from '../../test/snapshot-builders';
import { MAX_WATCHED, summaryOf, Watchlist, withTopics } from './focus';
import { channelNodeRows } from './node-rows';
import { buildSnapshot } from './snapshot';

describe('Watchlist', () => {
  it('watches a topic while pages ask for it, and forgets it a while after they stop', () => {
    const list = new Watchlist(6000);
    expect(list.watch('orders', 0)).toBe(true);
    expect(list.watch('orders', 2000)).toBe(false);
    expect(list.watched(7000)).toEqual(['orders']);
    expect(list.watched(8001)).toEqual([]);
    expect(list.watch('orders', 9000)).toBe(true);
  });

  it('watches only the topics asked for last, so requests cannot make it read without bound', () => {
    const list = new Watchlist(6000);
    for (let i = 0; i <= MAX_WATCHED; i++) list.watch(`t${i}`, i);
    const watched = list.watched(MAX_WATCHED);
    expect(watched).toHaveLength(MAX_WATCHED);
    expect(watched).not.toContain('t0');
  });
});

describe('a focused read of one topic', () => {
  const stats = recordedStats();
  const swept = buildSnapshot(poll([upNode('10.0.0.1:4151', stats), upNode('10.0.0.2:4151', stats)]));
  // the topic "orders" read again from both nodes with /stats?topic=orders: 5 more on billing
  const orders = stats.topics.filter((t) => t.topic_name === 'orders');
  const fresher = {
    ...stats,
    topics: orders.map((t) => ({
      ...t,
      channels: t.channels.map((c) => (c.channel_name === 'billing' ? { ...c, depth: c.depth + 5 } : c)),
    })),
  };
  const read = {
    topic: 'orders',
    at: 5000,
    nodes: [upNode('10.0.0.1:4151', fresher), upNode('10.0.0.2:4151', fresher)],
  };

  it('replaces the topic in the snapshot, its rows and the cluster totals with the newer numbers', () => {
    const focused = summaryOf(read, swept, true);
    expect(focused).not.toBeNull();
    const live = withTopics(swept, [focused!]);
    const billing = (s: typeof swept) =>
      s.topics.find((t) => t.topic_name === 'orders')!.channels.find((c) => c.channel_name === 'billing')!;
    expect(billing(live).depth).toBe(billing(swept).depth + 10);
    expect(channelNodeRows(live, 'orders', 'billing').map((r) => r.depth)).toEqual([15, 15]);
    expect(live.totals.depth).toBe(swept.totals.depth + 10);
    // the other topics, and the snapshot it came from, are as they were
    expect(live.topics.find((t) => t.topic_name === 'clicks')).toBe(
      swept.topics.find((t) => t.topic_name === 'clicks'),
    );
    expect(billing(swept).depth).toBe(20);
    expect(channelNodeRows(swept, 'orders', 'billing').map((r) => r.depth)).toEqual([10, 10]);
  });

  it('gives no summary for a topic that no node has now', () => {
    const gone = { ...read, nodes: read.nodes.map((n) => upNode(n.node, { ...stats, topics: [] })) };
    expect(summaryOf(gone, swept, false)).toBeNull();
  });
});
