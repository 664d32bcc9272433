import { getClusterChannel } from '@/lib/api/read-api';
import { getRuntime } from '@/lib/cluster/runtime';

export async function GET(_req: Request, ctx: { params: Promise<{ topic: string; channel: string }> }) {
  const { topic, channel } = await ctx.params;
  return getClusterChannel(getRuntime(), topic, channel);
}
