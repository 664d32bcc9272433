// The chart windows the pages offer, and the one place a window asked of Prometheus is rounded to
// them: each distinct window costs a set of range queries and a cache entry, so the server answers
// only these few (client-safe: the window selector reads the same list).
export const WINDOWS = ['5m', '15m', '1h', '6h', '24h', '7d'] as const;
export type ChartWindow = (typeof WINDOWS)[number];
export const WINDOW_MS: Record<ChartWindow, number> = {
  '5m': 300_000,
  '15m': 900_000,
  '1h': 3_600_000,
  '6h': 21_600_000,
  '24h': 86_400_000,
  '7d': 604_800_000,
};
export const DEFAULT_WINDOW: ChartWindow = '15m';
export const LONGEST_WINDOW: ChartWindow = '7d';

/** The shortest offered window at least this long (2h → 6h), or null beyond the longest. */
export function windowAtLeast(ms: number): ChartWindow | null {
  return WINDOWS.find((w) => WINDOW_MS[w] >= ms) ?? null;
}
