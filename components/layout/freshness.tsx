'use client';

import { useParams } from 'next/navigation';
import { useEffect, useState } from 'react';
import { decodeParam } from '@/components/topic/table-helpers';
import { formatAge } from '@/lib/format';
import { useCluster, usePageFreshness } from '@/lib/queries/hooks';
import { STALE_AFTER_POLLS } from '@/lib/queries/policy';

/**
 * "updated 2 s ago · every 2 s", counting up between refreshes; "stale" when the console has not
 * polled NSQ for several intervals; "disconnected" when the console server itself cannot be reached.
 * The interval is the one in use: on a cluster large enough that polls are costly, the server spaces
 * them beyond --poll-interval (lib/cluster/poller.ts), and the header says so. On a topic or channel
 * page the age is that of the page's own numbers, which are read every --poll-interval whatever the
 * interval of the whole cluster's sweeps (lib/cluster/focus.ts).
 */
export function Freshness() {
  const { data, error, dataUpdatedAt: clusterUpdatedAt } = useCluster();
  const params = useParams<{ topic?: string; channel?: string }>();
  const topic = params?.topic === undefined ? undefined : decodeParam(params.topic);
  const channel = params?.channel === undefined ? undefined : decodeParam(params.channel);
  const page = usePageFreshness(topic, channel);
  // null until mounted: the server's HTML and the hydrating render both show the age the answer
  // gives, never the clock of whichever machine renders, so they match (React error #418 otherwise)
  const [now, setNow] = useState<number | null>(null);
  useEffect(() => {
    setNow(Date.now());
    const id = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(id);
  }, []);
  if (!data) return null;
  const own = page ? { age_ms: page.data.age_ms, at: page.dataUpdatedAt } : null;
  // age when fetched, plus the time since the browser received it
  const [ageMs, receivedAt] = own ? [own.age_ms, own.at] : [data.age_ms, clusterUpdatedAt];
  const age = ageMs + (now === null ? 0 : Math.max(0, now - receivedAt));
  const stale = age > STALE_AFTER_POLLS * data.poll_interval_ms;
  const state = error ? 'disconnected' : stale ? 'stale' : 'live';
  const adapted = data.poll_interval_ms > data.configured_poll_interval_ms;
  const tone =
    state === 'live'
      ? 'text-zinc-500 dark:text-zinc-400'
      : 'rounded bg-red-100 px-2 py-0.5 font-medium text-red-900 dark:bg-red-950 dark:text-red-100';
  return (
    <span data-testid="freshness" data-state={state} role="status" className={`text-xs ${tone}`}>
      {state === 'disconnected' ? `console unreachable (${error?.message}); ` : null}
      {state === 'stale' ? 'stale: ' : null}updated {formatAge(age)} ago
      <span
        data-testid="poll-interval"
        data-adapted={adapted}
        title={
          adapted
            ? `NSQ is polled every ${formatAge(data.poll_interval_ms)} rather than every ${formatAge(data.configured_poll_interval_ms)} (--poll-interval): at this cluster's size a poll costs ${Math.round(data.poll_work_ms)} ms of CPU, and polling is kept within a tenth of a core`
            : 'how often the console polls NSQ (--poll-interval)'
        }
      >
        {' '}
        · every {formatAge(data.poll_interval_ms)}
        {adapted ? ' (adapted to cluster size)' : null}
      </span>
    </span>
  );
}
