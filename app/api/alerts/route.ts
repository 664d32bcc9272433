import { getAlerts } from '@/lib/api/alerts-api';
import { getRuntime } from '@/lib/cluster/runtime';

export function GET() {
  return getAlerts(getRuntime());
}
