// Pure helpers shared by the topic and channel pages: how a node, a percentile, a backlog and a
// down node read in a table. Safe for the browser; tested beside.
import { type DrainEstimate, estimateDrain } from '@/lib/cluster/drain';
import type { ChannelRates, E2eAggregate, NodeSummary, UpstreamErrorInfo } from '@/lib/cluster/types';
import { formatCount, formatNanos, formatSeconds } from '@/lib/format';

/** "host:port" and "[v6]:port" split at the last colon; no colon gives an empty port. */
export function splitHostPort(addr: string): { host: string; port: string } {
  const i = addr.lastIndexOf(':');
  if (i < 0) return { host: addr, port: '' };
  return { host: addr.slice(0, i), port: addr.slice(i + 1) };
}

/**
 * nsqadmin's NSQd Host: "hostname:http_port", plus the node id (broadcast_address:http_port) when the
 * hostname is not the broadcast address.
 */
export function nodeHostLabel(node: string, hostname: string): { label: string; broadcast: string | null } {
  const { host, port } = splitHostPort(node);
  if (hostname === '') return { label: node, broadcast: null };
  const bare = host.replace(/^\[(.*)\]$/, '$1');
  const label = port ? `${hostname}:${port}` : hostname;
  return { label, broadcast: hostname === bare || hostname === host ? null : node };
}

/** The quantiles any of the rows reports, ascending: one column each. None when nsqd does not track e2e latency. */
export function percentileQuantiles(aggs: readonly E2eAggregate[]): number[] {
  const qs = new Set<number>();
  for (const a of aggs) for (const p of a.percentiles ?? []) qs.add(p.quantile);
  return [...qs].sort((a, b) => a - b);
}

/** One percentile cell: the value shown (nsqadmin shows the average for aggregates), min and max in the tooltip. */
export function percentileCell(e2e: E2eAggregate, q: number): { text: string; title: string } | null {
  const p = e2e.percentiles?.find((x) => x.quantile === q);
  // nsqd reports 0 for every quantile until a message has been finished in the window
  if (!p || p.count === 0) return null;
  return { text: formatNanos(p.value), title: `min ${formatNanos(p.min)}, max ${formatNanos(p.max)}` };
}

/** nsqadmin's "Memory + Disk" cell. */
export function memoryDisk(r: { memory_depth: number; backend_depth: number }): string {
  return `${formatCount(r.memory_depth)} + ${formatCount(r.backend_depth)}`;
}

export function channelDrain(c: { depth: number; rates: ChannelRates }): DrainEstimate {
  return estimateDrain(c.depth, c.rates.consume_rate, c.rates.message_rate);
}

export function drainLabel(e: DrainEstimate): string {
  if (e.state === 'draining') return `draining in ${formatSeconds(e.seconds)}`;
  if (e.state === 'not-draining') return 'not draining';
  return '—';
}

/** The channel whose backlog will take longest to clear: a growing backlog first, then the slowest drain. */
export function worstDrain<C extends { channel_name: string; depth: number; rates: ChannelRates }>(
  channels: readonly C[],
): { channel: string; estimate: DrainEstimate } | null {
  const rank = (e: DrainEstimate) =>
    e.state === 'not-draining'
      ? Number.POSITIVE_INFINITY
      : e.state === 'draining'
        ? e.seconds
        : e.state === 'unknown'
          ? -1
          : -2;
  let worst: { channel: string; estimate: DrainEstimate; r: number; depth: number } | null = null;
  for (const c of channels) {
    const estimate = channelDrain(c);
    const r = rank(estimate);
    if (r === -2) continue;
    if (!worst || r > worst.r || (r === worst.r && c.depth > worst.depth))
      worst = { channel: c.channel_name, estimate, r, depth: c.depth };
  }
  return worst ? { channel: worst.channel, estimate: worst.estimate } : null;
}

export interface DownNode {
  node: string;
  hostname: string;
  message: string;
  /** some nsqlookupd still lists the node (lookupd forgets an nsqd whose connection to it closed) */
  listed: boolean;
}

const NO_ANSWER = 'did not answer the last poll';

/** Whether some nsqlookupd lists the node: what a tombstone needs of a node that is down. */
export const listedByLookupd = (n: Pick<NodeSummary, 'lookupds'> | undefined) => (n?.lookupds.length ?? 0) > 0;

/** Nodes known to have the topic that did not answer, with their error from the cluster snapshot. */
export function downNodes(
  ids: readonly string[],
  nodes: readonly Omit<NodeSummary, 'topics'>[] | undefined,
): DownNode[] {
  return ids.map((id) => {
    const n = nodes?.find((x) => x.node === id);
    return {
      node: id,
      hostname: n?.hostname ?? '',
      message: n?.error?.message ?? NO_ANSWER,
      listed: listedByLookupd(n),
    };
  });
}

/** Upstream errors (named by the address contacted) as down nodes (named by node id), one per node. */
export function downNodesFromErrors(
  errors: readonly UpstreamErrorInfo[],
  nodes: readonly Omit<NodeSummary, 'topics'>[] | undefined,
): DownNode[] {
  const out = new Map<string, DownNode>();
  for (const e of errors) {
    const n = nodes?.find((x) => x.address === e.node || x.node === e.node);
    const id = n?.node ?? e.node;
    if (!out.has(id))
      out.set(id, {
        node: id,
        hostname: n?.hostname ?? '',
        message: e.message || NO_ANSWER,
        listed: listedByLookupd(n),
      });
  }
  return [...out.values()];
}

/** Route params arrive URL-encoded ("tail%23ephemeral"); a malformed escape is kept as typed. */
export function decodeParam(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

const SUMMED = [
  'depth',
  'memory_depth',
  'backend_depth',
  'in_flight_count',
  'deferred_count',
  'requeue_count',
  'timeout_count',
  'message_count',
  'client_count',
] as const;
type Summed = (typeof SUMMED)[number];

/** The Total row of the channel table: counts summed; a rate only when every channel's is known. */
export function channelTotals(
  channels: readonly (Record<Summed, number> & { rates: Pick<ChannelRates, 'message_rate' | 'consume_rate'> })[],
): Record<Summed, number> & { message_rate: number | null; consume_rate: number | null } {
  const out = Object.fromEntries(SUMMED.map((k) => [k, channels.reduce((acc, c) => acc + c[k], 0)])) as Record<
    Summed,
    number
  >;
  const rate = (k: 'message_rate' | 'consume_rate') =>
    channels.some((c) => c.rates[k] === null) ? null : channels.reduce((acc, c) => acc + (c.rates[k] ?? 0), 0);
  return { ...out, message_rate: rate('message_rate'), consume_rate: rate('consume_rate') };
}

/** More per-channel charts than this cost more requests than they are worth reading. */
export const MAX_CHANNEL_CHARTS = 8;

/** The channels worth a chart: the deepest first, ties by name so the order holds still. */
export function chartedChannels(
  topic: { channels: readonly { channel_name: string; depth: number }[] },
  max = MAX_CHANNEL_CHARTS,
): string[] {
  return [...topic.channels]
    .sort((a, b) => b.depth - a.depth || a.channel_name.localeCompare(b.channel_name))
    .slice(0, max)
    .map((c) => c.channel_name);
}
