import type { Metadata } from 'next';
import { chartedChannels, decodeParam } from '@/components/topic/table-helpers';
import { TopicPage } from '@/components/topic/topic-page';
import { clusterTopicBody } from '@/lib/api/read-api';
import { getRuntime } from '@/lib/cluster/runtime';
import { queryKeys } from '@/lib/queries/keys';
import { historyQueries, type SearchParams, ServerQueries } from '@/lib/queries/server';

type Params = Promise<{ topic: string }>;

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const { topic } = await params;
  return { title: `Topic ${decodeParam(topic)}` };
}

export default async function Page({ params, searchParams }: { params: Params; searchParams: SearchParams }) {
  const topic = decodeParam((await params).topic);
  const rt = getRuntime();
  const snap = rt.poller.latest();
  const answer = snap ? clusterTopicBody(rt, snap, topic) : null;
  // the charts TopicCharts draws: the topic's, and its deepest channels'
  const charts = answer?.ok ? [{ topic }, ...chartedChannels(answer.body).map((channel) => ({ topic, channel }))] : [];
  const queries =
    snap && answer
      ? [[queryKeys.topic(topic), answer] as const, ...(await historyQueries(rt, snap, searchParams, charts))]
      : [];
  return (
    <ServerQueries queries={queries}>
      <TopicPage topic={topic} />
    </ServerQueries>
  );
}
