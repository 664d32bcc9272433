// The TCP peer of a request, for --allow-config-from-cidr. A route handler cannot see the socket, and
// the X-Forwarded-For that Next.js fills from it is only filled when the client sent none (`??=` in
// next/dist/server/base-server.js), so any client could claim 127.0.0.1 through it. The launcher
// (scripts/start.ts) therefore overwrites PEER_HEADER on every request with the socket's address
// before Next.js sees it, and marks the process so that the header is trusted only then.
export const PEER_HEADER = 'x-nsq-console-peer';

const MARK = Symbol.for('nsq-console.peer-header');
type Marked = typeof globalThis & { [MARK]?: boolean };

/** Called by the launcher once it has installed the header on its server. */
export function markPeerHeaderInstalled(): void {
  (globalThis as Marked)[MARK] = true;
}

/**
 * The peer's IP address; null when it cannot be known. Under `next dev` (no launcher) the
 * X-Forwarded-For Next.js sets is used, which a client can forge: development only.
 */
export function peerAddress(
  headers: Headers,
  env: Readonly<Record<string, string | undefined>> = process.env,
): string | null {
  if ((globalThis as Marked)[MARK]) return headers.get(PEER_HEADER) || null;
  if (env.NODE_ENV === 'production') return null;
  return headers.get('x-forwarded-for')?.split(',')[0]?.trim() || null;
}
