// Which nsqd and nsqlookupd went down or came back between two sweeps: logged by the poller and
// kept as events (lib/events/event-log.ts). A node seen for the first time while down counts as going
// down; one first seen up is not news.
import type { ClusterSnapshot } from './types';

export interface StatusChange {
  what: 'nsqd' | 'nsqlookupd';
  /** the node's id, or the nsqlookupd's address */
  id: string;
  status: 'up' | 'down';
}

export function statusChanges(prev: ClusterSnapshot | null, cur: ClusterSnapshot): StatusChange[] {
  const before = new Map<string, 'up' | 'down'>();
  for (const n of prev?.nodes ?? []) before.set(`nsqd ${n.node}`, n.status);
  for (const l of prev?.lookupds ?? []) before.set(`nsqlookupd ${l.address}`, l.status);
  const now: StatusChange[] = [
    ...cur.nodes.map((n) => ({ what: 'nsqd' as const, id: n.node, status: n.status })),
    ...cur.lookupds.map((l) => ({ what: 'nsqlookupd' as const, id: l.address, status: l.status })),
  ];
  return now.filter((c) => {
    const was = before.get(`${c.what} ${c.id}`);
    return c.status === 'down' ? was !== 'down' : was === 'down';
  });
}
