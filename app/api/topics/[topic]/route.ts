import { getTopic } from '@/lib/api/read-api';
import { act, remove } from '@/lib/api/write-api';
import { getRuntime } from '@/lib/cluster/runtime';

type Ctx = { params: Promise<{ topic: string }> };

export async function GET(_req: Request, ctx: Ctx) {
  const { topic } = await ctx.params;
  return getTopic(getRuntime(), topic);
}

export async function POST(req: Request, ctx: Ctx) {
  const { topic } = await ctx.params;
  return act(getRuntime(), req, topic);
}

export async function DELETE(req: Request, ctx: Ctx) {
  const { topic } = await ctx.params;
  return remove(getRuntime(), req, topic);
}
