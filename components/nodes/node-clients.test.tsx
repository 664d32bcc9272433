import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { CLIENTS_SHOWN, ClientsTable, type NodeClient } from './clients-table';

const client = (i: number, over: Partial<NodeClient> = {}): NodeClient => ({
  node: 'n:4151',
  remote_address: `10.0.0.1:${5000 + i}`,
  version: 'V2',
  client_id: `worker-${i}`,
  hostname: 'host-a',
  user_agent: 'go-nsq/1.1.0',
  state: 3,
  connect_ts: 1_700_000_000,
  connected: 90e9,
  in_flight_count: 1,
  ready_count: 2,
  finish_count: 3,
  requeue_count: 4,
  message_count: 5,
  sample_rate: 0,
  deflate: false,
  snappy: false,
  authed: false,
  auth_identity: '',
  auth_identity_url: '',
  tls: false,
  tls_cipher_suite: '',
  tls_version: '',
  tls_negotiated_protocol: '',
  tls_negotiated_protocol_is_mutual: false,
  ...over,
});

const rows = (html: string) => html.split('data-testid="client-row"').length - 1;

describe('ClientsTable', () => {
  it('lists short client lists', () => {
    const html = renderToStaticMarkup(<ClientsTable clients={[client(1), client(2)]} label="Clients of t/c" />);
    expect(rows(html)).toBe(2);
    expect(html).not.toContain('clients-toggle');
    expect(html).toContain('host-a');
    expect(html).toContain('worker-1');
    expect(html).toContain('1m 30s');
  });

  it('collapses a long list behind a toggle', () => {
    const many = Array.from({ length: CLIENTS_SHOWN + 1 }, (_, i) => client(i));
    const html = renderToStaticMarkup(<ClientsTable clients={many} label="Clients of t/c" />);
    expect(rows(html)).toBe(0);
    expect(html).toContain(`show ${CLIENTS_SHOWN + 1} clients`);
  });

  it('renders hostile strings as text and links only http(s) identities', () => {
    const html = renderToStaticMarkup(
      <ClientsTable
        clients={[
          client(1, {
            hostname: '<script>x()</script>',
            client_id: '<img src=x onerror=y()>',
            user_agent: '<svg onload=z()>',
            authed: true,
            auth_identity: 'eve',
            auth_identity_url: 'javascript:alert(1)',
          }),
        ]}
        label="Clients of t/c"
      />,
    );
    expect(html).not.toMatch(/<script|<img|<svg/);
    expect(html).toContain('&lt;script&gt;x()&lt;/script&gt;');
    expect(html).not.toContain('javascript:');
    expect(html).toContain('Authed');
  });
});
