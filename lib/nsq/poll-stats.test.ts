import { describe, expect, it } from 'vitest';
import { fixture, fixtureText } from '../../test/fixtures';
import { checkBody } from './decode';
import {
  FULL_READ_EVERY_MS,
  fullReadDue,
  fullReadPeriodMs,
  MAX_CHANNELS_PER_NODE,
  MAX_TOPICS_PER_NODE,
  readPollStats,
} from './poll-stats';
import { type NsqdStatsSummary, nsqdPollStatsSchema } from './schemas';

const PATH = '/stats?format=json&include_clients=false&include_mem=false';
type Stats = NsqdStatsSummary & { topics: NonNullable<NsqdStatsSummary['topics']> };
/** recorded from nsqd 1.3.0: clicks, empty, heartbeats#ephemeral, orders */
const recorded = () => fixture<Stats>('nsqd-stats-no-clients.json');
/** as nsqd sends it: Go's encoding/json writes compact JSON, in the recorded field order */
const wire = (stats: unknown) => Buffer.from(JSON.stringify(stats));
/** polled every 2 s */
const at = (ms: number) => ({ at: ms, fullReadEveryMs: fullReadPeriodMs(2000) });
/** the body as it arrives 2 s after the previous one */
const read = (body: Buffer, previous: Buffer | null) =>
  readPollStats(
    'n:4151',
    PATH,
    body,
    previous && readPollStats('n:4151', PATH, previous, null, at(10_000)).digests,
    at(12_000),
  );
const names = (topics: ({ topic_name: string } | null)[]) => topics.map((t) => t?.topic_name ?? null);

describe('reading /stats against the previous body of the same node', () => {
  it('parses every topic of a first body, as a whole parse does', () => {
    const body = wire(recorded());
    const first = read(body, null);
    expect(first.topics).toEqual(checkBody('n:4151', PATH, body.toString(), nsqdPollStatsSchema).topics);
    expect(first.digests?.length.length).toBe(4);
    expect(first).toMatchObject({ version: '1.3.0', health: 'OK', start_time: recorded().start_time });
  });

  it('parses only the topics whose bytes changed, and the last one; the others are the same as before', () => {
    const before = recorded();
    const after = recorded();
    after.topics[0]!.message_count += 5;
    const r = read(wire(after), wire(before));
    expect(names(r.topics)).toEqual(['clicks', null, null, 'orders']);
    expect(r.topics[0]?.message_count).toBe(before.topics[0]!.message_count + 5);
    expect(r.topics[3]).toEqual(after.topics[3]);
  });

  it('parses a topic again when only a channel of it changed', () => {
    const before = recorded();
    const after = recorded();
    after.topics[2]!.paused = true;
    after.topics[0]!.channels![0]!.depth = 7;
    expect(names(read(wire(after), wire(before)).topics)).toEqual(['clicks', null, 'heartbeats#ephemeral', 'orders']);
  });

  it('parses the topics after one that was created or deleted, since their places moved', () => {
    const before = recorded();
    const after = recorded();
    after.topics.splice(1, 1);
    const r = read(wire(after), wire(before));
    expect(names(r.topics)).toEqual([null, 'heartbeats#ephemeral', 'orders']);
    expect(r.topics.slice(1)).toEqual(after.topics.slice(1));
  });

  it('reads a pre-1.0 nsqd body, wrapped in its envelope, the same way', () => {
    const envelope = (data: unknown) => ({ status_code: 200, status_txt: 'OK', data });
    const before = recorded();
    const after = recorded();
    after.topics[1]!.depth = 3;
    expect(names(read(wire(envelope(after)), wire(envelope(before))).topics)).toEqual([null, 'empty', null, 'orders']);
  });

  it('parses a body laid out otherwise whole, and compares the next one whole too', () => {
    const pretty = Buffer.from(fixtureText('nsqd-stats-no-clients.json'));
    const r = read(pretty, pretty);
    expect(names(r.topics)).toEqual(['clicks', 'empty', 'heartbeats#ephemeral', 'orders']);
    expect(r.digests).toBeNull();
    const none = read(wire({ ...recorded(), topics: [] }), null);
    expect(none.topics).toEqual([]);
    expect(none.digests).toBeNull();
  });

  it('reads text that is not ASCII as UTF-8, whole or in part', () => {
    const before = recorded();
    const after = { ...recorded(), health: 'NOK - ошибка записи на диск ✗' };
    after.topics[1]!.depth = 3;
    expect(read(wire(after), null).health).toBe(after.health);
    const r = read(wire(after), wire(before));
    expect(names(r.topics)).toEqual([null, 'empty', null, 'orders']);
    expect(r.health).toBe(after.health);
  });

  it('fails on a changed topic that is not valid with the error of the whole body', () => {
    const before = recorded();
    const bad = recorded() as unknown as { topics: { depth: unknown }[] };
    bad.topics[2]!.depth = 'many';
    expect(() => read(wire(bad), wire(before))).toThrow(
      /^GET \/stats\?format=json&include_clients=false&include_mem=false: unexpected JSON at topics\.2\.depth: /,
    );
    const cut = wire(recorded()).subarray(0, 900);
    expect(() => read(cut, wire(before))).toThrow(
      expect.objectContaining({
        message: `GET ${PATH}: not JSON`,
        upstreamBody: expect.stringMatching(/^\{"version":"1\.3\.0"/),
      }),
    );
  });

  it('parses every topic again within five minutes, so a change its digest missed does not stay hidden', () => {
    const after = recorded();
    after.topics[1]!.depth = 3;
    // as if the previous body's digests had collided with these: every topic taken as unchanged
    let digests = readPollStats('n:4151', PATH, wire(after), null, at(10_000)).digests!;
    const hiddenUntil: number[] = [];
    for (let t = 12_000; t <= 10_000 + 2 * FULL_READ_EVERY_MS; t += 2000) {
      const r = readPollStats('n:4151', PATH, wire(after), digests, at(t));
      if (r.topics[1]) {
        expect(r.topics[1].depth).toBe(3);
        expect(r.topics.every((topic) => topic !== null)).toBe(true);
        hiddenUntil.push(t);
      }
      digests = r.digests!;
    }
    expect(hiddenUntil.length).toBeGreaterThan(0);
    expect(hiddenUntil[0]! - 10_000).toBeLessThanOrEqual(FULL_READ_EVERY_MS);
    // and again a period later: the bound holds for every change, not only the first
    expect(hiddenUntil.slice(1).map((t, i) => t - hiddenUntil[i]!)).toEqual([FULL_READ_EVERY_MS]);
  });
});

describe('what no nsqd can report', () => {
  it('a negative, fractional or too large count is a parse error naming the field, whole or in part', () => {
    const cases: [string, (s: Stats) => void][] = [
      ['topics.3.depth', (s) => (s.topics[3]!.depth = -12)],
      ['topics.3.message_count', (s) => (s.topics[3]!.message_count = -370)],
      ['topics.3.channels.0.client_count', (s) => (s.topics[3]!.channels![0]!.client_count = -1)],
      ['topics.0.channels.0.in_flight_count', (s) => (s.topics[0]!.channels![0]!.in_flight_count = 1.5)],
      ['topics.1.backend_depth', (s) => (s.topics[1]!.backend_depth = 2 ** 53)],
    ];
    for (const [where, lie] of cases) {
      const bad = recorded();
      lie(bad);
      const atField = new RegExp(`unexpected JSON at ${where.replaceAll('.', '\\.')}: `);
      expect(() => read(wire(bad), null), where).toThrow(atField);
      // only the changed topics are parsed against the previous body: they are checked all the same
      expect(() => read(wire(bad), wire(recorded())), where).toThrow(atField);
    }
  });

  it('drops topics and channels whose names break NSQ’s rule, and reads the next body against what was kept', () => {
    const before = recorded();
    before.topics.splice(1, 0, { ...before.topics[1]!, topic_name: '../../etc' });
    before.topics[4]!.channels!.push({ ...before.topics[4]!.channels![0]!, channel_name: '<b>x</b>' });
    const first = read(wire(before), null);
    expect(names(first.topics)).toEqual(['clicks', 'empty', 'heartbeats#ephemeral', 'orders']);
    expect(first.topics[3]?.channels?.map((c) => c.channel_name)).toEqual(['billing', 'shipping']);
    expect(first.digests?.length.length).toBe(4);

    const after = structuredClone(before);
    after.topics[2]!.depth = 9;
    const next = readPollStats('n:4151', PATH, wire(after), first.digests, at(12_000));
    // clicks is the same; the topics after the dropped one moved, so they are parsed, with their names checked
    expect(names(next.topics)).toEqual([null, 'empty', 'heartbeats#ephemeral', 'orders']);
    expect(next.topics[1]?.depth).toBe(9);
    expect(next.topics[3]?.channels?.map((c) => c.channel_name)).toEqual(['billing', 'shipping']);
  });

  it(`more than ${MAX_TOPICS_PER_NODE} topics or ${MAX_CHANNELS_PER_NODE} channels on one node is an error on that node`, () => {
    const template = recorded().topics[1]!;
    const many = (n: number) => ({
      ...recorded(),
      topics: Array.from({ length: n }, (_, i) => ({ ...template, topic_name: `t${i}` })),
    });
    expect(read(wire(many(MAX_TOPICS_PER_NODE)), null).topics).toHaveLength(MAX_TOPICS_PER_NODE);
    expect(() => read(wire(many(MAX_TOPICS_PER_NODE + 1)), null)).toThrow(`more than ${MAX_TOPICS_PER_NODE} topics`);

    const channel = recorded().topics[3]!.channels![0]!;
    const perTopic = MAX_CHANNELS_PER_NODE / 10;
    const wide = (extra: number) => ({
      ...recorded(),
      topics: Array.from({ length: 10 }, (_, i) => ({
        ...template,
        topic_name: `t${i}`,
        channels: Array.from({ length: perTopic + (i === 0 ? extra : 0) }, (_, j) => ({
          ...channel,
          channel_name: `c${j}`,
        })),
      })),
    });
    const ok = read(wire(wide(0)), null);
    expect(ok.topics).toHaveLength(10);
    expect(() => read(wire(wide(1)), null)).toThrow(`more than ${MAX_CHANNELS_PER_NODE} channels`);
    // a channel added to a topic when the others are unchanged counts them too
    expect(() => readPollStats('n:4151', PATH, wire(wide(1)), ok.digests, at(12_000))).toThrow(
      `more than ${MAX_CHANNELS_PER_NODE} channels`,
    );
    // bodies of 100,000 channels take seconds to build and parse on a busy machine
  }, 30_000);
});

describe("the nodes' full reads", () => {
  it('come once a period for each node, spread over the period rather than all in one poll', () => {
    const nodes = Array.from({ length: 50 }, (_, i) => `10.0.${i >> 4}.${i & 15}:4151`);
    const perPoll = new Map<number, number>();
    for (const node of nodes) {
      let last = 0;
      let count = 0;
      for (let t = 2000; t <= FULL_READ_EVERY_MS; t += 2000) {
        if (!fullReadDue(node, last, t, FULL_READ_EVERY_MS)) continue;
        last = t;
        count++;
        perPoll.set(t, (perPoll.get(t) ?? 0) + 1);
      }
      expect(count).toBe(1);
    }
    expect(Math.max(...perPoll.values())).toBeLessThanOrEqual(3);
  });
});
