import { describe, expect, it } from 'vitest';
import { backoffKey, FailureBackoff, FREE_FAILURES, inPasswordTurn, MAX_WAIT_MS, MAX_WAITING_CHECKS } from './backoff';

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

describe('backoffKey', () => {
  it('counts an IPv6 peer with its whole /64, and a mapped IPv4 peer as IPv4', () => {
    expect(backoffKey('2001:db8:1:2::1')).toBe(backoffKey('2001:db8:1:2:ffff:ffff:ffff:ffff'));
    expect(backoffKey('2001:db8:1:2::1')).not.toBe(backoffKey('2001:db8:1:3::1'));
    expect(backoffKey('::ffff:10.0.0.1')).toBe('10.0.0.1');
    expect(backoffKey('10.0.0.1')).not.toBe(backoffKey('10.0.0.2'));
    expect(backoffKey(null)).toBe('');
  });
});

describe('inPasswordTurn', () => {
  it('runs checks one at a time and refuses at once when too many wait', async () => {
    // p-limit starts a check on a later tick: wait until the first one runs, then hold it there
    let release = () => {};
    let started = () => {};
    const running = new Promise<void>((r) => {
      started = r;
    });
    const first = inPasswordTurn(
      () =>
        new Promise<string>((r) => {
          release = () => r('first');
          started();
        }),
    );
    await running;
    const waiting = Array.from({ length: MAX_WAITING_CHECKS }, (_, i) => inPasswordTurn(async () => i));
    expect(waiting.every((w) => w !== null)).toBe(true);
    expect(inPasswordTurn(async () => 'one too many')).toBeNull();
    release();
    expect(await first).toBe('first');
    expect(await Promise.all(waiting)).toEqual(Array.from({ length: MAX_WAITING_CHECKS }, (_, i) => i));
    expect(await inPasswordTurn(async () => 'after')).toBe('after');
  });
});
