// A pure sparkline: values in, one SVG polyline out. Plain SVG rather than recharts: a list row
// re-renders on every poll, and a recharts chart per visible row costs far more than 30 points need.
import { formatCount } from '@/lib/format';
import { sparklinePoints } from '@/lib/topic-list';

export const SPARK_WIDTH = 80;
export const SPARK_HEIGHT = 20;

export function DepthSparkline({ values }: { values: readonly number[] }) {
  if (values.length === 0) return null;
  // one sample is a level, not yet a trend: draw it flat across the box
  const shown = values.length === 1 ? [values[0] as number, values[0] as number] : values;
  const first = shown[0] as number;
  const last = shown[shown.length - 1] as number;
  const color = last > first ? 'text-amber-600 dark:text-amber-400' : 'text-sky-600 dark:text-sky-400';
  return (
    <svg
      data-testid="topic-sparkline"
      data-samples={values.length}
      role="img"
      aria-label={`Backlog trend: ${formatCount(first)} to ${formatCount(last)}`}
      width={SPARK_WIDTH}
      height={SPARK_HEIGHT}
      viewBox={`0 0 ${SPARK_WIDTH} ${SPARK_HEIGHT}`}
      className={`inline-block align-middle ${color}`}
    >
      <polyline
        points={sparklinePoints(shown, SPARK_WIDTH, SPARK_HEIGHT, 2)}
        fill="none"
        stroke="currentColor"
        strokeWidth={1.5}
        strokeLinejoin="round"
        vectorEffect="non-scaling-stroke"
      />
    </svg>
  );
}
