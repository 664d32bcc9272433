// Where the configured nsqlookupd disagree: every nsqd registers with every lookupd, so a node that
// some lookupd lacks, or differing counts, mean a registration was lost (a restart, a partition).
import type { LookupdSummary, NodeSummary } from './types';

export interface LookupdDifferences {
  /** lookupds that answered; only they can be compared */
  compared: string[];
  /** lookupds that did not answer this poll */
  unreachable: string[];
  /** nodes that some answering lookupd does not list, with the lookupds that lack them */
  missingNodes: { node: string; missingFrom: string[] }[];
  /** per answering lookupd, when the counts differ; null when they agree */
  nodeCounts: { address: string; count: number }[] | null;
  topicCounts: { address: string; count: number }[] | null;
  /** nothing differs between the lookupds that answered */
  agree: boolean;
}

type LookupdInput = Pick<LookupdSummary, 'address' | 'status' | 'node_count' | 'topic_count'>;
type NodeInput = Pick<NodeSummary, 'node' | 'lookupds'>;

function differing(list: { address: string; count: number }[]) {
  return new Set(list.map((x) => x.count)).size > 1 ? list : null;
}

export function lookupdDifferences(lookupds: readonly LookupdInput[], nodes: readonly NodeInput[]): LookupdDifferences {
  const up = lookupds.filter((l) => l.status === 'up');
  const compared = up.map((l) => l.address);
  const unreachable = lookupds.filter((l) => l.status !== 'up').map((l) => l.address);
  const missingNodes: LookupdDifferences['missingNodes'] = [];
  if (up.length > 1) {
    for (const n of nodes) {
      const known = new Set(n.lookupds);
      // a node no lookupd lists any more is kept by the poller while it may come back: that is
      // not a disagreement between lookupds
      if (known.size === 0) continue;
      const missingFrom = compared.filter((a) => !known.has(a));
      if (missingFrom.length > 0) missingNodes.push({ node: n.node, missingFrom });
    }
  }
  const nodeCounts = differing(up.map((l) => ({ address: l.address, count: l.node_count })));
  const topicCounts = differing(up.map((l) => ({ address: l.address, count: l.topic_count })));
  return {
    compared,
    unreachable,
    missingNodes,
    nodeCounts,
    topicCounts,
    agree: missingNodes.length === 0 && nodeCounts === null && topicCounts === null,
  };
}
