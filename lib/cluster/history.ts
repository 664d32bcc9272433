// Bounded in-memory history per topic, channel, node and the whole cluster. Every series is sampled
// at the same poll times, so the timestamps live once per tier and each series holds only its values:
// a fine tier at the poll interval for recent minutes, and a coarse tier of bucket means over the
// whole retention. Memory per series is fixed at creation: (fine + coarse slots) × metrics × 4 bytes.
// When the poller spaces polls out (large clusters), the fine tier is resized to the interval in use,
// so it still spans its window rather than holding slots no query reads, and the coarse tier's
// buckets widen to that interval, since narrower ones would hold no more than one poll each.
import type { ClusterSnapshot } from './types';

export const SERIES_METRICS = {
  cluster: ['depth', 'in_flight_count', 'deferred_count', 'message_rate', 'deliver_rate', 'consume_rate', 'requeue_rate', 'timeout_rate'],
  node: ['depth', 'message_rate', 'deliver_rate', 'consume_rate', 'requeue_rate', 'timeout_rate'],
  topic: ['depth', 'channel_depth', 'in_flight_count', 'deferred_count', 'message_rate'],
  channel: ['depth', 'in_flight_count', 'deferred_count', 'message_rate', 'consume_rate', 'requeue_rate', 'timeout_rate'],
} as const;

export type SeriesKind = keyof typeof SERIES_METRICS;

export interface SeriesKey {
  kind: SeriesKind;
  topic?: string;
  channel?: string;
  node?: string;
}

export interface HistoryPoint {
  /** ms since epoch */
  t: number;
  /** metric → value; null where the entity was absent or its rate unknown */
  [metric: string]: number | null;
}

export interface HistorySeries {
  key: SeriesKey;
  metrics: readonly string[];
  step_ms: number;
  points: HistoryPoint[];
}

/** The fine tier covers this much (or the whole retention, if shorter). */
export const FINE_WINDOW_MS = 15 * 60_000;
/** The coarse tier has at most this many buckets over the retention. */
export const COARSE_SLOTS = 360;

class Ring {
  readonly times: Float64Array;
  /** how many slots were ever written; the newest is at (written - 1) % size */
  written = 0;
  constructor(readonly size: number) {
    this.times = new Float64Array(size).fill(Number.NaN);
  }
  /** slot indexes from oldest to newest */
  *slots(): Generator<number> {
    const n = Math.min(this.written, this.size);
    for (let i = this.written - n; i < this.written; i++) yield i % this.size;
  }
}

interface Series {
  key: SeriesKey;
  metrics: readonly string[];
  fine: Float32Array;
  coarse: Float32Array;
  /** the open coarse bucket: per metric sum and count of known samples */
  bucketSum: Float64Array;
  bucketCount: Uint32Array;
  /** the fine-tier write count when this series was last given a value, to drop series long gone */
  lastSeen: number;
}

export function seriesId(k: SeriesKey): string {
  return [k.kind, k.node ?? '', k.topic ?? '', k.channel ?? ''].join('\u0000');
}

export interface HistoryOptions {
  pollIntervalMs: number;
  retentionMs: number;
}

export class History {
  fine: Ring;
  coarse: Ring;
  coarseStepMs: number;
  private readonly series = new Map<string, Series>();
  private bucketStart = Number.NaN;
  private intervalMs: number;

  constructor(readonly opts: HistoryOptions) {
    this.intervalMs = opts.pollIntervalMs;
    this.fine = new Ring(this.fineSlots(opts.pollIntervalMs));
    this.coarseStepMs = Math.max(opts.pollIntervalMs, Math.ceil(opts.retentionMs / COARSE_SLOTS / 1000) * 1000);
    this.coarse = new Ring(Math.ceil(opts.retentionMs / this.coarseStepMs));
  }

  get size(): number {
    return this.series.size;
  }

  private fineSlots(intervalMs: number): number {
    return Math.max(2, Math.ceil(Math.min(FINE_WINDOW_MS, this.opts.retentionMs) / intervalMs));
  }

  /**
   * Follows the interval polls actually run at: the fine tier gets as many slots as its window holds
   * at that interval, keeping the newest samples, and the coarse buckets widen to an interval longer
   * than they are. Called by the poller when its interval changes.
   */
  setPollInterval(intervalMs: number): void {
    if (intervalMs === this.intervalMs) return;
    this.intervalMs = intervalMs;
    if (intervalMs > this.coarseStepMs) this.widenCoarse(intervalMs);
    const size = this.fineSlots(intervalMs);
    if (size === this.fine.size) return;
    const old = this.fine;
    const kept = [...old.slots()].slice(-size);
    const fine = new Ring(size);
    kept.forEach((from, to) => {
      fine.times[to] = old.times[from] as number;
    });
    fine.written = kept.length;
    for (const s of this.series.values()) {
      const m = s.metrics.length;
      const values = new Float32Array(size * m).fill(Number.NaN);
      kept.forEach((from, to) => values.set(s.fine.subarray(from * m, (from + 1) * m), to * m));
      s.fine = values;
      // lastSeen counts fine-tier writes: renumber it so series seen in the newest poll stay current
      s.lastSeen = Math.max(0, s.lastSeen - (old.written - fine.written));
    }
    this.fine = fine;
  }

  /**
   * Merges the coarse buckets into buckets of stepMs, each the mean of the old buckets it covers (an
   * old bucket counts once, as a sample would), keeping the newest that the retention holds. An old
   * bucket that falls in the open one joins it. Buckets only widen: when polls come faster again,
   * a bucket holds several of them.
   */
  private widenCoarse(stepMs: number): void {
    const old = this.coarse;
    const groups: { start: number; slots: number[] }[] = [];
    for (const slot of old.slots()) {
      const start = Math.floor((old.times[slot] as number) / stepMs) * stepMs;
      const last = groups.at(-1);
      if (last?.start === start) last.slots.push(slot);
      else groups.push({ start, slots: [slot] });
    }
    const open = Math.floor(this.bucketStart / stepMs) * stepMs;
    const joining = groups.at(-1)?.start === open ? groups.pop() : undefined;
    const size = Math.ceil(this.opts.retentionMs / stepMs);
    const kept = groups.slice(-size);
    const ring = new Ring(size);
    kept.forEach((g, to) => {
      ring.times[to] = g.start;
    });
    ring.written = kept.length;
    for (const s of this.series.values()) {
      const m = s.metrics.length;
      const coarse = new Float32Array(size * m).fill(Number.NaN);
      for (let i = 0; i < m; i++) {
        kept.forEach((g, to) => {
          let sum = 0;
          let n = 0;
          for (const slot of g.slots) {
            const v = s.coarse[slot * m + i] as number;
            if (!Number.isNaN(v)) {
              sum += v;
              n++;
            }
          }
          if (n > 0) coarse[to * m + i] = sum / n;
        });
        for (const slot of joining?.slots ?? []) {
          const v = s.coarse[slot * m + i] as number;
          if (Number.isNaN(v)) continue;
          s.bucketSum[i] = (s.bucketSum[i] ?? 0) + v;
          s.bucketCount[i] = (s.bucketCount[i] ?? 0) + 1;
        }
      }
      s.coarse = coarse;
    }
    this.coarse = ring;
    this.coarseStepMs = stepMs;
    this.bucketStart = open;
  }

  /** Bytes held by series values: fixed per series, so this grows only with the number of series. */
  get valueBytes(): number {
    let bytes = 0;
    for (const s of this.series.values()) bytes += s.fine.byteLength + s.coarse.byteLength;
    return bytes;
  }

  record(snap: ClusterSnapshot): void {
    const t = snap.taken_at;
    // An extra poll (e.g. right after an action) would crowd the fine tier; one per interval is kept.
    const newest = this.fine.written > 0 ? (this.fine.times[(this.fine.written - 1) % this.fine.size] as number) : Number.NaN;
    if (t - newest < this.intervalMs / 2) return;
    const bucket = Math.floor(t / this.coarseStepMs) * this.coarseStepMs;
    if (bucket !== this.bucketStart) {
      if (!Number.isNaN(this.bucketStart)) this.closeBucket();
      this.bucketStart = bucket;
    }
    const slot = this.fine.written % this.fine.size;
    this.fine.times[slot] = t;
    this.fine.written++;

    const { totals: tot, rates: r } = snap;
    this.put({ kind: 'cluster' }, slot, [
      tot.depth,
      tot.in_flight_count,
      tot.deferred_count,
      r.message_rate,
      r.deliver_rate,
      r.consume_rate,
      r.requeue_rate,
      r.timeout_rate,
    ]);
    for (const n of snap.nodes) {
      if (n.status !== 'up') continue;
      const nr = n.rates;
      this.put({ kind: 'node', node: n.node }, slot, [
        n.depth,
        nr.message_rate,
        nr.deliver_rate,
        nr.consume_rate,
        nr.requeue_rate,
        nr.timeout_rate,
      ]);
    }
    for (const tp of snap.topics) {
      if (tp.node_count === 0) continue;
      this.put({ kind: 'topic', topic: tp.topic_name }, slot, [
        tp.depth,
        tp.channel_depth,
        tp.in_flight_count,
        tp.deferred_count,
        tp.rates.message_rate,
      ]);
      for (const c of tp.channels) {
        const cr = c.rates;
        this.put({ kind: 'channel', topic: tp.topic_name, channel: c.channel_name }, slot, [
          c.depth,
          c.in_flight_count,
          c.deferred_count,
          cr.message_rate,
          cr.consume_rate,
          cr.requeue_rate,
          cr.timeout_rate,
        ]);
      }
    }
    this.clearUnseen(slot);
  }

  /** values in the order of SERIES_METRICS[key.kind]; null for unknown */
  private put(key: SeriesKey, slot: number, values: readonly (number | null)[]): void {
    const id = seriesId(key);
    let s = this.series.get(id);
    if (!s) {
      const metrics = SERIES_METRICS[key.kind];
      s = {
        key,
        metrics,
        fine: new Float32Array(this.fine.size * metrics.length).fill(Number.NaN),
        coarse: new Float32Array(this.coarse.size * metrics.length).fill(Number.NaN),
        bucketSum: new Float64Array(metrics.length),
        bucketCount: new Uint32Array(metrics.length),
        lastSeen: 0,
      };
      this.series.set(id, s);
    }
    s.lastSeen = this.fine.written;
    const m = s.metrics.length;
    for (let i = 0; i < m; i++) {
      const num = values[i] ?? Number.NaN;
      s.fine[slot * m + i] = num;
      if (!Number.isNaN(num)) {
        s.bucketSum[i] = (s.bucketSum[i] ?? 0) + num;
        s.bucketCount[i] = (s.bucketCount[i] ?? 0) + 1;
      }
    }
  }

  /** Series not given a value this poll get a gap; those gone for the whole retention are dropped. */
  private clearUnseen(slot: number): void {
    const maxAgePolls = Math.ceil(this.opts.retentionMs / this.intervalMs);
    for (const [id, s] of this.series) {
      if (s.lastSeen === this.fine.written) continue;
      s.fine.fill(Number.NaN, slot * s.metrics.length, (slot + 1) * s.metrics.length);
      if (this.fine.written - s.lastSeen > maxAgePolls) this.series.delete(id);
    }
  }

  private closeBucket(): void {
    const slot = this.coarse.written % this.coarse.size;
    this.coarse.times[slot] = this.bucketStart;
    this.coarse.written++;
    for (const s of this.series.values()) {
      const m = s.metrics.length;
      for (let i = 0; i < m; i++) {
        const n = s.bucketCount[i] ?? 0;
        s.coarse[slot * m + i] = n > 0 ? (s.bucketSum[i] ?? 0) / n : Number.NaN;
      }
      s.bucketSum.fill(0);
      s.bucketCount.fill(0);
    }
  }

  /**
   * Points of one series over the last windowMs before `now`: the fine tier when it covers the
   * window, otherwise the coarse buckets plus the open bucket's mean so far.
   */
  query(key: SeriesKey, windowMs: number, now: number): HistorySeries | null {
    const s = this.series.get(seriesId(key));
    if (!s) return null;
    const from = now - windowMs;
    const m = s.metrics.length;
    const point = (t: number, read: (i: number) => number): HistoryPoint => {
      const p: HistoryPoint = { t };
      for (let i = 0; i < m; i++) {
        const v = read(i);
        p[s.metrics[i] as string] = Number.isNaN(v) ? null : v;
      }
      return p;
    };
    const fineSpan = this.fine.size * this.intervalMs;
    const points: HistoryPoint[] = [];
    if (windowMs <= fineSpan) {
      for (const slot of this.fine.slots()) {
        const t = this.fine.times[slot] as number;
        if (t >= from) points.push(point(t, (i) => s.fine[slot * m + i] as number));
      }
      return { key: s.key, metrics: s.metrics, step_ms: this.intervalMs, points };
    }
    for (const slot of this.coarse.slots()) {
      const t = this.coarse.times[slot] as number;
      if (t >= from) points.push(point(t, (i) => s.coarse[slot * m + i] as number));
    }
    if (!Number.isNaN(this.bucketStart)) {
      points.push(point(this.bucketStart, (i) => ((s.bucketCount[i] ?? 0) > 0 ? (s.bucketSum[i] ?? 0) / (s.bucketCount[i] ?? 1) : Number.NaN)));
    }
    return { key: s.key, metrics: s.metrics, step_ms: this.coarseStepMs, points };
  }
}
