import { getNodes } from '@/lib/api/read-api';
import { showsUpstreamText } from '@/lib/api/upstream-text';
import { getRuntime } from '@/lib/cluster/runtime';

export async function GET(req: Request) {
  const rt = getRuntime();
  return getNodes(rt, await showsUpstreamText(rt.config.access, req));
}
