import { describe, expect, it } from 'vitest';
import { parseSse } from './sse';

describe('reading the tail’s events', () => {
  it('returns whole events and keeps the start of the next one', () => {
    const { events, rest } = parseSse('event: ready\ndata: {"n":1}\n\n: keepalive\n\nevent: message\ndata: {"b');
    expect(events).toEqual([{ event: 'ready', data: { n: 1 } }]);
    expect(rest).toBe('event: message\ndata: {"b');
    expect(parseSse(`${rest}":"x\\ny"}\n\n`)).toEqual({
      events: [{ event: 'message', data: { b: 'x\ny' } }],
      rest: '',
    });
  });
});
