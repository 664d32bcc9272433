import { describe, expect, it } from 'vitest';
import type { ClusterSnapshot } from '../cluster/types';
import { maxSnapshotAgeMs, readiness } from './health';

const config = { mode: 'lookupd' as const, pollIntervalMs: 2000, httpClientRequestTimeoutMs: 5000 };
const error = (node: string) => ({ kind: 'network' as const, node, message: 'ECONNREFUSED' });

function snap(over: Partial<ClusterSnapshot> = {}): ClusterSnapshot {
  return {
    seq: 1,
    taken_at: 10_000,
    poll_duration_ms: 50,
    poll_interval_ms: 2000,
    mode: 'lookupd',
    lookupds: [
      { address: 'l1:4161', version: '1.3.0', status: 'up', latency_ms: 1, error: null, node_count: 1, topic_count: 0 },
    ],
    nodes: [{ node: 'n1:4151', status: 'up', error: null }],
    topics: [],
    errors: [],
    ...over,
  } as unknown as ClusterSnapshot;
}

describe('readiness', () => {
  it('is not ready before the first poll', () => {
    expect(readiness(config, null, 0)).toMatchObject({
      ready: false,
      reason: 'no poll has completed yet',
      age_ms: null,
    });
  });

  it('is ready when a lookupd answered a recent poll', () => {
    expect(readiness(config, snap(), 11_000)).toMatchObject({
      ready: true,
      reason: null,
      age_ms: 950,
      lookupds_up: 1,
      nodes_up: 1,
    });
  });

  it('is not ready when no lookupd answered, and says which failed how', () => {
    const down = snap({
      lookupds: [
        {
          address: 'l1:4161',
          version: null,
          status: 'down',
          latency_ms: 1,
          error: error('l1:4161'),
          node_count: 0,
          topic_count: 0,
        },
      ],
    });
    const r = readiness(config, down, 11_000);
    expect(r.ready).toBe(false);
    expect(r.reason).toBe('no nsqlookupd answered the last poll (l1:4161: ECONNREFUSED)');
  });

  it('in nsqd mode, needs one nsqd that answered', () => {
    const nsqd = { ...config, mode: 'nsqd' as const };
    const none = snap({
      mode: 'nsqd',
      lookupds: [],
      nodes: [{ node: 'n1:4151', status: 'down', error: error('n1:4151') }] as never,
    });
    expect(readiness(nsqd, none, 11_000).reason).toBe('no nsqd answered the last poll (n1:4151: ECONNREFUSED)');
    expect(readiness(nsqd, snap({ mode: 'nsqd', lookupds: [] }), 11_000).ready).toBe(true);
  });

  it('is not ready when the last poll is older than three intervals and two request timeouts', () => {
    expect(maxSnapshotAgeMs(config)).toBe(16_000);
    expect(readiness(config, snap(), 10_050 + 16_000).ready).toBe(true);
    const stale = readiness(config, snap(), 10_050 + 16_001);
    expect(stale).toMatchObject({ ready: false, age_ms: 16_001 });
    expect(stale.reason).toBe('the last poll finished 16001 ms ago, more than 16000 ms');
  });

  it('allows for an interval that adapted to costly polls', () => {
    const slow = snap({ poll_interval_ms: 9000 });
    expect(readiness(config, slow, 10_050 + 37_000)).toMatchObject({ ready: true, max_age_ms: 37_000 });
    expect(readiness(config, slow, 10_050 + 37_001).ready).toBe(false);
  });
});
