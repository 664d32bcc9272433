import { getClusterTopic } from '@/lib/api/read-api';
import { getRuntime } from '@/lib/cluster/runtime';

export async function GET(_req: Request, ctx: { params: Promise<{ topic: string }> }) {
  const { topic } = await ctx.params;
  return getClusterTopic(getRuntime(), topic);
}
