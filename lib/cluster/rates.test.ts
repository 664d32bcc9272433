import { describe, expect, it } from 'vitest';
import { fixture } from '../../test/fixtures';
import { FULL_READ_EVERY_MS, readPollStats } from '../nsq/poll-stats';
import { type NsqdStats, nsqdStatsSchema } from '../nsq/schemas';
import { tableTopicRows } from './node-table';
import { type ObservedNode, observeNode } from './observe-node';
import { sumRates } from './rates';

const recorded = (): NsqdStats => nsqdStatsSchema.parse(fixture('nsqd-stats-no-clients.json'));

/** The recorded stats, `seconds` later, with orders published to and billing consuming. */
function later(
  base: NsqdStats,
  change: { published: number; delivered: number; finished: number; requeued?: number },
): NsqdStats {
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

const observe = (stats: NsqdStats, at: number, prev?: ObservedNode) =>
  observeNode('n:4151', 'n', stats, prev?.baseline, at);
const topic = (o: ObservedNode, name: string) => tableTopicRows(o.table).find((t) => t.topic_name === name);
const channel = (o: ObservedNode, t: string, c: string) => topic(o, t)?.channels.find((ch) => ch.channel_name === c);

describe('rates between two polls of one nsqd', () => {
  const base = recorded();
  const t0 = observe(base, 10_000);

  it('has no rate on the first poll', () => {
    expect(topic(t0, 'orders')?.rates).toEqual({ message_rate: null });
    expect(channel(t0, 'orders', 'billing')?.rates.consume_rate).toBeNull();
    expect(t0.rates).toEqual({
      message_rate: null,
      deliver_rate: null,
      consume_rate: null,
      requeue_rate: null,
      timeout_rate: null,
    });
  });

  it('divides counter deltas by the time between the two answers', () => {
    const r = observe(later(base, { published: 40, delivered: 40, finished: 30, requeued: 4 }), 12_000, t0);
    expect(topic(r, 'orders')?.rates).toEqual({ message_rate: 20 });
    expect(topic(r, 'clicks')?.rates).toEqual({ message_rate: 0 });
    expect(channel(r, 'orders', 'billing')?.rates).toEqual({
      message_rate: 20,
      requeue_rate: 2,
      timeout_rate: 0,
      // 40 in, depth grew by 10: 30 left for good
      consume_rate: 15,
    });
    expect(r.rates).toEqual({ message_rate: 20, deliver_rate: 20, consume_rate: 15, requeue_rate: 2, timeout_rate: 0 });
  });

  it('starts a new baseline when nsqd restarted: no negative rate, no spike', () => {
    const restarted = structuredClone(base);
    restarted.start_time += 60;
    for (const t of restarted.topics) t.message_count = 1;
    const r = observe(restarted, 12_000, t0);
    expect(r.rates.message_rate).toBeNull();
    for (const t of tableTopicRows(r.table)) {
      expect(t.rates.message_rate).toBeNull();
      for (const c of t.channels) expect(c.rates.message_rate).toBeNull();
    }
  });

  it('treats a counter that went backwards (topic deleted and re-created) as unknown', () => {
    const recreated = structuredClone(base);
    const orders = recreated.topics.find((t) => t.topic_name === 'orders');
    if (orders) orders.message_count = 2;
    const r = observe(recreated, 12_000, t0);
    expect(topic(r, 'orders')?.rates).toEqual({ message_rate: null });
    expect(topic(r, 'clicks')?.rates).toEqual({ message_rate: 0 });
  });

  it('counts a topic that appeared between polls from zero', () => {
    const grown = structuredClone(base);
    grown.topics.push({
      ...structuredClone(base.topics[0] as NsqdStats['topics'][number]),
      topic_name: 'fresh',
      message_count: 8,
      channels: [],
    });
    expect(topic(observe(grown, 14_000, t0), 'fresh')?.rates).toEqual({ message_rate: 2 });
  });

  it('matches topics by name when one appeared before them in the list', () => {
    const shifted = later(base, { published: 40, delivered: 40, finished: 40 });
    shifted.topics.unshift({
      ...structuredClone(base.topics[0] as NsqdStats['topics'][number]),
      topic_name: 'aaa',
      message_count: 0,
      channels: [],
    });
    const r = observe(shifted, 12_000, t0);
    expect(topic(r, 'orders')?.rates).toEqual({ message_rate: 20 });
    expect(channel(r, 'orders', 'billing')?.rates.message_rate).toBe(20);
    expect(topic(r, 'clicks')?.rates).toEqual({ message_rate: 0 });
  });

  it('matches channels by name when the list changed between polls', () => {
    const moved = later(base, { published: 10, delivered: 10, finished: 10 });
    const orders = moved.topics.find((t) => t.topic_name === 'orders')!;
    orders.channels.unshift({
      ...structuredClone(orders.channels[0]!),
      channel_name: 'audit',
      message_count: 4,
      depth: 0,
      in_flight_count: 0,
      deferred_count: 0,
    });
    const r = observe(moved, 12_000, t0);
    expect(channel(r, 'orders', 'billing')?.rates.message_rate).toBe(5);
    // a channel new since the last poll started from zero
    expect(channel(r, 'orders', 'audit')?.rates.message_rate).toBe(2);
  });
});

describe('a poll that parsed only the topics whose bytes changed', () => {
  const PATH = '/stats?format=json&include_clients=false&include_mem=false';
  // as nsqd sends it: compact, in the recorded field order
  const raw = () => fixture<NsqdStats>('nsqd-stats-no-clients.json');
  const wire = (s: unknown) => Buffer.from(JSON.stringify(s));

  it('has the same table, totals and rates as a whole parse; an unchanged topic has a rate of 0', () => {
    const before = readPollStats('n:4151', PATH, wire(raw()), null, {
      at: 10_000,
      fullReadEveryMs: FULL_READ_EVERY_MS,
    });
    const t0 = observeNode('n:4151', 'n', before, undefined, 10_000);
    const after = raw();
    const orders = after.topics.find((t) => t.topic_name === 'orders')!;
    orders.message_count += 40;
    orders.channels[0]!.message_count += 40;
    orders.channels[0]!.depth += 10;
    const clicks = after.topics.find((t) => t.topic_name === 'clicks')!;
    clicks.channels[0]!.requeue_count += 6;
    const read = readPollStats('n:4151', PATH, wire(after), before.digests, {
      at: 12_000,
      fullReadEveryMs: FULL_READ_EVERY_MS,
    });
    expect(read.topics.map((t) => t?.topic_name ?? null)).toEqual(['clicks', null, null, 'orders']);

    const partly = observeNode('n:4151', 'n', read, t0.baseline, 12_000);
    const whole = observe(nsqdStatsSchema.parse(after), 12_000, t0);
    expect(partly.table).toEqual(whole.table);
    expect({ ...partly, baseline: null }).toEqual({ ...whole, baseline: null });
    expect(topic(partly, 'empty')?.rates).toEqual({ message_rate: 0 });
    expect(channel(partly, 'clicks', 'tail#ephemeral')?.rates.requeue_rate).toBe(3);
    expect(channel(partly, 'orders', 'billing')?.rates).toMatchObject({ message_rate: 20, consume_rate: 15 });
  });

  it('shows the percentiles of the latest poll: new numbers when nsqd sent new ones, the same otherwise', () => {
    const e2e = () => nsqdStatsSchema.parse(fixture('nsqd-stats-e2e.json'));
    const t0 = observe(e2e(), 10_000);
    const same = observe(e2e(), 12_000, t0);
    const moved = e2e();
    const billing = moved.topics[0]!.channels[0]!;
    billing.e2e_processing_latency = {
      count: 150,
      percentiles: [
        { quantile: 0.99, value: 300 },
        { quantile: 0.5, value: 200 },
      ],
    };
    const r = observe(moved, 14_000, same);
    const percentiles = (o: ObservedNode) => channel(o, 'orders', 'billing')?.e2e_processing_latency;
    expect(percentiles(same)).toEqual(percentiles(t0));
    expect(percentiles(r)).toEqual({
      count: 150,
      percentiles: [
        { quantile: 0.5, value: 200, count: 150, min: 200, max: 200, average: 200 },
        { quantile: 0.99, value: 300, count: 150, min: 300, max: 300, average: 300 },
      ],
    });
    expect(topic(r, 'orders')?.e2e_processing_latency).toEqual(topic(t0, 'orders')?.e2e_processing_latency);
  });

  it('does not take a topic as unchanged without the previous table', () => {
    const read = readPollStats(
      'n:4151',
      PATH,
      wire(raw()),
      readPollStats('n:4151', PATH, wire(raw()), null, { at: 10_000, fullReadEveryMs: FULL_READ_EVERY_MS }).digests,
      {
        at: 12_000,
        fullReadEveryMs: FULL_READ_EVERY_MS,
      },
    );
    expect(() => observeNode('n:4151', 'n', read, undefined, 12_000)).toThrow(/no previous table row/);
  });
});

describe('sumRates', () => {
  it('sums what is known and is null only when nothing is', () => {
    expect(sumRates([1, null, 2])).toBe(3);
    expect(sumRates([null, null])).toBeNull();
    expect(sumRates([])).toBeNull();
  });
});
