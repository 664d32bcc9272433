// Pure judgements behind the home page's health card.
import type { LookupdSummary, NodeSummary } from '@/lib/cluster/types';

export function versionSkew(nodes: readonly Pick<NodeSummary, 'version' | 'out_of_date'>[]) {
  const counts = new Map<string, number>();
  for (const n of nodes) counts.set(n.version, (counts.get(n.version) ?? 0) + 1);
  const newest = nodes.find((n) => !n.out_of_date)?.version ?? null;
  return {
    versions: [...counts].map(([version, count]) => ({ version, count })).sort((a, b) => b.count - a.count),
    newest,
    skewed: counts.size > 1,
  };
}

/** A sentence naming how the lookupds that answered disagree, or null when they agree. */
export function lookupdDisagreement(lookupds: readonly LookupdSummary[]): string | null {
  const up = lookupds.filter((l) => l.status === 'up');
  if (up.length < 2) return null;
  const nodes = new Set(up.map((l) => l.node_count));
  const topics = new Set(up.map((l) => l.topic_count));
  if (nodes.size === 1 && topics.size === 1) return null;
  return `Lookupds disagree: ${up.map((l) => `${l.address} knows ${l.node_count} nodes and ${l.topic_count} topics`).join('; ')}.`;
}
