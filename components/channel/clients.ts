// Pure helpers for the client table: labels, attribute badges, a safe link, grouping and filtering.
// Every string here comes from a consumer's IDENTIFY and is untrusted: it is only ever shown as text,
// and a link is made only from an http(s) URL.
import type { ClientRow } from '@/lib/queries/hooks';
import { splitHostPort } from '@/components/topic/table-helpers';

/** nsqadmin's Client Host: "hostname:remote_port", and the client_id when it says something the hostname does not. */
export function clientHostLabel(c: Pick<ClientRow, 'hostname' | 'remote_address' | 'client_id'>): { host: string; clientId: string | null } {
  const { port } = splitHostPort(c.remote_address);
  const host = port ? `${c.hostname}:${port}` : c.hostname;
  const short = c.hostname.split('.')[0] ?? c.hostname;
  const clientId = c.client_id !== '' && c.client_id !== c.hostname && c.client_id !== short ? c.client_id : null;
  return { host, clientId };
}

/** The URL itself when it is absolute http or https, else null: never a javascript:, data: or relative link. */
export function safeHttpUrl(raw: string): string | null {
  if (raw.trim() === '') return null;
  let u: URL;
  try {
    u = new URL(raw.trim());
  } catch {
    return null;
  }
  return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : null;
}

export interface ClientAttribute {
  key: 'sampled' | 'tls' | 'deflate' | 'snappy' | 'authed';
  label: string;
  title?: string;
  href?: string;
}

/** nsqadmin's Attributes column: Sampled N%, TLS (with its parameters), Deflate, Snappy, Authed. */
export function clientAttributes(c: ClientRow): ClientAttribute[] {
  const out: ClientAttribute[] = [];
  if (c.sample_rate > 0) out.push({ key: 'sampled', label: `Sampled ${c.sample_rate}%` });
  if (c.tls) {
    const parts = [
      c.tls_version,
      c.tls_cipher_suite,
      c.tls_negotiated_protocol,
      c.tls_negotiated_protocol_is_mutual ? '(mutual)' : '',
    ].filter((p) => p !== '');
    out.push({ key: 'tls', label: 'TLS', title: parts.join(' ') || undefined });
  }
  if (c.deflate) out.push({ key: 'deflate', label: 'Deflate' });
  if (c.snappy) out.push({ key: 'snappy', label: 'Snappy' });
  if (c.authed) {
    const href = safeHttpUrl(c.auth_identity_url);
    out.push({
      key: 'authed',
      label: c.auth_identity ? `Authed: ${c.auth_identity}` : 'Authed',
      title: `Authed Identity: ${c.auth_identity}`,
      ...(href ? { href } : {}),
    });
  }
  return out;
}

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
export function groupClients(clients: readonly ClientRow[], by: Exclude<GroupBy, 'none'>): ClientGroup[] {
  const groups = new Map<string, ClientGroup & { nodeSet: Set<string> }>();
  for (const c of clients) {
    const key = c[by];
    let g = groups.get(key);
    if (!g) {
      g = { key, clients: 0, nodes: 0, in_flight_count: 0, ready_count: 0, finish_count: 0, requeue_count: 0, message_count: 0, nodeSet: new Set() };
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
export function filterClients(clients: readonly ClientRow[], filter: string): readonly ClientRow[] {
  const f = filter.trim().toLowerCase();
  if (f === '') return clients;
  return clients.filter((c) =>
    [c.hostname, c.client_id, c.user_agent, c.remote_address, c.node].some((s) => s.toLowerCase().includes(f)),
  );
}
