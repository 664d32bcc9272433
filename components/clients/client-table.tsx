'use client';
// nsqadmin's "Client Connections", one table for the channel and the node pages, in one column order.
// Virtualised, so thousands of consumers cost only the rows in view. Every client field is untrusted
// and rendered as text; the only link from client data is an http(s) auth URL.
import type { ColumnDef, Row } from '@tanstack/react-table';
import Link from 'next/link';
import { useMemo } from 'react';
import { nodeHref } from '@/components/links';
import { Badge } from '@/components/ui/badge';
import { VirtualTable } from '@/components/ui/virtual-table';
import type { ClientListing } from '@/lib/cluster/detail';
import { formatCount, formatSeconds } from '@/lib/format';
import type { ClientGroup, GroupBy } from './client-groups';
import { type ClientAttribute, clientAttributes, clientHostLabel } from './client-labels';

const ROW_PX = 36;
/** the most a client table takes before its rows scroll */
export const CLIENT_BOX_PX = 560;
/** the share of the columns without a width (the client's host) */
const FLEX_PX = 240;

const count = (
  label: string,
  pick: (c: ClientListing) => number,
  testId: string,
  width = 100,
): ColumnDef<ClientListing> => ({
  id: testId,
  meta: { label, numeric: true, width, testId },
  cell: ({ row }) => formatCount(pick(row.original)),
});

function clientColumns(nowSeconds: number, showNode: boolean): ColumnDef<ClientListing>[] {
  return [
    {
      id: 'host',
      meta: { label: 'Client Host' },
      cell: ({ row }) => <ClientHost c={row.original} />,
    },
    {
      id: 'user_agent',
      meta: { label: 'User-Agent', width: 200, testId: 'user-agent' },
      cell: ({ row }) => <span title={row.original.user_agent}>{row.original.user_agent}</span>,
    },
    {
      id: 'attributes',
      meta: { label: 'Attributes', width: 180, testId: 'attributes' },
      cell: ({ row }) => clientAttributes(row.original).map((a) => <AttributeBadge key={a.key} a={a} />),
    },
    ...(showNode
      ? [
          {
            id: 'node',
            meta: { label: 'NSQd Host', width: 190 },
            cell: ({ row }) => (
              <Link
                href={nodeHref(row.original.node)}
                title={row.original.node}
                className="text-sky-700 hover:underline dark:text-sky-400"
              >
                {row.original.node}
              </Link>
            ),
          } satisfies ColumnDef<ClientListing>,
        ]
      : []),
    count('In-Flight', (c) => c.in_flight_count, 'in-flight', 90),
    count('Ready Count', (c) => c.ready_count, 'ready-count', 110),
    count('Finished', (c) => c.finish_count, 'finished'),
    count('Requeued', (c) => c.requeue_count, 'requeued'),
    count('Messages', (c) => c.message_count, 'messages', 110),
    {
      id: 'connected',
      meta: { label: 'Connected', numeric: true, width: 110, testId: 'connected' },
      cell: ({ row }) => formatSeconds(nowSeconds - row.original.connect_ts),
    },
  ];
}

const minWidth = <T,>(columns: readonly ColumnDef<T>[]) =>
  columns.reduce((sum, c) => sum + (c.meta?.width ?? FLEX_PX), 0);

const clientKey = (c: ClientListing) => `${c.node}|${c.remote_address}`;
const groupKey = (g: ClientGroup) => g.key;

export interface ClientTableProps {
  clients: ClientListing[];
  /** when the data was read, s: "Connected" is the time since each client's connect_ts */
  nowSeconds: number;
  /** the nsqd of each client: on the channel page, whose clients come from every node */
  showNode: boolean;
  /** the accessible name of the table's scroll box */
  label: string;
}

/** Every client as a row: host, user agent, attributes, [nsqd], in-flight, ready, finished, requeued, messages, connected. */
export function ClientTable({ clients, nowSeconds, showNode, label }: ClientTableProps) {
  const columns = useMemo(() => clientColumns(nowSeconds, showNode), [nowSeconds, showNode]);
  return (
    <VirtualTable
      rows={clients}
      columns={columns}
      getRowId={clientKey}
      label={label}
      testId="client-table"
      rowTestId="client-row"
      rowData={clientRowData}
      rowHeight={ROW_PX}
      maxHeight={CLIENT_BOX_PX}
      minWidth={minWidth(columns)}
    />
  );
}

const clientRowData = (row: Row<ClientListing>) => ({ 'data-remote-address': row.original.remote_address });

function ClientHost({ c }: { c: ClientListing }) {
  const { host, clientId } = clientHostLabel(c);
  // the whole label, which a narrow column cuts short, and the address it connected from
  const title = `${host}${clientId !== null ? ` (${clientId})` : ''}, from ${c.remote_address}`;
  return (
    <span title={title}>
      <span data-testid="client-host">{host}</span>
      {clientId !== null ? (
        <span className="ml-1 text-zinc-500 dark:text-zinc-400">
          (<span data-testid="client-id">{clientId}</span>)
        </span>
      ) : null}
    </span>
  );
}

function AttributeBadge({ a }: { a: ClientAttribute }) {
  const tone = a.key === 'tls' || a.key === 'authed' ? 'ok' : 'neutral';
  if (a.href) {
    return (
      <a href={a.href} target="_blank" rel="noopener noreferrer nofollow" title={a.title}>
        <Badge tone={tone}>{a.label}</Badge>
      </a>
    );
  }
  return (
    <Badge tone={tone} title={a.title}>
      {a.label}
    </Badge>
  );
}

export const GROUP_LABEL: Record<GroupBy, string> = { none: 'none', hostname: 'hostname', user_agent: 'user agent' };

const groupCount = (label: string, pick: (g: ClientGroup) => number, testId?: string): ColumnDef<ClientGroup> => ({
  id: label,
  meta: { label, numeric: true, width: 110, testId },
  cell: ({ row }) => formatCount(pick(row.original)),
});

function groupColumns(by: Exclude<GroupBy, 'none'>, onPick: (key: string) => void): ColumnDef<ClientGroup>[] {
  return [
    {
      id: 'key',
      meta: { label: by === 'hostname' ? 'Hostname' : 'User-Agent' },
      cell: ({ row }) => (
        <button
          type="button"
          onClick={() => onPick(row.original.key)}
          title={row.original.key}
          className="max-w-full truncate text-left text-sky-700 hover:underline dark:text-sky-400"
        >
          {row.original.key === '' ? '(none)' : row.original.key}
        </button>
      ),
    },
    groupCount('Clients', (g) => g.clients, 'group-clients'),
    groupCount('NSQd Nodes', (g) => g.nodes),
    groupCount('In-Flight', (g) => g.in_flight_count),
    groupCount('Ready Count', (g) => g.ready_count),
    groupCount('Finished', (g) => g.finish_count),
    groupCount('Requeued', (g) => g.requeue_count),
    groupCount('Messages', (g) => g.message_count),
  ];
}

/** Clients folded by hostname or user agent, in the client table's column order; a click shows a group's clients. */
export function ClientGroupTable({
  groups,
  by,
  onPick,
}: {
  groups: ClientGroup[];
  by: Exclude<GroupBy, 'none'>;
  onPick: (key: string) => void;
}) {
  const columns = useMemo(() => groupColumns(by, onPick), [by, onPick]);
  return (
    <VirtualTable
      rows={groups}
      columns={columns}
      getRowId={groupKey}
      label={`Clients grouped by ${GROUP_LABEL[by]}`}
      testId="client-group-table"
      rowTestId="client-group"
      rowHeight={ROW_PX}
      maxHeight={CLIENT_BOX_PX}
      minWidth={minWidth(columns)}
    />
  );
}
