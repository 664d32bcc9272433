// Polling and retry policy for the browser, in one place.

/** The server polls NSQ every --poll-interval (2s by default); reading it faster shows nothing new. */
export const CLUSTER_REFETCH_MS = 2000;

/** Retry only what may pass on a second try: network failures and 5xx, at most twice. */
export function shouldRetry(failures: number, error: unknown): boolean {
  const status = (error as { status?: number }).status;
  if (status !== undefined && status < 500) return false;
  return failures < 2;
}
