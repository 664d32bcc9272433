import { getCounter } from '@/lib/api/read-api';
import { getRuntime } from '@/lib/cluster/runtime';

export function GET() {
  return getCounter(getRuntime());
}
