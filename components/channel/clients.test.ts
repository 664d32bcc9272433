import { describe, expect, it } from 'vitest';
import type { ClientRow } from '@/lib/queries/hooks';
import { filterClients, groupClients } from './clients';

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

describe('groupClients and filterClients', () => {
  const clients = [
    client({ hostname: 'a', node: 'n1', message_count: 1 }),
    client({ hostname: 'b', node: 'n1', message_count: 2, user_agent: 'pynsq/0.9' }),
    client({ hostname: 'b', node: 'n2', message_count: 3 }),
  ];
  it('groups with counts, distinct nodes and sums, biggest first', () => {
    expect(groupClients(clients, 'hostname')).toEqual([
      { key: 'b', clients: 2, nodes: 2, in_flight_count: 2, ready_count: 2, finish_count: 18, requeue_count: 0, message_count: 5 },
      { key: 'a', clients: 1, nodes: 1, in_flight_count: 1, ready_count: 1, finish_count: 9, requeue_count: 0, message_count: 1 },
    ]);
    expect(groupClients(clients, 'user_agent').map((g) => [g.key, g.clients])).toEqual([
      ['go-nsq/1.1.0', 2],
      ['pynsq/0.9', 1],
    ]);
  });
  it('filters case-insensitively on hostname, client id, user agent, address and node', () => {
    expect(filterClients(clients, '')).toBe(clients);
    expect(filterClients(clients, 'PYNSQ')).toHaveLength(1);
    expect(filterClients(clients, 'n2')).toHaveLength(1);
    expect(filterClients(clients, 'zzz')).toHaveLength(0);
  });
});
