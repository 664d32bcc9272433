import { getHistory } from '@/lib/api/read-api';
import { getRuntime } from '@/lib/cluster/runtime';

export function GET(req: Request) {
  return getHistory(getRuntime(), new URL(req.url).searchParams);
}
