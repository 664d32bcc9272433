import { HomePage } from '@/components/home/home-page';
import { backlogBody, ok, topicListBody } from '@/lib/api/read-api';
import { getRuntime } from '@/lib/cluster/runtime';
import { queryKeys } from '@/lib/queries/keys';
import { historyQueries, type SearchParams, ServerQueries } from '@/lib/queries/server';

export default async function Home({ searchParams }: { searchParams: SearchParams }) {
  const rt = getRuntime();
  const snap = rt.poller.latest();
  const queries = snap
    ? [
        [queryKeys.backlog(), ok(backlogBody(rt, snap))] as const,
        [queryKeys.topicList(), ok(topicListBody(rt, snap))] as const,
        ...(await historyQueries(rt, snap, searchParams, [{}])),
      ]
    : [];
  return (
    <ServerQueries queries={queries}>
      <HomePage />
    </ServerQueries>
  );
}
