'use client';
// The root layout itself threw: this replaces it, so it brings its own document and styles.
import { ErrorNotice } from '@/components/layout/error-notice';
import './globals.css';

export default function GlobalError({ error, retry }: { error: unknown; retry: () => void }) {
  return (
    <html lang="en">
      <body className="min-h-screen bg-zinc-50 text-zinc-900 antialiased">
        <title>Error · nsq-console</title>
        <main className="mx-auto max-w-screen-2xl px-4 py-6 sm:px-6">
          <p className="mb-6 text-lg font-semibold">nsq-console</p>
          <ErrorNotice error={error} retry={retry} />
        </main>
      </body>
    </html>
  );
}
