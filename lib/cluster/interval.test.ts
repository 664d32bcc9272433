import { describe, expect, it } from 'vitest';
import { adaptiveInterval, POLL_CPU_BUDGET, SweepInterval } from './interval';

describe('adaptiveInterval', () => {
  it('keeps --poll-interval while a sweep costs less than a tenth of it', () => {
    expect(adaptiveInterval(2000, 150)).toBe(2000);
    expect(adaptiveInterval(2000, 2000 * POLL_CPU_BUDGET)).toBe(2000);
  });

  it('spaces costly sweeps so they take at most a tenth of a core, in whole seconds', () => {
    expect(adaptiveInterval(2000, 450)).toBe(5000);
    expect(adaptiveInterval(5000, 1200)).toBe(12_000);
  });
});

describe('SweepInterval', () => {
  it('follows the median of recent sweeps, so one slow sweep does not stretch it', () => {
    const interval = new SweepInterval(2000);
    interval.record(100);
    interval.record(100);
    expect(interval.record(3000)).toBe(2000);
    expect(interval.record(3000)).toBe(30_000);
  });

  it('shortens only for a clear gain, so it does not flap between neighbours', () => {
    const interval = new SweepInterval(2000);
    for (let i = 0; i < 3; i++) interval.record(1000);
    expect(interval.ms).toBe(10_000);
    for (let i = 0; i < 3; i++) interval.record(900);
    expect(interval.ms).toBe(10_000);
    for (let i = 0; i < 3; i++) interval.record(100);
    expect(interval.ms).toBe(2000);
  });
});
