// Builds poll results around stats recorded from real nsqd, for tests of the pure cluster functions.

import { type NodeObservation, observeNode, type PollResult } from '../lib/cluster/snapshot';
import type { UpstreamErrorInfo } from '../lib/nsq/http';
import { type NsqdStats, nsqdStatsSchema } from '../lib/nsq/schemas';
import { fixture } from './fixtures';

export const recordedStats = (file = 'nsqd-stats-no-clients.json'): NsqdStats => nsqdStatsSchema.parse(fixture(file));

export function upNode(node: string, stats: NsqdStats, extra: Partial<NodeObservation> = {}): NodeObservation {
  const [host = '', port = '0'] = node.split(':');
  const hostname = extra.hostname ?? `host-${port}`;
  return {
    node,
    address: node,
    hostname,
    broadcast_address: host,
    tcp_port: Number(port) - 1,
    http_port: Number(port),
    version: stats.version,
    lookupds: ['127.0.0.1:4161'],
    remote_addresses: [`127.0.0.1:4161/${host}:50000`],
    remote_address: `${host}:50000`,
    registrations: stats.topics.map((t) => ({ topic: t.topic_name, tombstoned: false })),
    known_topics: stats.topics.map((t) => t.topic_name),
    last_ok_at: 1000,
    result: { ok: true, observed: observeNode(node, hostname, stats, undefined, 1000), latency_ms: 3, started_at: 997 },
    ...extra,
  };
}

export function downNode(node: string, knownTopics: string[], error: Partial<UpstreamErrorInfo> = {}): NodeObservation {
  const base = upNode(node, recordedStats());
  return {
    ...base,
    registrations: knownTopics.map((topic) => ({ topic, tombstoned: false })),
    known_topics: knownTopics,
    last_ok_at: null,
    result: {
      ok: false,
      latency_ms: 1,
      started_at: 999,
      error: { kind: 'network', node, message: 'ECONNREFUSED connect ECONNREFUSED', ...error },
    },
  };
}

export function poll(nodes: NodeObservation[], extra: Partial<PollResult> = {}): PollResult {
  return {
    seq: 1,
    taken_at: 1000,
    poll_duration_ms: 5,
    poll_interval_ms: 2000,
    configured_poll_interval_ms: 2000,
    poll_work_ms: 1,
    mode: 'lookupd',
    lookupds: [
      {
        address: '127.0.0.1:4161',
        version: '1.3.0',
        status: 'up',
        latency_ms: 1,
        error: null,
        node_count: nodes.length,
        topic_count: 0,
      },
    ],
    nodes,
    lookupd_topics: [],
    ...extra,
  };
}
