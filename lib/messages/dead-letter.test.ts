import { describe, expect, it } from 'vitest';
import { deadLetter, originalBody } from './dead-letter';

const enc = (v: unknown) => Buffer.from(typeof v === 'string' ? v : JSON.stringify(v));

describe('the dead-letter envelope', () => {
  const letter = {
    original_topic: 'orders',
    original_channel: 'billing',
    message_id: '0a1b2c3d4e5f6a7b',
    body: 'order 17',
    attempts: 5,
    error: 'timeout',
    timestamp: 1765000000,
  };

  it('is read from its JSON and gives back the original body as it was', () => {
    const d = deadLetter(enc(letter));
    expect(d?.original_topic).toBe('orders');
    expect(originalBody(d as NonNullable<typeof d>).toString()).toBe('order 17');
  });

  it('gives an object body back as the JSON it was', () => {
    const d = deadLetter(enc({ ...letter, body: { id: 17, total: 9.5 } }));
    expect(originalBody(d as NonNullable<typeof d>).toString()).toBe('{"id":17,"total":9.5}');
  });

  it('is not seen in other bodies', () => {
    expect(deadLetter(enc('order 17'))).toBeNull();
    expect(deadLetter(enc({ original_topic: 'orders' }))).toBeNull();
    expect(deadLetter(enc({ ...letter, original_topic: 7 }))).toBeNull();
    expect(deadLetter(enc('{"original_topic": '))).toBeNull();
  });
});
