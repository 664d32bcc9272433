import { access } from '@/lib/api/write-api';
import { getRuntime } from '@/lib/cluster/runtime';

export function GET(req: Request) {
  return access(getRuntime(), req);
}
