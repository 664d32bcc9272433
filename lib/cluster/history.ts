// Bounded in-memory history per topic, channel, node and the whole cluster. Every series is sampled
// at the same poll times, so the timestamps live once per tier and each series holds only its values:
// a fine tier at the poll interval for recent minutes, and a coarse tier of bucket means over the
// whole retention. Memory per series is fixed: (fine + coarse slots) × metrics × 4 bytes, held with
// the other series of its kind in one Float32Array per tier (a slab), so that thousands of series are
// a few large allocations, which the allocator hands back whole when a tier is resized.
// When the poller spaces polls out (large clusters), the fine tier is resized to the interval in use,
// so it still spans its window rather than holding slots no query reads, and the coarse tier's
// buckets widen to that interval, since narrower ones would hold no more than one poll each.
import type { ClusterSnapshot } from './types';

export const SERIES_METRICS = {
  cluster: [
    'depth',
    'in_flight_count',
    'deferred_count',
    'message_rate',
    'deliver_rate',
    'consume_rate',
    'requeue_rate',
    'timeout_rate',
  ],
  node: ['depth', 'message_rate', 'deliver_rate', 'consume_rate', 'requeue_rate', 'timeout_rate'],
  topic: ['depth', 'channel_depth', 'in_flight_count', 'deferred_count', 'message_rate'],
  channel: [
    'depth',
    'in_flight_count',
    'deferred_count',
    'message_rate',
    'consume_rate',
    'requeue_rate',
    'timeout_rate',
  ],
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

/** One tier's values for every series of one kind: `stride` floats per series, series after series. */
class Slab {
  readonly values: Float32Array;
  constructor(
    readonly stride: number,
    readonly capacity: number,
  ) {
    this.values = new Float32Array(stride * capacity).fill(Number.NaN);
  }
}

/** The series of one kind: both tiers' slabs, and which of their rows are free. */
interface KindStore {
  readonly metrics: readonly string[];
  fine: Slab;
  coarse: Slab;
  /** rows below this were handed out at some time */
  used: number;
  readonly free: number[];
}

interface Series {
  key: SeriesKey;
  store: KindStore;
  /** this series' row in its kind's slabs */
  row: number;
  /** the open coarse bucket: per metric sum and count of known samples */
  bucketSum: Float64Array;
  bucketCount: Uint32Array;
  /** the fine-tier write count when this series was last given a value, to drop series long gone */
  lastSeen: number;
}

/** Counts a known value of metric i into the series' open coarse bucket. */
function addToBucket(s: Series, i: number, v: number): void {
  if (Number.isNaN(v)) return;
  s.bucketSum[i] = (s.bucketSum[i] ?? 0) + v;
  s.bucketCount[i] = (s.bucketCount[i] ?? 0) + 1;
}

/** The mean of metric i over these slots of one series' row (m metrics a slot), NaN when none is known. */
function slotMean(values: Float32Array, row: number, m: number, i: number, slots: readonly number[]): number {
  let sum = 0;
  let n = 0;
  for (const slot of slots) {
    const v = values[row + slot * m + i] as number;
    if (Number.isNaN(v)) continue;
    sum += v;
    n++;
  }
  return n > 0 ? sum / n : Number.NaN;
}

export function seriesId(k: SeriesKey): string {
  return [k.kind, k.node ?? '', k.topic ?? '', k.channel ?? ''].join('\u0000');
}

export interface HistoryOptions {
  pollIntervalMs: number;
  retentionMs: number;
}

export class History {
  private fine: Ring;
  private coarse: Ring;
  private coarseStepMs: number;
  private readonly series = new Map<string, Series>();
  private readonly stores: Record<SeriesKind, KindStore>;
  private bucketStart = Number.NaN;
  private intervalMs: number;

  constructor(readonly opts: HistoryOptions) {
    this.intervalMs = opts.pollIntervalMs;
    this.fine = new Ring(this.fineSlots(opts.pollIntervalMs));
    this.coarseStepMs = Math.max(opts.pollIntervalMs, Math.ceil(opts.retentionMs / COARSE_SLOTS / 1000) * 1000);
    this.coarse = new Ring(Math.ceil(opts.retentionMs / this.coarseStepMs));
    const store = (metrics: readonly string[]): KindStore => ({
      metrics,
      fine: new Slab(this.fine.size * metrics.length, 0),
      coarse: new Slab(this.coarse.size * metrics.length, 0),
      used: 0,
      free: [],
    });
    this.stores = {
      cluster: store(SERIES_METRICS.cluster),
      node: store(SERIES_METRICS.node),
      topic: store(SERIES_METRICS.topic),
      channel: store(SERIES_METRICS.channel),
    };
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
    // the kept slots, oldest first, are at most two runs of the old ring (before and after it wrapped)
    const runs: { from: number; to: number; length: number }[] = [];
    kept.forEach((from, to) => {
      const run = runs.at(-1);
      if (run && run.from + run.length === from) run.length++;
      else runs.push({ from, to, length: 1 });
    });
    for (const store of Object.values(this.stores)) {
      const m = store.metrics.length;
      const was = store.fine;
      const now = new Slab(size * m, was.capacity);
      for (let row = 0; row < store.used; row++) {
        for (const run of runs) {
          const at = row * was.stride + run.from * m;
          now.values.set(was.values.subarray(at, at + run.length * m), row * now.stride + run.to * m);
        }
      }
      store.fine = now;
    }
    // lastSeen counts fine-tier writes: renumber it so series seen in the newest poll stay current
    for (const s of this.series.values()) s.lastSeen = Math.max(0, s.lastSeen - (old.written - fine.written));
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
    const widened = new Map<KindStore, Slab>();
    for (const store of Object.values(this.stores))
      widened.set(store, new Slab(size * store.metrics.length, store.coarse.capacity));
    for (const s of this.series.values()) {
      const m = s.store.metrics.length;
      const was = s.store.coarse.values;
      const from = s.row * s.store.coarse.stride;
      const now = widened.get(s.store)!;
      const to = s.row * now.stride;
      kept.forEach((g, k) => {
        for (let i = 0; i < m; i++) now.values[to + k * m + i] = slotMean(was, from, m, i, g.slots);
      });
      for (const slot of joining?.slots ?? []) {
        for (let i = 0; i < m; i++) addToBucket(s, i, was[from + slot * m + i] as number);
      }
    }
    for (const [store, slab] of widened) store.coarse = slab;
    this.coarse = ring;
    this.coarseStepMs = stepMs;
    this.bucketStart = open;
  }

  /** Bytes held for series values: fixed per series, so this grows only with the number of series. */
  get valueBytes(): number {
    let bytes = 0;
    for (const store of Object.values(this.stores))
      bytes += store.fine.values.byteLength + store.coarse.values.byteLength;
    return bytes;
  }

  record(snap: ClusterSnapshot): void {
    const t = snap.taken_at;
    // An extra poll (e.g. right after an action) would crowd the fine tier; one per interval is kept.
    const newest =
      this.fine.written > 0 ? (this.fine.times[(this.fine.written - 1) % this.fine.size] as number) : Number.NaN;
    if (t - newest < this.intervalMs / 2) return;
    const bucket = Math.floor(t / this.coarseStepMs) * this.coarseStepMs;
    if (bucket !== this.bucketStart) {
      if (!Number.isNaN(this.bucketStart)) this.closeBucket();
      this.bucketStart = bucket;
    }
    const slot = this.fine.written % this.fine.size;
    this.fine.times[slot] = t;
    this.fine.written++;
    // every entity of this poll has a series: room for them all at once, rather than by growing
    this.reserve(this.stores.node, snap.nodes.length);
    this.reserve(this.stores.topic, snap.topics.length);
    this.reserve(
      this.stores.channel,
      snap.topics.reduce((n, tp) => n + tp.channels.length, 0),
    );

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

  /** Grows a kind's slabs to hold `series` rows (copying the rows so far), if they hold fewer. */
  private reserve(store: KindStore, series: number): void {
    if (series <= store.fine.capacity) return;
    for (const tier of ['fine', 'coarse'] as const) {
      const grown = new Slab(store[tier].stride, series);
      grown.values.set(store[tier].values);
      store[tier] = grown;
    }
  }

  /** values in the order of SERIES_METRICS[key.kind]; null for unknown */
  private put(key: SeriesKey, slot: number, values: readonly (number | null)[]): void {
    const id = seriesId(key);
    let s = this.series.get(id);
    if (!s) {
      const store = this.stores[key.kind];
      const row = store.free.pop() ?? store.used++;
      // a series that appeared beside those kept from earlier polls: grow by a quarter
      if (row >= store.fine.capacity) this.reserve(store, Math.max(row + 1, Math.ceil(store.fine.capacity * 1.25)));
      const m = store.metrics.length;
      s = { key, store, row, bucketSum: new Float64Array(m), bucketCount: new Uint32Array(m), lastSeen: 0 };
      this.series.set(id, s);
    }
    s.lastSeen = this.fine.written;
    const m = s.store.metrics.length;
    const fine = s.store.fine;
    const at = s.row * fine.stride + slot * m;
    for (let i = 0; i < m; i++) {
      const num = values[i] ?? Number.NaN;
      fine.values[at + i] = num;
      addToBucket(s, i, num);
    }
  }

  /** Series not given a value this poll get a gap; those gone for the whole retention are dropped. */
  private clearUnseen(slot: number): void {
    const maxAgePolls = Math.ceil(this.opts.retentionMs / this.intervalMs);
    for (const [id, s] of this.series) {
      if (s.lastSeen === this.fine.written) continue;
      const { fine, metrics } = s.store;
      const at = s.row * fine.stride + slot * metrics.length;
      fine.values.fill(Number.NaN, at, at + metrics.length);
      if (this.fine.written - s.lastSeen > maxAgePolls) {
        // unseen for the whole retention, every slot of its row in both tiers is a gap by now: the
        // next new series of its kind takes the row as it is
        s.store.free.push(s.row);
        this.series.delete(id);
      }
    }
  }

  private closeBucket(): void {
    const slot = this.coarse.written % this.coarse.size;
    this.coarse.times[slot] = this.bucketStart;
    this.coarse.written++;
    for (const s of this.series.values()) {
      const m = s.store.metrics.length;
      const coarse = s.store.coarse;
      const at = s.row * coarse.stride + slot * m;
      for (let i = 0; i < m; i++) {
        const n = s.bucketCount[i] ?? 0;
        coarse.values[at + i] = n > 0 ? (s.bucketSum[i] ?? 0) / n : Number.NaN;
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
    const { metrics, fine, coarse } = s.store;
    const m = metrics.length;
    const point = (t: number, read: (i: number) => number): HistoryPoint => {
      const p: HistoryPoint = { t };
      for (let i = 0; i < m; i++) {
        const v = read(i);
        p[metrics[i] as string] = Number.isNaN(v) ? null : v;
      }
      return p;
    };
    const fineSpan = this.fine.size * this.intervalMs;
    const points: HistoryPoint[] = [];
    if (windowMs <= fineSpan) {
      for (const slot of this.fine.slots()) {
        const t = this.fine.times[slot] as number;
        if (t >= from) points.push(point(t, (i) => fine.values[s.row * fine.stride + slot * m + i] as number));
      }
      return { key: s.key, metrics, step_ms: this.intervalMs, points };
    }
    for (const slot of this.coarse.slots()) {
      const t = this.coarse.times[slot] as number;
      if (t >= from) points.push(point(t, (i) => coarse.values[s.row * coarse.stride + slot * m + i] as number));
    }
    if (!Number.isNaN(this.bucketStart)) {
      points.push(
        point(this.bucketStart, (i) =>
          (s.bucketCount[i] ?? 0) > 0 ? (s.bucketSum[i] ?? 0) / (s.bucketCount[i] ?? 1) : Number.NaN,
        ),
      );
    }
    return { key: s.key, metrics, step_ms: this.coarseStepMs, points };
  }
}
