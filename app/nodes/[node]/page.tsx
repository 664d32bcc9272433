import type { Metadata } from 'next';
import { NodePage } from '@/components/nodes/node-page';
import { nodeBody } from '@/lib/api/read-api';
import { getRuntime } from '@/lib/cluster/runtime';
import { queryKeys } from '@/lib/queries/keys';
import { historyQueries, type SearchParams, ServerQueries } from '@/lib/queries/server';

interface Props {
  params: Promise<{ node: string }>;
  searchParams: SearchParams;
}

/** The segment is the URL-encoded node name (broadcast_address:http_port, IPv6 in brackets). */
function nodeName(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: `Node ${nodeName((await params).node)}` };
}

export default async function Page({ params, searchParams }: Props) {
  const node = nodeName((await params).node);
  const rt = getRuntime();
  const snap = rt.poller.latest();
  // the node's full /stats come from nsqd, as the route's do (within the detail fetcher's budget)
  const queries = snap
    ? [
        [queryKeys.node(node), await nodeBody(rt, snap, node)] as const,
        ...(await historyQueries(rt, snap, searchParams, [{ node }])),
      ]
    : [];
  return (
    <ServerQueries queries={queries}>
      <NodePage node={node} />
    </ServerQueries>
  );
}
