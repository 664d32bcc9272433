'use client';

import { AlertNotices } from '@/components/alerts/alert-notices';
import { HistorySection } from '@/components/charts/history-section';
import { TopicList } from '@/components/topics/topic-list';
import { Card, Stat } from '@/components/ui/card';
import { ErrorState, Skeleton, UpstreamWarnings } from '@/components/ui/states';
import { formatCount, formatRate } from '@/lib/format';
import { useCluster } from '@/lib/queries/hooks';
import { Backlogs } from './backlog';
import { ClusterHealth } from './cluster-health';

const firingAnywhere = () => true;

export function HomePage() {
  const { data, error, isPending } = useCluster();
  if (isPending) return <Skeleton height={320} label="Loading cluster" />;
  if (!data) return <ErrorState error={error} />;
  const t = data.totals;
  return (
    <>
      <h1 className="text-2xl font-semibold">Cluster</h1>
      <UpstreamWarnings errors={data.errors} />
      <AlertNotices concerns={firingAnywhere} showSubject includePending={false} />
      <Card testId="totals">
        <div className="flex flex-wrap gap-x-10 gap-y-4">
          <Stat label="Topics" value={formatCount(t.topics)} testId="total-topics" />
          <Stat label="Channels" value={formatCount(t.channels)} testId="total-channels" />
          <Stat label="Depth" value={formatCount(t.depth)} testId="total-depth" />
          <Stat label="In-flight" value={formatCount(t.in_flight_count)} testId="total-in-flight" />
          <Stat label="Deferred" value={formatCount(t.deferred_count)} testId="total-deferred" />
          <Stat label="Consumers" value={formatCount(t.client_count)} testId="total-clients" />
          <Stat label="msg/s in" value={formatRate(data.rates.message_rate)} testId="rate-in" />
          <Stat label="msg/s out" value={formatRate(data.rates.consume_rate)} testId="rate-out" />
        </div>
      </Card>
      <ClusterHealth data={data} />
      <Backlogs />
      <HistorySection
        title="Throughput"
        charts={[
          {
            title: 'Messages per second',
            target: {},
            unit: 'rate',
            testId: 'cluster-rate-chart',
            series: ['message_rate', 'consume_rate', 'requeue_rate', 'timeout_rate'],
          },
        ]}
      />
      <h2 className="text-lg font-semibold">Topics</h2>
      <TopicList />
    </>
  );
}
