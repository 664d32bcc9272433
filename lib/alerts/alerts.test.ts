import { describe, expect, it } from 'vitest';
import { downNode, poll, recordedStats, upNode } from '../../test/snapshot-builders';
import { buildSnapshot } from '../cluster/snapshot';
import type { NsqdStats } from '../nsq/schemas';
import { CounterWindows, consumeDelaySeconds, evaluate } from './evaluate';
import { AlertRulesError, DEFAULT_RULES, resolveRules } from './rules';

const tables = (list: unknown[], source: string) => list.map((table) => ({ table, source }));

import { AlertTracker } from './tracker';

const NODE = '10.0.0.1:4151';

/** A snapshot of one nsqd that answered with these stats (recorded from a real nsqd), at `at`. */
const snapshotOf = (stats: NsqdStats, at = 1000) =>
  buildSnapshot(poll([upNode(NODE, stats, { hostname: 'nsqd-a' })], { taken_at: at }));

/** The recorded stats with the billing channel's counters moved on, as a later /stats would show. */
function later(added: { messages: number; requeues?: number; timeouts?: number }): NsqdStats {
  const s = recordedStats();
  const billing = s.topics.find((t) => t.topic_name === 'orders')?.channels.find((c) => c.channel_name === 'billing');
  if (!billing) throw new Error('the recording has orders/billing');
  billing.message_count += added.messages;
  billing.requeue_count += added.requeues ?? 0;
  billing.timeout_count += added.timeouts ?? 0;
  return s;
}

/** The recorded stats with a channel `name` added to orders, whose counts nsqd has kept since it was created. */
function withNewChannel(name: string, counts: { messages: number; requeues: number }, startTime?: number): NsqdStats {
  const s = recordedStats();
  const orders = s.topics.find((t) => t.topic_name === 'orders');
  const billing = orders?.channels.find((c) => c.channel_name === 'billing');
  if (!orders || !billing) throw new Error('the recording has orders/billing');
  orders.channels.push({
    ...billing,
    channel_name: name,
    depth: 0,
    backend_depth: 0,
    in_flight_count: 0,
    deferred_count: 0,
    message_count: counts.messages,
    requeue_count: counts.requeues,
    timeout_count: 0,
  });
  if (startTime !== undefined) s.start_time = startTime;
  return s;
}

const where = (b: { rule: string; topic: string | null; channel: string | null }) =>
  `${b.rule} ${b.topic}/${b.channel}`;

describe('rules', () => {
  it("start from NSQ's production guidance", () => {
    const byName = Object.fromEntries(resolveRules([]).map((r) => [r.name, r]));
    expect(byName.backlog?.threshold).toBe(10_000);
    expect(byName.consume_delay?.threshold).toBe(300);
    expect(byName.failure_rate?.threshold).toBe(0.05);
    expect(byName.retry_rate?.threshold).toBe(0.2);
    expect(Object.keys(byName)).toEqual(DEFAULT_RULES.map((r) => r.name));
  });

  it('take overrides by name, new rules by kind, and switch a default off', () => {
    const rules = resolveRules(
      tables(
        [
          { name: 'backlog', threshold: 50, for: '10s' },
          { name: 'orders-retries', kind: 'retry_rate', topic: 'orders', threshold: 0.1, severity: 'critical' },
          { name: 'lookupd_disagree', enabled: false },
        ],
        'rules.toml',
      ),
    );
    const backlog = rules.find((r) => r.name === 'backlog');
    expect(backlog).toMatchObject({ kind: 'backlog', threshold: 50, for_ms: 10_000, window_ms: 300_000 });
    expect(rules.find((r) => r.name === 'orders-retries')).toMatchObject({
      kind: 'retry_rate',
      topic: 'orders',
      channel: '*',
      threshold: 0.1,
      severity: 'critical',
      min_messages: 20,
    });
    expect(rules.some((r) => r.name === 'lookupd_disagree')).toBe(false);
  });

  it('name the rule, the field and the reason of every mistake', () => {
    const bad = () =>
      resolveRules(
        tables(
          [
            { name: 'slow', kind: 'consume_delay', for: 'soon' },
            { name: 'typo', kind: 'backlog', treshold: 5 },
            { name: 'too-high', kind: 'failure_rate', threshold: 5 },
            { name: 'mystery' },
          ],
          'rules.toml',
        ),
      );
    expect(bad).toThrow(AlertRulesError);
    const problems = (() => {
      try {
        bad();
      } catch (e) {
        return (e as AlertRulesError).problems;
      }
      return [];
    })();
    expect(problems).toEqual([
      'rules.toml: alert rule "slow": for: "soon" is not a duration such as "30s", "5m" or "1h"',
      expect.stringMatching(/^rules\.toml: alert rule "typo": the table: .*treshold/),
      'rules.toml: alert rule "too-high": threshold: a failure_rate threshold is a ratio from 0 to 1 (0.05 = 5 %)',
      expect.stringMatching(/^rules\.toml: alert rule "mystery": kind: a new rule needs one of backlog, /),
    ]);
  });
});

describe('evaluate, on stats recorded from a real nsqd', () => {
  const snap = snapshotOf(recordedStats());
  const windows = new CounterWindows(300_000);
  windows.record(snap);

  it('finds the channels over a backlog threshold, leaving #ephemeral out unless asked', () => {
    const rules = resolveRules(tables([{ name: 'backlog', threshold: 2 }], 'test')).filter((r) => r.kind === 'backlog');
    // orders/billing 10 and orders/shipping 15; tail#ephemeral's and heartbeats#ephemeral's are not watched
    expect(evaluate(rules, snap, windows).map(where)).toEqual(['backlog orders/billing', 'backlog orders/shipping']);
    const withEphemeral = resolveRules(tables([{ name: 'backlog', threshold: 2, ephemeral: true }], 'test')).filter(
      (r) => r.kind === 'backlog',
    );
    expect(evaluate(withEphemeral, snap, windows).map(where)).toContain('backlog heartbeats#ephemeral/null');
  });

  it('scopes a rule by topic and channel globs', () => {
    const rules = resolveRules(
      tables([{ name: 'ship', kind: 'backlog', topic: 'ord*', channel: 'ship*', threshold: 2 }], 'test'),
    );
    expect(
      evaluate(
        rules.filter((r) => r.name === 'ship'),
        snap,
        windows,
      ).map(where),
    ).toEqual(['ship orders/shipping']);
  });

  it('counts a backlog with no consumer as a consume delay that never ends', () => {
    const shipping = snap.topics
      .find((t) => t.topic_name === 'orders')
      ?.channels.find((c) => c.channel_name === 'shipping');
    expect(shipping && consumeDelaySeconds(shipping)).toBe(Number.POSITIVE_INFINITY);
    const rules = DEFAULT_RULES.filter((r) => r.kind === 'consume_delay');
    const breaches = evaluate(rules, snap, windows);
    // billing has consumers, and one poll gives no consume rate yet: not known, so not fired
    expect(breaches.map(where)).toEqual(['consume_delay orders/shipping']);
  });

  it("uses nsqd's end-to-end p99 where nsqd tracks it", () => {
    const e2e = snapshotOf(recordedStats('nsqd-stats-e2e.json'));
    const billing = e2e.topics
      .find((t) => t.topic_name === 'orders')
      ?.channels.find((c) => c.channel_name === 'billing');
    expect(billing && consumeDelaySeconds(billing)).toBeCloseTo(0.2089, 3);
  });

  it('fires retry_rate on a third of messages requeued, and nothing on 1 requeue out of 2', () => {
    const rules = DEFAULT_RULES.filter((r) => r.kind === 'retry_rate' || r.kind === 'failure_rate');
    const w = new CounterWindows(300_000);
    w.record(snapshotOf(recordedStats(), 0));
    const few = snapshotOf(later({ messages: 2, requeues: 1 }), 10_000);
    w.record(few);
    expect(evaluate(rules, few, w)).toEqual([]);
    const many = snapshotOf(later({ messages: 30, requeues: 10, timeouts: 3 }), 20_000);
    w.record(many);
    expect(evaluate(rules, many, w).map((b) => [b.rule, b.channel, Number(b.value.toFixed(3))])).toEqual([
      ['failure_rate', 'billing', 0.1],
      ['retry_rate', 'billing', 0.333],
    ]);
  });

  it('counts a channel created since the last poll from zero, but not one on an nsqd that just started', () => {
    const rules = DEFAULT_RULES.filter((r) => r.kind === 'retry_rate');
    const w = new CounterWindows(300_000);
    w.record(snapshotOf(recordedStats(), 0));
    // orders/audit appeared, and its 30 messages and 10 requeues all came in before this poll
    const created = snapshotOf(withNewChannel('audit', { messages: 30, requeues: 10 }), 10_000);
    w.record(created);
    expect(evaluate(rules, created, w).map((b) => [b.rule, b.channel, Number(b.value.toFixed(3))])).toEqual([
      ['retry_rate', 'audit', 0.333],
    ]);
    // the same counts on an nsqd restarted since the last poll are of unknown age: nothing to say yet
    const w2 = new CounterWindows(300_000);
    w2.record(snapshotOf(recordedStats(), 0));
    const restarted = snapshotOf(withNewChannel('audit', { messages: 30, requeues: 10 }, 1_900_000_000), 10_000);
    w2.record(restarted);
    expect(evaluate(rules, restarted, w2)).toEqual([]);
  });

  it('starts a window again when a counter goes down (an nsqd restarted)', () => {
    const rules = DEFAULT_RULES.filter((r) => r.kind === 'retry_rate');
    const w = new CounterWindows(300_000);
    w.record(snapshotOf(later({ messages: 100, requeues: 90 }), 0));
    const restarted = snapshotOf(recordedStats(), 10_000);
    w.record(restarted);
    expect(evaluate(rules, restarted, w)).toEqual([]);
  });

  it('names a node that stopped answering', () => {
    const down = buildSnapshot(
      poll([upNode(NODE, recordedStats()), downNode('10.0.0.2:4151', ['orders'])], { taken_at: 1000 }),
    );
    const rules = DEFAULT_RULES.filter((r) => r.kind === 'node_down');
    expect(evaluate(rules, down, new CounterWindows(300_000))).toEqual([
      expect.objectContaining({ rule: 'node_down', node: '10.0.0.2:4151', severity: 'critical' }),
    ]);
  });
});

describe('tracker', () => {
  const rules = resolveRules(tables([{ name: 'backlog', threshold: 12, for: '30s' }], 'test'));
  const backlog = rules.filter((r) => r.kind === 'backlog');
  const breachesAt = (stats: NsqdStats, at: number) =>
    evaluate(backlog, snapshotOf(stats, at), new CounterWindows(300_000));

  it('holds a breach pending for the rule’s `for`, then fires, then resolves when it clears', () => {
    const t = new AlertTracker(rules);
    const first = t.update(breachesAt(recordedStats(), 0), 0);
    expect(first.map((x) => [x.from, x.to, x.alert.channel])).toEqual([[null, 'pending', 'shipping']]);
    expect(t.update(breachesAt(recordedStats(), 20_000), 20_000)).toEqual([]);
    const fired = t.update(breachesAt(recordedStats(), 30_000), 30_000);
    expect(fired.map((x) => [x.from, x.to])).toEqual([['pending', 'firing']]);
    expect(t.list().firing[0]).toMatchObject({ since: 0, fired_at: 30_000, summary: 'backlog 15 > 12' });
    const cleared = t.update([], 40_000);
    expect(cleared.map((x) => [x.from, x.to, x.alert.resolved_at])).toEqual([['firing', 'resolved', 40_000]]);
    expect(t.list()).toMatchObject({ firing: [], pending: [], resolved: [{ channel: 'shipping' }] });
  });

  it('lets a pending breach that clears go without a trace', () => {
    const t = new AlertTracker(rules);
    t.update(breachesAt(recordedStats(), 0), 0);
    expect(t.update([], 5_000)).toEqual([]);
    expect(t.list()).toEqual({ firing: [], pending: [], resolved: [] });
  });
});
