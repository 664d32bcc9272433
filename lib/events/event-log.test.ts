import { describe, expect, it } from 'vitest';
import { downNode, poll, recordedStats, upNode } from '../../test/snapshot-builders';
import { buildSnapshot } from '../cluster/snapshot';
import { statusChanges } from '../cluster/status-changes';
import { actionText, EventLog, MAX_EVENTS } from './event-log';

const event = (at: number, over: Partial<Parameters<EventLog['add']>[0]> = {}) => ({
  at,
  kind: 'action' as const,
  topic: 'orders',
  channel: 'billing',
  node: null,
  text: 'channel emptied by alice',
  ...over,
});

describe('EventLog', () => {
  it('lists the newest first, a channel with its topic’s own events, and what is newer than an id', () => {
    const log = new EventLog(60_000, () => 10_000);
    log.add(event(1000));
    log.add(event(2000, { channel: null, text: 'topic paused by bob' }));
    log.add(event(3000, { channel: 'shipping', text: 'channel emptied by carol' }));
    log.add(
      event(4000, { kind: 'node_down', topic: null, channel: null, node: 'n1:4151', text: 'nsqd n1:4151 is down' }),
    );
    expect(log.list({ topic: 'orders', channel: 'billing' }).map((e) => e.text)).toEqual([
      'topic paused by bob',
      'channel emptied by alice',
    ]);
    expect(log.list({ node: 'n1:4151' }).map((e) => e.kind)).toEqual(['node_down']);
    const [newest] = log.list();
    expect(log.list({ after: (newest?.id ?? 0) - 1 })).toEqual([newest]);
  });

  it('forgets events older than the retention, and keeps at most MAX_EVENTS', () => {
    let now = 0;
    const log = new EventLog(10_000, () => now);
    log.add(event(0));
    now = 20_000;
    log.add(event(20_000));
    expect(log.list().map((e) => e.at)).toEqual([20_000]);
    for (let i = 0; i < MAX_EVENTS + 10; i++) log.add(event(20_000));
    expect(log.list()).toHaveLength(MAX_EVENTS);
  });

  it('credits an action to a verified user, a claimed name, or nobody', () => {
    expect(actionText('empty_channel', { user: 'alice' })).toBe('channel emptied by alice');
    expect(actionText('pause_topic', { claimed_user: 'mallory' })).toBe('topic paused by mallory (unverified)');
    expect(actionText('delete_topic', {})).toBe('topic deleted');
  });
});

describe('statusChanges', () => {
  const up = buildSnapshot(poll([upNode('10.0.0.1:4151', recordedStats()), upNode('10.0.0.2:4151', recordedStats())]));
  const oneDown = buildSnapshot(
    poll([upNode('10.0.0.1:4151', recordedStats()), downNode('10.0.0.2:4151', ['orders'])]),
  );

  it('names the nsqd that went down and came back, and nothing when nothing changed', () => {
    expect(statusChanges(up, oneDown)).toEqual([{ what: 'nsqd', id: '10.0.0.2:4151', status: 'down' }]);
    expect(statusChanges(oneDown, oneDown)).toEqual([]);
    expect(statusChanges(oneDown, up)).toEqual([{ what: 'nsqd', id: '10.0.0.2:4151', status: 'up' }]);
    // the first sweep: a node down at start is news, one up is not
    expect(statusChanges(null, oneDown)).toEqual([{ what: 'nsqd', id: '10.0.0.2:4151', status: 'down' }]);
  });

  it('becomes events in words', () => {
    const log = new EventLog(60_000, () => 5000);
    log.addStatusChanges(statusChanges(up, oneDown), 5000);
    expect(log.list()).toMatchObject([
      { kind: 'node_down', node: '10.0.0.2:4151', text: 'nsqd 10.0.0.2:4151 is down' },
    ]);
  });
});
