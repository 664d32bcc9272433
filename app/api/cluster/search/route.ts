import { searchNames } from '@/lib/api/read-api';
import { getRuntime } from '@/lib/cluster/runtime';

export function GET(req: Request) {
  return searchNames(getRuntime(), new URL(req.url).searchParams.get('q') ?? '');
}
