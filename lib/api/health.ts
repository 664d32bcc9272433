// Readiness (GET /ready): whether this console can show the cluster now. /ping, the liveness check,
// only says the process answers; /ready says the last poll reached NSQ and is recent.
import type { ClusterSnapshot } from '../cluster/types';
import type { Config } from '../config';

export interface Readiness {
  ready: boolean;
  /** why not, in words; null when ready */
  reason: string | null;
  mode: Config['mode'];
  /** ms since the last poll finished; null before the first */
  age_ms: number | null;
  max_age_ms: number;
  lookupds_up: number;
  lookupds: number;
  nodes_up: number;
  nodes: number;
}

/**
 * How old the last poll may be: three intervals, plus what one poll may take (discovery and then
 * /stats, each bounded by the request timeout), so that one slow node does not flap readiness.
 */
/** `intervalMs`: the interval in use, which is longer than --poll-interval while polls are costly. */
export function maxSnapshotAgeMs(
  config: Pick<Config, 'pollIntervalMs' | 'httpClientRequestTimeoutMs'>,
  intervalMs = config.pollIntervalMs,
): number {
  return 3 * Math.max(intervalMs, config.pollIntervalMs) + 2 * config.httpClientRequestTimeoutMs;
}

const errorsOf = (items: { address?: string; node?: string; error: { message: string } | null }[]) =>
  items
    .filter((i) => i.error)
    .slice(0, 5)
    .map((i) => `${i.address ?? i.node}: ${i.error?.message}`)
    .join('; ');

export function readiness(
  config: Pick<Config, 'mode' | 'pollIntervalMs' | 'httpClientRequestTimeoutMs'>,
  snap: ClusterSnapshot | null,
  now: number,
): Readiness {
  const max_age_ms = maxSnapshotAgeMs(config, snap?.poll_interval_ms);
  const base = { mode: config.mode, max_age_ms };
  if (!snap) {
    return {
      ...base,
      ready: false,
      reason: 'no poll has completed yet',
      age_ms: null,
      lookupds_up: 0,
      lookupds: 0,
      nodes_up: 0,
      nodes: 0,
    };
  }
  const age_ms = Math.max(0, now - (snap.taken_at + snap.poll_duration_ms));
  const counts = {
    lookupds_up: snap.lookupds.filter((l) => l.status === 'up').length,
    lookupds: snap.lookupds.length,
    nodes_up: snap.nodes.filter((n) => n.status === 'up').length,
    nodes: snap.nodes.length,
  };
  let reason: string | null = null;
  if (age_ms > max_age_ms) {
    reason = `the last poll finished ${age_ms} ms ago, more than ${max_age_ms} ms`;
  } else if (config.mode === 'lookupd' && counts.lookupds_up === 0) {
    reason = `no nsqlookupd answered the last poll (${errorsOf(snap.lookupds) || 'none configured'})`;
  } else if (config.mode === 'nsqd' && counts.nodes_up === 0) {
    reason = `no nsqd answered the last poll (${errorsOf(snap.nodes) || 'none configured'})`;
  }
  return { ...base, ready: reason === null, reason, age_ms, ...counts };
}

export function readinessResponse(r: Readiness): Response {
  return new Response(JSON.stringify({ status: r.ready ? 'ready' : 'not ready', ...r }), {
    status: r.ready ? 200 : 503,
    headers: { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' },
  });
}
