'use client';
// Beside "Alerts" in the header: how many alerts fire, red while a critical one does.
import { useAlerts } from '@/lib/queries/hooks';

export function FiringCount() {
  const { data } = useAlerts();
  const firing = data?.firing ?? [];
  if (firing.length === 0) return null;
  const critical = firing.some((a) => a.severity === 'critical');
  return (
    <span
      data-testid="alert-count"
      className={`ml-1.5 rounded-full px-1.5 text-xs font-semibold tabular-nums text-white ${critical ? 'bg-red-700' : 'bg-amber-700'}`}
    >
      {firing.length}
      <span className="sr-only"> firing</span>
    </span>
  );
}
