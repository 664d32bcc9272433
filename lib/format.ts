// Number and time formatting shared by the pages.
const integer = new Intl.NumberFormat('en-US');

/** Thousands separators, like nsqadmin's commafy. */
export function formatCount(n: number): string {
  return integer.format(n);
}

/** Messages per second; an em dash while the rate is not known yet. */
export function formatRate(r: number | null): string {
  if (r === null) return '—';
  if (r >= 1_000_000) return `${(r / 1_000_000).toFixed(1)}M/s`;
  if (r >= 10_000) return `${(r / 1000).toFixed(1)}k/s`;
  return `${r >= 100 ? r.toFixed(0) : r.toFixed(1)}/s`;
}

/** "updated 3 s ago" style ages. */
export function formatAge(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min`;
  return `${Math.floor(s / 3600)} h`;
}
