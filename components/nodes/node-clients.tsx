'use client';
// The clients of one channel on one node. Long lists stay collapsed behind a toggle and then open
// in pages, so a channel with thousands of consumers does not put them all in the DOM at once.
import { useState } from 'react';
import { clientAttributes, clientHostLabel } from '@/components/clients/client-labels';
import { Table, Td, Th, Tr } from '@/components/ui/table';
import { formatCount, formatSeconds } from '@/lib/format';
import type { NodeDetailResponse } from '@/lib/queries/hooks';

export type NodeClient = NonNullable<NodeDetailResponse['topics'][number]['channels'][number]['clients']>[number];

/** Up to this many clients show without asking; nsqadmin lists every one. */
export const CLIENTS_SHOWN = 50;
const PAGE = 500;

export function ClientsTable({ clients, label }: { clients: readonly NodeClient[]; label: string }) {
  const long = clients.length > CLIENTS_SHOWN;
  const [limit, setLimit] = useState(long ? 0 : clients.length);
  if (clients.length === 0) return null;
  const shown = clients.slice(0, long ? limit : clients.length);
  return (
    <div className="my-1 ml-6 rounded border border-zinc-200 dark:border-zinc-800">
      {long ? (
        <div className="flex items-center gap-3 px-3 py-1.5 text-xs">
          <button
            type="button"
            data-testid="clients-toggle"
            aria-expanded={limit > 0}
            onClick={() => setLimit(limit > 0 ? 0 : PAGE)}
            className="rounded border border-zinc-300 px-2 py-0.5 hover:bg-zinc-100 dark:border-zinc-700 dark:hover:bg-zinc-800"
          >
            {limit > 0 ? 'hide clients' : `show ${formatCount(clients.length)} clients`}
          </button>
          {limit > 0 && limit < clients.length ? (
            <span className="text-zinc-600 dark:text-zinc-400">
              showing {formatCount(limit)} of {formatCount(clients.length)}
            </span>
          ) : null}
        </div>
      ) : null}
      {shown.length > 0 ? (
        <Table data-testid="clients-table" aria-label={label}>
          <thead>
            <tr>
              <Th>Client Host</Th>
              <Th>User-Agent</Th>
              <Th>Attributes</Th>
              <Th numeric>In-Flight</Th>
              <Th numeric>Ready Count</Th>
              <Th numeric>Requeued</Th>
              <Th numeric>Finished</Th>
              <Th numeric>Messages</Th>
              <Th numeric>Connected</Th>
            </tr>
          </thead>
          <tbody>
            {shown.map((c) => (
              <ClientRowView key={`${c.remote_address}|${c.client_id}`} c={c} />
            ))}
          </tbody>
        </Table>
      ) : null}
      {long && limit > 0 && limit < clients.length ? (
        <button
          type="button"
          onClick={() => setLimit(limit + PAGE)}
          className="m-2 rounded border border-zinc-300 px-2 py-0.5 text-xs hover:bg-zinc-100 dark:border-zinc-700 dark:hover:bg-zinc-800"
        >
          show {formatCount(Math.min(PAGE, clients.length - limit))} more
        </button>
      ) : null}
    </div>
  );
}

function ClientRowView({ c }: { c: NodeClient }) {
  // nsqadmin's node page shows the hostname without the port
  const { host, clientId: id } = clientHostLabel(c, { withPort: false });
  return (
    <Tr data-testid="client-row" data-remote-address={c.remote_address}>
      <Td title={c.remote_address} className="break-all">
        <span data-testid="client-hostname">{host}</span>
        {id !== null ? (
          <span className="text-zinc-600 dark:text-zinc-400">
            {' ('}
            <span data-testid="client-id">{id}</span>
            {')'}
          </span>
        ) : null}
      </Td>
      <Td data-testid="client-user-agent" className="break-all">
        {c.user_agent}
      </Td>
      <Td>
        <ClientAttributes c={c} />
      </Td>
      <Td numeric>{formatCount(c.in_flight_count)}</Td>
      <Td numeric>{formatCount(c.ready_count)}</Td>
      <Td numeric>{formatCount(c.requeue_count)}</Td>
      <Td numeric>{formatCount(c.finish_count)}</Td>
      <Td numeric>{formatCount(c.message_count)}</Td>
      <Td numeric>{formatSeconds(c.connected / 1e9)}</Td>
    </Tr>
  );
}

const label =
  'mr-1 inline-block rounded bg-zinc-100 px-1.5 py-0.5 text-xs text-zinc-800 dark:bg-zinc-800 dark:text-zinc-200';

function ClientAttributes({ c }: { c: NodeClient }) {
  return (
    <>
      {clientAttributes(c).map((a) =>
        a.href ? (
          <a
            key={a.label}
            href={a.href}
            title={a.title}
            target="_blank"
            rel="noopener noreferrer"
            className={`${label} underline`}
          >
            {a.label}
          </a>
        ) : (
          <span key={a.label} title={a.title} className={label}>
            {a.label}
          </span>
        ),
      )}
    </>
  );
}
