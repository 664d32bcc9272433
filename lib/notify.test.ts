import { describe, expect, it } from 'vitest';
import type { ActionResult } from './cluster/actions';
import { failureSummary, notificationPayload } from './notify';

const result = { action: 'pause_topic', topic: 'orders', outcomes: [] } as unknown as ActionResult;
const req = { remote: '127.0.0.1', userAgent: 'curl/8', url: 'http://127.0.0.1:4171/api/topics/orders' };

describe('notificationPayload', () => {
  it('sends a verified name as user and an unverified one as claimed_user, with the TCP peer', () => {
    const verified = notificationPayload(
      result,
      { name: 'alice', source: 'header', verified: true, admin: true },
      req,
      1_000_000,
    );
    expect(verified).toMatchObject({
      action: 'pause_topic',
      topic: 'orders',
      user: 'alice',
      remote_ip: '127.0.0.1',
      timestamp: 1000,
    });
    expect(verified).not.toHaveProperty('claimed_user');
    const claimed = notificationPayload(
      result,
      { name: 'mallory', source: 'header', verified: false, admin: false },
      req,
    );
    expect(claimed).toMatchObject({ claimed_user: 'mallory' });
    expect(claimed).not.toHaveProperty('user');
    expect(
      notificationPayload(result, { name: null, source: null, verified: false, admin: false }, req),
    ).not.toHaveProperty('claimed_user');
  });
});

describe('failureSummary', () => {
  it('gives the error code or class, never the message, which can repeat the URL', () => {
    const url = 'https://hooks.example/services/s3cr3t';
    expect(failureSummary(new TypeError(`fetch failed ${url}`, { cause: { code: 'ECONNREFUSED' } }))).toBe(
      'ECONNREFUSED',
    );
    expect(failureSummary(Object.assign(new Error(`bad ${url}`), { code: 'ERR_INVALID_URL' }))).toBe('ERR_INVALID_URL');
    expect(failureSummary(new DOMException(`timed out ${url}`, 'TimeoutError'))).toBe('TimeoutError');
    expect(failureSummary('nope')).toBe('unknown error');
  });
});
