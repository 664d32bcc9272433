// Number and time formatting shared by every page: one place, so the same number reads the same way.
import type { UpstreamErrorInfo } from './cluster/types';

const integer = new Intl.NumberFormat('en-US');

/** Thousands separators, like nsqadmin's commafy. */
export function formatCount(n: number): string {
  return integer.format(n);
}

/** A count with its noun: "1 message", "1,200 messages". */
export function formatCountOf(n: number, one: string, many = `${one}s`): string {
  return `${formatCount(n)} ${n === 1 ? one : many}`;
}

const compact = new Intl.NumberFormat('en-US', { notation: 'compact', maximumFractionDigits: 1 });

/** Short form for axes and tight cells: 950, 12.3K, 4.5M, 1.2B. */
export function formatCompact(n: number): string {
  return compact.format(n);
}

/** Messages per second; an em dash while the rate is not known yet. */
export function formatRate(r: number | null): string {
  if (r === null) return '—';
  return `${formatCompact(r)}/s`;
}

/** nsqadmin's nanotohuman: 1h2m3.5s, 12.34ms, 5.1us, 900ns. */
export function formatNanos(ns: number): string {
  if (ns < 1_000) return `${Math.round(ns)}ns`;
  if (ns < 1_000_000) return `${+(ns / 1_000).toFixed(2)}us`;
  if (ns < 1_000_000_000) return `${+(ns / 1_000_000).toFixed(2)}ms`;
  return formatSeconds(ns / 1e9);
}

/** Durations for people: 45s, 12m 5s, 3h 20m, 2d 4h. */
export function formatSeconds(seconds: number): string {
  const s = Math.max(0, seconds);
  if (s < 60) return `${+s.toFixed(s < 10 ? 1 : 0)}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m ${Math.floor(s % 60)}s`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h}h ${m % 60}m`;
  return `${Math.floor(h / 24)}d ${h % 24}h`;
}

/** "updated 3 s ago" style ages. */
export function formatAge(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min`;
  return `${Math.floor(s / 3600)} h`;
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let v = bytes / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v >= 100 ? v.toFixed(0) : v.toFixed(1)} ${units[i]}`;
}

/** A quantile as a column header: 0.99 → p99, 0.999 → p99.9 (nsqadmin's "99th" hides the .9). */
export function formatQuantile(q: number): string {
  return `p${+(q * 100).toFixed(2)}`;
}

/** An upstream error's message, followed by what the upstream answered when the caller was shown it. */
export function messageWithText(e: UpstreamErrorInfo): string {
  return e.upstream_body ? `${e.message}: ${e.upstream_body}` : e.message;
}
