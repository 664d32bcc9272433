import { describe, expect, it } from 'vitest';
import { fixture, fixtureText } from '../../test/fixtures';
import { checkBody } from './http';
import { readPollStats } from './poll-stats';
import { type NsqdStatsSummary, nsqdPollStatsSchema } from './schemas';

const PATH = '/stats?format=json&include_clients=false&include_mem=false';
type Stats = NsqdStatsSummary & { topics: NonNullable<NsqdStatsSummary['topics']> };
/** recorded from nsqd 1.3.0: clicks, empty, heartbeats#ephemeral, orders */
const recorded = () => fixture<Stats>('nsqd-stats-no-clients.json');
/** as nsqd sends it: Go's encoding/json writes compact JSON, in the recorded field order */
const wire = (stats: unknown) => Buffer.from(JSON.stringify(stats));
const read = (body: Buffer, previous: Buffer | null) =>
  readPollStats('n:4151', PATH, body, previous && readPollStats('n:4151', PATH, previous, null).digests);
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
    expect(() => read(cut, wire(before))).toThrow(/: not JSON: \{"version":"1\.3\.0"/);
  });
});
