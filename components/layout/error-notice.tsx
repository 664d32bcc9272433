'use client';
// What app/error.tsx and app/global-error.tsx show: that the page failed, a retry, and the error's
// digest to find it in the server's log. Never the message: a server error's message may hold
// details the browser must not see (Next replaces it in production, but only for server errors).
import { Button } from '@/components/ui/button';

/** The digest Next gives an error from the server, which its log line carries too. */
export function errorDigest(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null || !('digest' in error)) return undefined;
  return typeof error.digest === 'string' ? error.digest : undefined;
}

export function ErrorNotice({ error, retry }: { error: unknown; retry: () => void }) {
  const digest = errorDigest(error);
  return (
    <div
      role="alert"
      data-testid="error-notice"
      className="space-y-3 rounded-lg border border-red-300 bg-red-50 p-6 text-red-900 dark:border-red-900 dark:bg-red-950 dark:text-red-100"
    >
      <h1 className="text-2xl font-semibold">Something went wrong</h1>
      <p className="text-sm">
        This page could not be shown. Trying again usually works once nsq-console or the cluster answers again.
      </p>
      {digest ? (
        <p className="text-xs">
          Error reference: <span className="font-mono">{digest}</span> (in the server's log)
        </p>
      ) : null}
      <Button variant="primary" onClick={() => retry()}>
        Try again
      </Button>
    </div>
  );
}
