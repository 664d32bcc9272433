import { describe, expect, it } from 'vitest';
import { client } from '@/test/client-builder';
import { clientAttributes, clientHostLabel, safeHttpUrl } from './client-labels';

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
    for (const bad of [
      'javascript:alert(1)',
      ' JavaScript:alert(1)',
      'data:text/html,<script>',
      '//evil.com/x',
      '/relative',
      'vbscript:x',
      '',
      'ftp://x/',
    ]) {
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
      {
        key: 'authed',
        label: 'Authed: alice',
        title: 'Authed Identity: alice',
        href: 'https://auth.example.com/alice',
      },
    ]);
  });
  it('never links an authed identity to a non-http URL', () => {
    const [a] = clientAttributes(
      client({ authed: true, auth_identity: 'x', auth_identity_url: 'javascript:alert(1)' }),
    );
    expect(a).toEqual({ key: 'authed', label: 'Authed: x', title: 'Authed Identity: x' });
  });
});
