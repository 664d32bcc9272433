// GET with Accept: text/event-stream tails the topic (lib/api/messages-api.ts). Anything else here is
// nsqadmin's route for a channel named "tail", which this static segment would otherwise hide.

import { tail, wantsEventStream } from '@/lib/api/messages-api';
import { getChannel } from '@/lib/api/read-api';
import { act, remove } from '@/lib/api/write-api';
import { getRuntime } from '@/lib/cluster/runtime';

type Ctx = { params: Promise<{ topic: string }> };

export async function GET(req: Request, ctx: Ctx) {
  const { topic } = await ctx.params;
  return wantsEventStream(req) ? tail(getRuntime(), req, topic) : getChannel(getRuntime(), topic, 'tail');
}

export async function POST(req: Request, ctx: Ctx) {
  const { topic } = await ctx.params;
  return act(getRuntime(), req, topic, 'tail');
}

export async function DELETE(req: Request, ctx: Ctx) {
  const { topic } = await ctx.params;
  return remove(getRuntime(), req, topic, 'tail');
}
