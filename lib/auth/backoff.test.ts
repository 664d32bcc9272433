import { describe, expect, it } from 'vitest';
import { FailureBackoff, FREE_FAILURES, MAX_WAIT_MS } from './backoff';

describe('FailureBackoff', () => {
  it('lets a few mistakes pass, then doubles the wait with each failure, up to the ceiling', () => {
    const b = new FailureBackoff();
    const t = 1_000_000;
    for (let i = 0; i < FREE_FAILURES; i++) b.failed('10.0.0.1', t);
    expect(b.waitSeconds('10.0.0.1', t)).toBe(0);
    b.failed('10.0.0.1', t);
    expect(b.waitSeconds('10.0.0.1', t)).toBe(1);
    b.failed('10.0.0.1', t);
    expect(b.waitSeconds('10.0.0.1', t)).toBe(2);
    b.failed('10.0.0.1', t);
    expect(b.waitSeconds('10.0.0.1', t + 1_500)).toBe(3);
    for (let i = 0; i < 20; i++) b.failed('10.0.0.1', t);
    expect(b.waitSeconds('10.0.0.1', t)).toBe(MAX_WAIT_MS / 1000);
    expect(b.waitSeconds('10.0.0.1', t + MAX_WAIT_MS)).toBe(0);
  });

  it('keeps peers apart, and a right password clears the record', () => {
    const b = new FailureBackoff();
    for (let i = 0; i <= FREE_FAILURES; i++) b.failed('10.0.0.1', 0);
    expect(b.waitSeconds('10.0.0.1', 0)).toBe(1);
    expect(b.waitSeconds('10.0.0.2', 0)).toBe(0);
    b.succeeded('10.0.0.1');
    expect(b.waitSeconds('10.0.0.1', 0)).toBe(0);
    b.failed('10.0.0.1', 0);
    expect(b.waitSeconds('10.0.0.1', 0)).toBe(0);
  });
});
