import { getTopics } from '@/lib/api/read-api';
import { createTopic } from '@/lib/api/write-api';
import { getRuntime } from '@/lib/cluster/runtime';

export function GET(req: Request) {
  return getTopics(getRuntime(), new URL(req.url).searchParams.get('inactive') === 'true');
}

export function POST(req: Request) {
  return createTopic(getRuntime(), req);
}
