'use client';
// nsqadmin's Counter page (/counter): every message delivered to every channel on every node since
// each nsqd started, counting up live, with the current delivery rate and its history.
import { HistorySection } from '@/components/charts/history-section';
import { ErrorState } from '@/components/ui/states';
import { formatCount, formatRate } from '@/lib/format';
import { useCluster, useCounter } from '@/lib/queries/hooks';
import { CLUSTER_REFETCH_MS } from '@/lib/queries/policy';
import { sumMessageCounts } from './count-up';
import { useCountUp } from './use-count-up';

export function CounterPage() {
  const { data, error } = useCounter();
  const cluster = useCluster();
  const total = data ? sumMessageCounts(data.stats) : null;
  return (
    <>
      {data?.message ? (
        <p
          role="alert"
          className="rounded border border-amber-300 bg-amber-50 p-2 text-sm text-amber-900 dark:border-amber-900 dark:bg-amber-950 dark:text-amber-100"
        >
          {data.message}
        </p>
      ) : null}
      {error ? (
        <ErrorState error={error}>
          {data ? `Could not refresh the counter: ${error.message}` : error.message}
        </ErrorState>
      ) : null}
      <section className="rounded-xl bg-zinc-950 px-6 py-12 text-center text-white shadow-inner ring-1 ring-zinc-800">
        <Counter total={total} />
        <h1 className="mt-4 text-xl font-medium uppercase tracking-[0.3em] text-zinc-300">Messages Processed</h1>
        <p className="mt-6 text-lg text-zinc-300">
          <span data-testid="counter-rate" className="font-mono text-2xl font-semibold text-emerald-400 tabular-nums">
            {cluster.data ? formatRate(cluster.data.rates.deliver_rate) : '—'}
          </span>{' '}
          delivered now
        </p>
      </section>
      <HistorySection
        title="Cluster throughput"
        charts={[
          {
            title: 'Messages/s',
            testId: 'counter-chart',
            target: {},
            unit: 'rate',
            series: ['deliver_rate', 'message_rate'],
          },
        ]}
      />
    </>
  );
}

/** Its own component: the count-up re-renders it every frame, and nothing else. */
function Counter({ total }: { total: number | null }) {
  const shown = useCountUp(total, CLUSTER_REFETCH_MS);
  return (
    <div
      data-testid="counter-value"
      data-value={total ?? undefined}
      className="font-mono text-5xl font-bold tabular-nums tracking-tight break-all sm:text-7xl lg:text-8xl"
    >
      {shown === null ? '—' : formatCount(shown)}
    </div>
  );
}
