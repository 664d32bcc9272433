import { describe, expect, it } from 'vitest';
import type { ClientRow } from '@/lib/queries/hooks';
import { clientAttributes, clientHostLabel, safeHttpUrl } from './client-labels';

const client = (o: Partial<ClientRow> = {}): ClientRow => ({
  client_id: 'worker-1',
  hostname: 'worker-1.example.com',
  version: 'V2',
  remote_address: '10.0.0.9:51234',
  state: 3,
  ready_count: 1,
  in_flight_count: 1,
  message_count: 10,
  finish_count: 9,
  requeue_count: 0,
  connect_ts: 1_700_000_000,
  sample_rate: 0,
  deflate: false,
  snappy: false,
  user_agent: 'go-nsq/1.1.0',
  authed: false,
  auth_identity: '',
  auth_identity_url: '',
  tls: false,
  tls_cipher_suite: '',
  tls_version: '',
  tls_negotiated_protocol: '',
  tls_negotiated_protocol_is_mutual: false,
  node: '10.0.0.1:4151',
  ...o,
});

describe('clientHostLabel', () => {
  it('shows hostname:remote_port and hides a client_id equal to the hostname or its short form', () => {
    expect(clientHostLabel(client())).toEqual({ host: 'worker-1.example.com:51234', clientId: null });
    expect(clientHostLabel(client({ client_id: 'worker-1.example.com' })).clientId).toBeNull();
    expect(clientHostLabel(client({ client_id: '' })).clientId).toBeNull();
    expect(clientHostLabel(client({ client_id: 'billing-7' })).clientId).toBe('billing-7');
    expect(clientHostLabel(client({ remote_address: '[::1]:4000', hostname: 'h' })).host).toBe('h:4000');
  });
});

describe('safeHttpUrl', () => {
  it('keeps absolute http(s) URLs only', () => {
    expect(safeHttpUrl('https://auth.example.com/u/alice')).toBe('https://auth.example.com/u/alice');
    expect(safeHttpUrl('http://a.b/')).toBe('http://a.b/');
    for (const bad of ['javascript:alert(1)', ' JavaScript:alert(1)', 'data:text/html,<script>', '//evil.com/x', '/relative', 'vbscript:x', '', 'ftp://x/']) {
      expect(safeHttpUrl(bad)).toBeNull();
    }
  });
});

describe('clientAttributes', () => {
  it('lists nothing for a plain client', () => {
    expect(clientAttributes(client())).toEqual([]);
  });
  it('lists sampling, TLS with its parameters, compression and the authed identity', () => {
    const attrs = clientAttributes(
      client({
        sample_rate: 25,
        tls: true,
        tls_version: 'TLS1.3',
        tls_cipher_suite: 'TLS_AES_128_GCM_SHA256',
        tls_negotiated_protocol: 'h2',
        tls_negotiated_protocol_is_mutual: true,
        deflate: true,
        snappy: true,
        authed: true,
        auth_identity: 'alice',
        auth_identity_url: 'https://auth.example.com/alice',
      }),
    );
    expect(attrs).toEqual([
      { key: 'sampled', label: 'Sampled 25%' },
      { key: 'tls', label: 'TLS', title: 'TLS1.3 TLS_AES_128_GCM_SHA256 h2 (mutual)' },
      { key: 'deflate', label: 'Deflate' },
      { key: 'snappy', label: 'Snappy' },
      { key: 'authed', label: 'Authed: alice', title: 'Authed Identity: alice', href: 'https://auth.example.com/alice' },
    ]);
  });
  it('never links an authed identity to a non-http URL', () => {
    const [a] = clientAttributes(client({ authed: true, auth_identity: 'x', auth_identity_url: 'javascript:alert(1)' }));
    expect(a).toEqual({ key: 'authed', label: 'Authed: x', title: 'Authed Identity: x' });
  });
});
