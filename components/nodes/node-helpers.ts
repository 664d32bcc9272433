// Pure helpers for the Nodes and Node pages: versions and lookupd connections.
import type { LookupdSummary, NodeSummary } from '@/lib/cluster/types';

/** Numeric major.minor.patch of "1.3.0", "v1.2.1-alpha" or "1.3.0 (built w/go1.21)"; null if none. */
export function parseVersion(v: string): [number, number, number] | null {
  const m = /(\d+)(?:\.(\d+))?(?:\.(\d+))?/.exec(v);
  if (!m) return null;
  return [Number(m[1]), Number(m[2] ?? 0), Number(m[3] ?? 0)];
}

/** Newest first; unparseable versions last, in name order. */
export function compareVersionsDesc(a: string, b: string): number {
  const pa = parseVersion(a);
  const pb = parseVersion(b);
  if (!pa || !pb) return pa ? -1 : pb ? 1 : a.localeCompare(b);
  for (let i = 0; i < 3; i++) {
    const d = (pb[i] ?? 0) - (pa[i] ?? 0);
    if (d !== 0) return d;
  }
  return a.localeCompare(b);
}

export interface VersionGroup {
  version: string;
  nodes: string[];
}

/**
 * The versions running in the cluster, newest first, or null when every node runs the same one.
 * Nodes whose version is not known yet (never answered in nsqd mode) are left out.
 */
export function versionSkew(nodes: readonly Pick<NodeSummary, 'node' | 'version'>[]): VersionGroup[] | null {
  const groups = new Map<string, string[]>();
  for (const n of nodes) {
    if (!n.version) continue;
    const list = groups.get(n.version) ?? [];
    list.push(n.node);
    groups.set(n.version, list);
  }
  if (groups.size < 2) return null;
  return [...groups.keys()].sort(compareVersionsDesc).map((version) => ({ version, nodes: groups.get(version) ?? [] }));
}

export interface LookupdConns {
  known: number;
  configured: number;
  /** configured lookupds that do not list this node */
  missing: string[];
  complete: boolean;
}

/** How many of the configured nsqlookupd list a node, and which do not (nsqadmin's orange button). */
export function lookupdConns(
  node: Pick<NodeSummary, 'lookupds'>,
  lookupds: readonly Pick<LookupdSummary, 'address'>[],
): LookupdConns {
  const known = new Set(node.lookupds);
  const missing = lookupds.map((l) => l.address).filter((a) => !known.has(a));
  return { known: node.lookupds.length, configured: lookupds.length, missing, complete: missing.length === 0 };
}

/** Seconds since nsqd started; start_time is nsqd's Unix time in seconds. */
export function uptimeSeconds(startTime: number | null, nowMs: number): number | null {
  if (startTime === null || startTime <= 0) return null;
  return Math.max(0, nowMs / 1000 - startTime);
}
