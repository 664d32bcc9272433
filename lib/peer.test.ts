import { afterEach, describe, expect, it } from 'vitest';
import { markPeerHeaderInstalled, PEER_HEADER, peerAddress } from './peer';

const MARK = Symbol.for('nsq-console.peer-header');
afterEach(() => {
  delete (globalThis as Record<symbol, unknown>)[MARK];
});

describe('peerAddress', () => {
  const headers = new Headers({ [PEER_HEADER]: '10.0.0.9', 'x-forwarded-for': '127.0.0.1' });

  it("trusts the launcher's header once the launcher installed it, and never X-Forwarded-For then", () => {
    markPeerHeaderInstalled();
    expect(peerAddress(headers, { NODE_ENV: 'production' })).toBe('10.0.0.9');
    expect(peerAddress(new Headers({ 'x-forwarded-for': '127.0.0.1' }), { NODE_ENV: 'production' })).toBeNull();
  });

  it('without the launcher: unknown in production (fail closed), X-Forwarded-For under next dev', () => {
    expect(peerAddress(headers, { NODE_ENV: 'production' })).toBeNull();
    expect(peerAddress(headers, { NODE_ENV: 'development' })).toBe('127.0.0.1');
  });
});
