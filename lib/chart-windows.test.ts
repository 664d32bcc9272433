import { describe, expect, it } from 'vitest';
import { WINDOW_MS, windowAtLeast } from './chart-windows';

describe('windowAtLeast', () => {
  it('rounds a window up to the next one the charts offer, and has none beyond the longest', () => {
    expect(windowAtLeast(WINDOW_MS['6h'])).toBe('6h');
    expect(windowAtLeast(2 * 3_600_000)).toBe('6h');
    expect(windowAtLeast(WINDOW_MS['6h'] + 1)).toBe('24h');
    expect(windowAtLeast(1)).toBe('5m');
    expect(windowAtLeast(3 * 86_400_000)).toBe('7d');
    expect(windowAtLeast(WINDOW_MS['7d'] + 1)).toBeNull();
  });
});
