import { describe, expect, it } from 'vitest';
import { fixture, fixtureText } from '../../test/fixtures';
import { checkBody, decodeBody } from './decode';
import { UpstreamError, upstreamUrl } from './http';
import {
  lookupdChannelsSchema,
  lookupdInfoSchema,
  lookupdLookupSchema,
  lookupdNodesSchema,
  lookupdTopicsSchema,
  nsqdInfoSchema,
  nsqdPollStatsSchema,
  nsqdStatsSchema,
} from './schemas';

const decode = <S extends Parameters<typeof decodeBody>[3]>(file: string, schema: S) =>
  decodeBody('127.0.0.1:4151', '/x', fixtureText(file), schema);

describe('schemas parse what real NSQ 1.3.0 sends', () => {
  it('nsqd /stats with clients and memory', () => {
    const stats = decode('nsqd-stats.json', nsqdStatsSchema);
    expect(stats.version).toBe('1.3.0');
    expect(stats.health).toBe('OK');
    expect(stats.memory?.heap_objects).toBeGreaterThan(0);
    const billing = stats.topics
      .find((t) => t.topic_name === 'orders')
      ?.channels.find((c) => c.channel_name === 'billing');
    expect(billing).toMatchObject({
      depth: 10,
      in_flight_count: 3,
      deferred_count: 1,
      message_count: 16,
      client_count: 2,
    });
    expect(billing?.clients?.map((c) => c.client_id).sort()).toEqual(['billing-worker-1', 'billing-worker-2']);
    expect(stats.producers?.some((p) => p.pub_counts?.length)).toBe(true);
  });

  it('nsqd /stats without clients or memory, with #ephemeral names and a paused channel', () => {
    const stats = decode('nsqd-stats-no-clients.json', nsqdStatsSchema);
    expect(stats.memory).toBeUndefined();
    expect(stats.topics.map((t) => t.topic_name)).toContain('heartbeats#ephemeral');
    const clicks = stats.topics.find((t) => t.topic_name === 'clicks');
    expect(clicks?.channels[0]).toMatchObject({ channel_name: 'tail#ephemeral', clients: null, client_count: 1 });
    const shipping = stats.topics
      .find((t) => t.topic_name === 'orders')
      ?.channels.find((c) => c.channel_name === 'shipping');
    expect(shipping?.paused).toBe(true);
    expect(stats.topics.find((t) => t.topic_name === 'empty')?.channels).toEqual([]);
  });

  it('nsqd /stats with e2e processing latency percentiles', () => {
    const stats = decode('nsqd-stats-e2e.json', nsqdStatsSchema);
    const e2e = stats.topics[0]?.channels[0]?.e2e_processing_latency;
    expect(e2e?.count).toBe(100);
    expect(e2e?.percentiles?.map((p) => p.quantile)).toEqual([0.99, 0.5]);
    expect(e2e?.percentiles?.every((p) => p.value > 0)).toBe(true);
  });

  it('nsqd /stats?topic= of an unknown topic (topics: null) as no topics', () => {
    expect(decode('nsqd-stats-unknown-topic.json', nsqdStatsSchema).topics).toEqual([]);
  });

  it('nsqd /info and every nsqlookupd answer', () => {
    expect(decode('nsqd-info.json', nsqdInfoSchema).broadcast_address).toBe('127.0.0.1');
    const nodes = decode('lookupd-nodes.json', lookupdNodesSchema);
    expect(nodes.producers).toHaveLength(2);
    for (const p of nodes.producers) expect(p.tombstones).toHaveLength(p.topics.length);
    expect(decode('lookupd-topics.json', lookupdTopicsSchema).topics).toContain('orders');
    expect(decode('lookupd-channels.json', lookupdChannelsSchema).channels).toContain('billing');
    expect(decode('lookupd-lookup.json', lookupdLookupSchema).producers.length).toBeGreaterThan(0);
    expect(decode('lookupd-info.json', lookupdInfoSchema).version).toBe('1.3.0');
  });
});

describe('decodeBody', () => {
  const stats = fixture('nsqd-stats-no-clients.json');

  it('unwraps the pre-1.0 {status_code, status_txt, data} envelope', () => {
    const wrapped = JSON.stringify({ status_code: 200, status_txt: 'OK', data: stats });
    expect(decodeBody('n:1', '/stats', wrapped, nsqdStatsSchema).topics.length).toBeGreaterThan(0);
    const failed = JSON.stringify({ status_code: 500, status_txt: 'INTERNAL_ERROR', data: null });
    expect(() => decodeBody('n:1', '/stats', failed, nsqdStatsSchema)).toThrow(
      expect.objectContaining({
        kind: 'http',
        status: 500,
        node: 'n:1',
        message: 'GET /stats: status_code 500',
        upstreamBody: 'INTERNAL_ERROR',
      }),
    );
  });

  it('fails with a typed parse error naming the node and the field', () => {
    const err = (() => {
      try {
        decodeBody('n:1', '/stats', JSON.stringify({ ...(stats as object), health: 42 }), nsqdStatsSchema);
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(UpstreamError);
    expect((err as UpstreamError).toJSON()).toEqual({
      kind: 'parse',
      node: 'n:1',
      message: 'GET /stats: unexpected JSON at health: Invalid input: expected string, received number',
    });
    // what the node answered is kept apart from the message, for callers who may see it
    const notJson = (() => {
      try {
        decodeBody('n:1', '/stats', '<html>502 Bad Gateway</html>', nsqdStatsSchema);
      } catch (e) {
        return (e as UpstreamError).toJSON();
      }
    })();
    expect(notJson).toEqual({
      kind: 'parse',
      node: 'n:1',
      message: 'GET /stats: not JSON',
      upstream_body: '<html>502 Bad Gateway</html>',
    });
  });
});

describe('checkBody (the poller: checked in place, not copied)', () => {
  const text = fixtureText('nsqd-stats-e2e.json');

  it('returns the parsed JSON itself, with every checked field as nsqd sent it', () => {
    const stats = checkBody('n:1', '/stats', text, nsqdPollStatsSchema);
    expect(stats).toEqual(JSON.parse(text));
    // memory and producers are not in the poll schema: a parsed copy would have dropped them
    expect(Object.keys(stats)).toEqual(expect.arrayContaining(['memory', 'producers']));
    expect(stats.topics?.[0]?.channels?.[0]?.e2e_processing_latency?.percentiles?.map((p) => p.quantile)).toEqual([
      0.99, 0.5,
    ]);
  });

  it('fails as decodeBody does, naming the node and the deepest field that is wrong', () => {
    const body = JSON.parse(text) as { topics: { channels: { depth: unknown }[] }[] };
    body.topics[0]!.channels[0]!.depth = '12';
    expect(() => checkBody('n:1', '/stats', JSON.stringify(body), nsqdPollStatsSchema)).toThrow(
      expect.objectContaining({
        kind: 'parse',
        node: 'n:1',
        message:
          'GET /stats: unexpected JSON at topics.0.channels.0.depth: Invalid input: expected number, received string',
      }),
    );
    const failed = JSON.stringify({ status_code: 500, status_txt: 'INTERNAL_ERROR', data: null });
    expect(() => checkBody('n:1', '/stats', failed, nsqdPollStatsSchema)).toThrow(
      expect.objectContaining({ kind: 'http', status: 500 }),
    );
  });
});

describe('upstreamUrl', () => {
  it('builds the URL of a host:port address', () => {
    expect(upstreamUrl('127.0.0.1:4151', '/stats?format=json').href).toBe('http://127.0.0.1:4151/stats?format=json');
    expect(upstreamUrl('[::1]:4151', '/ping').host).toBe('[::1]:4151');
    expect(upstreamUrl('nsqd-0.nsqd.svc:4151', '/ping').host).toBe('nsqd-0.nsqd.svc:4151');
  });

  it.each(['169.254.169.254/latest/meta-data#:4151', 'user@evil.example:4151', 'evil.example:4151?x=', 'a b:4151'])(
    'refuses an address that would reach elsewhere: %s',
    (node) => {
      expect(() => upstreamUrl(node, '/stats')).toThrow(expect.objectContaining({ kind: 'network', node }));
    },
  );
});
