import type { Metadata } from 'next';
import { AlertsPage } from '@/components/alerts/alerts-page';
import { eventsBody } from '@/lib/api/events-api';
import { ok } from '@/lib/api/read-api';
import { getRuntime } from '@/lib/cluster/runtime';
import { queryKeys } from '@/lib/queries/keys';
import { ServerQueries } from '@/lib/queries/server';

export const metadata: Metadata = { title: 'Alerts' };

/** The alerts' answer is in every page's first paint already (app/layout.tsx); the events are added here. */
export default function Page() {
  return (
    <ServerQueries queries={[[queryKeys.events({}), ok(eventsBody(getRuntime()))]]}>
      <AlertsPage />
    </ServerQueries>
  );
}
