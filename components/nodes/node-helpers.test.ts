import { describe, expect, it } from 'vitest';
import {
  clientAttributes,
  clientHostLabel,
  compareVersionsDesc,
  lookupdConns,
  parseVersion,
  safeHttpUrl,
  uptimeSeconds,
  versionSkew,
} from './node-helpers';

const plain = {
  sample_rate: 0,
  tls: false,
  tls_version: '',
  tls_cipher_suite: '',
  tls_negotiated_protocol: '',
  tls_negotiated_protocol_is_mutual: false,
  deflate: false,
  snappy: false,
  authed: false,
  auth_identity: '',
  auth_identity_url: '',
};

describe('versions', () => {
  it('parses the numbers out of nsqd version strings', () => {
    expect(parseVersion('1.3.0')).toEqual([1, 3, 0]);
    expect(parseVersion('v1.2.1-alpha')).toEqual([1, 2, 1]);
    expect(parseVersion('1.3.0 (built w/go1.21.5)')).toEqual([1, 3, 0]);
    expect(parseVersion('unknown')).toBeNull();
  });

  it('sorts newest first, numerically', () => {
    expect(['1.2.1', '1.10.0', '1.3.0', 'x'].sort(compareVersionsDesc)).toEqual(['1.10.0', '1.3.0', '1.2.1', 'x']);
  });

  it('reports skew only when versions differ', () => {
    expect(versionSkew([{ node: 'a:1', version: '1.3.0' }, { node: 'b:1', version: '1.3.0' }])).toBeNull();
    expect(versionSkew([{ node: 'a:1', version: '1.3.0' }, { node: 'b:1', version: '' }])).toBeNull();
    expect(
      versionSkew([
        { node: 'a:1', version: '1.2.1' },
        { node: 'b:1', version: '1.3.0' },
        { node: 'c:1', version: '1.2.1' },
      ]),
    ).toEqual([
      { version: '1.3.0', nodes: ['b:1'] },
      { version: '1.2.1', nodes: ['a:1', 'c:1'] },
    ]);
  });
});

describe('lookupdConns', () => {
  const configured = [{ address: 'l1:4161' }, { address: 'l2:4161' }];
  it('is complete when every configured lookupd lists the node', () => {
    expect(lookupdConns({ lookupds: ['l1:4161', 'l2:4161'] }, configured)).toEqual({ known: 2, configured: 2, missing: [], complete: true });
  });
  it('names the lookupds that do not know the node', () => {
    expect(lookupdConns({ lookupds: ['l2:4161'] }, configured)).toEqual({ known: 1, configured: 2, missing: ['l1:4161'], complete: false });
    expect(lookupdConns({ lookupds: [] }, configured).missing).toEqual(['l1:4161', 'l2:4161']);
  });
});

describe('uptimeSeconds', () => {
  it('counts from nsqd start_time in seconds', () => {
    expect(uptimeSeconds(1_700_000_000, 1_700_000_090_000)).toBe(90);
    expect(uptimeSeconds(null, 1)).toBeNull();
    expect(uptimeSeconds(0, 1)).toBeNull();
    expect(uptimeSeconds(2_000, 1_000_000)).toBe(0);
  });
});

describe('safeHttpUrl', () => {
  it('keeps only http and https', () => {
    expect(safeHttpUrl('https://auth.example/u/1')).toBe('https://auth.example/u/1');
    expect(safeHttpUrl('http://a/b')).toBe('http://a/b');
    expect(safeHttpUrl('javascript:alert(1)')).toBeNull();
    expect(safeHttpUrl('JaVaScRiPt:alert(1)')).toBeNull();
    expect(safeHttpUrl('data:text/html,<script>')).toBeNull();
    expect(safeHttpUrl('/relative')).toBeNull();
    expect(safeHttpUrl('')).toBeNull();
  });
});

describe('clientHostLabel', () => {
  it('adds the client id unless it repeats the hostname', () => {
    expect(clientHostLabel({ hostname: 'web-1.dc1', client_id: 'web-1' })).toEqual({ host: 'web-1.dc1', id: null });
    expect(clientHostLabel({ hostname: 'web-1.dc1', client_id: 'web-1.dc1' })).toEqual({ host: 'web-1.dc1', id: null });
    expect(clientHostLabel({ hostname: 'web-1', client_id: 'worker-7' })).toEqual({ host: 'web-1', id: 'worker-7' });
    expect(clientHostLabel({ hostname: '<b>h</b>', client_id: '<img>' })).toEqual({ host: '<b>h</b>', id: '<img>' });
  });
});

describe('clientAttributes', () => {
  it('is empty for a plain client', () => {
    expect(clientAttributes(plain)).toEqual([]);
  });

  it('labels sampling, TLS with its details, compression and auth', () => {
    expect(
      clientAttributes({
        ...plain,
        sample_rate: 25,
        tls: true,
        tls_version: 'TLS1.3',
        tls_cipher_suite: 'TLS_AES_128_GCM_SHA256',
        tls_negotiated_protocol_is_mutual: true,
        deflate: true,
        snappy: true,
        authed: true,
        auth_identity: 'alice',
        auth_identity_url: 'https://auth.example/alice',
      }),
    ).toEqual([
      { label: 'Sampled 25%' },
      { label: 'TLS', title: 'TLS1.3, TLS_AES_128_GCM_SHA256, mutual' },
      { label: 'Deflate' },
      { label: 'Snappy' },
      { label: 'Authed', title: 'Authed Identity: alice', href: 'https://auth.example/alice' },
    ]);
  });

  it('never links a non-http identity URL', () => {
    const [authed] = clientAttributes({ ...plain, authed: true, auth_identity: 'x', auth_identity_url: 'javascript:alert(1)' });
    expect(authed).toEqual({ label: 'Authed', title: 'Authed Identity: x', href: undefined });
  });
});
