import { getConfigOption, putConfigOption } from '@/lib/api/config-api';
import { getRuntime } from '@/lib/cluster/runtime';

type Ctx = { params: Promise<{ opt: string }> };

export async function GET(req: Request, ctx: Ctx) {
  const { opt } = await ctx.params;
  return getConfigOption(getRuntime(), req, opt);
}

export async function PUT(req: Request, ctx: Ctx) {
  const { opt } = await ctx.params;
  return putConfigOption(getRuntime(), req, opt);
}
