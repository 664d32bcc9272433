// How an alert reads wherever it is shown: the rule's words and how long it has held, e.g.
// "backlog 12,400 > 10,000 for 3 min". Ages are as of the evaluation that reported the alert, not
// the clock, so the server's HTML and the hydrating browser read the same.
import type { AlertJson } from '@/lib/alerts/tracker';
import { formatAge } from '@/lib/format';

export function alertWords(a: AlertJson, evaluatedAt: number | null): string {
  const held = evaluatedAt === null ? '' : ` for ${formatAge(Math.max(0, evaluatedAt - a.since))}`;
  return `${a.summary}${held}`;
}

/** Where an alert is: channel, topic, node, or the cluster (lookupd_disagree). */
export function alertSubject(a: AlertJson): string {
  if (a.topic !== null && a.channel !== null) return `${a.topic} / ${a.channel}`;
  return a.topic ?? a.node ?? 'cluster';
}

export const SEVERITY_TONE = { critical: 'danger', warning: 'warn', info: 'info' } as const;
