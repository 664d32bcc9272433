'use client';

import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { type ChartWindow, WINDOWS } from '@/lib/chart-windows';
import { useCluster } from '@/lib/queries/hooks';
import { availableWindows, pickWindow } from './windows';

/**
 * The chart window, kept in the URL (?window=) so a reload or a shared link keeps it. Until the
 * server has said which windows it can answer, a window in the URL is taken as given.
 */
export function useChartWindow(): ChartWindow {
  const w = useSearchParams().get('window');
  const { data } = useCluster();
  return pickWindow(w, data ? availableWindows(data.history_sources) : WINDOWS);
}

export function WindowSelect() {
  const current = useChartWindow();
  const { data } = useCluster();
  const router = useRouter();
  const path = usePathname();
  const params = useSearchParams();
  return (
    <fieldset
      aria-label="Chart window"
      className="m-0 inline-flex min-w-0 overflow-hidden rounded border border-zinc-300 p-0 dark:border-zinc-700"
    >
      {availableWindows(data?.history_sources).map((w) => (
        <button
          key={w}
          type="button"
          aria-pressed={w === current}
          onClick={() => {
            const next = new URLSearchParams(params);
            next.set('window', w);
            router.replace(`${path}?${next}`, { scroll: false });
          }}
          className="px-2 py-1 text-xs aria-pressed:bg-zinc-900 aria-pressed:text-white dark:aria-pressed:bg-zinc-100 dark:aria-pressed:text-zinc-900"
        >
          {w}
        </button>
      ))}
    </fieldset>
  );
}
