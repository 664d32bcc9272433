// Which nsqd a poll reads, from what every nsqlookupd answered (or, in nsqd mode, from the configured
// addresses and their /info). Pure: the previous poll's memory goes in and the next one comes out,
// so the rules (merging lookupds, departed nodes, reused registrations) are unit-tested with
// recorded JSON, apart from any I/O.
import type { UpstreamErrorInfo } from '../nsq/http';
import type { LookupdProducer, NsqdInfo } from '../nsq/schemas';
import { intern } from './intern';
import type { LookupdSummary, NodeIdentity, TopicRegistration } from './types';

/**
 * How long a node that every nsqlookupd stopped listing is still polled and shown. nsqlookupd forgets
 * an nsqd the moment its connection drops, so a crashed node would otherwise vanish without a trace;
 * a node removed on purpose disappears after this.
 */
export const DEPARTED_NODE_TTL_MS = 15 * 60_000;

/** A node to poll: who it is, and the topics lookupd has registered for it. */
export type PollTarget = NodeIdentity & { registrations: TopicRegistration[] };

/** One nsqlookupd's answers to /nodes, /topics and /info, or why there were none. */
export type LookupdAnswer =
  | {
      address: string;
      ok: true;
      producers: readonly LookupdProducer[];
      topics: readonly string[];
      version: string;
      latency_ms: number;
    }
  | { address: string; ok: false; error: UpstreamErrorInfo; latency_ms: number };

/** What discovery remembers between polls: every node a lookupd has listed, and when it last did. */
export type SeenNodes = ReadonlyMap<string, { identity: PollTarget; listedAt: number }>;

export interface Discovered {
  lookupds: LookupdSummary[];
  targets: PollTarget[];
  /** topic names registered in any nsqlookupd */
  lookupdTopics: string[];
}

/** nsqadmin's node name: broadcast_address:http_port, with IPv6 bracketed. */
export function nodeAddress(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

/**
 * The topics lookupd has registered for a node, by name: lookupd lists them in an order of its own
 * that changes from one answer to the next (a Go map's). `last` (the previous poll's list) when
 * lookupd lists the same ones, so what did not change is not made again each poll (50,000 objects at
 * 50 nodes) nor handed over again (handover.ts). lookupd pairs topics[i] with tombstones[i]; a short
 * tombstones array means not tombstoned.
 */
export function registrationsOf(p: LookupdProducer, last: TopicRegistration[] | undefined): TopicRegistration[] {
  const listed = p.topics
    .map((topic, i) => ({ topic, tombstoned: p.tombstones[i] ?? false }))
    .sort((a, b) => (a.topic < b.topic ? -1 : a.topic > b.topic ? 1 : 0));
  if (
    last?.length === listed.length &&
    last.every((r, i) => r.topic === listed[i]!.topic && r.tombstoned === listed[i]!.tombstoned)
  )
    return last;
  return listed.map((r) => ({ topic: intern(r.topic), tombstoned: r.tombstoned }));
}

function targetFromLookupd(node: string, lookupd: string, p: LookupdProducer, last?: PollTarget): PollTarget {
  return {
    node,
    address: node,
    hostname: p.hostname,
    broadcast_address: p.broadcast_address,
    tcp_port: p.tcp_port,
    http_port: p.http_port,
    version: p.version,
    lookupds: [lookupd],
    remote_addresses: [`${lookupd}/${p.remote_address}`],
    remote_address: p.remote_address,
    registrations: registrationsOf(p, last?.registrations),
  };
}

/**
 * The nodes to poll in lookupd mode: every node any lookupd lists, once, with the lookupds that list
 * it (the first one's registrations), and the nodes no lookupd lists any more for DEPARTED_NODE_TTL_MS
 * after the last listing, shown with no lookupd. While no lookupd answers, no node is taken to have
 * departed.
 */
export function discoverFromLookupds(
  answers: readonly LookupdAnswer[],
  seen: SeenNodes,
  now: number,
): Discovered & { seen: SeenNodes } {
  const lookupds: LookupdSummary[] = answers.map((a) => ({
    address: a.address,
    version: a.ok ? a.version : null,
    status: a.ok ? 'up' : 'down',
    latency_ms: a.latency_ms,
    error: a.ok ? null : a.error,
    node_count: a.ok ? a.producers.length : 0,
    topic_count: a.ok ? a.topics.length : 0,
  }));

  const byNode = new Map<string, PollTarget>();
  const lookupdTopics = new Set<string>();
  for (const a of answers) {
    if (!a.ok) continue;
    for (const t of a.topics) lookupdTopics.add(t);
    for (const p of a.producers) {
      const node = nodeAddress(p.broadcast_address, p.http_port);
      const listed = byNode.get(node);
      if (listed) {
        listed.lookupds.push(a.address);
        listed.remote_addresses.push(`${a.address}/${p.remote_address}`);
      } else byNode.set(node, targetFromLookupd(node, a.address, p, seen.get(node)?.identity));
    }
  }
  const next = new Map<string, { identity: PollTarget; listedAt: number }>();
  for (const [node, identity] of byNode) next.set(node, { identity, listedAt: now });
  const reachedAny = answers.some((a) => a.ok);
  for (const [node, last] of seen) {
    if (byNode.has(node) || (reachedAny && now - last.listedAt > DEPARTED_NODE_TTL_MS)) continue;
    next.set(node, last);
    byNode.set(node, { ...last.identity, lookupds: [], remote_addresses: [] });
  }
  return { lookupds, targets: [...byNode.values()], lookupdTopics: [...lookupdTopics], seen: next };
}

/** The nodes to poll in nsqd mode: the configured addresses, named by their /info where it answered. */
export function staticTargets(
  addresses: readonly string[],
  infos: ReadonlyMap<string, NsqdInfo>,
): Discovered & { targets: PollTarget[] } {
  const targets = addresses.map((address): PollTarget => {
    const info = infos.get(address);
    const [host = address, port = '0'] = address.split(/:(?=\d+$)/);
    return {
      node: info?.broadcast_address ? nodeAddress(info.broadcast_address, info.http_port) : address,
      address,
      hostname: info?.hostname || host,
      broadcast_address: info?.broadcast_address || host,
      tcp_port: info?.tcp_port ?? 0,
      http_port: info?.http_port ?? Number(port),
      version: info?.version ?? '',
      lookupds: [],
      remote_addresses: [],
      remote_address: '',
      registrations: [],
    };
  });
  return { lookupds: [], targets, lookupdTopics: [] };
}
