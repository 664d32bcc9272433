// Discovery from nsqlookupd answers recorded from a real cluster (lib/nsq/__fixtures__).
import { describe, expect, it } from 'vitest';
import nodesJson from '../nsq/__fixtures__/lookupd-nodes.json';
import topicsJson from '../nsq/__fixtures__/lookupd-topics.json';
import infoJson from '../nsq/__fixtures__/nsqd-info.json';
import { lookupdNodesSchema, lookupdTopicsSchema, nsqdInfoSchema } from '../nsq/schemas';
import {
  DEPARTED_NODE_TTL_MS,
  discoverFromLookupds,
  type LookupdAnswer,
  nodeAddress,
  registrationsOf,
  staticTargets,
} from './discovery';

const producers = lookupdNodesSchema.parse(nodesJson).producers;
const topics = lookupdTopicsSchema.parse(topicsJson).topics;
const answer = (address: string, list = producers): LookupdAnswer => ({
  address,
  ok: true,
  producers: list,
  topics,
  version: '1.3.0',
  latency_ms: 3,
});
const down = (address: string): LookupdAnswer => ({
  address,
  ok: false,
  error: { kind: 'network', node: address, message: 'connect ECONNREFUSED' },
  latency_ms: 1,
});

describe('discoverFromLookupds', () => {
  it('lists every node once, with every lookupd that lists it', () => {
    const found = discoverFromLookupds([answer('l1:4161'), answer('l2:4161')], new Map(), 0);
    expect(found.targets.map((t) => t.node)).toEqual(['127.0.0.1:41693', '127.0.0.1:36893']);
    expect(found.targets[0]!.lookupds).toEqual(['l1:4161', 'l2:4161']);
    expect(found.targets[0]!.remote_addresses).toEqual(['l1:4161/127.0.0.1:47162', 'l2:4161/127.0.0.1:47162']);
    expect(found.targets[1]!.registrations.map((r) => r.topic)).toEqual(['orders', 'payments']);
    expect(found.lookupds.map((l) => [l.status, l.node_count, l.topic_count])).toEqual([
      ['up', 2, 6],
      ['up', 2, 6],
    ]);
    expect(new Set(found.lookupdTopics)).toEqual(new Set(topics));
  });

  it('keeps a node no lookupd lists any more, without lookupds, until the TTL passes', () => {
    const first = discoverFromLookupds([answer('l1:4161')], new Map(), 0);
    const later = discoverFromLookupds([answer('l1:4161', producers.slice(0, 1))], first.seen, 60_000);
    const departed = later.targets.find((t) => t.node === '127.0.0.1:36893');
    expect(departed?.lookupds).toEqual([]);
    expect(departed?.registrations.map((r) => r.topic)).toEqual(['orders', 'payments']);
    const gone = discoverFromLookupds([answer('l1:4161', producers.slice(0, 1))], later.seen, DEPARTED_NODE_TTL_MS + 1);
    expect(gone.targets.map((t) => t.node)).toEqual(['127.0.0.1:41693']);
  });

  it('takes no node to have departed while no lookupd answers', () => {
    const first = discoverFromLookupds([answer('l1:4161')], new Map(), 0);
    const dark = discoverFromLookupds([down('l1:4161')], first.seen, DEPARTED_NODE_TTL_MS * 2);
    expect(dark.targets).toHaveLength(2);
    expect(dark.lookupds[0]).toMatchObject({ status: 'down', node_count: 0, version: null });
  });

  it('keeps the previous registrations when lookupd lists the same topics, and makes new ones when not', () => {
    const first = discoverFromLookupds([answer('l1:4161')], new Map(), 0);
    const again = discoverFromLookupds([answer('l1:4161')], first.seen, 2000);
    expect(again.targets[0]!.registrations).toBe(first.targets[0]!.registrations);
    // lookupd lists a node's topics in another order from one answer to the next
    const p = producers[0]!;
    const shuffled = { ...p, topics: [...p.topics].reverse(), tombstones: [...p.tombstones].reverse() };
    expect(registrationsOf(shuffled, first.targets[0]!.registrations)).toBe(first.targets[0]!.registrations);
    const tombstoned = { ...p, tombstones: [false, true, false, false] };
    const changed = registrationsOf(tombstoned, first.targets[0]!.registrations);
    expect(changed).not.toBe(first.targets[0]!.registrations);
    expect(changed.find((r) => r.topic === 'empty')).toEqual({ topic: 'empty', tombstoned: true });
  });
});

describe('staticTargets', () => {
  it('names a node by its /info, and by its configured address until /info answers', () => {
    const info = nsqdInfoSchema.parse(infoJson);
    const named = staticTargets(['10.0.0.1:4151', '10.0.0.2:4151'], new Map([['10.0.0.1:4151', info]]));
    expect(named.targets[0]).toMatchObject({
      node: nodeAddress(info.broadcast_address, info.http_port),
      address: '10.0.0.1:4151',
      hostname: info.hostname,
    });
    expect(named.targets[1]).toMatchObject({ node: '10.0.0.2:4151', hostname: '10.0.0.2', http_port: 4151 });
  });
});

describe('nodeAddress', () => {
  it('brackets IPv6 hosts as nsqadmin does', () => {
    expect(nodeAddress('::1', 4151)).toBe('[::1]:4151');
    expect(nodeAddress('nsqd-1', 4151)).toBe('nsqd-1:4151');
  });
});
