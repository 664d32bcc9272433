// The chart windows and which of them the server can answer: short ones from its in-memory history,
// long ones only when it has Prometheus behind it (GET /api/cluster's history_sources).
import { type ChartWindow, DEFAULT_WINDOW, WINDOW_MS, WINDOWS } from '@/lib/chart-windows';
import type { HistorySources } from '@/lib/cluster/types';

/**
 * The windows to offer: those the server can answer. Before the server has said (or from an older
 * server), the three in-memory windows nsq-console always offered.
 */
export function availableWindows(sources: HistorySources | undefined): ChartWindow[] {
  if (!sources) return ['5m', '15m', '1h'];
  const max = Math.max(sources.memory_retention_ms, sources.prometheus ? sources.max_window_ms : 0);
  const fits = WINDOWS.filter((w) => WINDOW_MS[w] <= max);
  // the shortest stays, even under a shorter retention: the server answers with what it has
  return fits.length > 0 ? fits : ['5m'];
}

/** The window in the URL when the server can answer it, else the default (or the longest it can). */
export function pickWindow(fromUrl: string | null, available: readonly ChartWindow[]): ChartWindow {
  if (available.includes(fromUrl as ChartWindow)) return fromUrl as ChartWindow;
  return available.includes(DEFAULT_WINDOW) ? DEFAULT_WINDOW : (available[available.length - 1] ?? DEFAULT_WINDOW);
}
