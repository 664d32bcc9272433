import { getTopicList } from '@/lib/api/read-api';
import { getRuntime } from '@/lib/cluster/runtime';

export function GET() {
  return getTopicList(getRuntime());
}
