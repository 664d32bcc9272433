'use client';
import Link from 'next/link';
import { ChannelActions } from '@/components/actions/queue-actions';
// The channel page (nsqadmin's /topics/:topic/:channel): summary, per-node table, clients and history.
import { AlertNotices } from '@/components/alerts/alert-notices';
import { HistorySection } from '@/components/charts/history-section';
import { ClientConnections } from '@/components/clients/client-connections';
import { topicHref } from '@/components/links';
import { RedriveCard } from '@/components/messages/redrive-card';
import { Breadcrumb, isNotFound, NotFound, PageTitle } from '@/components/topic/cells';
import { channelDrain, downNodesFromErrors, drainLabel, percentileQuantiles } from '@/components/topic/table-helpers';
import { Badge } from '@/components/ui/badge';
import { Card, Stat } from '@/components/ui/card';
import { ErrorState, Skeleton, UpstreamWarnings } from '@/components/ui/states';
import { formatCount, formatRate } from '@/lib/format';
import { useChannel, useCluster } from '@/lib/queries/hooks';
import { ChannelNodeTable } from './channel-node-table';

export function ChannelPage({ topic, channel }: { topic: string; channel: string }) {
  const { data, error, isPending, dataUpdatedAt } = useChannel(topic, channel);
  const cluster = useCluster();
  const crumbs = [{ label: 'Topics', href: '/topics' }, { label: topic, href: topicHref(topic) }, { label: channel }];

  if (isNotFound(error)) {
    return (
      <>
        <Breadcrumb items={crumbs} />
        <NotFound title="Channel not found">
          Topic <strong className="break-all">{topic}</strong> has no channel named{' '}
          <strong className="break-all">{channel}</strong> on any nsqd that answered. It may have been deleted.{' '}
          <Link href={topicHref(topic)} className="text-sky-700 underline dark:text-sky-400">
            Back to the topic
          </Link>
        </NotFound>
      </>
    );
  }
  if (isPending) {
    return (
      <>
        <Breadcrumb items={crumbs} />
        <PageTitle kind="Channel" name={channel} />
        <Skeleton height={96} label="Loading channel" />
        <Skeleton height={240} label="Loading clients" />
      </>
    );
  }
  if (!data) {
    return (
      <>
        <Breadcrumb items={crumbs} />
        <PageTitle kind="Channel" name={channel} />
        <ErrorState error={error} />
      </>
    );
  }

  const c = data.channel;
  const down = downNodesFromErrors(data.errors, cluster.data?.nodes);
  const quantiles = percentileQuantiles([c.e2e_processing_latency, ...c.nodes.map((n) => n.e2e_processing_latency)]);
  const drain = channelDrain(c);

  return (
    <>
      <Breadcrumb items={crumbs} />
      <PageTitle kind="Channel" name={c.channel_name}>
        {c.paused ? <Badge tone="warn">paused</Badge> : null}
        {c.ephemeral ? <Badge tone="info">ephemeral</Badge> : null}
      </PageTitle>
      <ChannelActions channel={c} unknownNodes={down.length} />
      {error ? <ErrorState>Showing the last data received: {error.message}</ErrorState> : null}
      <UpstreamWarnings errors={data.errors} />
      <AlertNotices concerns={(a) => a.topic === topic && a.channel === channel} />

      <section
        aria-label="Summary"
        className="flex flex-wrap gap-x-10 gap-y-4 rounded-lg border border-zinc-200 bg-white p-4 dark:border-zinc-800 dark:bg-zinc-900"
      >
        <Stat label="Depth" value={formatCount(c.depth)} testId="stat-depth" />
        <Stat label="In-flight" value={formatCount(c.in_flight_count)} testId="stat-in-flight" />
        <Stat label="Deferred" value={formatCount(c.deferred_count)} testId="stat-deferred" />
        <Stat label="Requeued" value={formatCount(c.requeue_count)} testId="stat-requeued" />
        <Stat label="Timed out" value={formatCount(c.timeout_count)} testId="stat-timed-out" />
        <Stat label="Messages" value={formatCount(c.message_count)} testId="stat-messages" />
        <Stat label="Consumers" value={formatCount(c.client_count)} testId="stat-consumers" />
        <Stat label="msg/s in" value={formatRate(c.rates.message_rate)} testId="stat-rate-in" />
        <Stat label="consumed/s" value={formatRate(c.rates.consume_rate)} testId="stat-rate-consumed" />
        <Stat
          label="Time to drain"
          value={drainLabel(drain)}
          testId="stat-drain"
          tone={drain.state === 'not-draining' ? 'warn' : undefined}
        />
      </section>

      <Card title="Channel">
        <ChannelNodeTable channel={c} down={down} quantiles={quantiles} />
      </Card>

      <RedriveCard channel={c} />

      <Card title="Client Connections">
        {data.clients_unavailable.length > 0 ? (
          <ul data-testid="clients-unavailable" className="mb-2 space-y-1 text-sm text-amber-900 dark:text-amber-100">
            {data.clients_unavailable.map((e) => (
              <li key={e.node}>
                Clients of <span className="font-mono">{e.node}</span> unavailable ({e.kind}): {e.message}
              </li>
            ))}
          </ul>
        ) : null}
        <ClientConnections clients={data.clients} nowSeconds={dataUpdatedAt / 1000} />
      </Card>

      <HistorySection
        charts={[
          {
            title: 'Depth, in-flight and deferred',
            target: { topic, channel },
            unit: 'count',
            testId: 'chart-channel-counts',
            series: ['depth', 'in_flight_count', 'deferred_count'],
          },
          {
            title: 'Consumed, requeued and timed out',
            target: { topic, channel },
            unit: 'rate',
            testId: 'chart-channel-rates',
            series: [
              { key: 'consume_rate', label: 'consumed/s' },
              { key: 'requeue_rate', label: 'requeued/s' },
              { key: 'timeout_rate', label: 'timed out/s' },
            ],
          },
        ]}
      />
    </>
  );
}
