import { cancelRedrive, redriveStatus, startRedrive } from '@/lib/api/messages-api';
import { getRuntime } from '@/lib/cluster/runtime';

type Ctx = { params: Promise<{ topic: string; channel: string }> };

export async function GET(req: Request, ctx: Ctx) {
  const { topic, channel } = await ctx.params;
  return redriveStatus(getRuntime(), req, topic, channel);
}

export async function POST(req: Request, ctx: Ctx) {
  const { topic, channel } = await ctx.params;
  return startRedrive(getRuntime(), req, topic, channel);
}

export async function DELETE(req: Request, ctx: Ctx) {
  const { topic, channel } = await ctx.params;
  return cancelRedrive(getRuntime(), req, topic, channel);
}
