import 'server-only';
// On-demand detail that the poll leaves out because it is costly at scale: the clients of one channel
// and the full /stats (clients and memory) of one node. Fetched only when a page asks, through a
// short cache shared by every viewer, so N viewers of a channel cost nsqd one request per TTL.
import { LRUCache } from 'lru-cache';
import { errorInfo, type NsqHttp, UpstreamError, type UpstreamErrorInfo } from '../nsq/http';
import { getNsqdStats, type StatsQuery } from '../nsq/nsqd';
import type { ClientStats, NsqdStats } from '../nsq/schemas';
import { sumChannel } from './aggregate';
import { channelWithNodes } from './node-rows';
import type { ChannelWithNodes, ClusterSnapshot, NodeSummary } from './types';

/** Long enough to absorb a burst of viewers, short enough that a page refresh shows new clients. */
export const DETAIL_TTL_MS = 1000;

/**
 * How long an answer waits for a channel's clients from each node. The channel's numbers come from
 * the snapshot at once; a node that has hung since the last poll (its request would wait for
 * --http-client-request-timeout) costs the page only this, and its clients are shown as unavailable.
 */
export const CLIENTS_BUDGET_MS = 250;

/**
 * How long GET /api/nodes/:node waits for the node's full /stats (clients and memory) before it
 * answers from the snapshot: longer than for clients, since a large node's full /stats is large.
 */
export const NODE_BUDGET_MS = 1000;

/** The promise, or a 'timeout' UpstreamError once `ms` have passed; what it waits for goes on, into the cache. */
function within<T>(promise: Promise<T>, ms: number, node: string, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new UpstreamError({ kind: 'timeout', node, message: `${what}: no answer within ${ms} ms` })),
      ms,
    );
  });
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

export interface ClientRow extends ClientStats {
  node: string;
}

/** A client as the client table shows it, whichever page: the node page's (nsqadmin's shape) have no state. */
export type ClientListing = Omit<ClientRow, 'state'>;

export interface ChannelDetail {
  channel: ChannelWithNodes;
  clients: ClientRow[];
  /** nodes the last poll could not read, which may have the channel */
  errors: UpstreamErrorInfo[];
  /** nodes in the channel's rows whose clients are not in `clients`, with why */
  clients_unavailable: UpstreamErrorInfo[];
}

/** Upper bound on what the cache holds, estimated from what the bodies contain. */
const DETAIL_CACHE_BYTES = 128 * 1024 * 1024;

/** Roughly what a parsed /stats body costs: clients dominate (about 600 bytes each as objects). */
function estimateBytes(stats: NsqdStats): number {
  let channels = 0;
  let clients = 0;
  for (const t of stats.topics) {
    channels += t.channels.length;
    for (const c of t.channels) clients += c.clients?.length ?? 0;
  }
  return 1024 + 300 * (stats.topics.length + channels) + 600 * clients;
}

interface FetchContext {
  address: string;
  query: StatsQuery;
}

export class DetailFetcher {
  private readonly cache: LRUCache<string, NsqdStats, FetchContext>;

  constructor(http: NsqHttp, ttlMs = DETAIL_TTL_MS) {
    this.cache = new LRUCache<string, NsqdStats, FetchContext>({
      ttl: ttlMs,
      // Bodies with thousands of clients are large, so the cache is bounded by an estimate of
      // their size rather than by a count of entries.
      maxSize: DETAIL_CACHE_BYTES,
      sizeCalculation: estimateBytes,
      fetchMethod: (_key, _stale, { context }) => getNsqdStats(http, context.address, context.query),
    });
  }

  /** After an action: the next page view must not see the state from before it. */
  clear(): void {
    this.cache.clear();
  }

  private async stats(address: string, query: StatsQuery): Promise<NsqdStats> {
    const key = JSON.stringify([address, query]);
    const stats = await this.cache.fetch(key, { context: { address, query } });
    if (!stats) throw new UpstreamError({ kind: 'network', node: address, message: 'no answer' });
    return stats;
  }

  /** The full /stats of one node, with clients and memory, within NODE_BUDGET_MS. */
  node(node: NodeSummary): Promise<NsqdStats> {
    return within(
      this.stats(node.address, { includeClients: true, includeMem: true }),
      NODE_BUDGET_MS,
      node.address,
      'clients and memory',
    );
  }

  /**
   * One channel on every node the last poll saw it on, with clients; null when no node has it. The
   * numbers are the snapshot's; only the clients are asked of each node, within CLIENTS_BUDGET_MS.
   */
  async channel(snap: ClusterSnapshot, topic: string, channel: string): Promise<ChannelDetail | null> {
    const t = snap.topics.find((x) => x.topic_name === topic);
    if (!t) return null;
    const byNode = new Map(snap.nodes.map((n) => [n.node, n]));
    // Nodes that were down at the last poll are not waited for again; their error is reported.
    const down = t.unavailable_nodes.flatMap((id) => byNode.get(id)?.error ?? []);
    // Only channels the last poll saw are fetched, so made-up names cost nsqd nothing.
    const known = t.channels.find((c) => c.channel_name === channel);
    if (!known)
      return down.length > 0
        ? {
            channel: { ...sumChannel(topic, channel, [], []), nodes: [] },
            clients: [],
            errors: down,
            clients_unavailable: [],
          }
        : null;
    const withNodes = channelWithNodes(snap, known);
    // the poll saw the channel on these nodes, so each answered it: they are up
    const nodes = withNodes.nodes.flatMap((r) => byNode.get(r.node) ?? []);
    const answers = await Promise.allSettled(
      nodes.map((n) =>
        within(
          this.stats(n.address, { topic, channel, includeClients: true, includeMem: false }),
          CLIENTS_BUDGET_MS,
          n.address,
          'clients',
        ),
      ),
    );
    const clients: ClientRow[] = [];
    const unavailable: UpstreamErrorInfo[] = [];
    answers.forEach((a, i) => {
      const n = nodes[i] as NodeSummary;
      if (a.status === 'rejected') {
        unavailable.push(errorInfo(a.reason, n.address));
        return;
      }
      const c = a.value.topics[0]?.channels.find((x) => x.channel_name === channel);
      for (const client of c?.clients ?? []) clients.push({ ...client, node: n.node });
    });
    clients.sort((a, b) => a.hostname.localeCompare(b.hostname) || a.remote_address.localeCompare(b.remote_address));
    return { channel: withNodes, clients, errors: down, clients_unavailable: unavailable };
  }
}
