import { login } from '@/lib/api/write-api';
import { getRuntime } from '@/lib/cluster/runtime';

export function GET(req: Request) {
  return login(getRuntime(), req);
}
