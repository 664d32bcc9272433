import type { ReactNode } from 'react';
import type { UpstreamErrorInfo } from '@/lib/cluster/types';

/** First load only; background refreshes keep the previous data on screen. */
export function Skeleton({ height = 160, label = 'Loading' }: { height?: number; label?: string }) {
  return (
    <div
      role="status"
      aria-label={label}
      style={{ height }}
      className="animate-pulse rounded-lg bg-zinc-100 dark:bg-zinc-900"
    />
  );
}

export function ErrorState({ error, children }: { error?: Error | null; children?: ReactNode }) {
  return (
    <div
      role="alert"
      className="rounded-lg border border-red-300 bg-red-50 p-4 text-sm text-red-900 dark:border-red-900 dark:bg-red-950 dark:text-red-100"
    >
      {children ?? error?.message ?? 'Something went wrong'}
    </div>
  );
}

export function EmptyState({ children }: { children: ReactNode }) {
  return <p className="py-6 text-center text-sm text-zinc-500 dark:text-zinc-400">{children}</p>;
}

/** Upstreams that failed: shown where their data is missing, each with its own error. */
export function UpstreamWarnings({ errors }: { errors: readonly UpstreamErrorInfo[] }) {
  if (errors.length === 0) return null;
  return (
    <div
      role="alert"
      data-testid="upstream-warnings"
      className="rounded-lg border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900 dark:border-amber-900 dark:bg-amber-950 dark:text-amber-100"
    >
      <ul className="space-y-1">
        {errors.map((e) => (
          <li key={`${e.node}|${e.message}`}>
            <span className="font-medium">{e.node}</span> did not answer ({e.kind}): {e.message}
          </li>
        ))}
      </ul>
    </div>
  );
}
