import { describe, expect, it } from 'vitest';
import { client } from '@/test/client-builder';
import { filterClients, groupClients } from './client-groups';

describe('groupClients and filterClients', () => {
  const clients = [
    client({ hostname: 'a', node: 'n1', message_count: 1 }),
    client({ hostname: 'b', node: 'n1', message_count: 2, user_agent: 'pynsq/0.9' }),
    client({ hostname: 'b', node: 'n2', message_count: 3 }),
  ];
  it('groups with counts, distinct nodes and sums, biggest first', () => {
    expect(groupClients(clients, 'hostname')).toEqual([
      {
        key: 'b',
        clients: 2,
        nodes: 2,
        in_flight_count: 2,
        ready_count: 2,
        finish_count: 18,
        requeue_count: 0,
        message_count: 5,
      },
      {
        key: 'a',
        clients: 1,
        nodes: 1,
        in_flight_count: 1,
        ready_count: 1,
        finish_count: 9,
        requeue_count: 0,
        message_count: 1,
      },
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
