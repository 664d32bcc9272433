// Pure helpers for the client table: grouping and filtering thousands of connections.
import type { ClientListing } from '@/lib/cluster/detail';

export type GroupBy = 'none' | 'hostname' | 'user_agent';

export interface ClientGroup {
  key: string;
  clients: number;
  nodes: number;
  in_flight_count: number;
  ready_count: number;
  finish_count: number;
  requeue_count: number;
  message_count: number;
}

/** Clients folded by hostname or user agent, with sums: the biggest groups first. */
export function groupClients(clients: readonly ClientListing[], by: Exclude<GroupBy, 'none'>): ClientGroup[] {
  const groups = new Map<string, ClientGroup & { nodeSet: Set<string> }>();
  for (const c of clients) {
    const key = c[by];
    let g = groups.get(key);
    if (!g) {
      g = {
        key,
        clients: 0,
        nodes: 0,
        in_flight_count: 0,
        ready_count: 0,
        finish_count: 0,
        requeue_count: 0,
        message_count: 0,
        nodeSet: new Set(),
      };
      groups.set(key, g);
    }
    g.clients++;
    g.nodeSet.add(c.node);
    g.in_flight_count += c.in_flight_count;
    g.ready_count += c.ready_count;
    g.finish_count += c.finish_count;
    g.requeue_count += c.requeue_count;
    g.message_count += c.message_count;
  }
  return [...groups.values()]
    .map(({ nodeSet, ...g }) => ({ ...g, nodes: nodeSet.size }))
    .sort((a, b) => b.clients - a.clients || a.key.localeCompare(b.key));
}

/** Case-insensitive substring match on what identifies a client. An empty filter keeps all. */
export function filterClients(clients: ClientListing[], filter: string): ClientListing[] {
  const f = filter.trim().toLowerCase();
  if (f === '') return clients;
  return clients.filter((c) =>
    [c.hostname, c.client_id, c.user_agent, c.remote_address, c.node].some((s) => s.toLowerCase().includes(f)),
  );
}
