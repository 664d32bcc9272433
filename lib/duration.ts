// Go-style durations ("2s", "500ms", "1m30s", "1h"), because nsqadmin's flags and config files use
// them and operators copy those values over unchanged.
const UNIT_MS: Record<string, number> = {
  ns: 1e-6,
  us: 1e-3,
  µs: 1e-3,
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
};

const PART = /(\d+(?:\.\d+)?|\.\d+)(ns|us|µs|ms|s|m|h)/y;

/** Milliseconds for a Go duration string, or null when it is not one. "0" alone is allowed, as in Go. */
export function parseDuration(text: string): number | null {
  const s = text.trim();
  if (s === '0') return 0;
  if (s === '') return null;
  let total = 0;
  PART.lastIndex = 0;
  while (PART.lastIndex < s.length) {
    const at = PART.lastIndex;
    const m = PART.exec(s);
    if (!m || m.index !== at) return null;
    total += Number(m[1]) * (UNIT_MS[m[2] ?? ''] ?? Number.NaN);
  }
  return Number.isFinite(total) ? total : null;
}

/** A compact Go-style rendering, for messages and /api/cluster. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${ms}ms`;
  const h = Math.floor(ms / 3_600_000);
  const m = Math.floor((ms % 3_600_000) / 60_000);
  const s = (ms % 60_000) / 1000;
  return `${h ? `${h}h` : ''}${m ? `${m}m` : ''}${s ? `${s}s` : ''}` || '0s';
}

const DAY_MS = 86_400_000;

/**
 * A chart window: a Go duration, or whole days ("7d"), which Go durations lack but long windows
 * read better with. Null when it is neither.
 */
export function parseWindow(text: string): number | null {
  const days = /^(\d+)d$/.exec(text.trim());
  return days ? Number(days[1]) * DAY_MS : parseDuration(text);
}
