// Per-node rows of the one topic, channel or node a page shows, made from the snapshot's node tables
// when it asks: nothing holds the rows of every topic between polls (node-table.ts).
import { channelNodeRow, type NodeTable, tableTopicRows, topicNodeRow } from './node-table';
import type {
  ChannelNodeRow,
  ChannelSummary,
  ChannelWithNodes,
  ClusterSnapshot,
  TopicNodeRow,
  TopicPlacement,
  TopicSummary,
  TopicWithNodes,
} from './types';

const NOWHERE: TopicPlacement = { tables: [], at: [] };

const placementOf = (snap: ClusterSnapshot, topic: string) => snap.tables.topics.get(topic) ?? NOWHERE;

/** Each node's row of the topic, with its channels' rows, in the snapshot's node order. */
export function topicNodeRows(snap: ClusterSnapshot, topic: string): TopicNodeRow[] {
  const { tables, at } = placementOf(snap, topic);
  return tables.map((t, k) => topicNodeRow(t, at[k]!));
}

/** Where the channel is in the snapshot's tables: the tables that have it, and its row in each. */
function channelPlaces(snap: ClusterSnapshot, topic: string, channel: string): { table: NodeTable; row: number }[] {
  const { tables, at } = placementOf(snap, topic);
  const places: { table: NodeTable; row: number }[] = [];
  for (let k = 0; k < tables.length; k++) {
    const t = tables[k]!;
    const i = at[k]!;
    for (let r = t.channelStart[i]!; r < t.channelStart[i + 1]!; r++) {
      if (t.channelNames[r] === channel) places.push({ table: t, row: r });
    }
  }
  return places;
}

/** Each node's row of the channel, in the snapshot's node order. */
export const channelNodeRows = (snap: ClusterSnapshot, topic: string, channel: string): ChannelNodeRow[] =>
  channelPlaces(snap, topic, channel).map((p) => channelNodeRow(p.table, topic, p.row));

/** The nodes that have the topic this poll, in the snapshot's node order. */
export const topicNodes = (snap: ClusterSnapshot, topic: string): string[] =>
  placementOf(snap, topic).tables.map((t) => t.node);

/** The nodes that have the channel this poll, in the snapshot's node order. */
export const channelNodes = (snap: ClusterSnapshot, topic: string, channel: string): string[] =>
  channelPlaces(snap, topic, channel).map((p) => p.table.node);

/** The topic with each node's row and each channel's rows. */
export function topicWithNodes(snap: ClusterSnapshot, t: TopicSummary): TopicWithNodes {
  const nodes = topicNodeRows(snap, t.topic_name);
  const byChannel = new Map<string, ChannelNodeRow[]>();
  for (const r of nodes) {
    for (const c of r.channels) {
      const list = byChannel.get(c.channel_name);
      if (list) list.push(c);
      else byChannel.set(c.channel_name, [c]);
    }
  }
  return { ...t, channels: t.channels.map((c) => ({ ...c, nodes: byChannel.get(c.channel_name) ?? [] })), nodes };
}

/** The channel with each node's row. */
export const channelWithNodes = (snap: ClusterSnapshot, c: ChannelSummary): ChannelWithNodes => ({
  ...c,
  nodes: channelNodeRows(snap, c.topic_name, c.channel_name),
});

/** Every topic of the node as rows, as the last poll read them; null when it did not answer. */
export function nodeTopicRows(snap: ClusterSnapshot, node: string): TopicNodeRow[] | null {
  const table = snap.tables.nodes.find((t) => t.node === node);
  return table ? tableTopicRows(table) : null;
}
