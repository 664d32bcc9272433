'use client';
// A pure chart: points and series in, SVG out. The time axis spans exactly the chosen window, so
// a chart with little history shows where it starts instead of stretching a few points.
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { formatCompact } from '@/lib/format';

/**
 * Each metric's colour, the same on every chart. The values are in the palette of app/globals.css,
 * which gives each a light and a dark shade.
 */
export const SERIES_COLOR = {
  depth: 'var(--chart-depth)',
  channel_depth: 'var(--chart-channel-depth)',
  in_flight_count: 'var(--chart-in-flight)',
  deferred_count: 'var(--chart-deferred)',
  message_rate: 'var(--chart-published)',
  deliver_rate: 'var(--chart-delivered)',
  consume_rate: 'var(--chart-consumed)',
  requeue_rate: 'var(--chart-requeued)',
  timeout_rate: 'var(--chart-timed-out)',
} as const;

export interface SeriesConfig {
  /** the history metric drawn, which also picks its colour */
  key: keyof typeof SERIES_COLOR;
  label: string;
}

export interface TimeSeriesChartProps {
  points: readonly ({ t: number } & Record<string, number | null>)[];
  series: readonly SeriesConfig[];
  windowMs: number;
  now: number;
  unit: 'count' | 'rate';
  height: number;
}

const time = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', second: '2-digit' });
/** beyond a day the time of day alone is ambiguous */
const dayTime = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'short',
  hour: '2-digit',
  minute: '2-digit',
});
const DAY_MS = 86_400_000;

export function TimeSeriesChart({ points, series, windowMs, now, unit, height }: TimeSeriesChartProps) {
  const suffix = unit === 'rate' ? '/s' : '';
  const fmt = windowMs > DAY_MS ? dayTime : time;
  return (
    <ResponsiveContainer width="100%" height={height}>
      <LineChart
        data={points as ({ t: number } & Record<string, number | null>)[]}
        margin={{ top: 8, right: 16, bottom: 0, left: 0 }}
      >
        <CartesianGrid strokeDasharray="3 3" stroke="currentColor" strokeOpacity={0.15} />
        <XAxis
          dataKey="t"
          type="number"
          scale="time"
          domain={[now - windowMs, now]}
          tickFormatter={(t: number) => fmt.format(t)}
          stroke="currentColor"
          fontSize={12}
          minTickGap={40}
        />
        <YAxis
          tickFormatter={(v: number) => `${formatCompact(v)}${suffix}`}
          stroke="currentColor"
          fontSize={12}
          width={64}
          allowDecimals={unit === 'rate'}
        />
        <Tooltip
          labelFormatter={(t) => fmt.format(Number(t))}
          formatter={(v) => (typeof v === 'number' ? `${formatCompact(v)}${suffix}` : '—')}
          contentStyle={{ fontSize: 12 }}
        />
        <Legend wrapperStyle={{ fontSize: 12 }} />
        {series.map((s) => (
          <Line
            key={s.key}
            type="monotone"
            dataKey={s.key}
            name={s.label}
            stroke={SERIES_COLOR[s.key]}
            strokeWidth={2}
            dot={false}
            isAnimationActive={false}
          />
        ))}
      </LineChart>
    </ResponsiveContainer>
  );
}
