// Polling and retry policy for the browser, in one place.

/** The server polls NSQ every --poll-interval (2s by default); reading it faster shows nothing new. */
export const CLUSTER_REFETCH_MS = 2000;
/** Per-channel clients and a node's full stats are read from nsqd on request, through a 1 s server cache. */
export const DETAIL_REFETCH_MS = 2000;
/** History moves by one point per poll; charts redraw at the same pace. */
export const HISTORY_REFETCH_MS = 2000;
/** Windows longer than this move by one point per minute or more (and may be Prometheus queries). */
export const LONG_WINDOW_MS = 3_600_000;
export const LONG_HISTORY_REFETCH_MS = 30_000;
/** Lookupd registrations change rarely, and each read asks every lookupd. */
export const INACTIVE_REFETCH_MS = 10_000;
/**
 * How long an answer counts as fresh. A page hydrated from the answers the server rendered it with,
 * or opened again soon after, does not fetch them again on mount; refetchInterval keeps it live.
 */
export const FRESH_MS = 2000;
/** When data is older than this many poll intervals, pages say it is stale. */
export const STALE_AFTER_POLLS = 3;

/** Margin after the server's next poll is expected, for it to land before the refetch. */
export const NEXT_POLL_MARGIN_MS = 250;
/** When the server says a poll is due or under way, ask again this soon (the poll may have run long). */
const MIN_REFETCH_MS = 400;
const MAX_REFETCH_MS = 60_000;

interface QueryTiming {
  state: { data?: unknown; dataUpdatedAt: number; errorUpdatedAt: number };
}

/**
 * When to refetch an answer built from the server's snapshot: just after the server's next poll is
 * expected to land, which the answer says (next_poll_ms). On a clock of the page's own, the page's
 * refetch and the server's poll drift against each other, and a change in nsqd could wait a poll plus
 * a whole refetch interval to show. Without that field, or after a failed fetch, CLUSTER_REFETCH_MS.
 */
export function untilNextPoll(query: QueryTiming, now = Date.now()): number {
  const next = (query.state.data as { next_poll_ms?: unknown } | undefined)?.next_poll_ms;
  if (typeof next !== 'number' || query.state.errorUpdatedAt > query.state.dataUpdatedAt) return CLUSTER_REFETCH_MS;
  const remaining = next - (now - query.state.dataUpdatedAt) + NEXT_POLL_MARGIN_MS;
  return Math.min(Math.max(remaining, MIN_REFETCH_MS), MAX_REFETCH_MS);
}

/** Retry only what may pass on a second try: network failures and 5xx, at most twice. */
export function shouldRetry(failures: number, error: unknown): boolean {
  const status = (error as { status?: number }).status;
  if (status !== undefined && status > 0 && status < 500) return false;
  return failures < 2;
}
