'use client';
import Link from 'next/link';
import { disabledReason, showsControls, useActionAccess } from '@/components/actions/access';
import { TombstoneButton, TopicActions } from '@/components/actions/queue-actions';
// The topic page (nsqadmin's /topics/:topic): summary, per-node table, channel table and history.
import { AlertNotices } from '@/components/alerts/alert-notices';
import { MessagesPanel } from '@/components/messages/messages-panel';
import { Badge } from '@/components/ui/badge';
import { Card, Stat } from '@/components/ui/card';
import { EmptyState, ErrorState, Skeleton, UpstreamWarnings } from '@/components/ui/states';
import { formatCount, formatRate, formatSeconds } from '@/lib/format';
import { useCluster, useTopic } from '@/lib/queries/hooks';
import { Breadcrumb, isNotFound, NotFound, PageTitle } from './cells';
import { ChannelTable } from './channel-table';
import { downNodes, percentileQuantiles, worstDrain } from './table-helpers';
import { TopicCharts } from './topic-charts';
import { TopicNodeTable } from './topic-node-table';

export function TopicPage({ topic }: { topic: string }) {
  const { data, error, isPending } = useTopic(topic);
  const cluster = useCluster();
  const access = useActionAccess();
  const crumbs = [{ label: 'Topics', href: '/topics' }, { label: topic }];

  if (isNotFound(error)) {
    return (
      <>
        <Breadcrumb items={crumbs} />
        <NotFound title="Topic not found">
          No nsqd or nsqlookupd in this cluster knows a topic named <strong className="break-all">{topic}</strong>. It
          may have been deleted.{' '}
          <Link href="/topics" className="text-sky-700 underline dark:text-sky-400">
            All topics
          </Link>
        </NotFound>
      </>
    );
  }
  if (isPending) {
    return (
      <>
        <Breadcrumb items={crumbs} />
        <PageTitle kind="Topic" name={topic} />
        <Skeleton height={96} label="Loading topic" />
        <Skeleton height={240} label="Loading nodes" />
      </>
    );
  }
  if (!data) {
    return (
      <>
        <Breadcrumb items={crumbs} />
        <PageTitle kind="Topic" name={topic} />
        <ErrorState error={error} />
      </>
    );
  }

  const down = downNodes(data.unavailable_nodes, cluster.data?.nodes);
  const downErrors = (cluster.data?.nodes ?? []).flatMap((n) =>
    data.unavailable_nodes.includes(n.node) && n.error ? [n.error] : [],
  );
  const nodeQuantiles = percentileQuantiles([
    data.e2e_processing_latency,
    ...data.nodes.map((n) => n.e2e_processing_latency),
  ]);
  const channelQuantiles = percentileQuantiles(data.channels.map((c) => c.e2e_processing_latency));
  const worst = worstDrain(data.channels);

  return (
    <>
      <Breadcrumb items={crumbs} />
      <PageTitle kind="Topic" name={data.topic_name}>
        {data.paused ? <Badge tone="warn">paused</Badge> : null}
        {data.ephemeral ? <Badge tone="info">ephemeral</Badge> : null}
      </PageTitle>
      <TopicActions topic={data} />
      {error ? <ErrorState>Showing the last data received: {error.message}</ErrorState> : null}
      <UpstreamWarnings errors={downErrors} />
      <AlertNotices concerns={(a) => a.topic === data.topic_name} showSubject />
      <section
        aria-label="Summary"
        className="flex flex-wrap gap-x-10 gap-y-4 rounded-lg border border-zinc-200 bg-white p-4 dark:border-zinc-800 dark:bg-zinc-900"
      >
        <Stat label="Depth" value={formatCount(data.depth)} testId="stat-depth" />
        <Stat label="Channel depth" value={formatCount(data.channel_depth)} testId="stat-channel-depth" />
        <Stat label="Messages" value={formatCount(data.message_count)} testId="stat-messages" />
        <Stat label="msg/s in" value={formatRate(data.rates.message_rate)} testId="stat-rate-in" />
        <Stat label="Channels" value={formatCount(data.channel_count)} testId="stat-channels" />
        <Stat label="Consumers" value={formatCount(data.client_count)} testId="stat-consumers" />
        <Stat
          label="Time to drain (worst channel)"
          testId="stat-drain"
          tone={worst?.estimate.state === 'not-draining' ? 'warn' : undefined}
          value={
            worst ? (
              <span title={`channel ${worst.channel}`}>
                {worst.estimate.state === 'draining'
                  ? formatSeconds(worst.estimate.seconds)
                  : worst.estimate.state === 'not-draining'
                    ? 'not draining'
                    : '—'}
                <span className="ml-2 text-sm font-normal text-zinc-500 dark:text-zinc-400">{worst.channel}</span>
              </span>
            ) : (
              '—'
            )
          }
        />
      </section>

      <Card title="Topic Message Queue">
        {data.nodes.length === 0 && down.length === 0 ? (
          <EmptyState>
            No producers exist for this topic: nsqlookupd lists it, but no nsqd that answered has it.
          </EmptyState>
        ) : (
          <TopicNodeTable
            topic={data}
            down={down}
            quantiles={nodeQuantiles}
            rowAction={
              showsControls(access)
                ? (node, isDown) => (
                    <TombstoneButton
                      topic={data.topic_name}
                      node={node}
                      down={isDown}
                      reason={disabledReason(access)}
                    />
                  )
                : undefined
            }
          />
        )}
      </Card>

      <Card title="Channel Message Queues">
        <ChannelTable topic={data} quantiles={channelQuantiles} />
      </Card>

      <MessagesPanel topic={data} />

      <TopicCharts topic={data} />
    </>
  );
}
