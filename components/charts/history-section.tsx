'use client';
// A page's history: a heading, the chart window selector, and its charts. Each chart owns one history
// query and its loading, error and empty states, at a fixed height so the page never jumps while
// charts load. The window lives in the URL (?window=), shared by every chart of the page.
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { type ReactNode, useId } from 'react';
import { Card } from '@/components/ui/card';
import { ErrorState, Skeleton } from '@/components/ui/states';
import { type ChartWindow, WINDOW_MS, WINDOWS } from '@/lib/chart-windows';
import { useCluster, useEvents, useHistory } from '@/lib/queries/hooks';
import { type ChartMarker, type SeriesConfig, seriesKey, TimeSeriesChart } from './time-series-chart';
import { availableWindows, pickWindow } from './windows';

const HEIGHT = 220;

export interface HistoryChart {
  title: string;
  /** what the history is of: the cluster ({}), a node, a topic or a channel */
  target: { topic?: string; channel?: string; node?: string };
  series: readonly SeriesConfig[];
  unit: 'count' | 'rate';
  testId: string;
}

export interface HistorySectionProps {
  title?: string;
  charts: readonly HistoryChart[];
  /** a note under the charts */
  children?: ReactNode;
}

export function HistorySection({ title = 'History', charts, children }: HistorySectionProps) {
  const id = useId();
  return (
    <section aria-labelledby={id} className="space-y-3">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h2 id={id} className="text-lg font-semibold">
          {title}
        </h2>
        <WindowSelect />
      </div>
      <div className={charts.length > 1 ? 'grid gap-4 lg:grid-cols-2' : undefined}>
        {charts.map((c) => (
          <HistoryCard key={c.testId} {...c} />
        ))}
      </div>
      {children}
    </section>
  );
}

/**
 * The chart window, kept in the URL (?window=) so a reload or a shared link keeps it. Until the
 * server has said which windows it can answer, a window in the URL is taken as given.
 */
function useChartWindow(): ChartWindow {
  const w = useSearchParams().get('window');
  const { data } = useCluster();
  return pickWindow(w, data ? availableWindows(data.history_sources) : WINDOWS);
}

function WindowSelect() {
  const current = useChartWindow();
  const { data } = useCluster();
  const router = useRouter();
  const path = usePathname();
  const params = useSearchParams();
  return (
    <fieldset
      aria-label="Chart window"
      className="m-0 inline-flex min-w-0 flex-wrap overflow-hidden rounded border border-zinc-300 p-0 dark:border-zinc-700"
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

const NO_MARKERS: readonly ChartMarker[] = [];

/**
 * The events of a topic, channel or node's charts (actions, alerts, the node going down). The
 * cluster's charts have none: every event of a large cluster would crowd them; the Alerts page lists them.
 */
function useMarkers(target: HistoryChart['target']): readonly ChartMarker[] {
  const scoped = target.topic !== undefined || target.node !== undefined;
  const { data } = useEvents(target, scoped);
  if (!scoped || !data) return NO_MARKERS;
  // an action or a node going down explains a change; an alert only reports it
  return data.events.map((e) => ({
    t: e.at,
    label: e.text,
    weight: e.kind === 'action' ? 2 : e.kind.startsWith('node') ? 1 : 0,
  }));
}

function HistoryCard({ title, target, series, unit, testId }: HistoryChart) {
  const window = useChartWindow();
  const { data, error, isPending } = useHistory({ ...target, window });
  const markers = useMarkers(target);
  const hasPoints =
    data?.points.some((p) => series.some((s) => p[seriesKey(s)] !== null && p[seriesKey(s)] !== undefined)) ?? false;
  return (
    <Card title={title} testId={testId}>
      <div
        style={{ height: HEIGHT }}
        data-testid={`${testId}-body`}
        data-points={data?.points.length ?? 0}
        data-newest={data?.points.at(-1)?.t ?? 0}
      >
        {isPending ? (
          <Skeleton height={HEIGHT} label={`Loading ${title}`} />
        ) : !data ? (
          <ErrorState error={error} />
        ) : !hasPoints ? (
          <p className="flex h-full items-center justify-center text-sm text-zinc-500 dark:text-zinc-400">
            No data yet: points appear with each poll.
          </p>
        ) : (
          <TimeSeriesChart
            points={data.points}
            series={series}
            windowMs={WINDOW_MS[window]}
            now={data.now}
            unit={unit}
            height={HEIGHT}
            markers={markers}
          />
        )}
      </div>
    </Card>
  );
}
