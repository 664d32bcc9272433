import { getClusterChannel } from '@/lib/api/read-api';
import { showsUpstreamText } from '@/lib/api/upstream-text';
import { getRuntime } from '@/lib/cluster/runtime';

export async function GET(req: Request, ctx: { params: Promise<{ topic: string; channel: string }> }) {
  const { topic, channel } = await ctx.params;
  const rt = getRuntime();
  return getClusterChannel(rt, topic, channel, await showsUpstreamText(rt.config.access, req));
}
