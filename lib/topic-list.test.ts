import { describe, expect, it } from 'vitest';
import type { TopicListItem } from './cluster/types';
import {
  compareTopics,
  DEFAULT_STATE,
  DepthSamples,
  decodeTopicList,
  encodeTopicList,
  FILTER_PREDICATES,
  listTopics,
  matchesTopic,
  nextSort,
  normaliseQuery,
  parseListState,
  serialiseListState,
  sparklinePoints,
  stateRank,
  type TopicListColumns,
  type TopicListRow,
  toggleFilter,
} from './topic-list';

const row = (over: Partial<TopicListRow> & { topic_name: string }): TopicListRow => ({
  depth: 0,
  channel_depth: 0,
  message_count: 0,
  in_flight_count: 0,
  channel_count: 0,
  client_count: 0,
  paused: false,
  ephemeral: false,
  lookupd_only: false,
  unavailable_nodes: [],
  rates: { message_rate: null },
  ...over,
});

const names = (rows: TopicListRow[]) => rows.map((r) => r.topic_name);

describe('filters', () => {
  it('matches a case-insensitive substring of the name', () => {
    const t = row({ topic_name: 'Orders-EU' });
    expect(matchesTopic(t, normaliseQuery('  ders-e '), [])).toBe(true);
    expect(matchesTopic(t, normaliseQuery('ORDERS'), [])).toBe(true);
    expect(matchesTopic(t, normaliseQuery('payments'), [])).toBe(false);
    expect(matchesTopic(t, '', [])).toBe(true);
  });

  it('treats regex and markup characters in the query as plain text', () => {
    expect(matchesTopic(row({ topic_name: 'a.b' }), normaliseQuery('.'), [])).toBe(true);
    expect(matchesTopic(row({ topic_name: 'ab' }), normaliseQuery('.'), [])).toBe(false);
    expect(matchesTopic(row({ topic_name: 'x<img>' }), normaliseQuery('<img'), [])).toBe(true);
  });

  it('paused and ephemeral follow the flags', () => {
    expect(FILTER_PREDICATES.paused(row({ topic_name: 'a', paused: true }))).toBe(true);
    expect(FILTER_PREDICATES.paused(row({ topic_name: 'a' }))).toBe(false);
    expect(FILTER_PREDICATES.ephemeral(row({ topic_name: 'a#ephemeral', ephemeral: true }))).toBe(true);
  });

  it('backlog counts the topic and its channels', () => {
    expect(FILTER_PREDICATES.backlog(row({ topic_name: 'a', depth: 1 }))).toBe(true);
    expect(FILTER_PREDICATES.backlog(row({ topic_name: 'a', channel_depth: 3 }))).toBe(true);
    expect(FILTER_PREDICATES.backlog(row({ topic_name: 'a', in_flight_count: 5 }))).toBe(false);
  });

  it('no consumers: channels or messages wait but no client reads; an idle topic is not listed', () => {
    const p = FILTER_PREDICATES.noconsumers;
    expect(p(row({ topic_name: 'a', channel_count: 1 }))).toBe(true);
    expect(p(row({ topic_name: 'a', depth: 10 }))).toBe(true);
    expect(p(row({ topic_name: 'a', channel_count: 1, client_count: 1 }))).toBe(false);
    expect(p(row({ topic_name: 'a' }))).toBe(false);
  });

  it('every chosen filter must hold', () => {
    const t = row({ topic_name: 'a', paused: true });
    expect(matchesTopic(t, '', ['paused'])).toBe(true);
    expect(matchesTopic(t, '', ['paused', 'backlog'])).toBe(false);
    expect(matchesTopic({ ...t, depth: 1 }, 'a', ['paused', 'backlog'])).toBe(true);
  });
});

describe('sorting', () => {
  const rows = [
    row({ topic_name: 'b', depth: 5, channel_depth: 1, rates: { message_rate: 0 } }),
    row({ topic_name: 'a', depth: 5, channel_depth: 9, rates: { message_rate: null } }),
    row({ topic_name: 'c', depth: 1, channel_depth: 4, rates: { message_rate: 12.5 } }),
  ];

  it('sorts by name', () => {
    expect(names([...rows].sort(compareTopics('name')))).toEqual(['a', 'b', 'c']);
  });

  it('sorts numbers ascending, ties broken by name so the order is stable between polls', () => {
    expect(names([...rows].sort(compareTopics('depth')))).toEqual(['c', 'a', 'b']);
    expect(names([...rows].sort(compareTopics('channel_depth')))).toEqual(['b', 'c', 'a']);
  });

  it('puts an unknown rate below 0/s', () => {
    expect(names([...rows].sort(compareTopics('rate')))).toEqual(['a', 'b', 'c']);
  });

  it('lists the matching rows in the chosen order, descending reversing it whole', () => {
    const paused = row({ topic_name: 'ab', depth: 5, paused: true });
    const all = [...rows, paused];
    expect(names(listTopics(all, '', [], 'depth', 'desc'))).toEqual(['b', 'ab', 'a', 'c']);
    expect(names(listTopics(all, 'a', [], 'name', 'asc'))).toEqual(['a', 'ab']);
    expect(names(listTopics(all, '', ['paused'], 'name', 'asc'))).toEqual(['ab']);
    expect(names(all)).toEqual(['b', 'a', 'c', 'ab']);
  });

  it('ranks states by how alarming they are', () => {
    const down = row({ topic_name: 'x', unavailable_nodes: ['n1:4151'] });
    const orphan = row({ topic_name: 'y', lookupd_only: true });
    const paused = row({ topic_name: 'z', paused: true, ephemeral: true });
    expect(stateRank(down)).toBeGreaterThan(stateRank(orphan));
    expect(stateRank(orphan)).toBeGreaterThan(stateRank(paused));
    expect(stateRank(paused)).toBeGreaterThan(stateRank(row({ topic_name: 'ok' })));
  });

  it('a header click starts a new column in its natural direction and flips the current one', () => {
    expect(nextSort({ sort: 'name', dir: 'asc' }, 'depth')).toEqual({ sort: 'depth', dir: 'desc' });
    expect(nextSort({ sort: 'depth', dir: 'desc' }, 'depth')).toEqual({ sort: 'depth', dir: 'asc' });
    expect(nextSort({ sort: 'depth', dir: 'desc' }, 'name')).toEqual({ sort: 'name', dir: 'asc' });
  });
});

describe('URL state', () => {
  const parse = (s: string) => parseListState(new URLSearchParams(s));

  it('has plain defaults', () => {
    expect(parse('')).toEqual(DEFAULT_STATE);
    expect(serialiseListState(DEFAULT_STATE).toString()).toBe('');
  });

  it('round-trips', () => {
    const state = { q: 'ord ers&x', sort: 'channel_depth', dir: 'desc', filters: ['paused', 'backlog'] } as const;
    const url = serialiseListState({ ...state, filters: [...state.filters] });
    expect(url.toString()).toBe('q=ord+ers%26x&sort=channel_depth&dir=desc&f=paused%2Cbacklog');
    expect(parseListState(url)).toEqual(state);
  });

  it('ignores unknown values instead of failing', () => {
    expect(parse('sort=nope&dir=sideways&f=paused,bogus,,')).toEqual({ ...DEFAULT_STATE, filters: ['paused'] });
  });

  it('a sort without a direction takes the natural one', () => {
    expect(parse('sort=depth')).toMatchObject({ sort: 'depth', dir: 'desc' });
    expect(parse('sort=name')).toMatchObject({ sort: 'name', dir: 'asc' });
  });

  it('keeps filters in one order and other parameters as they are', () => {
    const url = serialiseListState(
      { ...DEFAULT_STATE, filters: ['ephemeral', 'paused'] },
      new URLSearchParams('window=1h&q=old'),
    );
    expect(url.toString()).toBe('window=1h&f=paused%2Cephemeral');
  });

  it('toggles filters in canonical order', () => {
    expect(toggleFilter(['ephemeral'], 'paused')).toEqual(['paused', 'ephemeral']);
    expect(toggleFilter(['paused', 'ephemeral'], 'paused')).toEqual(['ephemeral']);
  });
});

describe('the column-wise wire format', () => {
  const item = (over: Partial<TopicListItem> & { topic_name: string }): TopicListItem => ({
    ...row(over),
    memory_depth: 0,
    backend_depth: 0,
    message_bytes: 99,
    deferred_count: 0,
    in_lookupd: true,
    node_count: 1,
    e2e_processing_latency: { count: 0, percentiles: null },
    ...over,
  });

  it('round-trips what the list shows, and nothing else', () => {
    const items = [
      item({
        topic_name: 'a',
        depth: 2,
        channel_depth: 3,
        message_count: 9,
        in_flight_count: 1,
        channel_count: 2,
        client_count: 4,
        rates: { message_rate: 1.5 },
      }),
      item({ topic_name: 'b#ephemeral', ephemeral: true, paused: true, rates: { message_rate: null } }),
      item({ topic_name: 'c', lookupd_only: true, unavailable_nodes: ['n1:4151', 'n2:4151'] }),
    ];
    const wire = JSON.parse(JSON.stringify(encodeTopicList(items))) as TopicListColumns;
    expect(wire.paused).toEqual([1]);
    expect(wire.unavailable_nodes).toEqual({ 2: ['n1:4151', 'n2:4151'] });
    expect(JSON.stringify(wire)).not.toContain('message_bytes');
    expect(decodeTopicList(wire)).toEqual([
      row({
        topic_name: 'a',
        depth: 2,
        channel_depth: 3,
        message_count: 9,
        in_flight_count: 1,
        channel_count: 2,
        client_count: 4,
        rates: { message_rate: 1.5 },
      }),
      row({ topic_name: 'b#ephemeral', ephemeral: true, paused: true }),
      row({ topic_name: 'c', lookupd_only: true, unavailable_nodes: ['n1:4151', 'n2:4151'] }),
    ]);
  });

  it('rounds rates to hundredths', () => {
    expect(
      encodeTopicList([item({ topic_name: 'a', rates: { message_rate: 0.49975012493753124 } })]).message_rate,
    ).toEqual([0.5]);
  });

  it('encodes an empty cluster', () => {
    expect(decodeTopicList(encodeTopicList([]))).toEqual([]);
  });
});

describe('depth samples', () => {
  it('keeps the last samples of each topic, once per snapshot, and forgets topics that left', () => {
    const s = new DepthSamples(3);
    s.record([row({ topic_name: 'a', depth: 1 }), row({ topic_name: 'b', channel_depth: 7 })], 1000);
    s.record([row({ topic_name: 'a', depth: 99 })], 1000); // the same snapshot again
    expect(s.get('a')).toEqual([1]);
    for (let i = 2; i <= 5; i++) s.record([row({ topic_name: 'a', depth: i, channel_depth: 10 })], 1000 * i);
    expect(s.get('a')).toEqual([13, 14, 15]);
    expect(s.get('b')).toEqual([]);
    expect(s.size).toBe(1);
  });

  it('tells subscribers of each new snapshot, and keeps the array of a topic until it changes', () => {
    const s = new DepthSamples(3);
    let calls = 0;
    const stop = s.subscribe(() => calls++);
    expect(s.get('a')).toBe(s.get('a'));
    s.record([row({ topic_name: 'a', depth: 1 })], 1000);
    const first = s.get('a');
    expect(s.get('a')).toBe(first);
    s.record([row({ topic_name: 'a', depth: 2 })], 1000); // the same snapshot: nothing changes
    expect(calls).toBe(1);
    s.record([row({ topic_name: 'a', depth: 2 })], 2000);
    expect(calls).toBe(2);
    expect(s.get('a')).not.toBe(first);
    expect(first).toEqual([1]);
    expect(s.get('a')).toEqual([1, 2]);
    stop();
    s.record([row({ topic_name: 'a', depth: 3 })], 3000);
    expect(calls).toBe(2);
  });

  it('draws points inside the box; a flat series lies on the bottom edge', () => {
    expect(sparklinePoints([], 10, 10)).toBe('');
    expect(sparklinePoints([0, 5, 10], 12, 12)).toBe('1,11 6,6 11,1');
    expect(sparklinePoints([4, 4], 12, 12)).toBe('1,11 11,11');
  });
});
