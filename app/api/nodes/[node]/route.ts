import { getNode } from '@/lib/api/read-api';
import { tombstone } from '@/lib/api/write-api';
import { getRuntime } from '@/lib/cluster/runtime';

type Ctx = { params: Promise<{ node: string }> };

export async function GET(_req: Request, ctx: Ctx) {
  const { node } = await ctx.params;
  return getNode(getRuntime(), node);
}

export async function DELETE(req: Request, ctx: Ctx) {
  const { node } = await ctx.params;
  return tombstone(getRuntime(), req, node);
}
