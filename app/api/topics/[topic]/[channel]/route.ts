import { getChannel } from '@/lib/api/read-api';
import { act, remove } from '@/lib/api/write-api';
import { getRuntime } from '@/lib/cluster/runtime';

type Ctx = { params: Promise<{ topic: string; channel: string }> };

export async function GET(_req: Request, ctx: Ctx) {
  const { topic, channel } = await ctx.params;
  return getChannel(getRuntime(), topic, channel);
}

export async function POST(req: Request, ctx: Ctx) {
  const { topic, channel } = await ctx.params;
  return act(getRuntime(), req, topic, channel);
}

export async function DELETE(req: Request, ctx: Ctx) {
  const { topic, channel } = await ctx.params;
  return remove(getRuntime(), req, topic, channel);
}
