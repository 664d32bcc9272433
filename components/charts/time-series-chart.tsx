'use client';
// A pure chart: points and series in, SVG out. The time axis spans exactly the chosen window, so
// a chart with little history shows where it starts instead of stretching a few points.
import {
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
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

/** A history metric: what a chart draws. */
export type SeriesKey = keyof typeof SERIES_COLOR;

/** Each metric's name in a legend, the same on every chart unless a chart names it otherwise. */
const SERIES_LABEL: Record<SeriesKey, string> = {
  depth: 'depth',
  channel_depth: 'channel depth',
  in_flight_count: 'in-flight',
  deferred_count: 'deferred',
  message_rate: 'published',
  deliver_rate: 'delivered',
  consume_rate: 'consumed',
  requeue_rate: 'requeued',
  timeout_rate: 'timed out',
};

/** A metric drawn (its key also picks its colour), named as SERIES_LABEL names it or as the chart does. */
export type SeriesConfig = SeriesKey | { key: SeriesKey; label: string };

export const seriesKey = (s: SeriesConfig): SeriesKey => (typeof s === 'string' ? s : s.key);
const seriesLabel = (s: SeriesConfig): string => (typeof s === 'string' ? SERIES_LABEL[s] : s.label);

export interface TimeSeriesChartProps {
  points: readonly ({ t: number } & Record<string, number | null>)[];
  series: readonly SeriesConfig[];
  windowMs: number;
  now: number;
  unit: 'count' | 'rate';
  height: number;
  /** what happened when, drawn as labelled vertical lines (an "emptied by alice" beside the drop it caused) */
  markers?: readonly ChartMarker[];
}

export interface ChartMarker {
  t: number;
  label: string;
  /** which label shows where markers crowd: the heavier (a cause, such as an admin's action) */
  weight?: number;
}

/** Markers closer than this share of the window show one label between them. */
const LABEL_GAP = 0.15;

/**
 * The markers inside the window, each with where its label goes: on the side of the line with room
 * (right of it in the window's first half, left of it in the second), or none where a weightier (then
 * newer) marker's label would overlap it. The Alerts page's events list has every one in full.
 */
export function placeMarkers(markers: readonly ChartMarker[], from: number, to: number) {
  const span = Math.max(1, to - from);
  const inside = markers.filter((m) => m.t >= from && m.t <= to);
  const byClaim = [...inside].sort((a, b) => (b.weight ?? 0) - (a.weight ?? 0) || b.t - a.t);
  const labelled = new Set<ChartMarker>();
  for (const m of byClaim) if ([...labelled].every((l) => Math.abs(l.t - m.t) >= span * LABEL_GAP)) labelled.add(m);
  return inside.map((m) => ({
    ...m,
    position: !labelled.has(m)
      ? null
      : m.t - from < span / 2
        ? ('insideTopLeft' as const)
        : ('insideTopRight' as const),
  }));
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

export function TimeSeriesChart({ points, series, windowMs, now, unit, height, markers = [] }: TimeSeriesChartProps) {
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
        {placeMarkers(markers, now - windowMs, now).map((m) => (
          <ReferenceLine
            key={`${m.t}-${m.label}`}
            x={m.t}
            stroke="currentColor"
            strokeOpacity={0.6}
            strokeDasharray="4 3"
            label={
              m.position ? { value: m.label, position: m.position, fontSize: 11, fill: 'currentColor' } : undefined
            }
          />
        ))}
        {series.map((s) => (
          <Line
            key={seriesKey(s)}
            type="monotone"
            dataKey={seriesKey(s)}
            name={seriesLabel(s)}
            stroke={SERIES_COLOR[seriesKey(s)]}
            strokeWidth={2}
            dot={false}
            isAnimationActive={false}
          />
        ))}
      </LineChart>
    </ResponsiveContainer>
  );
}
