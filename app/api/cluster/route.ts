import { getCluster } from '@/lib/api/read-api';
import { getRuntime } from '@/lib/cluster/runtime';

export function GET(req: Request) {
  const q = new URL(req.url).searchParams;
  const light = q.get('topics') === 'false';
  return getCluster(getRuntime(), { topics: !light, nodeTopics: !light || q.get('node_topics') === 'true' });
}
