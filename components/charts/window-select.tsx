'use client';

import { usePathname, useRouter, useSearchParams } from 'next/navigation';

export const WINDOWS = ['5m', '15m', '1h'] as const;
export type ChartWindow = (typeof WINDOWS)[number];
export const WINDOW_MS: Record<ChartWindow, number> = { '5m': 300_000, '15m': 900_000, '1h': 3_600_000 };

/** The chart window, kept in the URL (?window=) so a reload or a shared link keeps it. */
export function useChartWindow(): ChartWindow {
  const w = useSearchParams().get('window');
  return (WINDOWS as readonly string[]).includes(w ?? '') ? (w as ChartWindow) : '15m';
}

export function WindowSelect() {
  const current = useChartWindow();
  const router = useRouter();
  const path = usePathname();
  const params = useSearchParams();
  return (
    <div role="group" aria-label="Chart window" className="inline-flex overflow-hidden rounded border border-zinc-300 dark:border-zinc-700">
      {WINDOWS.map((w) => (
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
    </div>
  );
}
