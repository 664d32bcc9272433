// The topic list's pure logic: the row shape, the URL state (?q=&sort=&dir=&f=), the filter
// predicates, the sort comparators and the in-memory depth samples behind the sparklines. Kept
// free of React and of server code so the browser, the server and the tests share it.
import type { TopicListItem } from './cluster/types';

/** What the topic list needs of a topic: a subset of TopicListItem, so either can feed the list. */
export type TopicListRow = Pick<
  TopicListItem,
  | 'topic_name'
  | 'depth'
  | 'channel_depth'
  | 'message_count'
  | 'in_flight_count'
  | 'channel_count'
  | 'client_count'
  | 'paused'
  | 'ephemeral'
  | 'lookupd_only'
  | 'unavailable_nodes'
  | 'rates'
>;

/**
 * GET /api/cluster/topics answers column by column: one array per field, flags as the indexes of the
 * topics that have them. At 10,000 topics that is a quarter of the bytes of one object per topic,
 * and far less for the browser to parse and collect every poll.
 */
export interface TopicListColumns {
  topic_name: string[];
  depth: number[];
  channel_depth: number[];
  message_count: number[];
  in_flight_count: number[];
  channel_count: number[];
  client_count: number[];
  /** msg/s rounded to 2 decimals (the list shows at most one); null while unknown */
  message_rate: (number | null)[];
  /** indexes of the topics with the flag */
  paused: number[];
  ephemeral: number[];
  lookupd_only: number[];
  /** index → the nodes that did not answer, for the topics with any */
  unavailable_nodes: Record<string, string[]>;
}

const round2 = (n: number | null) => (n === null ? null : Math.round(n * 100) / 100);

export function encodeTopicList(topics: readonly TopicListItem[]): TopicListColumns {
  const c: TopicListColumns = {
    topic_name: [],
    depth: [],
    channel_depth: [],
    message_count: [],
    in_flight_count: [],
    channel_count: [],
    client_count: [],
    message_rate: [],
    paused: [],
    ephemeral: [],
    lookupd_only: [],
    unavailable_nodes: {},
  };
  topics.forEach((t, i) => {
    c.topic_name.push(t.topic_name);
    c.depth.push(t.depth);
    c.channel_depth.push(t.channel_depth);
    c.message_count.push(t.message_count);
    c.in_flight_count.push(t.in_flight_count);
    c.channel_count.push(t.channel_count);
    c.client_count.push(t.client_count);
    c.message_rate.push(round2(t.rates.message_rate));
    if (t.paused) c.paused.push(i);
    if (t.ephemeral) c.ephemeral.push(i);
    if (t.lookupd_only) c.lookupd_only.push(i);
    if (t.unavailable_nodes.length > 0) c.unavailable_nodes[i] = t.unavailable_nodes;
  });
  return c;
}

const NO_NODES: string[] = [];

export function decodeTopicList(c: TopicListColumns): TopicListRow[] {
  const paused = new Set(c.paused);
  const ephemeral = new Set(c.ephemeral);
  const lookupdOnly = new Set(c.lookupd_only);
  return c.topic_name.map((topic_name, i) => ({
    topic_name,
    depth: c.depth[i] ?? 0,
    channel_depth: c.channel_depth[i] ?? 0,
    message_count: c.message_count[i] ?? 0,
    in_flight_count: c.in_flight_count[i] ?? 0,
    channel_count: c.channel_count[i] ?? 0,
    client_count: c.client_count[i] ?? 0,
    paused: paused.has(i),
    ephemeral: ephemeral.has(i),
    lookupd_only: lookupdOnly.has(i),
    unavailable_nodes: c.unavailable_nodes[i] ?? NO_NODES,
    rates: { message_rate: c.message_rate[i] ?? null },
  }));
}

/** Messages waiting: in the topic itself plus in its channels. */
export const backlog = (t: TopicListRow) => t.depth + t.channel_depth;

/* ------------------------------------------------------------------------ */
/* Filters                                                                    */
/* ------------------------------------------------------------------------ */

export const FILTERS = ['paused', 'backlog', 'noconsumers', 'ephemeral'] as const;
export type TopicFilter = (typeof FILTERS)[number];

export const FILTER_LABELS: Record<TopicFilter, string> = {
  paused: 'Paused',
  backlog: 'Backlog > 0',
  noconsumers: 'No consumers',
  ephemeral: 'Ephemeral',
};

export const FILTER_PREDICATES: Record<TopicFilter, (t: TopicListRow) => boolean> = {
  paused: (t) => t.paused,
  backlog: (t) => backlog(t) > 0,
  // Nobody reads it although somebody should: channels exist (and will fill up) or messages wait.
  // An idle topic with neither is not a problem, so it is not listed.
  noconsumers: (t) => t.client_count === 0 && (t.channel_count > 0 || backlog(t) > 0),
  ephemeral: (t) => t.ephemeral,
};

/** A case-insensitive substring of the topic name, and every chosen filter (AND). */
export function matchesTopic(t: TopicListRow, needle: string, filters: readonly TopicFilter[]): boolean {
  if (needle !== '' && !t.topic_name.toLowerCase().includes(needle)) return false;
  for (const f of filters) if (!FILTER_PREDICATES[f](t)) return false;
  return true;
}

/** The search text as matchesTopic wants it: trimmed and lower-cased once, not once per row. */
export const normaliseQuery = (q: string) => q.trim().toLowerCase();

/* ------------------------------------------------------------------------ */
/* Sorting                                                                    */
/* ------------------------------------------------------------------------ */

export const SORT_KEYS = [
  'name',
  'depth',
  'channel_depth',
  'in_flight',
  'messages',
  'rate',
  'channels',
  'consumers',
  'state',
] as const;
export type SortKey = (typeof SORT_KEYS)[number];
export type SortDir = 'asc' | 'desc';

/** Names read A→Z first; numbers read biggest first, which is what one looks for. */
export const defaultDir = (key: SortKey): SortDir => (key === 'name' ? 'asc' : 'desc');

/** How alarming a topic's state is: a node down outweighs no producer, which outweighs paused. */
export function stateRank(t: TopicListRow): number {
  return (
    (t.unavailable_nodes.length > 0 ? 8 : 0) + (t.lookupd_only ? 4 : 0) + (t.paused ? 2 : 0) + (t.ephemeral ? 1 : 0)
  );
}

const SORT_VALUES: Record<Exclude<SortKey, 'name'>, (t: TopicListRow) => number> = {
  depth: (t) => t.depth,
  channel_depth: (t) => t.channel_depth,
  in_flight: (t) => t.in_flight_count,
  messages: (t) => t.message_count,
  // an unknown rate sorts below every known one, 0/s included
  rate: (t) => t.rates.message_rate ?? Number.NEGATIVE_INFINITY,
  channels: (t) => t.channel_count,
  consumers: (t) => t.client_count,
  state: stateRank,
};

const byName = (a: TopicListRow, b: TopicListRow) =>
  a.topic_name < b.topic_name ? -1 : a.topic_name > b.topic_name ? 1 : 0;

/**
 * Ascending comparator for a column. Equal values fall back to the name so that the order is total
 * and rows do not swap places between polls.
 */
export function compareTopics(key: SortKey): (a: TopicListRow, b: TopicListRow) => number {
  if (key === 'name') return byName;
  const value = SORT_VALUES[key];
  return (a, b) => {
    const d = value(a) - value(b);
    return d !== 0 ? Math.sign(d) : byName(a, b);
  };
}

/**
 * The rows the list shows, in order: those matching the search (already normalised) and every filter,
 * sorted by the column; descending reverses the whole order, name tie-break included, as a header
 * click is expected to. A new array; the input is not touched.
 */
export function listTopics(
  rows: readonly TopicListRow[],
  needle: string,
  filters: readonly TopicFilter[],
  sort: SortKey,
  dir: SortDir,
): TopicListRow[] {
  const shown =
    needle === '' && filters.length === 0 ? [...rows] : rows.filter((t) => matchesTopic(t, needle, filters));
  const cmp = compareTopics(sort);
  return shown.sort(dir === 'asc' ? cmp : (a, b) => cmp(b, a));
}

/* ------------------------------------------------------------------------ */
/* URL state                                                                  */
/* ------------------------------------------------------------------------ */

export interface TopicListState {
  q: string;
  sort: SortKey;
  dir: SortDir;
  filters: TopicFilter[];
}

export const DEFAULT_STATE: TopicListState = { q: '', sort: 'name', dir: 'asc', filters: [] };

interface ParamsLike {
  get(name: string): string | null;
}

/** Reads ?q=&sort=&dir=&f=a,b; anything unknown falls back to the default instead of failing. */
export function parseListState(params: ParamsLike): TopicListState {
  const sortParam = params.get('sort');
  const sort = (SORT_KEYS as readonly string[]).includes(sortParam ?? '') ? (sortParam as SortKey) : DEFAULT_STATE.sort;
  const dirParam = params.get('dir');
  const dir: SortDir =
    dirParam === 'asc' || dirParam === 'desc' ? dirParam : sortParam === null ? DEFAULT_STATE.dir : defaultDir(sort);
  const chosen = new Set((params.get('f') ?? '').split(','));
  return {
    q: params.get('q') ?? '',
    sort,
    dir,
    // in canonical order, so equal states serialise to equal URLs
    filters: FILTERS.filter((f) => chosen.has(f)),
  };
}

/**
 * Writes the list's state into `base` (other parameters, such as ?window=, are kept), leaving out
 * every value that equals the default so that the plain URL stays plain.
 */
export function serialiseListState(state: TopicListState, base: Iterable<[string, string]> = []): URLSearchParams {
  const out = new URLSearchParams([...base].filter(([k]) => !['q', 'sort', 'dir', 'f'].includes(k)));
  if (state.q !== '') out.set('q', state.q);
  if (state.sort !== DEFAULT_STATE.sort || state.dir !== DEFAULT_STATE.dir) {
    out.set('sort', state.sort);
    out.set('dir', state.dir);
  }
  const filters = FILTERS.filter((f) => state.filters.includes(f));
  if (filters.length > 0) out.set('f', filters.join(','));
  return out;
}

/** A click on a column header: a new column starts in its natural direction, the same one flips. */
export function nextSort(
  state: Pick<TopicListState, 'sort' | 'dir'>,
  key: SortKey,
): Pick<TopicListState, 'sort' | 'dir'> {
  if (state.sort === key) return { sort: key, dir: state.dir === 'asc' ? 'desc' : 'asc' };
  return { sort: key, dir: defaultDir(key) };
}

export function toggleFilter(filters: readonly TopicFilter[], f: TopicFilter): TopicFilter[] {
  return filters.includes(f) ? filters.filter((x) => x !== f) : FILTERS.filter((x) => x === f || filters.includes(x));
}

/* ------------------------------------------------------------------------ */
/* Depth samples for the sparklines                                           */
/* ------------------------------------------------------------------------ */

/** Samples kept per topic: one per poll, so 30 is a minute at the default 2 s interval. */
export const SPARK_SAMPLES = 30;

/** What a topic without samples has: one array, so that its snapshot never changes. */
export const NO_SAMPLES: readonly number[] = Object.freeze([]);

/**
 * Each topic's last backlog values, one per snapshot seen. Fed by successive list responses, so a
 * sparkline costs no request of its own; bounded at SPARK_SAMPLES numbers per listed topic, and a
 * topic that leaves the list leaves the store. An external store for React's useSyncExternalStore:
 * `record` tells the subscribers, and a topic's samples are a new array only when they changed, so a
 * sparkline re-renders when its own topic got a sample and not otherwise.
 */
export class DepthSamples {
  private readonly samples = new Map<string, readonly number[]>();
  private readonly listeners = new Set<() => void>();
  private lastTakenAt = Number.NEGATIVE_INFINITY;

  constructor(readonly capacity = SPARK_SAMPLES) {}

  /** Records one snapshot; the same or an older snapshot again is ignored, so this is idempotent. */
  record(rows: readonly TopicListRow[], takenAt: number): void {
    if (takenAt <= this.lastTakenAt) return;
    this.lastTakenAt = takenAt;
    const seen = new Set<string>();
    for (const t of rows) {
      seen.add(t.topic_name);
      const s = this.samples.get(t.topic_name) ?? NO_SAMPLES;
      this.samples.set(t.topic_name, [...s.slice(s.length >= this.capacity ? 1 : 0), backlog(t)]);
    }
    if (seen.size !== this.samples.size) {
      for (const name of this.samples.keys()) if (!seen.has(name)) this.samples.delete(name);
    }
    for (const listener of this.listeners) listener();
  }

  /** The same array until the topic's next sample, as useSyncExternalStore's snapshot must be. */
  get(topic: string): readonly number[] {
    return this.samples.get(topic) ?? NO_SAMPLES;
  }

  get size(): number {
    return this.samples.size;
  }

  /** Calls `listener` after every recorded snapshot; returns the unsubscribe. */
  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  };
}

/** An SVG polyline's points for values in a width × height box (y grows downwards; flat at the bottom). */
export function sparklinePoints(values: readonly number[], width: number, height: number, pad = 1): string {
  if (values.length === 0) return '';
  const min = Math.min(...values);
  const max = Math.max(...values);
  const span = max - min;
  const step = values.length > 1 ? (width - 2 * pad) / (values.length - 1) : 0;
  const y = (v: number) => (span === 0 ? height - pad : height - pad - ((v - min) / span) * (height - 2 * pad));
  const r = (n: number) => Math.round(n * 10) / 10;
  return values.map((v, i) => `${r(pad + i * step)},${r(y(v))}`).join(' ');
}
