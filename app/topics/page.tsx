import type { Metadata } from 'next';
import { TopicList } from '@/components/topics/topic-list';
import { ok, topicListBody } from '@/lib/api/read-api';
import { getRuntime } from '@/lib/cluster/runtime';
import { queryKeys } from '@/lib/queries/keys';
import { ServerQueries } from '@/lib/queries/server';

export const metadata: Metadata = { title: 'Topics' };

export default function TopicsPage() {
  const rt = getRuntime();
  const snap = rt.poller.latest();
  return (
    <ServerQueries queries={snap ? [[queryKeys.topicList(), ok(topicListBody(rt, snap))]] : []}>
      <h1 className="text-2xl font-semibold">Topics</h1>
      <TopicList />
    </ServerQueries>
  );
}
