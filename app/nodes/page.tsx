import type { Metadata } from 'next';
import { headers } from 'next/headers';
import { NodesPage } from '@/components/nodes/nodes-page';
import { clusterBody, ok } from '@/lib/api/read-api';
import { showsUpstreamText } from '@/lib/api/upstream-text';
import { getRuntime } from '@/lib/cluster/runtime';
import { queryKeys } from '@/lib/queries/keys';
import { ServerQueries } from '@/lib/queries/server';

export const metadata: Metadata = { title: 'Nodes' };

export default async function Page() {
  const rt = getRuntime();
  const snap = rt.poller.latest();
  const showText = await showsUpstreamText(rt.config.access, { headers: await headers() });
  return (
    <ServerQueries
      queries={
        snap
          ? [[queryKeys.clusterNodes(), ok(clusterBody(rt, snap, showText, { topics: false, nodeTopics: true }))]]
          : []
      }
    >
      <NodesPage />
    </ServerQueries>
  );
}
