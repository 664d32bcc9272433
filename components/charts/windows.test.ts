import { describe, expect, it } from 'vitest';
import { availableWindows, pickWindow } from './windows';

const HOUR = 3_600_000;

describe('chart windows', () => {
  it('offers the long windows only when the server has Prometheus', () => {
    expect(availableWindows({ memory_retention_ms: HOUR, prometheus: false, max_window_ms: HOUR })).toEqual([
      '5m',
      '15m',
      '1h',
    ]);
    expect(availableWindows({ memory_retention_ms: HOUR, prometheus: true, max_window_ms: 31 * 24 * HOUR })).toEqual([
      '5m',
      '15m',
      '1h',
      '6h',
      '24h',
      '7d',
    ]);
    // a longer in-memory retention is enough for the windows it covers
    expect(availableWindows({ memory_retention_ms: 6 * HOUR, prometheus: false, max_window_ms: 6 * HOUR })).toEqual([
      '5m',
      '15m',
      '1h',
      '6h',
    ]);
    // and a short one hides what it cannot answer, keeping the shortest
    expect(
      availableWindows({ memory_retention_ms: 10 * 60_000, prometheus: false, max_window_ms: 10 * 60_000 }),
    ).toEqual(['5m']);
    expect(availableWindows({ memory_retention_ms: 60_000, prometheus: false, max_window_ms: 60_000 })).toEqual(['5m']);
    expect(availableWindows(undefined)).toEqual(['5m', '15m', '1h']);
  });

  it('keeps the URL’s window when it can be answered', () => {
    expect(pickWindow('24h', ['5m', '15m', '1h', '6h', '24h', '7d'])).toBe('24h');
    expect(pickWindow('24h', ['5m', '15m', '1h'])).toBe('15m');
    expect(pickWindow(null, ['5m', '15m', '1h'])).toBe('15m');
    expect(pickWindow('1h', ['5m'])).toBe('5m');
  });
});
