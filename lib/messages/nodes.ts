import 'server-only';
// Where and how the message tools connect: nodes the topology knows (never an address from a
// request), up at the last poll, one nsqjs reader per node. nsqd's TCP port is on the host this
// console reaches its HTTP port at.
import { channelNodes, topicNodes } from '../cluster/node-rows';
import type { ClusterSnapshot, NodeIdentity, NodeSummary } from '../cluster/types';
import { closeReader, type NsqjsReader, type NsqjsReaderOptions, nsqjs } from '../nsq/nsqjs';

/** How long a node has to accept a subscription. */
export const SUBSCRIBE_MS = 5_000;

const upNodes = (snap: ClusterSnapshot, ids: readonly string[]): NodeSummary[] => {
  const wanted = new Set(ids);
  return snap.nodes.filter((n) => n.status === 'up' && wanted.has(n.node));
};

/** The up nodes that have the topic; null when no node has it. */
export function producersOf(snap: ClusterSnapshot, topic: string): NodeSummary[] | null {
  if (!snap.topics.some((t) => t.topic_name === topic)) return null;
  return upNodes(snap, topicNodes(snap, topic));
}

/** The up nodes that have the channel; null when no node has it. */
export function channelHolders(snap: ClusterSnapshot, topic: string, channel: string): NodeSummary[] | null {
  const ids = channelNodes(snap, topic, channel);
  return ids.length === 0 ? null : upNodes(snap, ids);
}

/** nsqd's TCP address: the host of the HTTP address the console polls, with the node's tcp_port. */
function tcpAddress(n: NodeIdentity): string {
  return `${n.address.slice(0, n.address.lastIndexOf(':'))}:${n.tcp_port}`;
}

/**
 * A reader of topic/channel on one node, subscribed, or why not: nsqjs refused the address (no TCP
 * port known yet, an IPv6 literal) or nsqd did not accept within SUBSCRIBE_MS. `setUp` gets the
 * reader before it connects, to keep it and to listen for its messages; one that did not subscribe
 * is closed here.
 */
export async function subscribeOn(
  node: NodeSummary,
  topic: string,
  channel: string,
  options: Omit<NsqjsReaderOptions, 'nsqdTCPAddresses'>,
  setUp: (reader: NsqjsReader) => void,
): Promise<{ ok: true } | { ok: false; error: string }> {
  let reader: NsqjsReader;
  try {
    reader = new nsqjs.Reader(topic, channel, { ...options, nsqdTCPAddresses: [tcpAddress(node)] });
  } catch (e) {
    return { ok: false, error: e instanceof Error ? e.message : String(e) };
  }
  let lastError = 'no answer';
  reader.on('error', (e) => {
    lastError = e.message;
  });
  setUp(reader);
  const ok = await new Promise<boolean>((resolve) => {
    const timer = setTimeout(() => resolve(false), SUBSCRIBE_MS);
    reader.on('ready', () => {
      clearTimeout(timer);
      resolve(true);
    });
    reader.connect();
  });
  if (ok) return { ok: true };
  await closeReader(reader);
  return { ok: false, error: lastError };
}
