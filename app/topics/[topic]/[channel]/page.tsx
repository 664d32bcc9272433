import type { Metadata } from 'next';
import { headers } from 'next/headers';
import { ChannelPage } from '@/components/channel/channel-page';
import { decodeParam } from '@/components/topic/table-helpers';
import { clusterChannelBody } from '@/lib/api/read-api';
import { showsUpstreamText } from '@/lib/api/upstream-text';
import { getRuntime } from '@/lib/cluster/runtime';
import { queryKeys } from '@/lib/queries/keys';
import { historyQueries, type SearchParams, ServerQueries } from '@/lib/queries/server';

type Params = Promise<{ topic: string; channel: string }>;

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const { topic, channel } = await params;
  return { title: `Channel ${decodeParam(topic)}/${decodeParam(channel)}` };
}

export default async function Page({ params, searchParams }: { params: Params; searchParams: SearchParams }) {
  const p = await params;
  const [topic, channel] = [decodeParam(p.topic), decodeParam(p.channel)];
  const rt = getRuntime();
  const snap = rt.poller.latest();
  // the channel's clients come from nsqd, as the route's do (a 1 s cache shared by every viewer)
  const queries = snap
    ? [
        [
          queryKeys.channel(topic, channel),
          await clusterChannelBody(
            rt,
            snap,
            topic,
            channel,
            await showsUpstreamText(rt.config.access, { headers: await headers() }),
          ),
        ] as const,
        ...(await historyQueries(rt, snap, searchParams, [{ topic, channel }])),
      ]
    : [];
  return (
    <ServerQueries queries={queries}>
      <ChannelPage topic={topic} channel={channel} />
    </ServerQueries>
  );
}
