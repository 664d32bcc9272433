import { describe, expect, it } from 'vitest';
import { poll, recordedStats, upNode } from '../../test/snapshot-builders';
import { History } from './history';
import { buildSnapshot } from './snapshot';
import type { ClusterSnapshot } from './types';

const POLL = 2000;
const RETENTION = 3_600_000;
const START = 1_800_000_000_000;

/** A snapshot at poll i, where orders/billing's depth is i (and topics other than orders vanish when asked). */
function snapshotAt(i: number, { ordersOnly = false } = {}): ClusterSnapshot {
  const stats = recordedStats();
  if (ordersOnly) stats.topics = stats.topics.filter((t) => t.topic_name === 'orders');
  const billing = stats.topics
    .find((t) => t.topic_name === 'orders')
    ?.channels.find((c) => c.channel_name === 'billing');
  if (billing) billing.depth = i;
  return buildSnapshot(poll([upNode('10.0.0.1:4151', stats)], { seq: i, taken_at: START + i * POLL }));
}

function recorded(polls: number, opts?: { ordersOnly?: boolean }) {
  const h = new History({ pollIntervalMs: POLL, retentionMs: RETENTION });
  for (let i = 0; i < polls; i++) h.record(snapshotAt(i, opts));
  return h;
}

const billing = { kind: 'channel' as const, topic: 'orders', channel: 'billing' };

describe('History', () => {
  it('answers recent windows at the poll interval, with the values each poll saw', () => {
    const h = recorded(200);
    const now = START + 199 * POLL;
    const s = h.query(billing, 5 * 60_000, now);
    expect(s?.step_ms).toBe(POLL);
    expect(s?.points).toHaveLength(151);
    expect(s?.points.at(-1)).toMatchObject({ t: now, depth: 199, in_flight_count: 3 });
    expect(s?.points[0]).toMatchObject({ t: now - 5 * 60_000, depth: 49 });
  });

  it('answers longer windows with bucket means', () => {
    const h = recorded(900); // 30 minutes
    const now = START + 899 * POLL;
    const s = h.query(billing, RETENTION, now);
    expect(s?.step_ms).toBe(10_000);
    // each closed 10 s bucket holds 5 polls, so its depth is the mean of 5 consecutive values
    const full = s?.points.slice(1, -1) ?? [];
    expect(full.length).toBeGreaterThan(170);
    for (const p of full) {
      const first = (p.t - START) / POLL;
      expect(p.depth).toBeCloseTo(first + 2, 5);
    }
  });

  it('follows a longer poll interval: the fine tier still spans 15 minutes, with the newest samples kept', () => {
    const h = recorded(200);
    const before = h.valueBytes;
    h.setPollInterval(6000);
    // 450 fine slots at 2 s become 150 at 6 s: a third of the fine-tier memory
    expect(h.valueBytes).toBeLessThan(before);
    let now = START + 199 * POLL;
    const kept = h.query(billing, 5 * 60_000, now);
    expect(kept?.step_ms).toBe(6000);
    expect(kept?.points.at(-1)).toMatchObject({ t: now, depth: 199 });
    // polls now come every 6 s; the newest carries on after the kept ones
    for (let i = 1; i <= 200; i++) {
      now += 6000;
      const snap = snapshotAt(199 + i);
      h.record({ ...snap, taken_at: now });
    }
    const s = h.query(billing, 15 * 60_000, now);
    expect(s?.points).toHaveLength(150);
    expect(s?.points.at(-1)).toMatchObject({ t: now, depth: 399 });
    expect(s?.points[0]).toMatchObject({ t: now - 149 * 6000, depth: 250 });
  });

  it('keeps the newest samples in order when the fine tier had wrapped round', () => {
    const h = recorded(500); // 450 fine slots at 2 s: polls 450 to 499 went round into slots 0 to 49
    h.setPollInterval(6000);
    const now = START + 499 * POLL;
    for (const key of [billing, { kind: 'channel' as const, topic: 'orders', channel: 'shipping' }]) {
      const s = h.query(key, 15 * 60_000, now);
      // the 150 newest polls, 350 to 499, each at its own time
      expect(s?.points.map((p) => p.t)).toEqual(Array.from({ length: 150 }, (_, k) => START + (350 + k) * POLL));
      if (key === billing)
        expect(s?.points.map((p) => p.depth)).toEqual(Array.from({ length: 150 }, (_, k) => 350 + k));
      else expect(s?.points.every((p) => p.depth === 15)).toBe(true);
    }
  });

  it('widens the coarse buckets to a poll interval longer than they are, merging what they held', () => {
    const h = recorded(900); // 30 minutes at 2 s: 180 coarse buckets of 10 s, each the mean of 5 polls
    const before = h.valueBytes;
    h.setPollInterval(20_000);
    // 360 coarse slots of 10 s become 180 of 20 s; the fine tier goes from 450 slots to 45
    expect(h.valueBytes).toBeLessThan(before / 2);
    let now = START + 899 * POLL;
    const merged = h.query(billing, RETENTION, now);
    expect(merged?.step_ms).toBe(20_000);
    const closed = merged?.points.slice(0, -1) ?? [];
    expect(closed).toHaveLength(89);
    // each 20 s bucket holds two old ones, polls 10k to 10k + 9: their mean depth is 10k + 4.5
    for (const p of closed) expect(p.depth).toBeCloseTo((p.t - START) / POLL + 4.5, 4);
    // the open bucket took in the old bucket that fell in it (polls 890 to 894) and polls 895 to 899
    expect(merged?.points.at(-1)).toMatchObject({ t: START + 890 * POLL });
    expect(merged?.points.at(-1)?.depth).toBeCloseTo((892 + 895 + 896 + 897 + 898 + 899) / 6, 4);
    for (let i = 1; i <= 100; i++) {
      now += 20_000;
      h.record({ ...snapshotAt(899 + i), taken_at: now });
    }
    const s = h.query(billing, RETENTION, now);
    const ts = s?.points.map((p) => p.t) ?? [];
    expect(ts.every((t, i) => i === 0 || t - (ts[i - 1] as number) === 20_000)).toBe(true);
    // one poll per bucket now: the open one holds the newest poll, the one before it the poll before
    expect(ts.at(-1)).toBe(Math.floor(now / 20_000) * 20_000);
    expect(s?.points.at(-1)?.depth).toBe(999);
    expect(s?.points.at(-2)?.depth).toBe(998);
  });

  it('keeps a fixed memory per series, however long it runs', () => {
    const h = recorded(10);
    const bytes = h.valueBytes;
    for (let i = 10; i < 5000; i++) h.record(snapshotAt(i));
    expect(h.valueBytes).toBe(bytes);
    expect(h.size).toBe(recorded(1).size);
  });

  it('leaves a gap while an entity is absent, and forgets it after the retention', () => {
    const h = recorded(20);
    for (let i = 20; i < 25; i++) h.record(snapshotAt(i, { ordersOnly: true }));
    const clicks = h.query({ kind: 'topic', topic: 'clicks' }, 60_000, START + 24 * POLL);
    expect(clicks?.points.slice(-5).every((p) => p.depth === null)).toBe(true);
    expect(clicks?.points.at(-6)?.depth).toBe(0);
    for (let i = 25; i < 25 + RETENTION / POLL + 2; i++) h.record(snapshotAt(i, { ordersOnly: true }));
    expect(h.query({ kind: 'topic', topic: 'clicks' }, 60_000, START + 2000 * POLL)).toBeNull();
    expect(h.query(billing, 60_000, START + 2000 * POLL)).not.toBeNull();
  });

  it('gives a series that comes after a forgotten one none of its values', () => {
    const h = recorded(20);
    for (let i = 20; i < 22 + RETENTION / POLL; i++) h.record(snapshotAt(i, { ordersOnly: true }));
    expect(h.query({ kind: 'topic', topic: 'clicks' }, RETENTION, START + 2000 * POLL)).toBeNull();
    const i = 22 + RETENTION / POLL;
    const bytes = h.valueBytes;
    const stats = recordedStats();
    for (const t of stats.topics) if (t.topic_name === 'clicks') t.topic_name = 'views';
    h.record(buildSnapshot(poll([upNode('10.0.0.1:4151', stats)], { seq: i, taken_at: START + i * POLL })));
    const now = START + i * POLL;
    const views = h.query({ kind: 'topic', topic: 'views' }, 5 * 60_000, now);
    expect(views?.points.filter((p) => p.depth !== null).map((p) => p.t)).toEqual([now]);
    const hour = h.query({ kind: 'topic', topic: 'views' }, RETENTION, now);
    expect(hour?.points.filter((p) => p.depth !== null).map((p) => p.t)).toEqual([Math.floor(now / 10_000) * 10_000]);
    // it took the forgotten series' row: topics coming and going do not grow the history
    expect(h.valueBytes).toBe(bytes);
  });

  it('records unknown rates as null, not 0', () => {
    const h = recorded(1);
    expect(h.query({ kind: 'topic', topic: 'orders' }, 60_000, START)?.points[0]?.message_rate).toBeNull();
  });
});
