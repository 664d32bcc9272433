// POST publishes to the topic (lib/api/messages-api.ts), or, with an "action" body, is nsqadmin's
// action on a channel named "messages", as GET and DELETE are: this static segment would hide them.
import { publish } from '@/lib/api/messages-api';
import { getChannel } from '@/lib/api/read-api';
import { remove } from '@/lib/api/write-api';
import { getRuntime } from '@/lib/cluster/runtime';

type Ctx = { params: Promise<{ topic: string }> };

export async function GET(_req: Request, ctx: Ctx) {
  const { topic } = await ctx.params;
  return getChannel(getRuntime(), topic, 'messages');
}

export async function POST(req: Request, ctx: Ctx) {
  const { topic } = await ctx.params;
  return publish(getRuntime(), req, topic);
}

export async function DELETE(req: Request, ctx: Ctx) {
  const { topic } = await ctx.params;
  return remove(getRuntime(), req, topic, 'messages');
}
