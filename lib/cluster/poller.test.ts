import { describe, expect, it } from 'vitest';
import { adaptiveInterval, POLL_CPU_BUDGET } from './poller';

describe('adaptiveInterval', () => {
  it('keeps --poll-interval while a poll costs less than a tenth of it', () => {
    expect(POLL_CPU_BUDGET).toBe(0.1);
    expect(adaptiveInterval(2000, 5)).toBe(2000);
    expect(adaptiveInterval(2000, 200)).toBe(2000);
  });

  it('spaces costly polls so they take at most a tenth of a core, in whole seconds', () => {
    expect(adaptiveInterval(2000, 201)).toBe(3000);
    expect(adaptiveInterval(2000, 780)).toBe(8000);
    expect(adaptiveInterval(5000, 1200)).toBe(12_000);
  });
});
