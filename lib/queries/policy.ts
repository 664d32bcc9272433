// Polling and retry policy for the browser, in one place.

/** The server polls NSQ every --poll-interval (2s by default); reading it faster shows nothing new. */
export const CLUSTER_REFETCH_MS = 2000;
/** Per-channel clients and a node's full stats come through a 1 s server cache. */
export const DETAIL_REFETCH_MS = 2000;
/** History moves by one point per poll; charts redraw at the same pace. */
export const HISTORY_REFETCH_MS = 2000;
/** Windows longer than this move by one point per minute or more (and may be Prometheus queries). */
export const LONG_WINDOW_MS = 3_600_000;
export const LONG_HISTORY_REFETCH_MS = 30_000;
/** Lookupd registrations change rarely, and each read asks every lookupd. */
export const INACTIVE_REFETCH_MS = 10_000;
/** When data is older than this many poll intervals, pages say it is stale. */
export const STALE_AFTER_POLLS = 3;

/** Retry only what may pass on a second try: network failures and 5xx, at most twice. */
export function shouldRetry(failures: number, error: unknown): boolean {
  const status = (error as { status?: number }).status;
  if (status !== undefined && status > 0 && status < 500) return false;
  return failures < 2;
}
