// Failed /stats reads per node since the console started, for the OTLP metrics, counted as /metrics
// counts them (lib/metrics.ts): every polled node from 0, a node no longer polled dropped.
import type { ClusterSnapshot } from '../cluster/types';

export class PollErrorCounts {
  private readonly counts = new Map<string, number>();

  observe(snap: ClusterSnapshot): void {
    const present = new Set<string>();
    for (const n of snap.nodes) {
      present.add(n.node);
      this.counts.set(n.node, (this.counts.get(n.node) ?? 0) + (n.status === 'down' ? 1 : 0));
    }
    for (const node of this.counts.keys()) if (!present.has(node)) this.counts.delete(node);
  }

  get(): ReadonlyMap<string, number> {
    return this.counts;
  }
}
