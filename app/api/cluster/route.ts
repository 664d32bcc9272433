import { getCluster } from '@/lib/api/read-api';
import { getRuntime } from '@/lib/cluster/runtime';

export function GET(req: Request) {
  return getCluster(getRuntime(), new URL(req.url).searchParams.get('topics') !== 'false');
}
