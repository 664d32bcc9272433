'use client';
import Link from 'next/link';
import { type ReactNode, useState } from 'react';
import { AccessNotice, disabledReason, showsControls, useActionAccess } from '@/components/actions/access';
import { TombstoneButton } from '@/components/actions/queue-actions';
// nsqadmin's Node page (/nodes/:node): one nsqd's topics, channels and clients, plus what nsqadmin
// never showed: health, uptime, Go memory stats and history charts. A down node says so, with the
// error from the last poll, whether or not earlier data is still on screen. Each topic has
// nsqadmin's tombstone, as on the topic page.
import { AlertNotices } from '@/components/alerts/alert-notices';
import { HistorySection } from '@/components/charts/history-section';
import { topicHref } from '@/components/links';
import { ChannelLink, CountCell, NumericHeaders, QUEUE_COUNT_HEADERS, QueueCountCells } from '@/components/topic/cells';
import { listedByLookupd, memoryDisk } from '@/components/topic/table-helpers';
import { Badge } from '@/components/ui/badge';
import { Card, Stat } from '@/components/ui/card';
import { EmptyState, ErrorState, Skeleton } from '@/components/ui/states';
import { Table, Td, Th, Tr } from '@/components/ui/table';
import { ApiError } from '@/lib/api/client';
import type { ClusterNode, NodeDetailResponse } from '@/lib/api/read-api';
import { formatAge, formatBytes, formatCount, formatNanos, formatSeconds } from '@/lib/format';
import type { MemoryStats } from '@/lib/nsq/schemas';
import { useCluster, useNodeDetail } from '@/lib/queries/hooks';
import { NodeClients } from './node-clients';
import { uptimeSeconds } from './node-helpers';

type DetailTopic = NodeDetailResponse['topics'][number];
type DetailChannel = DetailTopic['channels'][number];

/** Above this many topics the page offers a filter. */
const FILTER_FROM = 10;

export function NodePage({ node }: { node: string }) {
  const cluster = useCluster();
  const detail = useNodeDetail(node);
  const summary = cluster.data?.nodes.find((n) => n.node === node);
  const notFound =
    (detail.error instanceof ApiError && detail.error.status === 404 && !summary) ||
    (cluster.data !== undefined && !summary && !detail.data && !detail.isPending);

  return (
    <>
      <nav aria-label="Breadcrumb" className="text-sm text-zinc-600 dark:text-zinc-400">
        <ol className="flex items-center gap-2">
          <li>
            <Link href="/nodes" className="text-sky-700 hover:underline dark:text-sky-400">
              Nodes
            </Link>
          </li>
          <li aria-hidden="true">›</li>
          <li aria-current="page" className="font-medium text-zinc-900 dark:text-zinc-100">
            {node}
          </li>
        </ol>
      </nav>
      {notFound ? (
        <>
          <h1 className="text-2xl font-semibold">Node not found</h1>
          <div data-testid="node-not-found">
            <EmptyState>
              No nsqd named <span className="font-mono">{node}</span> is known to this cluster. See{' '}
              <Link href="/nodes" className="text-sky-700 underline dark:text-sky-400">
                Nodes
              </Link>
              .
            </EmptyState>
          </div>
        </>
      ) : (
        <NodeBody node={node} summary={summary} takenAt={cluster.data?.taken_at ?? 0} detail={detail} />
      )}
    </>
  );
}

function NodeBody({
  node,
  summary,
  takenAt,
  detail,
}: {
  node: string;
  summary: ClusterNode | undefined;
  /** when the poll that summary comes from was taken */
  takenAt: number;
  detail: ReturnType<typeof useNodeDetail>;
}) {
  const { data, error, isPending } = detail;
  const down = summary?.status === 'down';
  const access = useActionAccess();
  // as on the topic page: a down node only while a lookupd still lists it, since a tombstone is lookupd's
  const tombstone =
    showsControls(access) && (!down || listedByLookupd(summary))
      ? (topic: string) => <TombstoneButton topic={topic} node={node} down={down} reason={disabledReason(access)} />
      : undefined;
  return (
    <>
      <header>
        <h1 className="text-2xl font-semibold">
          <span className="font-mono">{node}</span>
        </h1>
        {summary && summary.hostname !== node ? (
          <p className="text-sm text-zinc-600 dark:text-zinc-400" data-testid="node-hostname">
            {summary.hostname}
          </p>
        ) : null}
      </header>
      <AlertNotices concerns={(a) => a.node === node} />

      {down && summary ? (
        <DownState summary={summary} takenAt={takenAt} />
      ) : error && !(error instanceof ApiError && error.status === 404) ? (
        <ErrorState error={error}>
          {data ? 'Could not refresh this node; showing the last answer: ' : 'This nsqd did not answer: '}
          {error.message}
        </ErrorState>
      ) : null}
      {data?.message ? (
        <p className="rounded border border-amber-300 bg-amber-50 p-2 text-sm text-amber-900 dark:border-amber-900 dark:bg-amber-950 dark:text-amber-100">
          {data.message}
        </p>
      ) : null}

      <Card title="Summary" testId="node-summary">
        <div className="flex flex-wrap gap-x-10 gap-y-4">
          <Stat label="Topics" testId="node-topic-count" value={data ? formatCount(data.topics.length) : '—'} />
          <Stat label="Messages" testId="node-messages" value={data ? formatCount(data.total_messages) : '—'} />
          <Stat label="Clients" testId="node-clients" value={data ? formatCount(data.total_clients) : '—'} />
          <Stat
            label="Health"
            testId="node-health"
            tone={down || (summary?.health && !summary.health.startsWith('OK')) ? 'danger' : undefined}
            value={down ? 'down' : (summary?.health ?? '—')}
          />
          <Stat label="Version" testId="node-version" value={summary?.version || '—'} />
          <Stat label="Uptime" testId="node-uptime" value={uptimeText(summary, takenAt)} />
          {summary ? (
            <Stat
              label="Ports"
              value={
                <span className="text-base">
                  TCP {summary.tcp_port || '—'} · HTTP {summary.http_port}
                </span>
              }
            />
          ) : null}
        </div>
      </Card>

      {data?.memory ? <MemoryCard memory={data.memory} /> : null}

      {/* a node that never answered has no history to chart */}
      {down && summary?.last_ok_at === null ? null : (
        <HistorySection
          charts={[
            {
              title: 'Depth',
              testId: 'node-depth-chart',
              target: { node },
              unit: 'count',
              series: ['depth'],
            },
            {
              title: 'Messages/s',
              testId: 'node-rate-chart',
              target: { node },
              unit: 'rate',
              series: ['message_rate', 'deliver_rate'],
            },
          ]}
        />
      )}

      {data ? (
        <Topics
          topics={data.topics}
          nowSeconds={detail.dataUpdatedAt / 1000}
          action={tombstone}
          notice={<AccessNotice access={access} />}
        />
      ) : isPending && !down ? (
        <Skeleton label="Loading topics" />
      ) : null}
    </>
  );
}

/** As of the poll (takenAt), not the clock: the server's HTML and the hydrating browser render the same. */
function uptimeText(summary: ClusterNode | undefined, takenAt: number): string {
  const up = summary ? uptimeSeconds(summary.start_time, takenAt) : null;
  return up === null ? '—' : formatSeconds(up);
}

function DownState({ summary, takenAt }: { summary: ClusterNode; takenAt: number }) {
  return (
    <div
      role="alert"
      data-testid="node-down"
      data-node={summary.node}
      className="rounded-lg border border-red-300 bg-red-50 p-4 text-sm text-red-900 dark:border-red-900 dark:bg-red-950 dark:text-red-100"
    >
      <p className="font-semibold">This nsqd is down.</p>
      <p>{summary.error ? `${summary.error.kind}: ${summary.error.message}` : 'It did not answer the last poll.'}</p>
      <p className="text-xs">
        {summary.last_ok_at === null
          ? 'It has not answered since nsq-console started.'
          : `Last answered ${formatAge(takenAt - summary.last_ok_at)} ago.`}
      </p>
    </div>
  );
}

function MemoryCard({ memory: m }: { memory: MemoryStats }) {
  const usec = (u: number) => formatNanos(u * 1000);
  return (
    <Card title="Memory" testId="node-memory">
      <div className="flex flex-wrap gap-x-10 gap-y-4">
        <Stat label="Heap in use" value={formatBytes(m.heap_in_use_bytes)} testId="node-heap-in-use" />
        <Stat label="Heap idle" value={formatBytes(m.heap_idle_bytes)} />
        <Stat label="Heap released" value={formatBytes(m.heap_released_bytes)} />
        <Stat label="Heap objects" value={formatCount(m.heap_objects)} testId="node-heap-objects" />
        <Stat label="Next GC" value={formatBytes(m.next_gc_bytes)} />
        <Stat label="GC runs" value={formatCount(m.gc_total_runs)} testId="node-gc-runs" />
        <Stat
          label="GC pause p95 / p99 / max"
          value={
            <span className="text-base">
              {usec(m.gc_pause_usec_95)} / {usec(m.gc_pause_usec_99)} / {usec(m.gc_pause_usec_100)}
            </span>
          }
        />
      </div>
    </Card>
  );
}

/**
 * `action`: the control each topic's block ends its heading with (the tombstone), when the caller may
 * see actions; `notice`: what the caller's access means for it, under the heading
 */
function Topics({
  topics,
  nowSeconds,
  action,
  notice,
}: {
  topics: readonly DetailTopic[];
  /** when the data was read, s */
  nowSeconds: number;
  action?: (topic: string) => ReactNode;
  notice: ReactNode;
}) {
  const [filter, setFilter] = useState('');
  const sorted = [...topics].sort((a, b) => a.topic_name.localeCompare(b.topic_name));
  const q = filter.trim().toLowerCase();
  const shown = q ? sorted.filter((t) => t.topic_name.toLowerCase().includes(q)) : sorted;
  return (
    <section aria-labelledby="node-topics" className="space-y-3">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h2 id="node-topics" className="text-lg font-semibold">
          Topics ({formatCount(topics.length)})
        </h2>
        {topics.length > FILTER_FROM ? (
          <input
            type="search"
            value={filter}
            onChange={(e) => setFilter(e.target.value)}
            placeholder="Filter topics"
            aria-label="Filter topics"
            className="rounded border border-zinc-300 bg-white px-2 py-1 text-sm dark:border-zinc-700 dark:bg-zinc-900"
          />
        ) : null}
      </div>
      {topics.length > 0 ? notice : null}
      {topics.length === 0 ? <EmptyState>This nsqd has no topics.</EmptyState> : null}
      {shown.map((t) => (
        <TopicBlock key={t.topic_name} t={t} nowSeconds={nowSeconds} action={action?.(t.topic_name)} />
      ))}
    </section>
  );
}

function TopicBlock({ t, nowSeconds, action }: { t: DetailTopic; nowSeconds: number; action?: ReactNode }) {
  return (
    <section
      data-testid="node-topic"
      data-topic={t.topic_name}
      aria-label={`Topic ${t.topic_name}`}
      className="rounded-lg border border-zinc-200 bg-white p-4 dark:border-zinc-800 dark:bg-zinc-900"
    >
      <div className="mb-3 flex flex-wrap items-baseline gap-x-8 gap-y-2">
        <h3 className="text-base font-semibold">
          <Link href={topicHref(t.topic_name)} className="text-sky-700 hover:underline dark:text-sky-400">
            {t.topic_name}
          </Link>
          {t.paused ? (
            <Badge tone="warn" title="this topic is paused on this node">
              paused
            </Badge>
          ) : null}
        </h3>
        <dl className="flex flex-wrap gap-x-6 gap-y-1 text-sm">
          <Metric label="Depth" testId="topic-depth" value={formatCount(t.depth)} />
          <Metric label="Memory + Disk" testId="topic-memory-disk" value={memoryDisk(t)} />
          <Metric label="Messages" testId="topic-messages" value={formatCount(t.message_count)} />
          <Metric label="Channels" testId="topic-channel-count" value={formatCount(t.channels.length)} />
        </dl>
        {action ? <div className="ml-auto self-center">{action}</div> : null}
      </div>
      {t.channels.length === 0 ? (
        <p className="text-sm text-zinc-600 dark:text-zinc-400">
          No channels: messages queue at the topic until a channel is created.
        </p>
      ) : (
        <Table aria-label={`Channels of ${t.topic_name}`}>
          <thead>
            <tr>
              <Th>Channel</Th>
              <NumericHeaders names={[...QUEUE_COUNT_HEADERS, 'Connections']} />
            </tr>
          </thead>
          <tbody>
            {[...t.channels]
              .sort((a, b) => a.channel_name.localeCompare(b.channel_name))
              .map((c) => (
                <ChannelRows key={c.channel_name} topic={t.topic_name} c={c} nowSeconds={nowSeconds} />
              ))}
          </tbody>
        </Table>
      )}
    </section>
  );
}

function Metric({ label, value, testId }: { label: string; value: string; testId: string }) {
  return (
    <div className="flex gap-1.5">
      <dt className="text-zinc-600 dark:text-zinc-400">{label}</dt>
      <dd data-testid={testId} className="font-medium tabular-nums">
        {value}
      </dd>
    </div>
  );
}

function ChannelRows({ topic, c, nowSeconds }: { topic: string; c: DetailChannel; nowSeconds: number }) {
  return (
    <>
      <Tr data-testid="node-channel" data-channel={c.channel_name}>
        <Td>
          <ChannelLink
            topic={topic}
            channel={c.channel_name}
            paused={c.paused}
            pausedTitle="this channel is paused on this node"
          />
        </Td>
        <QueueCountCells r={c} testIdPrefix="channel-" />
        <CountCell testId="channel-connections" text={formatCount(c.clients?.length ?? c.client_count)} />
      </Tr>
      {c.clients && c.clients.length > 0 ? (
        <tr data-testid="node-channel-clients" data-channel={c.channel_name}>
          <td colSpan={9} className="pb-2">
            <NodeClients clients={c.clients} nowSeconds={nowSeconds} label={`Clients of ${topic}/${c.channel_name}`} />
          </td>
        </tr>
      ) : null}
    </>
  );
}
