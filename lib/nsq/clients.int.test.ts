// The upstream clients against real nsqd and nsqlookupd 1.3.0, including their failures.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, type NsqCluster, startCluster } from '../../scripts/nsq-cluster';
import { publish } from '../../scripts/traffic';
import { post } from '../../test/http-json';
import { getJson } from './decode';
import { createNsqHttp, type NsqHttp, UpstreamError } from './http';
import {
  getLookupdChannels,
  getLookupdNodes,
  getLookupdTopics,
  getLookupdVersion,
  lookupTopic,
  pingLookupd,
} from './lookupd';
import { getNsqdInfo, getNsqdStats, pingNsqd } from './nsqd';
import { FULL_READ_EVERY_MS, readPollStats } from './poll-stats';
import { lookupdChannelsSchema } from './schemas';

let cluster: NsqCluster;
let http: NsqHttp;
const nsqd = () => cluster.nsqds[0]?.httpAddress as string;
const lookupd = () => cluster.lookupd.httpAddress;

beforeAll(async () => {
  cluster = await startCluster({ nsqdCount: 1 });
  http = createNsqHttp({ connectTimeoutMs: 1000, requestTimeoutMs: 2000 });
  await post(`http://${nsqd()}/topic/create?topic=events`);
  await post(`http://${nsqd()}/channel/create?topic=events&channel=archive`);
  await post(`http://${nsqd()}/topic/create?topic=other`);
  await publish(nsqd(), 'events', ['1', '2', '3']);
});

afterAll(async () => {
  await http?.close();
  await cluster?.stop();
});

describe('nsqd', () => {
  it('reads /stats, filtered to one topic and channel, with or without clients', async () => {
    const all = await getNsqdStats(http, nsqd());
    expect(all.topics.map((t) => t.topic_name)).toEqual(['events', 'other']);
    expect(all.memory).toBeUndefined();
    expect(all.topics[0]?.channels[0]?.clients).toBeNull();
    const one = await getNsqdStats(http, nsqd(), {
      topic: 'events',
      channel: 'archive',
      includeClients: true,
      includeMem: true,
    });
    expect(one.topics.map((t) => t.topic_name)).toEqual(['events']);
    expect(one.topics[0]?.channels[0]).toMatchObject({ channel_name: 'archive', depth: 3, clients: [] });
    expect(one.memory?.heap_objects).toBeGreaterThan(0);
    expect((await getNsqdStats(http, nsqd(), { topic: 'missing' })).topics).toEqual([]);
  });

  it('reads /info and /ping', async () => {
    expect(await getNsqdInfo(http, nsqd())).toMatchObject({ version: '1.3.0', broadcast_address: '127.0.0.1' });
    await expect(pingNsqd(http, nsqd())).resolves.toBeUndefined();
  });
});

describe('nsqlookupd', () => {
  it('reads /nodes, /topics, /channels, /lookup, /info and /ping', async () => {
    const nodes = await getLookupdNodes(http, lookupd());
    expect(nodes.producers.map((p) => `${p.broadcast_address}:${p.http_port}`)).toEqual([nsqd()]);
    expect((await getLookupdTopics(http, lookupd())).sort()).toEqual(['events', 'other']);
    expect(await getLookupdChannels(http, lookupd(), 'events')).toEqual(['archive']);
    const found = await lookupTopic(http, lookupd(), 'events');
    expect(found?.producers.map((p) => p.http_port)).toEqual([Number(nsqd().split(':')[1])]);
    expect(await lookupTopic(http, lookupd(), 'never-created')).toBeNull();
    expect(await getLookupdVersion(http, lookupd())).toBe('1.3.0');
    await expect(pingLookupd(http, lookupd())).resolves.toBeUndefined();
  });
});

describe('failures', () => {
  it('is a typed network error naming the node when nothing listens', async () => {
    const nowhere = `127.0.0.1:${await freePort()}`;
    const err = await getNsqdStats(http, nowhere).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UpstreamError);
    expect(err).toMatchObject({ kind: 'network', node: nowhere });
  });

  it('is a typed http error with the status for an error answer', async () => {
    const err = await getJson(http, lookupd(), '/channels', lookupdChannelsSchema).catch((e: unknown) => e);
    expect(err).toMatchObject({ kind: 'http', status: 400, node: lookupd() });
    expect((err as UpstreamError).upstreamBody).toContain('MISSING_ARG_TOPIC');
  });
});

describe("the poller's reading of /stats", () => {
  it('takes real nsqd bodies apart by topic, and parses only the topics that changed', async () => {
    const path = '/stats?format=json&include_clients=false&include_mem=false';
    await post(`http://${nsqd()}/topic/create?topic=quiet`);
    const first = readPollStats(nsqd(), path, await http.getBytes(nsqd(), path), null, {
      at: 10_000,
      fullReadEveryMs: FULL_READ_EVERY_MS,
    });
    expect(first.topics.map((t) => t?.topic_name)).toEqual(['events', 'other', 'quiet']);
    expect(first.digests?.length.length).toBe(3);
    await publish(nsqd(), 'events', ['4']);
    const second = readPollStats(nsqd(), path, await http.getBytes(nsqd(), path), first.digests, {
      at: 12_000,
      fullReadEveryMs: FULL_READ_EVERY_MS,
    });
    expect(second.topics.map((t) => t?.topic_name ?? null)).toEqual(['events', null, 'quiet']);
    expect(second.topics[0]).toMatchObject({ message_count: 4, channels: [{ channel_name: 'archive', depth: 4 }] });
  });

  it('reads a body longer than the last one from the same node whole, across many socket reads', async () => {
    const path = '/stats?format=json&include_clients=false&include_mem=false';
    const short = (await http.getBytes(nsqd(), path)).length;
    // about 150 bytes per topic: 1,000 topics make a body ten times the last one, read in many chunks
    for (let i = 0; i < 1000; i += 50) {
      await Promise.all(
        Array.from({ length: 50 }, (_, k) =>
          post(`http://${nsqd()}/topic/create?topic=grown-${String(i + k).padStart(4, '0')}`),
        ),
      );
    }
    const long = await http.getBytes(nsqd(), path);
    expect(long.length).toBeGreaterThan(10 * short);
    expect(long.toString()).toBe(await http.getText(nsqd(), path));
    expect(
      readPollStats(nsqd(), path, long, null, { at: 10_000, fullReadEveryMs: FULL_READ_EVERY_MS }).topics,
    ).toHaveLength(1003);
  });
});
