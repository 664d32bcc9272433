import { describe, expect, it } from 'vitest';
import type { AlertJson } from '@/lib/alerts/tracker';
import { alertSubject, alertWords } from './alert-words';

const alert = (over: Partial<AlertJson>): AlertJson => ({
  id: 'x',
  rule: 'backlog',
  kind: 'backlog',
  severity: 'warning',
  topic: 'orders',
  channel: 'billing',
  node: null,
  value: 12_400,
  threshold: 10_000,
  state: 'firing',
  since: 1_000_000,
  fired_at: 1_060_000,
  resolved_at: null,
  summary: 'backlog 12,400 > 10,000',
  ...over,
});

describe('alert words', () => {
  it('say the rule, the value, the threshold and how long it has held, as of the evaluation', () => {
    expect(alertWords(alert({}), 1_180_000)).toBe('backlog 12,400 > 10,000 for 3 min');
    expect(alertWords(alert({}), null)).toBe('backlog 12,400 > 10,000');
  });

  it('name where: a channel, a topic, a node, or the cluster', () => {
    expect(alertSubject(alert({}))).toBe('orders / billing');
    expect(alertSubject(alert({ channel: null }))).toBe('orders');
    expect(alertSubject(alert({ topic: null, channel: null, node: 'nsqd-1:4151' }))).toBe('nsqd-1:4151');
    expect(alertSubject(alert({ topic: null, channel: null }))).toBe('cluster');
  });
});
