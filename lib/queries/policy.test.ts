import { describe, expect, it } from 'vitest';
import { CLUSTER_REFETCH_MS, NEXT_POLL_MARGIN_MS, untilNextPoll } from './policy';

const at = (data: unknown, dataUpdatedAt: number, errorUpdatedAt = 0) => ({
  state: { data, dataUpdatedAt, errorUpdatedAt },
});

describe('untilNextPoll', () => {
  it('refetches just after the poll the server expects next, counted from when the answer arrived', () => {
    expect(untilNextPoll(at({ next_poll_ms: 1800 }, 10_000), 10_000)).toBe(1800 + NEXT_POLL_MARGIN_MS);
    expect(untilNextPoll(at({ next_poll_ms: 1800 }, 10_000), 10_500)).toBe(1300 + NEXT_POLL_MARGIN_MS);
    // an interval adapted to a large cluster is followed too
    expect(untilNextPoll(at({ next_poll_ms: 9000 }, 10_000), 10_000)).toBe(9000 + NEXT_POLL_MARGIN_MS);
  });

  it('asks again soon when the poll is due or running late, and falls back without the field or after an error', () => {
    expect(untilNextPoll(at({ next_poll_ms: 0 }, 10_000), 10_000)).toBe(400);
    expect(untilNextPoll(at({ taken_at: 1 }, 10_000), 10_000)).toBe(CLUSTER_REFETCH_MS);
    expect(untilNextPoll(at(undefined, 0), 10_000)).toBe(CLUSTER_REFETCH_MS);
    expect(untilNextPoll(at({ next_poll_ms: 1800 }, 10_000, 12_000), 12_000)).toBe(CLUSTER_REFETCH_MS);
  });
});
