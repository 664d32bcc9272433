'use client';
// A row's own alerts, beside its name: a channel row on the topic page or the home page's backlog
// list marked with each rule it breaks, the rule's words in the badge's title.
import { Badge } from '@/components/ui/badge';
import type { AlertJson } from '@/lib/alerts/tracker';
import { useAlerts } from '@/lib/queries/hooks';
import { alertWords, SEVERITY_TONE } from './alert-words';

/** The firing alerts of a topic's channel, or none: for marking rows. */
export function useChannelAlerts(): (topic: string, channel: string) => AlertJson[] {
  const { data } = useAlerts();
  const firing = data?.firing ?? [];
  return (topic, channel) => firing.filter((a) => a.topic === topic && a.channel === channel);
}

/** The classes of a row with a firing alert. */
export const ALERT_ROW = 'bg-red-50 dark:bg-red-950/30';

export function AlertBadges({ alerts }: { alerts: readonly AlertJson[] }) {
  const { data } = useAlerts();
  return alerts.map((a) => (
    <span key={a.id} data-testid="row-alert" data-rule={a.rule}>
      <Badge tone={SEVERITY_TONE[a.severity]} title={alertWords(a, data?.evaluated_at ?? null)}>
        {a.rule}
      </Badge>
    </span>
  ));
}
