import { describe, expect, it } from 'vitest';
import { done, retarget, sumMessageCounts, valueAt } from './count-up';

describe('count-up', () => {
  it('shows the first sample at once', () => {
    const a = retarget(null, 1_000, 0, 2_000);
    expect(valueAt(a, 0)).toBe(1_000);
    expect(done(a, 0)).toBe(true);
  });

  it('moves linearly from the displayed number to the new total within the duration', () => {
    const a = retarget(1_000, 3_000, 100, 2_000);
    expect(valueAt(a, 100)).toBe(1_000);
    expect(valueAt(a, 600)).toBe(1_500);
    expect(valueAt(a, 1_100)).toBe(2_000);
    expect(valueAt(a, 2_100)).toBe(3_000);
    expect(done(a, 2_099)).toBe(false);
    expect(done(a, 2_100)).toBe(true);
  });

  it('never passes the target nor goes back before the start', () => {
    const a = retarget(10, 13, 0, 1_000);
    for (let t = -500; t <= 5_000; t += 17) {
      const v = valueAt(a, t);
      expect(v).toBeGreaterThanOrEqual(10);
      expect(v).toBeLessThanOrEqual(13);
      expect(Number.isInteger(v)).toBe(true);
    }
    expect(valueAt(a, 1e12)).toBe(13);
  });

  it('shows a lower total (counters reset by an nsqd restart) at once', () => {
    const a = retarget(5_000, 1_200, 0, 2_000);
    expect(valueAt(a, 0)).toBe(1_200);
  });

  it('jumps with no duration (reduced motion)', () => {
    expect(valueAt(retarget(1, 9, 0, 0), 0)).toBe(9);
  });

  it('sums every channel message_count', () => {
    expect(sumMessageCounts({})).toBe(0);
    expect(
      sumMessageCounts({
        'a:x:n1': { message_count: 3 },
        'a:x:n2': { message_count: 4 },
        'b:y:n1': { message_count: 10 },
      }),
    ).toBe(17);
  });
});
