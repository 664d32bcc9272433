'use client';
// The channel page's clients: the client table with a filter, and folded by hostname or user agent,
// for channels with thousands of consumers.
import { useCallback, useMemo, useState } from 'react';
import { EmptyState } from '@/components/ui/states';
import type { ClientListing } from '@/lib/cluster/detail';
import { formatCount } from '@/lib/format';
import { filterClients, type GroupBy, groupClients } from './client-groups';
import { ClientGroupTable, ClientTable, GROUP_LABEL } from './client-table';

export function ClientConnections({ clients, nowSeconds }: { clients: ClientListing[]; nowSeconds: number }) {
  const [groupBy, setGroupBy] = useState<GroupBy>('none');
  const [filter, setFilter] = useState('');
  const shown = useMemo(() => filterClients(clients, filter), [clients, filter]);
  const groups = useMemo(() => (groupBy === 'none' ? [] : groupClients(shown, groupBy)), [shown, groupBy]);
  const pick = useCallback((key: string) => {
    setFilter(key);
    setGroupBy('none');
  }, []);

  if (clients.length === 0) return <EmptyState>No clients connected to this channel</EmptyState>;

  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-center gap-x-4 gap-y-2 text-sm">
        <label className="flex min-w-0 max-w-full items-center gap-2">
          <span>Filter</span>
          <input
            type="search"
            value={filter}
            onChange={(e) => setFilter(e.target.value)}
            placeholder="hostname, client id, user agent, address"
            className="w-72 min-w-0 max-w-full rounded border border-zinc-300 bg-white px-2 py-1 dark:border-zinc-700 dark:bg-zinc-950"
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
        <ClientTable clients={shown} nowSeconds={nowSeconds} showNode label="Client connections" />
      ) : (
        <ClientGroupTable groups={groups} by={groupBy} onPick={pick} />
      )}
    </div>
  );
}
