'use client';
// Owns one history query and its loading, error and empty states, at a fixed height so the page
// never jumps while charts load.
import { Card } from '@/components/ui/card';
import { ErrorState, Skeleton } from '@/components/ui/states';
import { WINDOW_MS } from '@/lib/chart-windows';
import { useHistory } from '@/lib/queries/hooks';
import { type SeriesConfig, TimeSeriesChart } from './time-series-chart';
import { useChartWindow } from './window-select';

const HEIGHT = 220;

export interface HistoryCardProps {
  title: string;
  target: { topic?: string; channel?: string; node?: string };
  series: readonly SeriesConfig[];
  unit: 'count' | 'rate';
  testId?: string;
}

export function HistoryCard({ title, target, series, unit, testId }: HistoryCardProps) {
  const window = useChartWindow();
  const { data, error, isPending } = useHistory({ ...target, window });
  const hasPoints = data?.points.some((p) => series.some((s) => p[s.key] !== null && p[s.key] !== undefined)) ?? false;
  return (
    <Card title={title} testId={testId}>
      <div
        style={{ height: HEIGHT }}
        data-testid={testId ? `${testId}-body` : undefined}
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
          />
        )}
      </div>
    </Card>
  );
}
