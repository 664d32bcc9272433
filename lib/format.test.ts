import { describe, expect, it } from 'vitest';
import {
  formatBytes,
  formatCompact,
  formatCount,
  formatCountOf,
  formatNanos,
  formatQuantile,
  formatRate,
  formatSeconds,
} from './format';

describe('format', () => {
  it('groups thousands', () => {
    expect(formatCount(1234567)).toBe('1,234,567');
  });

  it('shortens large numbers for axes and cells', () => {
    expect(formatCompact(950)).toBe('950');
    expect(formatCompact(12_345)).toBe('12.3K');
    expect(formatCompact(4_500_000)).toBe('4.5M');
    expect(formatCompact(2_000)).toBe('2K');
    expect(formatCompact(1.25)).toBe('1.3');
  });

  it('shows an unknown rate as a dash, not 0', () => {
    expect(formatRate(null)).toBe('—');
    expect(formatRate(0)).toBe('0/s');
    expect(formatRate(18.8)).toBe('18.8/s');
  });

  it('renders nanoseconds like nsqadmin', () => {
    expect(formatNanos(900)).toBe('900ns');
    expect(formatNanos(5_100)).toBe('5.1us');
    expect(formatNanos(12_340_000)).toBe('12.34ms');
    expect(formatNanos(208_882_063)).toBe('208.88ms');
    expect(formatNanos(3_723.5e9)).toBe('1h 2m');
  });

  it('renders durations, bytes and quantiles for people', () => {
    expect(formatSeconds(42)).toBe('42s');
    expect(formatSeconds(725)).toBe('12m 5s');
    expect(formatSeconds(3 * 86400 + 5 * 3600)).toBe('3d 5h');
    expect(formatBytes(1536)).toBe('1.5 KiB');
    expect(formatQuantile(0.99)).toBe('p99');
    expect(formatQuantile(0.999)).toBe('p99.9');
  });
});

describe('a count with its noun', () => {
  it('is singular for one only, with thousands separators', () => {
    expect(formatCountOf(1, 'message')).toBe('1 message');
    expect(formatCountOf(0, 'message')).toBe('0 messages');
    expect(formatCountOf(1200, 'consumer is', 'consumers are')).toBe('1,200 consumers are');
  });
});
