import { getCluster } from '@/lib/api/read-api';
import { showsUpstreamText } from '@/lib/api/upstream-text';
import { getRuntime } from '@/lib/cluster/runtime';

export async function GET(req: Request) {
  const rt = getRuntime();
  const q = new URL(req.url).searchParams;
  const light = q.get('topics') === 'false';
  return getCluster(rt, await showsUpstreamText(rt.config.access, req), {
    topics: !light,
    nodeTopics: !light || q.get('node_topics') === 'true',
  });
}
