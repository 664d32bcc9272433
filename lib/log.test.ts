import { afterEach, describe, expect, it, vi } from 'vitest';
import { audit, getLogLevel, log, parseLogLevel, setLogLevel } from './log';

afterEach(() => {
  setLogLevel('info');
  vi.restoreAllMocks();
});

describe('log', () => {
  it('writes one JSON line per call at or above the level, on stderr', () => {
    const write = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    setLogLevel('warn');
    log('info', 'hidden');
    log('debug', 'hidden');
    log('warn', 'shown', { a: 1 });
    log('fatal', 'shown too');
    expect(write).toHaveBeenCalledTimes(2);
    const first = JSON.parse(String(write.mock.calls[0]?.[0]));
    expect(first).toMatchObject({ level: 'warn', msg: 'shown', a: 1 });
    expect(String(write.mock.calls[0]?.[0]).endsWith('\n')).toBe(true);
  });

  it("parses nsqadmin's level names, any case", () => {
    expect(parseLogLevel(' DEBUG\n')).toBe('debug');
    expect(parseLogLevel('fatal')).toBe('fatal');
    expect(parseLogLevel('warning')).toBeNull();
    expect(getLogLevel()).toBe('info');
  });

  it('writes audit records whatever the level', () => {
    const write = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    setLogLevel('fatal');
    audit({ action: 'pause_topic', topic: 't' });
    expect(write).toHaveBeenCalledTimes(1);
    expect(JSON.parse(String(write.mock.calls[0]?.[0]))).toMatchObject({
      level: 'audit',
      msg: 'audit',
      audit: { action: 'pause_topic', topic: 't' },
    });
  });
});
