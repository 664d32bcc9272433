'use client';
// The clients of one channel on one node, in the client table. A long list stays folded behind a
// toggle, so a node whose channels have thousands of consumers opens on its topics and channels.
import { useState } from 'react';
import { ClientTable } from '@/components/clients/client-table';
import type { ClientListing } from '@/lib/cluster/detail';
import { formatCount } from '@/lib/format';

/** Up to this many clients show without asking; nsqadmin lists every one. */
export const CLIENTS_SHOWN = 50;

export function NodeClients({
  clients,
  nowSeconds,
  label,
}: {
  clients: ClientListing[];
  nowSeconds: number;
  label: string;
}) {
  const long = clients.length > CLIENTS_SHOWN;
  const [open, setOpen] = useState(!long);
  if (clients.length === 0) return null;
  return (
    <div className="my-1 space-y-1">
      {long ? (
        <button
          type="button"
          data-testid="clients-toggle"
          aria-expanded={open}
          onClick={() => setOpen(!open)}
          className="rounded border border-zinc-300 px-2 py-0.5 text-xs hover:bg-zinc-100 dark:border-zinc-700 dark:hover:bg-zinc-800"
        >
          {open ? 'hide clients' : `show ${formatCount(clients.length)} clients`}
        </button>
      ) : null}
      {open ? <ClientTable clients={clients} nowSeconds={nowSeconds} showNode={false} label={label} /> : null}
    </div>
  );
}
