import { getAlertRules } from '@/lib/api/alerts-api';
import { getRuntime } from '@/lib/cluster/runtime';

export function GET() {
  return getAlertRules(getRuntime());
}
