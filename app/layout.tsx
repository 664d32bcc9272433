import type { Metadata } from 'next';
import { headers } from 'next/headers';
import type { ReactNode } from 'react';
import { AppHeader } from '@/components/layout/app-header';
import { Providers } from '@/components/providers';
import { alertsBody } from '@/lib/api/alerts-api';
import { clusterBody, ok } from '@/lib/api/read-api';
import { showsUpstreamText } from '@/lib/api/upstream-text';
import { getRuntime } from '@/lib/cluster/runtime';
import { queryKeys } from '@/lib/queries/keys';
import { ServerQueries } from '@/lib/queries/server';
import { scriptNonce } from '@/lib/security-headers';
import './globals.css';

export const metadata: Metadata = {
  title: { default: 'nsq-console', template: '%s · nsq-console' },
  description: 'A console for NSQ clusters',
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  const requestHeaders = await headers();
  // the launcher's per-request CSP nonce (lib/security-headers.ts); reading it renders every page per
  // request, which a nonce needs
  const nonce = scriptNonce(requestHeaders.get('content-security-policy'));
  // the header's freshness and most pages read the light /api/cluster (useCluster), and the header's
  // alert count and every page's alert notices read /api/alerts: both are in the first paint, and the
  // header and the page hydrate from the same answers
  const rt = getRuntime();
  const snap = rt.poller.latest();
  const cluster = snap
    ? clusterBody(rt, snap, await showsUpstreamText(rt.config.access, { headers: requestHeaders }), {
        topics: false,
        nodeTopics: false,
      })
    : null;
  return (
    // next-themes sets the theme class before hydration
    <html lang="en" suppressHydrationWarning>
      <body className="min-h-screen bg-zinc-50 text-zinc-900 antialiased dark:bg-zinc-950 dark:text-zinc-100">
        <Providers nonce={nonce}>
          <ServerQueries
            queries={[
              ...(cluster ? [[queryKeys.cluster(), ok(cluster)] as const] : []),
              [queryKeys.alerts(), ok(alertsBody(rt))] as const,
            ]}
          >
            <AppHeader />
            <main className="mx-auto max-w-screen-2xl space-y-6 px-4 py-6 sm:px-6">{children}</main>
          </ServerQueries>
        </Providers>
      </body>
    </html>
  );
}
