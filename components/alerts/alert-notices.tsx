'use client';
// The alerts that concern what a page shows, above its numbers: a channel page shows its channel's,
// a topic page its topic's and its channels', a node page the node's, the home page every firing one.
import Link from 'next/link';
import { Badge } from '@/components/ui/badge';
import type { AlertJson } from '@/lib/alerts/tracker';
import { useAlerts } from '@/lib/queries/hooks';
import { alertSubject, alertWords, SEVERITY_TONE } from './alert-words';

export function AlertNotices({
  concerns,
  showSubject = false,
  includePending = true,
}: {
  /** whether an alert is about what the page shows */
  concerns: (a: AlertJson) => boolean;
  /** name the topic, channel or node of each alert (pages that show more than one subject) */
  showSubject?: boolean;
  includePending?: boolean;
}) {
  const { data } = useAlerts();
  if (!data) return null;
  const shown = [...data.firing, ...(includePending ? data.pending : [])].filter(concerns);
  if (shown.length === 0) return null;
  return (
    <section
      aria-label="Alerts"
      data-testid="alert-notices"
      className="rounded-lg border border-red-200 bg-red-50 p-3 text-sm dark:border-red-900 dark:bg-red-950/40"
    >
      <ul className="space-y-1">
        {shown.map((a) => (
          <li key={a.id} data-testid="alert-notice" data-rule={a.rule} data-state={a.state}>
            <Badge tone={a.state === 'firing' ? SEVERITY_TONE[a.severity] : 'neutral'}>
              {a.state === 'firing' ? a.severity : 'pending'}
            </Badge>{' '}
            <span className="font-medium">{a.rule}</span>
            {showSubject ? <span className="text-zinc-600 dark:text-zinc-400"> · {alertSubject(a)}</span> : null}:{' '}
            <span data-testid="alert-words">{alertWords(a, data.evaluated_at)}</span>
          </li>
        ))}
      </ul>
      <Link href="/alerts" className="mt-2 inline-block text-xs text-sky-700 underline dark:text-sky-400">
        All alerts
      </Link>
    </section>
  );
}
