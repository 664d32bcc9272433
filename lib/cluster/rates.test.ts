import { describe, expect, it } from 'vitest';
import { fixture } from '../../test/fixtures';
import { type NsqdStats, nsqdStatsSchema } from '../nsq/schemas';
import { channelKey, collectCounters, diffCounters, nodeRates, sumRates } from './rates';

const recorded = (): NsqdStats => nsqdStatsSchema.parse(fixture('nsqd-stats-no-clients.json'));

/** The recorded stats, `seconds` later, with orders published to and billing consuming. */
function later(base: NsqdStats, change: { published: number; delivered: number; finished: number; requeued?: number }): NsqdStats {
  const s = structuredClone(base);
  const orders = s.topics.find((t) => t.topic_name === 'orders');
  const billing = orders?.channels.find((c) => c.channel_name === 'billing');
  if (!orders || !billing) throw new Error('fixture lacks orders/billing');
  orders.message_count += change.published;
  billing.message_count += change.delivered;
  billing.depth += change.delivered - change.finished;
  billing.requeue_count += change.requeued ?? 0;
  return s;
}

describe('diffCounters', () => {
  const base = recorded();
  const t0 = collectCounters(base, 10_000);

  it('has no rate on the first poll', () => {
    const r = diffCounters(undefined, t0);
    expect(r.known).toBe(false);
    expect(nodeRates(r)).toEqual({ message_rate: null, deliver_rate: null, consume_rate: null, requeue_rate: null, timeout_rate: null });
  });

  it('divides counter deltas by the time between the two answers', () => {
    const t1 = collectCounters(later(base, { published: 40, delivered: 40, finished: 30, requeued: 4 }), 12_000);
    const r = diffCounters(t0, t1);
    expect(r.topics.get('orders')).toEqual({ message_rate: 20 });
    expect(r.topics.get('clicks')).toEqual({ message_rate: 0 });
    expect(r.channels.get(channelKey('orders', 'billing'))).toEqual({
      message_rate: 20,
      requeue_rate: 2,
      timeout_rate: 0,
      // 40 in, depth grew by 10: 30 left for good
      consume_rate: 15,
    });
    expect(nodeRates(r)).toEqual({ message_rate: 20, deliver_rate: 20, consume_rate: 15, requeue_rate: 2, timeout_rate: 0 });
  });

  it('starts a new baseline when nsqd restarted: no negative rate, no spike', () => {
    const restarted = structuredClone(base);
    restarted.start_time += 60;
    for (const t of restarted.topics) t.message_count = 1;
    const r = diffCounters(t0, collectCounters(restarted, 12_000));
    expect(r.known).toBe(false);
    expect(r.topics.size).toBe(0);
  });

  it('treats a counter that went backwards (topic deleted and re-created) as unknown', () => {
    const recreated = structuredClone(base);
    const orders = recreated.topics.find((t) => t.topic_name === 'orders');
    if (orders) orders.message_count = 2;
    const r = diffCounters(t0, collectCounters(recreated, 12_000));
    expect(r.topics.get('orders')).toEqual({ message_rate: null });
    expect(r.topics.get('clicks')).toEqual({ message_rate: 0 });
  });

  it('counts a topic that appeared between polls from zero', () => {
    const grown = structuredClone(base);
    grown.topics.push({ ...structuredClone(base.topics[0] as NsqdStats['topics'][number]), topic_name: 'fresh', message_count: 8, channels: [] });
    expect(diffCounters(t0, collectCounters(grown, 14_000)).topics.get('fresh')).toEqual({ message_rate: 2 });
  });
});

describe('sumRates', () => {
  it('sums what is known and is null only when nothing is', () => {
    expect(sumRates([1, null, 2])).toBe(3);
    expect(sumRates([null, null])).toBeNull();
    expect(sumRates([])).toBeNull();
  });
});
