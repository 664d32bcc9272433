// Summaries for the browser benchmarks (bench/browser.ts, bench/freshness.ts).

export const r1 = (n: number) => Math.round(n * 10) / 10;

/** Nearest-rank quantile of an ascending array. */
export const quantile = (sorted: readonly number[], q: number) =>
  sorted.length === 0
    ? NaN
    : (sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] as number);

export function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  return s.length % 2
    ? (s[(s.length - 1) / 2] as number)
    : ((s[s.length / 2 - 1] as number) + (s[s.length / 2] as number)) / 2;
}

export interface MedianSummary {
  median: number;
  min: number;
  max: number;
  samples: number[];
}

export const medianSummary = (v: readonly number[]): MedianSummary => ({
  median: r1(median(v)),
  min: r1(Math.min(...v)),
  max: r1(Math.max(...v)),
  samples: v.map(r1),
});

export interface PercentileSummary {
  n: number;
  p50: number;
  p95: number;
  max: number;
  samples: number[];
}

export function percentileSummary(v: readonly number[]): PercentileSummary {
  const s = [...v].sort((a, b) => a - b);
  return {
    n: s.length,
    p50: r1(quantile(s, 0.5)),
    p95: r1(quantile(s, 0.95)),
    max: r1(s.at(-1) ?? NaN),
    samples: v.map(r1),
  };
}
