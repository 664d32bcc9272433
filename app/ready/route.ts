import { readiness, readinessResponse } from '@/lib/api/health';
import { getRuntime } from '@/lib/cluster/runtime';

// Readiness, for load balancers and Kubernetes: 200 when the last poll reached NSQ and is recent,
// 503 with the reason otherwise. Liveness is /ping.
export function GET() {
  const rt = getRuntime();
  return readinessResponse(readiness(rt.config, rt.poller.latest(), Date.now()));
}
