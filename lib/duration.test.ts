import { describe, expect, it } from 'vitest';
import { formatDuration, parseDuration, parseWindow } from './duration';

describe('parseDuration', () => {
  it.each([
    ['2s', 2000],
    ['500ms', 500],
    ['1m30s', 90_000],
    ['1h', 3_600_000],
    ['1.5s', 1500],
    ['0', 0],
  ])('reads Go duration %s', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it.each(['', '2', 's', '2 s', '2sec', '-1s', '1d'])('rejects %j', (text) => {
    expect(parseDuration(text)).toBeNull();
  });
});

describe('formatDuration', () => {
  it('renders like Go', () => {
    expect(formatDuration(90_000)).toBe('1m30s');
    expect(formatDuration(3_600_000)).toBe('1h');
    expect(formatDuration(250)).toBe('250ms');
  });
});

describe('parseWindow', () => {
  it('reads Go durations and whole days', () => {
    expect(parseWindow('15m')).toBe(900_000);
    expect(parseWindow('24h')).toBe(86_400_000);
    expect(parseWindow('7d')).toBe(604_800_000);
    expect(parseWindow('1.5d')).toBeNull();
    expect(parseWindow('soon')).toBeNull();
  });
});
