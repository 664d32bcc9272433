import { getEvents } from '@/lib/api/events-api';
import { getRuntime } from '@/lib/cluster/runtime';

export function GET(req: Request) {
  return getEvents(getRuntime(), new URL(req.url).searchParams);
}
