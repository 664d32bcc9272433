import type { Metadata } from 'next';
import { LookupPage } from '@/components/lookup/lookup-page';
import { inactiveTopicsBody } from '@/lib/api/read-api';
import { getRuntime } from '@/lib/cluster/runtime';
import { queryKeys } from '@/lib/queries/keys';
import { ServerQueries } from '@/lib/queries/server';

export const metadata: Metadata = { title: 'Lookup' };

export default async function Page() {
  const rt = getRuntime();
  const snap = rt.poller.latest();
  // asks the lookupds for the inactive topics' channels, once per snapshot, as the route does
  return (
    <ServerQueries queries={snap ? [[queryKeys.inactive(), await inactiveTopicsBody(rt, snap)]] : []}>
      <LookupPage />
    </ServerQueries>
  );
}
