'use client';
// nsqadmin's "Client Connections", made to hold thousands of consumers: rows are virtualized inside
// a scroll box, and the list can be filtered or folded by hostname or user agent. Every client field
// is untrusted and rendered as text; the only link from client data is an http(s) auth URL.
import { useVirtualizer } from '@tanstack/react-virtual';
import Link from 'next/link';
import { useMemo, useRef, useState } from 'react';
import { type ClientAttribute, clientAttributes, clientHostLabel } from '@/components/clients/client-labels';
import { nodeHref } from '@/components/links';
import { Badge } from '@/components/ui/badge';
import { EmptyState } from '@/components/ui/states';
import { Table, Td, Th, Tr } from '@/components/ui/table';
import type { ClientRow } from '@/lib/cluster/detail';
import { formatCount, formatSeconds } from '@/lib/format';
import { filterClients, type GroupBy, groupClients } from './clients';

const ROW_PX = 37;
const BOX_PX = 560;
const GROUP_LABEL: Record<GroupBy, string> = { none: 'none', hostname: 'hostname', user_agent: 'user agent' };

export function ClientTable({ clients, nowSeconds }: { clients: readonly ClientRow[]; nowSeconds: number }) {
  const [groupBy, setGroupBy] = useState<GroupBy>('none');
  const [filter, setFilter] = useState('');
  const shown = useMemo(() => filterClients(clients, filter), [clients, filter]);

  if (clients.length === 0) return <EmptyState>No clients connected to this channel</EmptyState>;

  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-center gap-4 text-sm">
        <label className="flex items-center gap-2">
          <span>Filter</span>
          <input
            type="search"
            value={filter}
            onChange={(e) => setFilter(e.target.value)}
            placeholder="hostname, client id, user agent, address"
            className="w-72 rounded border border-zinc-300 bg-white px-2 py-1 dark:border-zinc-700 dark:bg-zinc-950"
          />
        </label>
        <div className="flex items-center gap-2">
          <span id="client-group-by">Group by</span>
          <fieldset
            aria-labelledby="client-group-by"
            className="m-0 inline-flex min-w-0 overflow-hidden rounded border border-zinc-300 p-0 dark:border-zinc-700"
          >
            {(Object.keys(GROUP_LABEL) as GroupBy[]).map((g) => (
              <button
                key={g}
                type="button"
                aria-pressed={g === groupBy}
                data-testid={`group-by-${g}`}
                onClick={() => setGroupBy(g)}
                className="px-2 py-1 text-xs aria-pressed:bg-zinc-900 aria-pressed:text-white dark:aria-pressed:bg-zinc-100 dark:aria-pressed:text-zinc-900"
              >
                {GROUP_LABEL[g]}
              </button>
            ))}
          </fieldset>
        </div>
        <span data-testid="client-count" className="text-zinc-500 dark:text-zinc-400">
          {shown.length === clients.length
            ? `${formatCount(clients.length)} ${clients.length === 1 ? 'client' : 'clients'}`
            : `${formatCount(shown.length)} of ${formatCount(clients.length)} clients`}
        </span>
      </div>
      {shown.length === 0 ? (
        <EmptyState>No client matches this filter</EmptyState>
      ) : groupBy === 'none' ? (
        <ClientRows clients={shown} nowSeconds={nowSeconds} />
      ) : (
        <GroupRows
          clients={shown}
          by={groupBy}
          onPick={(key) => {
            setFilter(key);
            setGroupBy('none');
          }}
        />
      )}
    </div>
  );
}

function ClientRows({ clients, nowSeconds }: { clients: readonly ClientRow[]; nowSeconds: number }) {
  const box = useRef<HTMLElement>(null);
  const v = useVirtualizer({
    count: clients.length,
    getScrollElement: () => box.current,
    estimateSize: () => ROW_PX,
    overscan: 10,
    initialRect: { width: 0, height: BOX_PX },
    getItemKey: (i) => clientKey(clients[i] as ClientRow),
  });
  const items = v.getVirtualItems();
  const padTop = items[0]?.start ?? 0;
  const padBottom = Math.max(0, v.getTotalSize() - (items.at(-1)?.end ?? 0));
  // The scroll box takes focus so that keyboard users can scroll it (axe: scrollable-region-focusable).
  return (
    <section
      ref={box}
      aria-label="Client connections"
      // biome-ignore lint/a11y/noNoninteractiveTabindex: a scroll box must take focus to scroll by keyboard
      tabIndex={0}
      className="overflow-auto"
      style={{ maxHeight: BOX_PX }}
    >
      <Table data-testid="client-table" aria-rowcount={clients.length + 1}>
        <thead className="sticky top-0 z-10 bg-white dark:bg-zinc-900">
          <tr>
            <Th>Client Host</Th>
            <Th>User-Agent</Th>
            <Th>Attributes</Th>
            <Th>NSQd Host</Th>
            <Th numeric>In-Flight</Th>
            <Th numeric>Ready Count</Th>
            <Th numeric>Finished</Th>
            <Th numeric>Requeued</Th>
            <Th numeric>Messages</Th>
            <Th numeric>Connected</Th>
          </tr>
        </thead>
        <tbody>
          {padTop > 0 ? (
            // biome-ignore lint/a11y/noAriaHiddenOnFocusable: an empty spacer row takes no focus; hidden so screen readers skip it
            <tr aria-hidden="true" style={{ height: padTop }}>
              <td colSpan={10} />
            </tr>
          ) : null}
          {items.map((it) => {
            const c = clients[it.index] as ClientRow;
            const { host, clientId } = clientHostLabel(c);
            return (
              <Tr
                key={it.key}
                ref={v.measureElement}
                data-index={it.index}
                aria-rowindex={it.index + 2}
                data-testid="client-row"
              >
                <Td title={c.remote_address} className="break-all">
                  <span data-testid="client-host">{host}</span>
                  {clientId !== null ? (
                    <span className="ml-1 text-zinc-500 dark:text-zinc-400">
                      (<span data-testid="client-id">{clientId}</span>)
                    </span>
                  ) : null}
                </Td>
                <Td data-testid="user-agent" className="break-all">
                  {c.user_agent}
                </Td>
                <Td data-testid="attributes">
                  {clientAttributes(c).map((a) => (
                    <AttributeBadge key={a.key} a={a} />
                  ))}
                </Td>
                <Td>
                  <Link href={nodeHref(c.node)} className="text-sky-700 hover:underline dark:text-sky-400">
                    {c.node}
                  </Link>
                </Td>
                <Td numeric data-testid="in-flight">
                  {formatCount(c.in_flight_count)}
                </Td>
                <Td numeric data-testid="ready-count">
                  {formatCount(c.ready_count)}
                </Td>
                <Td numeric data-testid="finished">
                  {formatCount(c.finish_count)}
                </Td>
                <Td numeric data-testid="requeued">
                  {formatCount(c.requeue_count)}
                </Td>
                <Td numeric data-testid="messages">
                  {formatCount(c.message_count)}
                </Td>
                <Td numeric data-testid="connected">
                  {formatSeconds(nowSeconds - c.connect_ts)}
                </Td>
              </Tr>
            );
          })}
          {padBottom > 0 ? (
            // biome-ignore lint/a11y/noAriaHiddenOnFocusable: an empty spacer row takes no focus; hidden so screen readers skip it
            <tr aria-hidden="true" style={{ height: padBottom }}>
              <td colSpan={10} />
            </tr>
          ) : null}
        </tbody>
      </Table>
    </section>
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

function GroupRows({
  clients,
  by,
  onPick,
}: {
  clients: readonly ClientRow[];
  by: Exclude<GroupBy, 'none'>;
  onPick: (key: string) => void;
}) {
  const groups = useMemo(() => groupClients(clients, by), [clients, by]);
  return (
    <section
      aria-label={`Clients grouped by ${GROUP_LABEL[by]}`}
      // biome-ignore lint/a11y/noNoninteractiveTabindex: a scroll box must take focus to scroll by keyboard
      tabIndex={0}
      className="overflow-auto"
      style={{ maxHeight: BOX_PX }}
    >
      <Table data-testid="client-group-table">
        <thead className="sticky top-0 z-10 bg-white dark:bg-zinc-900">
          <tr>
            <Th>{by === 'hostname' ? 'Hostname' : 'User-Agent'}</Th>
            <Th numeric>Clients</Th>
            <Th numeric>NSQd Nodes</Th>
            <Th numeric>In-Flight</Th>
            <Th numeric>Ready Count</Th>
            <Th numeric>Finished</Th>
            <Th numeric>Requeued</Th>
            <Th numeric>Messages</Th>
          </tr>
        </thead>
        <tbody>
          {groups.map((g) => (
            <Tr key={g.key} data-testid="client-group">
              <Td className="break-all">
                <button
                  type="button"
                  onClick={() => onPick(g.key)}
                  title="Show these clients"
                  className="text-left text-sky-700 hover:underline dark:text-sky-400"
                >
                  {g.key === '' ? '(none)' : g.key}
                </button>
              </Td>
              <Td numeric data-testid="group-clients">
                {formatCount(g.clients)}
              </Td>
              <Td numeric>{formatCount(g.nodes)}</Td>
              <Td numeric>{formatCount(g.in_flight_count)}</Td>
              <Td numeric>{formatCount(g.ready_count)}</Td>
              <Td numeric>{formatCount(g.finish_count)}</Td>
              <Td numeric>{formatCount(g.requeue_count)}</Td>
              <Td numeric>{formatCount(g.message_count)}</Td>
            </Tr>
          ))}
        </tbody>
      </Table>
    </section>
  );
}

function clientKey(c: ClientRow): string {
  return `${c.node}|${c.remote_address}`;
}
