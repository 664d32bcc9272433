import type { Metadata } from 'next';
import { headers } from 'next/headers';
import { type ReactNode, Suspense } from 'react';
import { AfterHydration } from '@/components/layout/after-hydration';
import { AppHeader } from '@/components/layout/app-header';
import { Providers } from '@/components/providers';
import { Skeleton } from '@/components/ui/states';
import { scriptNonce } from '@/lib/security-headers';
import './globals.css';

export const metadata: Metadata = {
  title: { default: 'nsq-console', template: '%s · nsq-console' },
  description: 'A console for NSQ clusters',
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  // the launcher's per-request CSP nonce (lib/security-headers.ts); reading it renders every page per
  // request, which a nonce needs
  const nonce = scriptNonce((await headers()).get('content-security-policy'));
  return (
    // next-themes sets the theme class before hydration
    <html lang="en" suppressHydrationWarning>
      <body className="min-h-screen bg-zinc-50 text-zinc-900 antialiased dark:bg-zinc-950 dark:text-zinc-100">
        <Providers nonce={nonce}>
          <AppHeader />
          {/* pages read ?window= and list filters from the URL, which needs a Suspense boundary */}
          <main className="mx-auto max-w-screen-2xl space-y-6 px-4 py-6 sm:px-6">
            <Suspense>
              <AfterHydration fallback={<Skeleton height={320} label="Loading" />}>{children}</AfterHydration>
            </Suspense>
          </main>
        </Providers>
      </body>
    </html>
  );
}
