import 'server-only';
// Where the message tools connect: nodes the topology knows (never an address from a request), up
// at the last poll. nsqd's TCP port is on the host this console reaches its HTTP port at.
import { channelNodes, topicNodes } from '../cluster/node-rows';
import type { ClusterSnapshot, NodeIdentity, NodeSummary } from '../cluster/types';

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
export function tcpAddress(n: NodeIdentity): string {
  return `${n.address.slice(0, n.address.lastIndexOf(':'))}:${n.tcp_port}`;
}
