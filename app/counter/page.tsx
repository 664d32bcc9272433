import type { Metadata } from 'next';
import { CounterPage } from '@/components/counter/counter-page';
import { counterBody } from '@/lib/api/read-api';
import { getRuntime } from '@/lib/cluster/runtime';
import { queryKeys } from '@/lib/queries/keys';
import { historyQueries, type SearchParams, ServerQueries } from '@/lib/queries/server';

export const metadata: Metadata = { title: 'Counter' };

export default async function Page({ searchParams }: { searchParams: SearchParams }) {
  const rt = getRuntime();
  const snap = rt.poller.latest();
  const queries = snap
    ? [[queryKeys.counter(), counterBody(snap)] as const, ...(await historyQueries(rt, snap, searchParams, [{}]))]
    : [];
  return (
    <ServerQueries queries={queries}>
      <CounterPage />
    </ServerQueries>
  );
}
