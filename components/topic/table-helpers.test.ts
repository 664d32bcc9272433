import { describe, expect, it } from 'vitest';
import type { ChannelRates, E2eAggregate, NodeSummary } from '@/lib/cluster/types';
import {
  channelTotals,
  chartedChannels,
  decodeParam,
  downNodes,
  downNodesFromErrors,
  drainLabel,
  memoryDisk,
  nodeHostLabel,
  percentileCell,
  percentileQuantiles,
  splitHostPort,
  worstDrain,
} from './table-helpers';

const rates = (consume: number | null, message: number | null): ChannelRates => ({
  message_rate: message,
  consume_rate: consume,
  requeue_rate: 0,
  timeout_rate: 0,
});

describe('splitHostPort and nodeHostLabel', () => {
  it('splits at the last colon, IPv6 included', () => {
    expect(splitHostPort('10.0.0.1:4151')).toEqual({ host: '10.0.0.1', port: '4151' });
    expect(splitHostPort('[::1]:4151')).toEqual({ host: '[::1]', port: '4151' });
    expect(splitHostPort('nohost')).toEqual({ host: 'nohost', port: '' });
  });
  it('shows hostname:port, with the node id only when the hostname is not the broadcast address', () => {
    expect(nodeHostLabel('10.0.0.1:4151', 'nsqd-1')).toEqual({ label: 'nsqd-1:4151', broadcast: '10.0.0.1:4151' });
    expect(nodeHostLabel('nsqd-1:4151', 'nsqd-1')).toEqual({ label: 'nsqd-1:4151', broadcast: null });
    expect(nodeHostLabel('[::1]:4151', '::1')).toEqual({ label: '::1:4151', broadcast: null });
    expect(nodeHostLabel('10.0.0.1:4151', '')).toEqual({ label: '10.0.0.1:4151', broadcast: null });
  });
});

describe('percentiles', () => {
  const agg = (qs: number[]): E2eAggregate => ({
    count: 10,
    percentiles: qs.map((q) => ({
      quantile: q,
      value: q * 1e6,
      min: q * 1e5,
      max: q * 1e7,
      average: q * 1e6,
      count: 10,
    })),
  });
  it('builds one column per quantile any row reports, ascending', () => {
    expect(percentileQuantiles([agg([0.99, 0.5]), { count: 0, percentiles: null }, agg([0.999])])).toEqual([
      0.5, 0.99, 0.999,
    ]);
    expect(percentileQuantiles([{ count: 0, percentiles: null }])).toEqual([]);
  });
  it('formats a cell with min and max in the tooltip, nothing for a missing quantile', () => {
    expect(percentileCell(agg([0.5]), 0.5)).toEqual({ text: '500us', title: 'min 50us, max 5ms' });
    expect(percentileCell(agg([0.5]), 0.99)).toBeNull();
    expect(percentileCell({ count: 0, percentiles: null }, 0.5)).toBeNull();
    const noSamples = agg([0.5]);
    const [p] = noSamples.percentiles ?? [];
    expect(percentileCell({ count: 0, percentiles: p ? [{ ...p, value: 0, count: 0 }] : null }, 0.5)).toBeNull();
  });
});

describe('memoryDisk and drain', () => {
  it('reads like nsqadmin', () => {
    expect(memoryDisk({ memory_depth: 1200, backend_depth: 3 })).toBe('1,200 + 3');
  });
  it('labels drain estimates', () => {
    expect(drainLabel({ state: 'draining', seconds: 303 })).toBe('draining in 5m 3s');
    expect(drainLabel({ state: 'not-draining' })).toBe('not draining');
    expect(drainLabel({ state: 'empty' })).toBe('—');
    expect(drainLabel({ state: 'unknown' })).toBe('—');
  });
  it('picks a growing backlog over the slowest drain, and ignores empty channels', () => {
    const chans = [
      { channel_name: 'a', depth: 100, rates: rates(20, 10) }, // 10 s
      { channel_name: 'b', depth: 100, rates: rates(11, 10) }, // 100 s
      { channel_name: 'c', depth: 0, rates: rates(0, 10) },
    ];
    expect(worstDrain(chans)).toEqual({ channel: 'b', estimate: { state: 'draining', seconds: 100 } });
    expect(worstDrain([...chans, { channel_name: 'd', depth: 5, rates: rates(0, 10) }])?.channel).toBe('d');
    expect(worstDrain([{ channel_name: 'c', depth: 0, rates: rates(0, 0) }])).toBeNull();
    expect(worstDrain([{ channel_name: 'e', depth: 3, rates: rates(null, null) }])).toEqual({
      channel: 'e',
      estimate: { state: 'unknown' },
    });
  });
});

describe('down nodes', () => {
  const node = (id: string, address: string, message: string | null, lookupds: string[] = []) =>
    ({
      node: id,
      address,
      hostname: `host-${id}`,
      lookupds,
      error: message ? { kind: 'network', node: address, message } : null,
    }) as NodeSummary;
  it('names each unavailable node with its error, or says it did not answer, and whether a lookupd still lists it', () => {
    expect(
      downNodes(
        ['a:1', 'b:1', 'c:1'],
        [node('a:1', 'a:1', 'ECONNREFUSED'), node('c:1', 'c:1', 'timed out', ['lookupd:4161'])],
      ),
    ).toEqual([
      { node: 'a:1', hostname: 'host-a:1', message: 'ECONNREFUSED', listed: false },
      { node: 'b:1', hostname: '', message: 'did not answer the last poll', listed: false },
      { node: 'c:1', hostname: 'host-c:1', message: 'timed out', listed: true },
    ]);
  });
  it('maps errors by contacted address to node ids, once per node', () => {
    const nodes = [node('10.0.0.1:4151', 'nsqd-1:4151', null)];
    const errs = [
      { kind: 'timeout' as const, node: 'nsqd-1:4151', message: 'timed out' },
      { kind: 'network' as const, node: 'nsqd-1:4151', message: 'again' },
      { kind: 'network' as const, node: 'other:4151', message: 'refused' },
    ];
    expect(downNodesFromErrors(errs, nodes)).toEqual([
      { node: '10.0.0.1:4151', hostname: 'host-10.0.0.1:4151', message: 'timed out', listed: false },
      { node: 'other:4151', hostname: '', message: 'refused', listed: false },
    ]);
  });
});

it('decodes route params, keeping a malformed one as typed', () => {
  expect(decodeParam('tail%23ephemeral')).toBe('tail#ephemeral');
  expect(decodeParam('bad%E0')).toBe('bad%E0');
});

it('sums the channel table, with a total rate only when every rate is known', () => {
  const c = (depth: number, r: ChannelRates) => ({
    depth,
    memory_depth: depth,
    backend_depth: 0,
    in_flight_count: 1,
    deferred_count: 2,
    requeue_count: 3,
    timeout_count: 4,
    message_count: 5,
    client_count: 6,
    rates: r,
  });
  const t = channelTotals([c(10, rates(1, 2)), c(5, rates(3, 4))]);
  expect(t).toEqual({
    depth: 15,
    memory_depth: 15,
    backend_depth: 0,
    in_flight_count: 2,
    deferred_count: 4,
    requeue_count: 6,
    timeout_count: 8,
    message_count: 10,
    client_count: 12,
    message_rate: 6,
    consume_rate: 4,
  });
  expect(channelTotals([c(1, rates(null, 2))]).consume_rate).toBeNull();
});

it('charts the deepest channels first, at most the cap', () => {
  const ch = (channel_name: string, depth: number) => ({ channel_name, depth });
  const topic = { channels: [ch('a', 1), ch('b', 50), ch('c', 0), ch('d', 50), ch('e', 7)] };
  expect(chartedChannels(topic, 3)).toEqual(['b', 'd', 'e']);
  expect(chartedChannels(topic)).toHaveLength(5);
});
