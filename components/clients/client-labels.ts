// How a consumer connection is labelled on the channel and node pages: host, attributes, a safe link.
// Every string here comes from a consumer's IDENTIFY and is untrusted: it is only ever shown as text,
// and a link is made only from an http(s) URL.
import { splitHostPort } from '@/components/topic/table-helpers';
import type { ClientListing } from '@/lib/cluster/detail';

/** nsqadmin's Client Host: "hostname:remote_port", and the client_id when it says something the hostname does not. */
export function clientHostLabel(
  c: Pick<ClientListing, 'hostname' | 'remote_address' | 'client_id'>,
  { withPort = true }: { withPort?: boolean } = {},
): { host: string; clientId: string | null } {
  const { port } = splitHostPort(c.remote_address);
  const host = port && withPort ? `${c.hostname}:${port}` : c.hostname;
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
export type ClientAttributeInput = Pick<
  ClientListing,
  | 'sample_rate'
  | 'tls'
  | 'tls_version'
  | 'tls_cipher_suite'
  | 'tls_negotiated_protocol'
  | 'tls_negotiated_protocol_is_mutual'
  | 'deflate'
  | 'snappy'
  | 'authed'
  | 'auth_identity'
  | 'auth_identity_url'
>;

export function clientAttributes(c: ClientAttributeInput): ClientAttribute[] {
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
