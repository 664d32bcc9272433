// Back-off after wrong passwords, per TCP peer: a few mistakes are free, then each further failure
// doubles the wait before the next try is even checked (429 with Retry-After), up to a ceiling. A
// right password clears the peer's record. Behind one proxy every user shares the proxy's address,
// so the ceiling is short: a guesser slows everyone there down, but shuts nobody out for long.
// Checks also run one at a time: scrypt is meant to be costly, and concurrent guesses would otherwise
// take every core from the requests being answered; a guess that waited for its turn is judged
// against the back-off as it stands then, so a burst costs FREE_FAILURES checks, not one per guess.
import { LRUCache } from 'lru-cache';
import pLimit, { type LimitFunction } from 'p-limit';
import { parseIp } from '../cidr';

export const FREE_FAILURES = 5;
const FIRST_WAIT_MS = 1_000;
export const MAX_WAIT_MS = 60_000;
/** A peer's failures are forgotten after this long without another. */
const FORGET_AFTER_MS = 15 * 60_000;
/** Peers remembered at once; the least recently failing are dropped first. */
const MAX_PEERS = 10_000;
/** Checks that may wait for their turn; more are answered 429 at once rather than queued. */
export const MAX_WAITING_CHECKS = 16;
/** The Retry-After of a check refused because too many wait. */
export const BUSY_RETRY_SECONDS = 1;

/**
 * Whose failures a peer's count with: an IPv6 peer's /64, since one holder has all 2^64 of its
 * addresses and would otherwise get FREE_FAILURES checks from each; an IPv4 address (mapped ones
 * included) as it is.
 */
export function backoffKey(peer: string | null): string {
  const ip = peer === null ? null : parseIp(peer);
  if (ip === null) return peer ?? '';
  if (ip.family === 4) return ip.bytes.join('.');
  return `${Buffer.from(ip.bytes.subarray(0, 8)).toString('hex')}::/64`;
}

interface Record {
  failures: number;
  /** no attempt is checked before this time (ms since the epoch) */
  until: number;
}

export class FailureBackoff {
  private readonly peers = new LRUCache<string, Record>({ max: MAX_PEERS, ttl: FORGET_AFTER_MS, ttlAutopurge: false });

  /** Seconds this peer must wait before its next attempt is checked, or 0 when it may try now. */
  waitSeconds(peer: string, now = Date.now()): number {
    const r = this.peers.get(peer, { updateAgeOnGet: false });
    return r && r.until > now ? Math.ceil((r.until - now) / 1000) : 0;
  }

  failed(peer: string, now = Date.now()): void {
    const failures = (this.peers.get(peer)?.failures ?? 0) + 1;
    const over = failures - FREE_FAILURES;
    const wait = over <= 0 ? 0 : Math.min(FIRST_WAIT_MS * 2 ** (over - 1), MAX_WAIT_MS);
    this.peers.set(peer, { failures, until: now + wait });
  }

  succeeded(peer: string): void {
    this.peers.delete(peer);
  }
}

// On globalThis: each Next.js route bundle has its own copy of this module, and a guesser must not
// get a fresh allowance by switching from /api/login to /api/access.
const KEY = Symbol.for('nsq-console.password-backoff');
type WithBackoff = typeof globalThis & { [KEY]?: { backoff: FailureBackoff; turn: LimitFunction } };

function shared() {
  const g = globalThis as WithBackoff;
  g[KEY] ??= { backoff: new FailureBackoff(), turn: pLimit(1) };
  return g[KEY];
}

export function passwordBackoff(): FailureBackoff {
  return shared().backoff;
}

/**
 * Runs one password check when the previous ones are done; null at once, without checking, when
 * MAX_WAITING_CHECKS already wait: a flood of guesses must not queue a real admin behind it for long.
 */
export function inPasswordTurn<T>(check: () => Promise<T>): Promise<T> | null {
  const { turn } = shared();
  return turn.pendingCount >= MAX_WAITING_CHECKS ? null : turn(check);
}
