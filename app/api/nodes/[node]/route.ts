import { getNode } from '@/lib/api/read-api';
import { getRuntime } from '@/lib/cluster/runtime';

export async function GET(_req: Request, ctx: { params: Promise<{ node: string }> }) {
  const { node } = await ctx.params;
  return getNode(getRuntime(), node);
}
