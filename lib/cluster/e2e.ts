// End-to-end processing latency: one nsqd's percentiles in the form the API states them, and the
// merge of several nodes' into one (nsqadmin's method, without its min bug).
import type { E2eLatencyInput } from '../nsq/schemas';
import type { E2eAggregate, E2ePercentile } from './types';

/** What a topic or channel shows when no node tracks its latency. */
export const NO_E2E: E2eAggregate = Object.freeze({ count: 0, percentiles: null });

/** Whether a node tracks latency here at all: NO_E2E, or a copy of it made in another thread, does not. */
export const tracksE2e = (e: E2eAggregate) => e.count !== 0 || e.percentiles !== null;

/** Whether two aggregates state the same numbers (the same object, or a copy of it). */
export function sameE2e(a: E2eAggregate, b: E2eAggregate): boolean {
  if (a === b) return true;
  const p = a.percentiles;
  const q = b.percentiles;
  if (a.count !== b.count || p === null || q === null) return a.count === b.count && p === q;
  return (
    p.length === q.length &&
    p.every((x, i) => {
      const y = q[i]!;
      return (
        x.quantile === y.quantile &&
        x.value === y.value &&
        x.count === y.count &&
        x.min === y.min &&
        x.max === y.max &&
        x.average === y.average
      );
    })
  );
}

/** One node's percentiles, ordered by quantile, each its own min, max and average. */
export function nodeE2e(e: E2eLatencyInput | undefined): E2eAggregate {
  if (!e) return NO_E2E;
  if (!e.percentiles) return e.count === 0 ? NO_E2E : { count: e.count, percentiles: null };
  return {
    count: e.count,
    percentiles: e.percentiles
      .map((p) => ({
        quantile: p.quantile,
        value: p.value,
        count: e.count,
        min: p.value,
        max: p.value,
        average: p.value,
      }))
      .sort((a, b) => a.quantile - b.quantile),
  };
}

/**
 * nodeE2e of `e`, or `old` (the previous poll's) when nsqd sent the same numbers: what is the same
 * as the previous poll's stays one object.
 */
export function nodeE2eOr(e: E2eLatencyInput | undefined, old: E2eAggregate | undefined): E2eAggregate {
  if (old && e && old.count === e.count) {
    const a = old.percentiles;
    const b = e.percentiles;
    if (a === null && (b === null || b === undefined)) return old;
    if (
      a &&
      b &&
      a.length === b.length &&
      b.every((p) => a.some((q) => q.quantile === p.quantile && q.value === p.value))
    )
      return old;
  }
  return nodeE2e(e);
}

/**
 * Merges per-node percentiles: min and max of the node values, and the sample-count-weighted mean
 * as the shown value (nsqadmin's method, without its min bug), ordered by quantile.
 */
export function mergeE2e(parts: readonly E2eAggregate[]): E2eAggregate {
  if (parts.length === 0) return NO_E2E;
  // one node's percentiles are already in the merged form (nodeE2e)
  if (parts.length === 1) return parts[0]!;
  let count = 0;
  // per quantile, in the order first seen (every nsqd of a cluster nearly always lists the same ones)
  const merged: E2ePercentile[] = [];
  for (const part of parts) {
    count += part.count;
    const list = part.percentiles;
    if (!list) continue;
    for (let i = 0; i < list.length; i++) {
      const p = list[i]!;
      let m = merged[i];
      if (m?.quantile !== p.quantile) m = merged.find((x) => x.quantile === p.quantile);
      if (!m) {
        m = { quantile: p.quantile, value: 0, count: 0, min: p.min, max: p.max, average: 0 };
        merged.push(m);
      }
      m.count += p.count;
      // the sample-weighted sum for now, divided below
      m.average += p.average * p.count;
      if (p.min < m.min) m.min = p.min;
      if (p.max > m.max) m.max = p.max;
    }
  }
  if (merged.length === 0) return count === 0 ? NO_E2E : { count, percentiles: null };
  for (const m of merged) {
    m.average = m.count > 0 ? m.average / m.count : 0;
    m.value = m.average;
  }
  return { count, percentiles: merged.sort((a, b) => a.quantile - b.quantile) };
}
